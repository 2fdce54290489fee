"""Items of the periodic summaries (issue 5), in the one table. Keys: storage/keys.py; layout: docs/data-model.md.

* ActivityEvent   pk D#{slug}#EV#{yyyy-mm-dd}#{shard}, sk {iso instant}#{id}: one contribution (post, reply,
                  reaction, stance, vote), written in the same transaction as the contribution itself; or a change
                  to a post's content (kind "content": moderated, approved, edited, deleted, moved), which is no
                  participation but makes the summarizer recompute what quoted the post. Day partitions
                  keep every item collection small (the table has a local index: a partition key's items are capped
                  at 10 GB) and let the summarizer read "everything since its watermark" day by day.
* SummaryState    pk D#{slug}#SUM, sk STATE: the summarizer's watermark and small state; large arrays live in the
                  state store (S3 / a local folder, storage/state_store.py), named by `generation`.
* Summary         pk D#{slug}#SUM, sk S#{iso instant}: what the dashboard shows, as compressed JSON.
* ImportDays      pk D#{slug}#SUM, sk IMPORT#{source}: the days an import wrote events on, so that a first run reads
                  those days instead of every day since the imported conversation began.
"""
from __future__ import annotations

import json
import random
import zlib
from typing import Any

from pynamodb.attributes import BinaryAttribute, BooleanAttribute, ListAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.domain import ids
from chalicelib.storage import keys
from chalicelib.storage.models import Entity

CONTRIBUTION_KINDS = ("post", "reply", "reaction", "stance", "vote")
EVENT_KINDS = (*CONTRIBUTION_KINDS, "content")


class ActivityEvent(Entity, discriminator="ActivityEvent"):
    kind = UnicodeAttribute()  # post | reply | reaction | stance | vote | content
    user_id = UnicodeAttribute()
    idea_id = UnicodeAttribute(null=True)
    thread_id = UnicodeAttribute(null=True)
    post_id = UnicodeAttribute(null=True)
    value = UnicodeAttribute(null=True)  # stance: agree | disagree | pass; reaction: its kind; vote: module kind;
    # content: the post's new state (published again, rejected, deleted…), "approved" (out of pre-moderation),
    # "edited", or "moved" (once per idea)


class SummaryState(Entity, discriminator="SummaryState"):
    version = NumberAttribute(default=0)  # optimistic concurrency between two summarizer runs
    watermark = UnicodeAttribute(default="")  # sort key of the last event taken into account
    cutoff = UnicodeAttribute(default="")  # every event up to this instant is taken into account
    generation = UnicodeAttribute(null=True)  # names the state store objects of this state
    payload = BinaryAttribute(legacy_encoding=False, null=True)  # zlib-compressed JSON (small parts of the state)
    latest_summary = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)
    pending = NumberAttribute(default=0)  # posts still waiting for suggested extracts: run again even if quiet


class Summary(Entity, discriminator="Summary"):
    summary_id = UnicodeAttribute()  # the instant it was computed (ISO, sortable)
    created_at = UnicodeAttribute()
    cutoff = UnicodeAttribute()
    caught_up = BooleanAttribute(default=True)
    daily = BooleanAttribute(default=False)  # the first summary of its UTC day: kept when later ones expire
    size = NumberAttribute(default=0)  # uncompressed JSON bytes
    body = BinaryAttribute(legacy_encoding=False)  # zlib-compressed JSON


class ImportDays(Entity, discriminator="ImportDays"):
    days = ListAttribute(of=UnicodeAttribute, default=list)
    imported_at = UnicodeAttribute()


def pack(data: Any) -> bytes:
    return zlib.compress(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode(), 6)


def unpack(blob: bytes | None) -> Any:
    return json.loads(zlib.decompress(blob).decode()) if blob else None


def activity_event(slug: str, kind: str, user_id: str, at: str, *, idea_id: str | None = None,
                   thread_id: str | None = None, post_id: str | None = None, value: str | None = None,
                   event_id: str | None = None, shard: int | str | None = None) -> ActivityEvent:
    """An event item for `at` (an ISO instant from domain.clock). Live writes pick a random shard and a new id;
    imports pass ids and shards derived from the source, so that re-running an import overwrites the same items."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    if shard is None:
        shard = (keys.vote_event_shard(random.randrange(keys.VOTE_EVENT_SHARDS)) if kind == "vote"
                 else random.randrange(keys.EVENT_SHARDS))
    event_id = event_id or ids.new_id()
    # the person appears as a per-debate pseudonym: events and the summarizer's state hold no user id
    return ActivityEvent(keys.events(slug, at[:10], shard), keys.event_sk(at, event_id), kind=kind,
                         user_id=keys.participant_pseudonym(slug, user_id),
                         idea_id=idea_id, thread_id=thread_id, post_id=post_id, value=value)


def content_event(slug: str, post, idea_id: str, change: str, at: str) -> ActivityEvent:
    """A change to the text a summary may quote (posts.py, accounts.py, curation.py write it in their transaction)."""
    return activity_event(slug, "content", post.author_id, at, idea_id=idea_id, thread_id=post.thread_id,
                          post_id=post.post_id, value=change)


def imported_event(slug: str, kind: str, user_id: str, at: str, *, idea_id: str | None = None,
                   thread_id: str | None = None, post_id: str | None = None,
                   value: str | None = None) -> ActivityEvent:
    """An event of an import: its id and shard derive from the source, so a re-run overwrites the same item."""
    event_id = ids.stable_id(int(_ms(at)), slug, "event", kind, user_id, post_id or "", idea_id or "")
    return activity_event(slug, kind, user_id, at, idea_id=idea_id, thread_id=thread_id, post_id=post_id,
                          value=value, event_id=event_id, shard=zlib.crc32(event_id.encode()) % keys.EVENT_SHARDS)


def _ms(at: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp() * 1000
