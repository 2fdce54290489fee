"""Queries of the embedded DynamoDB in time that does not grow with the table.

moto 5.2.5 answers every Query by sorting the whole table (`Table.all_items`) and comparing each item's partition
key: with an imported conversation and its activity events (about 30,000 items) one Query took 1-2 s, and the
summarizer's first run, which reads one partition per day and shard, took 6 minutes. A Query on the table or on a
local secondary index only ever returns items of one partition, so here it looks at that partition alone (moto keeps
the items by partition key already); the items, their order and the paging are unchanged. Global secondary index
queries still look at the whole table (as before). Installed by the embedded server (`palabre run`)."""
from __future__ import annotations

import threading

_installed = False
_lock = threading.Lock()
_only = threading.local()


def install() -> None:
    global _installed
    with _lock:
        if _installed:
            return
        from moto.dynamodb.models.table import Table

        original_query, original_all_items = Table.query, Table.all_items

        def all_items(self):
            partition = getattr(_only, "partition", None)
            if partition is None or not self.range_key_attr:
                return original_all_items(self)
            return sorted(self.items.get(partition, {}).values(), key=lambda item: (item.hash_key, item.range_key))

        def query(self, hash_key, *args, **kwargs):
            index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
            partition = None
            if index_name is None:
                partition = hash_key
            elif any(index.name == index_name for index in (self.indexes or [])):  # local index: same partition
                for name, value in kwargs.get("hash_key_conditions") or []:
                    if name == self.hash_key_attr:
                        partition = value
                partition = partition if partition is not None else hash_key
            _only.partition = partition
            try:
                return original_query(self, hash_key, *args, **kwargs)
            finally:
                _only.partition = None

        Table.all_items = all_items
        Table.query = query
        _installed = True


_JSON_READS = ("query", "scan", "get_item", "batch_get_item")
_json_installed = False


def install_json_reads() -> None:
    """moto's generic response serializer walks every attribute of every item against the service model (about
    2 ms per event item of a Query); read results are already DynamoDB JSON, so they are sent as json.dumps. Same
    bytes on the wire once parsed (tests/unit/test_moto_queries.py compares both)."""
    global _json_installed
    with _lock:
        if _json_installed:
            return
        import json

        from moto.core.responses import ActionResult
        from moto.dynamodb.responses import DynamoHandler

        for name in _JSON_READS:
            original = getattr(DynamoHandler, name)

            def reader(self, _original=original):
                result = _original(self)
                if isinstance(result, ActionResult) and isinstance(result.result, dict):
                    return json.dumps(result.result, default=_binary)
                return result

            setattr(DynamoHandler, name, reader)
        _json_installed = True


def _binary(value):
    import base64

    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
