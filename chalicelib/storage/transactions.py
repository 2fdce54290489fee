"""Turning DynamoDB transaction and condition failures into something services can act on."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError, DeleteError
from pynamodb.transactions import TransactWrite

from chalicelib.errors import TooBusy, Unauthorized
from chalicelib.storage.db import connection

# The name of the check, in a write transaction naming a person, that their account is not being deleted
# (members_repo.check_account_active): when it fails, the request is refused like the account's tokens.
ACCOUNT_CHECK = "account"
_THROTTLE_CODES = {"ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded",
                   "TransactionConflict", "TransactionInProgressException"}


def error_code(error: Exception) -> str | None:
    """The DynamoDB error code behind a PynamoDB error; None for connection-level failures (timeouts), whose
    botocore error has no response (PynamoDB's own cause_response_code raises AttributeError there)."""
    response = getattr(getattr(error, "cause", None), "response", None) or {}
    return response.get("Error", {}).get("Code")


class ConditionFailed(Exception):
    """A condition of a write did not hold. `failed` names the items of the transaction whose condition failed
    ({"item"} for a single-item write)."""

    def __init__(self, failed: set[str]):
        super().__init__(f"condition failed on {sorted(failed)}")
        self.failed = failed


class Transaction:
    """TransactWrite with a name per item. PynamoDB sends condition checks, then deletes, puts and updates,
    whatever the call order, so cancellation reasons are mapped back to names in that order."""

    def __init__(self, tx: TransactWrite):
        self._tx = tx
        self._names: dict[str, list[str]] = {"check": [], "delete": [], "put": [], "update": []}

    def check(self, name: str, model_cls, hash_key: str, range_key: str, condition) -> None:
        self._tx.condition_check(model_cls, hash_key, range_key, condition=condition)
        self._names["check"].append(name)

    def delete(self, name: str, model, condition=None) -> None:
        self._tx.delete(model, condition=condition)
        self._names["delete"].append(name)

    def put(self, name: str, model, condition=None) -> None:
        self._tx.save(model, condition=condition)
        self._names["put"].append(name)

    def update(self, name: str, model, actions: list, condition=None) -> None:
        self._tx.update(model, actions=actions, condition=condition)
        self._names["update"].append(name)

    def order(self) -> list[str]:
        return self._names["check"] + self._names["delete"] + self._names["put"] + self._names["update"]


@contextmanager
def transaction() -> Iterator[Transaction]:
    named: Transaction | None = None
    try:
        with TransactWrite(connection=connection()) as tx:
            named = Transaction(tx)
            yield named
    except TransactWriteError as error:
        reasons = error.cancellation_reasons or []
        order = named.order() if named else []
        failed = {order[i] if i < len(order) else str(i) for i, r in enumerate(reasons)
                  if r is not None and r.code == "ConditionalCheckFailed"}
        if ACCOUNT_CHECK in failed:
            raise Unauthorized("This account is being deleted.") from error
        if failed:
            raise ConditionFailed(failed) from error
        codes = {r.code for r in reasons if r is not None} | {error_code(error)}
        if error_code(error) is None and not reasons:
            raise TooBusy("The database did not answer in time; please retry.") from error
        if codes & _THROTTLE_CODES:
            raise TooBusy("Too many people are writing to the same place right now; please retry.") from error
        raise


@contextmanager
def conditional() -> Iterator[None]:
    """For single-item writes with a condition."""
    try:
        yield
    except (PutError, UpdateError, DeleteError) as error:
        if error_code(error) == "ConditionalCheckFailedException":
            raise ConditionFailed({"item"}) from error
        if error_code(error) in _THROTTLE_CODES or error_code(error) is None:
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
