"""The `local` stage's environment for command-line use, applied before any app module reads settings."""
from __future__ import annotations

import json
import os

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# What an operator command says when the running stack's database does not answer.
LOCAL_DB_HINT = "is `make run` (or `palabre run`) running, with this --db-port (or DB_PORT)?"
_RELATIVE_PATH_VARIABLES = ("PALABRE_JWT_SECRET_FILE", "PALABRE_OUTBOX_DIR", "PALABRE_ARCHIVE_DIR",
                            "PALABRE_STATE_DIR")


def apply_local_stage(db_port: int | None = None, api_port: int | None = None, web_port: int | None = None) -> None:
    with open(os.path.join(PROJECT_ROOT, ".chalice", "config.json"), encoding="utf-8") as handle:
        config = json.load(handle)
    values = {**config.get("environment_variables", {}), **config["stages"]["local"]["environment_variables"]}
    for name, value in values.items():
        if name in _RELATIVE_PATH_VARIABLES and not os.path.isabs(value):
            value = os.path.join(PROJECT_ROOT, value)
        os.environ.setdefault(name, value)
    if db_port:
        os.environ["AWS_ENDPOINT_URL_DYNAMODB"] = f"http://127.0.0.1:{db_port}"
    if api_port:
        os.environ.setdefault("PALABRE_API_URL", f"http://127.0.0.1:{api_port}")
    if web_port:
        os.environ.setdefault("PALABRE_WEB_URL", f"http://127.0.0.1:{web_port}")
    os.environ.pop("AWS_PROFILE", None)
