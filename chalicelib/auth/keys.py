"""The HS256 key for Palabre's own tokens: never in the code. Local stage: a generated file outside git.
AWS: an SSM Parameter Store SecureString, read once per cold start."""
from __future__ import annotations

import os
import secrets
from functools import lru_cache

from chalicelib.config import settings


@lru_cache(maxsize=1)
def signing_key() -> bytes:
    s = settings()
    if s.jwt_secret_parameter:
        import boto3

        ssm = boto3.client("ssm", region_name=s.region)
        value = ssm.get_parameter(Name=s.jwt_secret_parameter, WithDecryption=True)["Parameter"]["Value"]
        return value.encode()
    if s.jwt_secret_file:
        return _local_key(s.jwt_secret_file)
    raise RuntimeError("No signing key configured: set PALABRE_JWT_SECRET_PARAMETER or PALABRE_JWT_SECRET_FILE")


def _local_key(path: str) -> bytes:
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    with open(path, encoding="utf-8") as handle:
        return handle.read().strip().encode()
