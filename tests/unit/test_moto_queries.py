"""chalicelib/cli/moto_queries.py: the embedded DynamoDB answers Queries from the queried partition (or the index
key's matches), sorts on plain values and sends read results as plain JSON; what a client receives is the same as
without the patches."""
from __future__ import annotations

import boto3
from moto import mock_aws


def _reads() -> list[dict]:
    with mock_aws():
        client = boto3.client("dynamodb")
        client.create_table(
            TableName="t", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": n, "AttributeType": "S"} for n in ("pk", "sk", "lsk", "g")],
            LocalSecondaryIndexes=[{"IndexName": "lsi", "Projection": {"ProjectionType": "ALL"},
                                    "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"},
                                                  {"AttributeName": "lsk", "KeyType": "RANGE"}]}],
            GlobalSecondaryIndexes=[{"IndexName": "gsi", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"},
                                                   {"AttributeName": "sk", "KeyType": "RANGE"}]}])
        for pk in ("a", "b", "c"):
            for i in range(7):
                client.put_item(TableName="t", Item={
                    "pk": {"S": pk}, "sk": {"S": f"{i:02d}"}, "lsk": {"S": f"{9 - i}"}, "g": {"S": str(i % 2)},
                    "b": {"B": bytes([0, 255, i])}, "n": {"N": "1.50"}, "bs": {"BS": [b"\x00", b"\x01"]},
                    "l": {"L": [{"S": "x"}, {"N": "2"}, {"BOOL": True}, {"NULL": True}]},
                    "m": {"M": {"k": {"SS": ["a", "b"]}}}, "ns": {"NS": ["1", "2"]}})
        values = {":p": {"S": "b"}}
        out = []
        start = None
        while True:  # pages of a table Query
            extra = {"ExclusiveStartKey": start} if start else {}
            page = client.query(TableName="t", KeyConditionExpression="pk = :p", ExpressionAttributeValues=values,
                                Limit=3, **extra)
            out.append(page)
            start = page.get("LastEvaluatedKey")
            if not start:
                break
        for forward in (True, False):  # pages of a global index Query, both ways
            start = None
            while True:
                extra = {"ExclusiveStartKey": start} if start else {}
                page = client.query(TableName="t", IndexName="gsi", KeyConditionExpression="g = :g AND sk >= :s",
                                    ExpressionAttributeValues={":g": {"S": "0"}, ":s": {"S": "02"}}, Limit=2,
                                    ScanIndexForward=forward, **extra)
                out.append(page)
                start = page.get("LastEvaluatedKey")
                if not start:
                    break
        out += [
            client.query(TableName="t", KeyConditionExpression="pk = :p AND sk > :s", ScanIndexForward=False,
                         ExpressionAttributeValues={**values, ":s": {"S": "02"}}),
            client.query(TableName="t", IndexName="lsi", KeyConditionExpression="pk = :p AND begins_with(lsk, :l)",
                         ExpressionAttributeValues={**values, ":l": {"S": "5"}}),
            client.query(TableName="t", IndexName="gsi", KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": {"S": "1"}}),
            client.query(TableName="t", KeyConditionExpression="pk = :p", ExpressionAttributeValues=values,
                         Select="COUNT", ReturnConsumedCapacity="TOTAL"),
            client.query(TableName="t", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "z"}}),
            client.scan(TableName="t", Limit=5),
            client.get_item(TableName="t", Key={"pk": {"S": "c"}, "sk": {"S": "03"}}, ProjectionExpression="b, l"),
            client.get_item(TableName="t", Key={"pk": {"S": "c"}, "sk": {"S": "99"}}),
            client.batch_get_item(RequestItems={"t": {"Keys": [{"pk": {"S": "a"}, "sk": {"S": "01"}},
                                                               {"pk": {"S": "a"}, "sk": {"S": "99"}}]}}),
            client.batch_get_item(RequestItems={"t": {"Keys": [{"pk": {"S": "b"}, "sk": {"S": "02"}}],
                                                      "ProjectionExpression": "n, l, ns, nothing, pk"}}),
            client.get_item(TableName="t", Key={"pk": {"S": "a"}, "sk": {"S": "04"}},
                            ProjectionExpression="l[1], b"),
        ]
        for response in out:
            response.pop("ResponseMetadata", None)
        return out


def test_reads_are_the_same_with_the_patches():
    import pickle
    import subprocess
    import sys

    from chalicelib.cli import moto_queries
    from tests.conftest import ROOT

    # unpatched moto, in a process of its own (this one may have installed the patches already)
    before = pickle.loads(subprocess.run(
        [sys.executable, "-c", ("import pickle, sys; from tests.unit.test_moto_queries import _reads; "
                                "sys.stdout.buffer.write(pickle.dumps(_reads()))")],
        cwd=ROOT, capture_output=True, check=True).stdout)
    moto_queries.install()
    moto_queries.install_json_reads()
    moto_queries.install()  # twice is once
    assert _reads() == before
