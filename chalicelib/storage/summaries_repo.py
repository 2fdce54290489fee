"""Access patterns of the periodic summaries (docs/data-model.md, "Summaries"): activity events, the summarizer's
state, dated summaries, finding debates with new activity without a Scan."""
from __future__ import annotations

import heapq
import threading
import time
from datetime import datetime, timedelta, timezone
from typing import Iterable, Iterator

from chalicelib.storage import debates_repo, keys
from chalicelib.storage.models import Counter, Debate, Entity, Post
from chalicelib.storage.posts_repo import post_key
from chalicelib.storage.summary_models import ActivityEvent, ImportDays, Summary, SummaryState
from chalicelib.storage.transactions import ConditionFailed, conditional

# --- finding debates with activity ------------------------------------------------------------------------------


def debate_slugs() -> Iterator[str]:
    """Every debate listed in gsi1: DEBATES#public and DEBATES#private (two Queries, paginated)."""
    for partition in (keys.PUBLIC_DEBATES, keys.PRIVATE_DEBATES):
        for debate in Debate.gsi1.query(partition, attributes_to_get=["pk", "sk", "slug"]):
            yield debate.slug


def debate_activity(slug: str) -> tuple[Debate | None, str, str]:
    """One Query on D#{slug} (META and counter shards): the debate, and the latest last_activity and
    last_vote_activity over the shards ("" when none)."""
    debate, last, last_vote = None, "", ""
    for item in Entity.query(keys.debate(slug), consistent_read=True):
        if isinstance(item, Debate):
            debate = item
        elif isinstance(item, Counter):
            last = max(last, item.last_activity or "")
            last_vote = max(last_vote, item.last_vote_activity or "")
    return debate, last, last_vote


# Ballots: the debate's counter shards all live in one partition (D#{slug}), which takes about 1,000 writes per
# second; ballots are designed for 10,000 per second (docs/data-model.md, "Votes"). So a ballot's transaction marks
# the debate's vote activity at most once per VOTE_MARK_SECONDS per container, and the summarizer looks
# VOTE_MARK_SECONDS back from that mark (every unmarked ballot follows a committed mark of the same container by less
# than that).
VOTE_MARK_SECONDS = 60.0
_vote_marks: dict[str, float] = {}
_vote_marks_lock = threading.Lock()


def vote_activity_marker(slug: str, now: str):
    """(model, actions) to add to a ballot's transaction, or None if this container marked this debate recently."""
    with _vote_marks_lock:
        if time.monotonic() - _vote_marks.get(slug, -1e9) < VOTE_MARK_SECONDS:
            return None
    return debates_repo.counter_update(slug, last_vote_activity=now)


def vote_activity_marked(slug: str) -> None:
    """Called once the transaction that carried the marker committed."""
    with _vote_marks_lock:
        _vote_marks[slug] = time.monotonic()


# --- events ------------------------------------------------------------------------------------------------------


def _shard_events(slug: str, day: str, shard, after: str, page_size: int) -> Iterator[ActivityEvent]:
    """Query one day-shard partition for sk > after, ascending, by pages (consistent: a run must not miss what a
    committed transaction wrote)."""
    condition = ActivityEvent.sk > after if after else None
    yield from ActivityEvent.query(keys.events(slug, day, shard), condition, consistent_read=True,
                                   page_size=page_size)


def events_of_day(slug: str, day: str, after: str = "", *, votes: bool = False,
                  page_size: int = 2000) -> Iterator[ActivityEvent]:
    """A day's events after the sort key `after`, in time order: the day's shards merged as they are read
    (one Query per shard, paginated), so memory holds a page per shard, not the day."""
    shards: list = list(range(keys.EVENT_SHARDS))
    if votes:
        shards += [keys.vote_event_shard(n) for n in range(keys.VOTE_EVENT_SHARDS)]
    streams = [_shard_events(slug, day, shard, after, page_size) for shard in shards]
    yield from heapq.merge(*streams, key=lambda e: e.sk)


def put_import_days(slug: str, source: str, days: Iterable[str], imported_at: str) -> None:
    ImportDays(keys.summaries(slug), keys.import_days_sk(source), days=sorted(set(days)),
               imported_at=imported_at).save()


def import_days(slug: str) -> list[ImportDays]:
    return list(ImportDays.query(keys.summaries(slug), ImportDays.sk.startswith("IMPORT#"), consistent_read=True))


# --- state -------------------------------------------------------------------------------------------------------


def get_state(slug: str) -> SummaryState | None:
    try:
        return SummaryState.get(keys.summaries(slug), keys.SUMMARY_STATE_SK, consistent_read=True)
    except SummaryState.DoesNotExist:
        return None


def _state_condition(expected_version: int | None):
    return (SummaryState.pk.does_not_exist() if expected_version is None
            else SummaryState.version == expected_version)


