"""Fixtures and reporting of the security suites (`make security`).

* `sec_world`: one moto table, one Chalice test client and the world of tests/security/world.py, per module.
* The real local stack and Chromium come from tests/e2e/conftest.py (`stack`, `browser_context`, `page`).
* At the very end of the run, one line: `routes=R cases=C failures=F` (R: routes of app.app, OPTIONS aside; C: test
  cases of tests/security that ran; F: those that failed or errored; a strict xfail — a known bug, written down
  as a failing test — is not a failure, an unexpected pass of one is)."""
from __future__ import annotations

import os

import pytest

# The browser fixtures (stack, browser_context, page) come from tests/browser.py, registered in tests/conftest.py.

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(scope="session", autouse=True)
def _parse_botocore_endpoints_once():
    """moto replaces boto3's default session in every mock_aws(), so botocore's 1 MB endpoints.json would be parsed
    again each time; it is read-only data (same trick as tests/api/conftest.py)."""
    from botocore import loaders

    original = loaders.JSONFileLoader.load_file
    cache: dict[str, object] = {}

    def load_file(self, file_path):
        if not file_path.endswith("/endpoints"):
            return original(self, file_path)
        if file_path not in cache:
            cache[file_path] = original(self, file_path)
        return cache[file_path]

    loaders.JSONFileLoader.load_file = load_file
    yield
    loaders.JSONFileLoader.load_file = original


@pytest.fixture(scope="session", autouse=True)
def _faster_moto():
    """Pure-speed patches of moto 5.2 for suites that make thousands of calls (the matrix alone ~5,000):

    * DynamoDBBackend.transact_write_items deep-copies the whole table once per item of a transaction, to roll
      back if it is cancelled: the cost grows with the table. Here only the items the transaction names are copied
      beforehand and put back if it fails — the same all-or-nothing outcome;
    * Table.all_items (behind every Query, on the table or an index) sorts the whole table by comparing DynamoType
      objects; when every key is a string it sorts on the strings themselves — the same order;
    * the response serializer looks up each attribute's aliases again for every item; they depend only on the
      object's type, the key and the shape, so they are memoised.

    Each patch is skipped if moto's internals are not the ones described, or if PALABRE_TEST_PLAIN_MOTO=1."""
    patches = []
    if os.environ.get("PALABRE_TEST_PLAIN_MOTO") == "1":
        yield
        return
    try:
        import copy as real_copy

        from moto.dynamodb import models as ddb
        from moto.dynamodb.models.table import Table

        class LiveTables:
            """`copy` as moto.dynamodb.models sees it: during a transaction, a Table is not copied."""
            in_transaction = False

            def __getattr__(self, name):
                return getattr(real_copy, name)

            def deepcopy(self, obj, memo=None):
                if self.in_transaction and isinstance(obj, Table):
                    return obj
                return real_copy.deepcopy(obj, memo)

        shim = LiveTables()
        original_transact = ddb.DynamoDBBackend.transact_write_items

        def transact_write_items(self, transact_items):
            snapshots = []
            for entry in transact_items:
                try:
                    op_type, op = next(iter(entry.items()))
                    table = self.tables[op["TableName"]]
                    key = op["Key"] if op_type != "Put" else {
                        name: op["Item"][name] for name in (table.hash_key_attr, table.range_key_attr) if name}
                    hash_value, range_value = self.get_keys_value(table, key)
                    current = table.get_item(hash_value, range_value)
                except Exception:  # noqa: BLE001  (moto validates and answers for these itself)
                    continue
                snapshots.append((table, hash_value, range_value,
                                  real_copy.deepcopy(current) if current is not None else None))
            shim.in_transaction = True
            try:
                return original_transact(self, transact_items)
            except Exception:
                for table, hash_value, range_value, old in reversed(snapshots):
                    if range_value is not None:
                        if old is None:
                            table.items[hash_value].pop(range_value, None)
                        else:
                            table.items[hash_value][range_value] = old
                    elif old is None:
                        table.items.pop(hash_value, None)
                    else:
                        table.items[hash_value] = old
                raise
            finally:
                shim.in_transaction = False

        if getattr(ddb, "copy", None) is real_copy:
            ddb.copy = shim
            ddb.DynamoDBBackend.transact_write_items = transact_write_items
            patches.append(lambda: (setattr(ddb, "copy", real_copy),
                                    setattr(ddb.DynamoDBBackend, "transact_write_items", original_transact)))
    except (ImportError, AttributeError):
        pass
    try:
        from moto.dynamodb.models.table import Table

        original_all_items = Table.all_items

        def all_items(self):
            """Same order as moto's (by hash key, then range key), sorted on the plain strings when every key is a
            string (DynamoType comparisons are what make moto's Query cost grow with the table)."""
            items = []
            for hash_set in self.items.values():
                if self.range_key_attr:
                    items.extend(hash_set.values())
                else:
                    items.append(hash_set)
            if all(i.hash_key.type == "S" and (i.range_key is None or i.range_key.type == "S") for i in items):
                return sorted(items, key=lambda x: (x.hash_key.value, x.range_key.value if x.range_key else ""))
            return original_all_items(self)

        Table.all_items = all_items
        patches.append(lambda: setattr(Table, "all_items", original_all_items))
    except (ImportError, AttributeError):
        pass
    try:
        from moto.core import serialize

        def memoised(cls, original):
            cache: dict[tuple, list[str]] = {}

            def get_possible_keys(self, context):
                key = (type(context.obj), context.key, id(context.shape))
                found = cache.get(key)
                if found is None:
                    found = cache[key] = list(original(self, context))
                    cache[key + ("shape",)] = context.shape  # keeps the shape alive: its id is not reused
                return iter(found)

            return get_possible_keys

        classes, todo = [], [serialize.AttributePicker]
        while todo:
            cls = todo.pop()
            classes.append(cls)
            todo += cls.__subclasses__()
        for cls in classes:
            if "get_possible_keys" in cls.__dict__:
                original = cls.__dict__["get_possible_keys"]
                cls.get_possible_keys = memoised(cls, original)
                patches.append(lambda cls=cls, original=original: setattr(cls, "get_possible_keys", original))
    except (ImportError, AttributeError):
        pass
    yield
    for undo in patches:
        undo()


