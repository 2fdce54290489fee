"""Queries of the embedded DynamoDB in time that does not grow with the table.

moto 5.2.5 answers every Query by sorting the whole table (`Table.all_items`) and comparing each item's partition
key: with an imported conversation and its activity events (about 30,000 items) one Query took 1-2 s, and the
summarizer's first run, which reads one partition per day and shard, took 6 minutes. A Query on the table or on a
local secondary index only ever returns items of one partition, so here it looks at that partition alone (moto keeps
the items by partition key already); the items, their order and the paging are unchanged. A global secondary index
Query looks at the items whose index key has the asked value, without sorting the table first (moto sorts the
matches by the index's keys and the table's keys, a total order, so the starting order does not matter). The matches
are sorted on plain Python values rather than through moto's typed comparisons (same order, a tenth of the time):
with 100,000 posts an idea's posts were read through gsi1 at several seconds a page. Installed by the embedded
server (`palabre run`)."""
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
            matching = getattr(_only, "matching", None)
            if not self.range_key_attr or (partition is None and not matching):
                return original_all_items(self)
            if partition is not None:
                return sorted(self.items.get(partition, {}).values(), key=lambda item: (item.hash_key, item.range_key))
            return [item for items in self.items.values() for item in items.values()
                    if all(_has(item, name, value) for name, value in matching)]

        def sorted_items(self, hash_key_attrs, range_key_attrs, items):
            names = self._generate_attr_to_sort_by(hash_key_attrs, range_key_attrs)
            items.sort(key=lambda item: tuple(_plain(item.attrs[name]) for name in names))
            return items

        def query(self, hash_key, *args, **kwargs):
            index_name = kwargs.get("index_name", args[6] if len(args) > 6 else None)
            partition, matching = None, None
            if index_name is None:
                partition = hash_key
            elif any(index.name == index_name for index in (self.indexes or [])):  # local index: same partition
                for name, value in kwargs.get("hash_key_conditions") or []:
                    if name == self.hash_key_attr:
                        partition = value
                partition = partition if partition is not None else hash_key
            else:  # global index: moto keeps only the items matching every hash key condition
                matching = list(kwargs.get("hash_key_conditions") or []) or None
            _only.partition, _only.matching = partition, matching
            try:
                return original_query(self, hash_key, *args, **kwargs)
            finally:
                _only.partition, _only.matching = None, None

        Table.all_items = all_items
        Table.sorted_items = sorted_items
        Table.query = query
        _installed = True


def _plain(value):
    """A key attribute's value as moto compares it (`DynamoType.cast_value` of a string, number or binary)."""
    from decimal import Decimal

    return Decimal(value.value) if value.type == "N" else value.value


def _has(item, name: str, value) -> bool:
    """moto's test of an index hash key condition (`DynamoType.__eq__`), on plain values."""
    found = item.attrs.get(name)
    return found is not None and found.type == value.type and _plain(found) == _plain(value)


_JSON_READS = ("query", "scan", "get_item", "batch_get_item")
_json_installed = False


def install_json_reads() -> None:
    """moto's generic response serializer walks every attribute of every item against the service model (about
    2 ms per event item of a Query); read results are already DynamoDB JSON, so they are sent as json.dumps. Same
    bytes on the wire once parsed (tests/unit/test_moto_queries.py compares both). And a projection on top-level
    attributes (PynamoDB's `attributes_to_get`) converts those attributes only: moto converted the whole item once per
    projected attribute, 2.5 ms per post of a BatchGetItem."""
    global _json_installed
    with _lock:
        if _json_installed:
            return
        import json

        from moto.core.responses import ActionResult
        from moto.dynamodb.models.dynamo_type import Item, serializer
        from moto.dynamodb.responses import DynamoHandler

        original_project = Item.project

        def project(self, projection_expressions):
            if any(len(path) != 1 or "[" in path[0] for path in projection_expressions):
                return original_project(self, projection_expressions)  # nested paths: moto's own merge
            wanted = dict.fromkeys(path[0] for path in projection_expressions if path[0] in self.attrs)
            return Item(hash_key=self.hash_key, range_key=self.range_key,
                        attrs=serializer.serialize(_regular_json_of(self, wanted))["M"])

        Item.project = project

        for name in _JSON_READS:
            original = getattr(DynamoHandler, name)

            def reader(self, _original=original):
                result = _original(self)
                if isinstance(result, ActionResult) and isinstance(result.result, dict):
                    return json.dumps(result.result, default=_binary)
                return result

            setattr(DynamoHandler, name, reader)
        _json_installed = True


def _regular_json_of(item, names) -> dict:
    """`Item.to_regular_json` restricted to these attributes (the same conversion, attribute by attribute)."""
    from moto.dynamodb.models.dynamo_type import deserializer

    return {name: deserializer.deserialize(item.attrs[name].to_regular_json()) for name in names}


def _binary(value):
    import base64

    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")