def commit_run(summary: Summary, state: SummaryState, expected_version: int | None) -> None:
    """The run's Summary and the state naming it, in one transaction: a run cut off before it commits leaves no
    summary behind, and of two runs of one debate only one commits (the state's version as read; the summary's id
    not taken). ConditionFailed otherwise."""
    from chalicelib.storage.transactions import transaction

    with transaction() as tx:
        tx.put("summary", summary, condition=Summary.pk.does_not_exist())
        tx.put("state", state, condition=_state_condition(expected_version))


def save_state(state: SummaryState, expected_version: int | None, bump: bool = False) -> None:
    """PutItem conditioned on the version read at the start of the run (absent for a first run): of two runs of
    the same debate, only one commits. ConditionFailed otherwise. `bump`: the item was read, give it the next
    version."""
    condition = _state_condition(expected_version)
    if bump:
        state.version = (expected_version or 0) + 1
    with conditional():
        state.save(condition=condition)


# --- summaries ---------------------------------------------------------------------------------------------------

SUMMARY_ATTRIBUTES = ["pk", "sk", "summary_id", "created_at", "cutoff", "caught_up", "daily", "size"]


def summaries_before(slug: str, summary_id: str) -> Iterator[Summary]:
    """Every stored summary older than this one, with its body, newest first (one Query, in pages)."""
    yield from Summary.query(keys.summaries(slug), Summary.sk.between("S#", keys.summary_sk(summary_id)),
                             scan_index_forward=False, page_size=10)


def replace_summary_body(summary: Summary, body: bytes) -> None:
    """A stored summary rewritten without what it may no longer show (kept only if it still exists)."""
    try:
        with conditional():
            summary.update(actions=[Summary.body.set(body)], condition=Summary.pk.exists())
    except ConditionFailed:
        pass


def get_summary(slug: str, summary_id: str) -> Summary | None:
    try:
        return Summary.get(keys.summaries(slug), keys.summary_sk(summary_id))
    except Summary.DoesNotExist:
        return None


def latest_summary(slug: str) -> Summary | None:
    """Query D#{slug}#SUM, sk begins_with S#, descending, Limit 1."""
    for summary in Summary.query(keys.summaries(slug), Summary.sk.startswith("S#"), scan_index_forward=False,
                                 limit=1):
        return summary
    return None


def list_summaries(slug: str, limit: int, start_key: dict | None) -> tuple[list[Summary], dict | None]:
    """Newest first, without their bodies (ProjectionExpression)."""
    result = Summary.query(keys.summaries(slug), Summary.sk.startswith("S#"), scan_index_forward=False, limit=limit,
                           last_evaluated_key=start_key, attributes_to_get=SUMMARY_ATTRIBUTES)
    items = list(result)
    return items, result.last_evaluated_key


def expire_summary(slug: str, summary_id: str, days: int) -> None:
    """Give a superseded hourly summary a TTL (the first of each day and the latest are kept)."""
    expires = datetime.now(timezone.utc) + timedelta(days=days)
    try:
        with conditional():
            Summary(keys.summaries(slug), keys.summary_sk(summary_id)).update(
                actions=[Summary.expires_at.set(expires)], condition=Summary.pk.exists())
    except ConditionFailed:
        pass


# --- posts, read for the summary -----------------------------------------------------------------------------------

POST_ATTRIBUTES = ["pk", "sk", "post_id", "thread_id", "parent_id", "idea_id", "body_text", "language", "state",
                   "statement", "created_at", "lsi1sk", "reply_count"]


def posts_by_id(slug: str, post_ids: Iterable[str]) -> dict[str, Post]:
    """BatchGetItem (PynamoDB sends 100 keys per request), only the attributes a summary needs."""
    wanted = list(dict.fromkeys(post_ids))
    found: dict[str, Post] = {}
    for start in range(0, len(wanted), 100):
        for post in Post.batch_get([post_key(slug, pid) for pid in wanted[start:start + 100]],
                                   attributes_to_get=POST_ATTRIBUTES):
            found[post.post_id] = post
    return found


def reset_state(slug: str) -> None:
    """After an import wrote events in the past: the next run starts over from the first event (a full run). The
    item stays (its version and generation let that run commit and clean up), its watermark and small state go."""
    try:
        with conditional():
            SummaryState(keys.summaries(slug), keys.SUMMARY_STATE_SK).update(
                actions=[SummaryState.watermark.set(""), SummaryState.cutoff.set(""), SummaryState.payload.remove(),
                         SummaryState.version.add(1)], condition=SummaryState.pk.exists())
    except ConditionFailed:
        pass


def record_import(slug: str, source: str, days: Iterable[str], imported_at: str) -> None:
    """An import's events are in the past: list their days for the next run, and make that run a full one."""
    put_import_days(slug, source, days, imported_at)
    reset_state(slug)


def put_suggestion(extract) -> bool:
    """A machine-suggested extract (state submitted: counted nowhere, so no transaction): PutItem only if absent.
    False if the same passage was already suggested or harvested."""
    from chalicelib.storage.models import Extract

    try:
        with conditional():
            extract.save(condition=Extract.pk.does_not_exist())
    except ConditionFailed:
        return False
    return True