def moto_app():
    """A context manager: a fresh moto table and a Chalice test client wrapped in tests.helpers.Api."""
    import contextlib

    @contextlib.contextmanager
    def manager():
        import boto3
        from chalice.test import Client
        from moto import mock_aws

        from app import app
        from chalicelib.auth.keys import signing_key
        from chalicelib.storage.db import reset_connection
        from chalicelib.storage.models import create_table
        from tests.conftest import ROOT
        from tests.helpers import Api

        import tempfile

        os.environ.setdefault("PALABRE_STATE_DIR", tempfile.mkdtemp(prefix="palabre-security-state-"))
        with mock_aws():
            signing_key.cache_clear()
            reset_connection()
            boto3.client("ssm").put_parameter(Name="/palabre/test/jwt-secret", Type="SecureString",
                                              Value="test-secret-" + "x" * 40)
            create_table()
            with Client(app, stage_name="dev", project_dir=ROOT) as client:
                yield Api(client)
            signing_key.cache_clear()
            reset_connection()

    return manager()


@pytest.fixture(scope="module")
def sec_world():
    from tests.security.world import build_world

    with moto_app() as api:
        yield build_world(api)


# --- known bugs: a module may define `known_bug(item) -> reason | None`; those cases become strict xfails -------

def pytest_collection_modifyitems(config, items):
    for item in items:
        if not _ours(item.nodeid):
            continue
        known_bug = getattr(item.module, "known_bug", None)
        reason = known_bug(item) if known_bug else None
        if reason:
            item.add_marker(pytest.mark.xfail(strict=True, reason=f"BUG: {reason}"))


# --- the one-line summary -----------------------------------------------------------------------------------------

_outcomes: dict[str, str] = {}


def _ours(nodeid: str) -> bool:
    return nodeid.replace("\\", "/").startswith("tests/security/")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not _ours(item.nodeid):
        return
    key = f"{item.nodeid}|{item.name}"  # schemathesis gives all its operations one nodeid; names differ
    if report.failed:
        _outcomes[key] = "failed"
    elif report.when == "call" or (report.when == "setup" and report.skipped):
        _outcomes.setdefault(key, "xfailed" if hasattr(report, "wasxfail") else report.outcome)


def _route_count() -> int:
    from app import app

    return sum(1 for methods in app.routes.values() for method in methods if method != "OPTIONS")


def pytest_unconfigure(config):
    if not _outcomes:
        return
    failures = sum(1 for outcome in _outcomes.values() if outcome == "failed")
    known = sum(1 for outcome in _outcomes.values() if outcome == "xfailed")
    print(f"\nknown bugs written as strict xfails: {known}", flush=True)
    print(f"routes={_route_count()} cases={len(_outcomes)} failures={failures}", flush=True)
