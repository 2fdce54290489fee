"""Counts the DynamoDB requests the code makes (every PynamoDB call goes through Connection.dispatch)."""
from __future__ import annotations

import threading
import time
from collections import Counter
from contextlib import contextmanager

from pynamodb.connection.base import Connection

_local = threading.local()
_original_dispatch = Connection.dispatch
_installed = False


LIMIT_COUNTER = "UpdateItem (write limit)"


def _is_limit_counter(operation_name: str, operation_kwargs: dict) -> bool:
    """The write-limit counters (storage/rate_limits_repo.py), counted apart from the route's own writes."""
    if operation_name != "UpdateItem":
        return False
    pk = (operation_kwargs.get("Key") or {}).get("pk", {}).get("S", "")
    return pk.startswith("RATE#") or "#RATE#" in pk


def _counting_dispatch(self, operation_name, operation_kwargs):
    counter = getattr(_local, "counter", None)
    if counter is not None:
        counter[LIMIT_COUNTER if _is_limit_counter(operation_name, operation_kwargs) else operation_name] += 1
    waited = getattr(_local, "waited", None)
    if waited is None:
        return _original_dispatch(self, operation_name, operation_kwargs)
    started = time.perf_counter()
    try:
        return _original_dispatch(self, operation_name, operation_kwargs)
    finally:
        waited[0] += time.perf_counter() - started


def _install() -> None:
    global _installed
    if not _installed:
        Connection.dispatch = _counting_dispatch
        _installed = True


@contextmanager
def waiting():
    """Seconds this thread spends waiting for DynamoDB inside the block: a one-element list, filled as it goes."""
    _install()
    previous = getattr(_local, "waited", None)
    _local.waited = [0.0]
    try:
        yield _local.waited
    finally:
        _local.waited = previous


@contextmanager
def counting():
    """Counts the requests made by this thread inside the block: {operation: n}."""
    _install()
    previous = getattr(_local, "counter", None)
    _local.counter = Counter()
    try:
        yield _local.counter
    finally:
        _local.counter = previous
