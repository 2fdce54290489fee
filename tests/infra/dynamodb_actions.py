"""Pytest plugin: records every AWS call the code makes during the test session, DynamoDB in detail.

Registered from tests/conftest.py (`pytest_plugins`). Every AWS request, PynamoDB's and boto3's alike, goes through
`botocore.client.BaseClient._make_api_call` (PynamoDB's `Connection.dispatch` ends in `self.client._make_api_call`;
boto3 clients are botocore clients), so that one hook sees them all, moto or not. It is not the hook
chalicelib/cli/request_counter.py puts on `Connection.dispatch`, so the two never replace each other.

Each call is recorded with the IAM permissions it needs (a TransactWriteItems needs dynamodb:PutItem / UpdateItem /
DeleteItem / ConditionCheckItem per item; a Query on an index needs dynamodb:Query on `table/index/<name>`) and with
who made it, from the call stack:
  app           chalicelib/ or app.py code: what the Lambda functions do, so the functions' role must allow it.
                Anything reached through app.py or chalicelib/api/ (routes, schedules) is always `app`;
  provisioning  inside chalicelib.storage.models.create_table (CloudFormation owns the table on AWS);
  operator      code entered through chalicelib/cli/ (the `palabre` tool runs with the operator's credentials), or
                one of OPERATOR_ONLY below called directly by a test;
  test          no repository code on the stack (a test inspecting moto directly).

The tests that use the recording (marker `uses_aws_call_recording`) run last in the session, so they see the calls of
every other test. A full run (`make test`, or `pytest` with no selection) uses its own calls only and, at the end,
writes them to build/dynamodb-actions.json. A partial run uses that file plus its own calls (so the tests it runs can
add an operation, not hide one), and leaves the file alone.
"""
from __future__ import annotations

import datetime
import json
import os
import sys
import threading

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECORD_PATH = os.path.join(ROOT, "build", "dynamodb-actions.json")
MARKER = "uses_aws_call_recording"

_CHALICELIB = os.path.join(ROOT, "chalicelib") + os.sep
_CLI = os.path.join(ROOT, "chalicelib", "cli") + os.sep
_APP = os.path.join(ROOT, "app.py")
_MODELS = os.path.join(ROOT, "chalicelib", "storage", "models.py")
_API = os.path.join(ROOT, "chalicelib", "api") + os.sep
# Functions only the operator runs (through `palabre`), never a Lambda function: (file, function).
OPERATOR_ONLY = {
    (os.path.join(ROOT, "chalicelib", "services", "archive.py"), "delete_live_items"),  # the one Scan
    # `palabre index-personal-data`: once after upgrading, a Scan that indexes older personal data
    (os.path.join(ROOT, "chalicelib", "storage", "accounts_repo.py"), "backfill_personal_index"),
}

_TRANSACT_WRITE_PERMISSIONS = {"Put": "dynamodb:PutItem", "Update": "dynamodb:UpdateItem",
                               "Delete": "dynamodb:DeleteItem", "ConditionCheck": "dynamodb:ConditionCheckItem"}


def dynamodb_permissions(operation: str, params: dict) -> tuple[list[tuple[str, str]], set[str]]:
    """(permissions, tables) a DynamoDB request needs: [(action, "table" | "index/<name>")], {table names}."""
    if operation == "TransactWriteItems":
        permissions, tables = [], set()
        for item in params.get("TransactItems", []):
            for kind, body in item.items():
                permissions.append((_TRANSACT_WRITE_PERMISSIONS[kind], "table"))
                tables.add(body.get("TableName"))
        return sorted(set(permissions)), tables
    if operation == "TransactGetItems":
        tables = {body.get("TableName") for item in params.get("TransactItems", []) for body in item.values()}
        return [("dynamodb:GetItem", "table")], tables
    if operation in ("BatchGetItem", "BatchWriteItem"):
        return [(f"dynamodb:{operation}", "table")], set(params.get("RequestItems", {}))
    resource = f"index/{params['IndexName']}" if params.get("IndexName") else "table"
    tables = {params["TableName"]} if params.get("TableName") else set()
    return [(f"dynamodb:{operation}", resource)], tables


def _origin_and_site() -> tuple[str, str | None]:
    frames = []
    frame = sys._getframe(3)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(_CHALICELIB) or filename == _APP:
            frames.append((filename, frame.f_code.co_name))
        frame = frame.f_back
    if not frames:
        return "test", None
    site = f"{os.path.relpath(frames[0][0], ROOT)}:{frames[0][1]}"
    if any(filename == _APP or filename.startswith(_API) for filename, _ in frames):
        return "app", site
    if any(filename == _MODELS and name == "create_table" for filename, name in frames):
        return "provisioning", site
    if frames[-1][0].startswith(_CLI) or any(frame in OPERATOR_ONLY for frame in frames):
        return "operator", site
    return "app", site


