"""The DynamoDB connection shared by models and transactions."""
from __future__ import annotations

from pynamodb.connection import Connection

from chalicelib.config import settings

_connection: Connection | None = None


def connection() -> Connection:
    global _connection
    if _connection is None:
        s = settings()
        # host=None lets botocore honour AWS_ENDPOINT_URL_DYNAMODB (local stage, moto_server).
        _connection = Connection(region=s.region, host=s.dynamodb_endpoint)
    return _connection


def reset_connection() -> None:
    global _connection
    _connection = None
