"""Reading the periodic summaries (the API side: no numpy here, the API function stays light to start)."""
from __future__ import annotations

import re
from typing import Any

from chalicelib.errors import NotFound
from chalicelib.services import access as access_service
from chalicelib.services.identity import Caller
from chalicelib.storage import summaries_repo
from chalicelib.storage.summary_models import Summary, unpack

SUMMARY_ID = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


def _entry(summary: Summary) -> dict[str, Any]:
    return {"id": summary.summary_id, "created_at": summary.created_at, "cutoff": summary.cutoff,
            "caught_up": bool(summary.caught_up), "daily": bool(summary.daily)}


def _full(summary: Summary) -> dict[str, Any]:
    body = unpack(summary.body)
    body.update(_entry(summary))
    return body


def list_summaries(slug: str, caller: Caller | None, limit: int, start_key: dict | None):
    access_service.load(slug, caller)  # readers only; a private debate is 404 to outsiders
    items, last = summaries_repo.list_summaries(slug, limit, start_key)
    return [_entry(s) for s in items], last


def latest(slug: str, caller: Caller | None) -> dict[str, Any]:
    access_service.load(slug, caller)
    summary = summaries_repo.latest_summary(slug)
    if summary is None:
        raise NotFound("This debate has no summary yet; they are computed periodically once it has activity.",
                       code="no_summary")
    return _full(summary)


def get(slug: str, caller: Caller | None, summary_id: str) -> dict[str, Any]:
    access_service.load(slug, caller)
    summary = summaries_repo.get_summary(slug, summary_id) if SUMMARY_ID.match(summary_id) else None
    if summary is None:
        raise NotFound("No summary has this id in this debate.")
    return _full(summary)
