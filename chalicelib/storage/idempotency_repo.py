"""Idempotency records: the result of a create, kept 24 h under the caller, so that a retried request with the
same Idempotency-Key returns the first result. Put in the creating transaction with `attribute_not_exists`."""
from __future__ import annotations

import hashlib
from datetime import datetime, timedelta, timezone

from chalicelib.storage import keys
from chalicelib.storage.models import IdempotencyRecord

TTL = timedelta(hours=24)


def fingerprint(*asked: object) -> str:
    """What was asked: the same key sent with another request is refused rather than answered wrongly."""
    return hashlib.sha256("|".join("" if part is None else str(part) for part in asked).encode()).hexdigest()


def new_record(pk: str, sk: str, result_ref: str, asked: str | None = None) -> IdempotencyRecord:
    return IdempotencyRecord(pk, sk, result_ref=result_ref, fingerprint=asked,
                             expires_at=datetime.now(timezone.utc) + TTL)


def put_in(tx, record: IdempotencyRecord) -> None:
    tx.put("idempotency", record, condition=IdempotencyRecord.pk.does_not_exist())


def get(pk: str, key: str) -> IdempotencyRecord | None:
    try:
        return IdempotencyRecord.get(pk, keys.idempotency_sk(key), consistent_read=True)
    except IdempotencyRecord.DoesNotExist:
        return None
