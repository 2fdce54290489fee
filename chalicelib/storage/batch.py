"""BatchGetItem of raw items of any type, with DynamoDB's unprocessed keys asked for again."""
from __future__ import annotations

import time
from typing import Any, Iterable

from botocore.exceptions import ClientError

from chalicelib.errors import TooBusy
from chalicelib.storage.models import Entity

MAX_KEYS = 100  # DynamoDB's limit for one BatchGetItem
RETRIES = 5  # unprocessed keys asked for again at most this many times, after 50, 100, 200, 400, 800 ms
_FIRST_WAIT_SECONDS = 0.05
_THROTTLED = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"}


def batch_get_raw(wanted: Iterable[tuple[str, str]], *, consistent: bool = False,
                  attributes: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """One BatchGetItem of at most MAX_KEYS (pk, sk) keys; raw DynamoDB items (absent ones are simply missing).
    The keys DynamoDB leaves unprocessed (throttling, its 16 MB answer limit) are asked for again after a short
    wait that doubles each time; still unprocessed after RETRIES attempts, or throttled: TooBusy (503, retry).
    `attributes`: only these top-level attributes are returned (the key and `type` always are)."""
    keys = [{"pk": {"S": pk}, "sk": {"S": sk}} for pk, sk in dict.fromkeys(wanted)]
    if not keys:
        return []
    if len(keys) > MAX_KEYS:
        raise ValueError(f"one BatchGetItem reads at most {MAX_KEYS} keys, not {len(keys)}")
    connection = Entity._get_connection()
    request: dict[str, Any] = {"Keys": keys, "ConsistentRead": consistent}
    if attributes:
        names = dict.fromkeys(("pk", "sk", "type", *attributes))
        aliases = {f"#a{n}": name for n, name in enumerate(names)}
        request["ProjectionExpression"] = ", ".join(aliases)
        request["ExpressionAttributeNames"] = aliases
    pending = {connection.table_name: request}
    items: list[dict[str, Any]] = []
    for attempt in range(RETRIES + 1):
        if attempt:
            time.sleep(_FIRST_WAIT_SECONDS * 2 ** (attempt - 1))
        try:
            result = connection.connection.dispatch("BatchGetItem", {"RequestItems": pending})
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in _THROTTLED:
                raise TooBusy("The service is busy; please retry in a moment.") from error
            raise
        items += result.get("Responses", {}).get(connection.table_name, [])
        pending = result.get("UnprocessedKeys") or {}
        if not pending:
            return items
    raise TooBusy("The service is busy; please retry in a moment.")
