"""Counts the DynamoDB requests the code makes (every PynamoDB call goes through Connection.dispatch)."""
from __future__ import annotations

import threading
from collections import Counter
from contextlib import contextmanager

from pynamodb.connection.base import Connection

_local = threading.local()
_original_dispatch = Connection.dispatch
_installed = False


def _counting_dispatch(self, operation_name, operation_kwargs):
    counter = getattr(_local, "counter", None)
    if counter is not None:
        counter[operation_name] += 1
    return _original_dispatch(self, operation_name, operation_kwargs)


@contextmanager
def counting():
    """Counts the requests made by this thread inside the block: {operation: n}."""
    global _installed
    if not _installed:
        Connection.dispatch = _counting_dispatch
        _installed = True
    previous = getattr(_local, "counter", None)
    _local.counter = Counter()
    try:
        yield _local.counter
    finally:
        _local.counter = previous
