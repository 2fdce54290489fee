"""Turning DynamoDB transaction and condition failures into something services can act on."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError, DeleteError
from pynamodb.transactions import TransactWrite

from chalicelib.errors import TooBusy
from chalicelib.storage.db import connection

_THROTTLE_CODES = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
                   "TransactionConflict", "TransactionInProgressException"}


class ConditionFailed(Exception):
    """A condition of a write (or of one item of a transaction) did not hold. `failed` lists the item indexes."""

    def __init__(self, failed: list[int]):
        super().__init__(f"condition failed on items {failed}")
        self.failed = failed


@contextmanager
def transaction() -> Iterator[TransactWrite]:
    try:
        with TransactWrite(connection=connection()) as tx:
            yield tx
    except TransactWriteError as error:
        reasons = error.cancellation_reasons or []
        failed = [i for i, r in enumerate(reasons) if r is not None and r.code == "ConditionalCheckFailed"]
        if failed:
            raise ConditionFailed(failed) from error
        codes = {r.code for r in reasons if r is not None} | {error.cause_response_code}
        if codes & _THROTTLE_CODES:
            raise TooBusy("Too many people are writing to the same place right now; please retry.") from error
        raise


@contextmanager
def conditional() -> Iterator[None]:
    """For single-item writes with a condition."""
    try:
        yield
    except (PutError, UpdateError, DeleteError) as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            raise ConditionFailed([0]) from error
        if error.cause_response_code in _THROTTLE_CODES:
            raise TooBusy("Too many people are writing to the same place right now; please retry.") from error
        raise


def retrying(action, attempts: int = 5):
    """Run a write again when DynamoDB cancelled it for a concurrent transaction on the same item."""
    import random
    import time

    for attempt in range(attempts):
        try:
            return action()
        except TooBusy:
            if attempt == attempts - 1:
                raise
            time.sleep(random.uniform(0.005, 0.02) * (2 ** attempt))