class Recorder:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple, dict] = {}
        self.current_test: str | None = None
        # Test ids outside tests/infra during which the code made DynamoDB calls.
        self.tests_with_app_calls: set[str] = set()

    def record(self, service: str, operation: str, params: dict) -> None:
        origin, site = _origin_and_site()
        if service == "dynamodb":
            permissions, tables = dynamodb_permissions(operation, params)
        else:
            permissions, tables = [(f"{service}:{operation}", "*")], set()
        key = (service, operation, origin, tuple(permissions))
        with self._lock:
            entry = self._entries.setdefault(key, {"count": 0, "sites": set(), "tables": set(), "tests": set()})
            entry["count"] += 1
            if site:
                entry["sites"].add(site)
            entry["tables"] |= {t for t in tables if t}
            test = self.current_test
            if test:
                entry["tests"].add(test)
                if service == "dynamodb" and origin == "app" and not test.startswith("tests/infra/"):
                    self.tests_with_app_calls.add(test)

    def snapshot(self) -> dict:
        with self._lock:
            calls = [{"service": service, "operation": operation, "origin": origin,
                      "permissions": [{"action": action, "resource": resource} for action, resource in permissions],
                      "count": entry["count"], "tables": sorted(entry["tables"]), "tests": len(entry["tests"]),
                      "sites": sorted(entry["sites"])[:20]}
                     for (service, operation, origin, permissions), entry in sorted(self._entries.items())]
            tests = len(self.tests_with_app_calls)
        return {"version": 1, "tests_with_app_calls": tests, "calls": calls}

    def has_app_calls(self) -> bool:
        return bool(self.tests_with_app_calls)


RECORDER = Recorder()
_installed = False


def install() -> None:
    """Wraps botocore's single request entry point (idempotent)."""
    global _installed
    if _installed:
        return
    from botocore.client import BaseClient

    original = BaseClient._make_api_call

    def _make_api_call(self, operation_name, api_params):
        try:
            RECORDER.record(self.meta.service_model.service_name, operation_name, api_params)
        except Exception as error:  # the recording must never change what the code under test sees
            print(f"[aws-call recorder] could not record {operation_name}: {error!r}", file=sys.stderr)
        return original(self, operation_name, api_params)

    _make_api_call.__wrapped__ = original
    BaseClient._make_api_call = _make_api_call
    _installed = True


def merge(*recordings: dict) -> dict:
    merged: dict[tuple, dict] = {}
    for recording in recordings:
        for call in recording["calls"]:
            key = (call["service"], call["operation"], call["origin"],
                   tuple((p["action"], p["resource"]) for p in call["permissions"]))
            entry = merged.setdefault(key, {**call, "count": 0, "tests": 0, "sites": [], "tables": []})
            entry["count"] += call["count"]
            entry["tests"] += call["tests"]
            entry["sites"] = sorted(set(entry["sites"]) | set(call["sites"]))[:20]
            entry["tables"] = sorted(set(entry["tables"]) | set(call["tables"]))
    return {"version": 1, "tests_with_app_calls": sum(r.get("tests_with_app_calls", 0) for r in recordings),
            "calls": [merged[key] for key in sorted(merged)]}


def _stored() -> dict | None:
    if not os.path.exists(RECORD_PATH):
        return None
    with open(RECORD_PATH, encoding="utf-8") as handle:
        return json.load(handle)


def load_recording(config=None) -> tuple[dict, str]:
    """A full run's own calls; otherwise the last full run's file plus this session's calls."""
    live = RECORDER.snapshot()
    if config is not None and _is_full_run(config) and RECORDER.has_app_calls():
        return live, "this test session"
    stored = _stored()
    name = os.path.relpath(RECORD_PATH, ROOT)
    if stored is not None:
        return merge(stored, live), f"{name} (full run of {stored.get('recorded_at', '?')}) + this session"
    if RECORDER.has_app_calls():
        return live, f"this partial test session only (no {name} yet: run the whole suite once)"
    pytest.fail(f"No recording of the code's AWS calls: run the whole suite once (`make test`, or `pytest`), which "
                f"writes {name}; is tests.infra.dynamodb_actions still in pytest_plugins in tests/conftest.py?")


def _is_full_run(config) -> bool:
    """No selection: the whole tests/ folder (or the repository), no -k, -m, --deselect, --lf, no test ids."""
    option = config.option
    if (getattr(option, "keyword", "") or getattr(option, "markexpr", "") or getattr(option, "deselect", None)
            or getattr(option, "lf", False)):
        return False
    whole = {os.path.realpath(os.path.join(ROOT, "tests")), os.path.realpath(ROOT)}
    for arg in config.args:
        if "::" in arg:
            return False
        candidates = [os.path.join(str(base), arg) for base in (config.invocation_params.dir, config.rootpath)]
        path = next((c for c in candidates if os.path.exists(c)), candidates[0])
        if os.path.realpath(path) not in whole:
            return False
    return True


# ---------------------------------------------------------------- pytest hooks

def pytest_configure(config):
    config.addinivalue_line("markers", f"{MARKER}: reads the AWS calls recorded from the other tests; runs last")
    install()


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    readers = [item for item in items if item.get_closest_marker(MARKER)]
    if readers:
        others = [item for item in items if not item.get_closest_marker(MARKER)]
        items[:] = others + readers


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    RECORDER.current_test = item.nodeid
    try:
        yield
    finally:
        RECORDER.current_test = None


def pytest_sessionfinish(session, exitstatus):
    data = RECORDER.snapshot()
    if not data["tests_with_app_calls"] or not _is_full_run(session.config) or session.shouldstop:
        return  # a partial run (`pytest tests/infra`, -k, -x stop...): keep the last full recording
    data["recorded_at"] = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    data["pytest_args"] = [str(arg) for arg in session.config.invocation_params.args]
    os.makedirs(os.path.dirname(RECORD_PATH), exist_ok=True)
    tmp = RECORD_PATH + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.write("\n")
    os.replace(tmp, RECORD_PATH)
