"""A faster `cast` for the modules that import it (`from tests.api.cast_snapshot import cast`).

tests/helpers.cast builds its people and debate through ~25 DynamoDB calls, and moto 5.2.5 costs ~8 ms per call
in process, so building it costs ~0.2 s of CPU per test. This override builds it the normal way *once per process*
(by asking pytest for the parent fixture, so tests/helpers.py stays the single definition), scans the resulting
table, and for every later test writes those items back into that test's fresh moto table in two BatchWriteItem
calls. Tokens stay valid: every test's `aws` fixture stores the same signing secret.

Only DynamoDB items are restored. If tests/helpers.cast ever creates state elsewhere (S3, SES, files), this
override must learn to restore it too, or the importing modules should stop using it.
"""
from __future__ import annotations

import copy

import pytest

_SNAPSHOT: dict = {}


def _table():
    import boto3

    from chalicelib.config import settings

    return boto3.client("dynamodb", region_name=settings().region), settings().table_name


@pytest.fixture
def cast(request, api):
    client, table = _table()
    if not _SNAPSHOT:
        people = request.getfixturevalue("cast")  # the parent fixture: tests/helpers.cast
        items = []
        for page in client.get_paginator("scan").paginate(TableName=table, ConsistentRead=True):
            items += page["Items"]
        _SNAPSHOT.update(items=items, people=copy.deepcopy(people))
        return people
    items = _SNAPSHOT["items"]
    for start in range(0, len(items), 25):
        response = client.batch_write_item(
            RequestItems={table: [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]})
        assert not response.get("UnprocessedItems"), response
    return copy.deepcopy(_SNAPSHOT["people"])
