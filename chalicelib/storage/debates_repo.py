"""Access patterns on debates and their counters."""
from __future__ import annotations

import random
from typing import Any

from chalicelib.storage import keys
from chalicelib.storage.models import Counter, Debate, Entity
from chalicelib.storage.transactions import ConditionFailed, conditional


def get_debate(slug: str, consistent: bool = False) -> Debate | None:
    """GetItem D#{slug} / META."""
    try:
        return Debate.get(keys.debate(slug), keys.DEBATE_META, consistent_read=consistent)
    except Debate.DoesNotExist:
        return None


def get_debate_with_counts(slug: str) -> tuple[Debate | None, dict[str, int]]:
    """One Query on D#{slug}: the META item and every counter shard, summed."""
    debate: Debate | None = None
    totals = {"posts": 0, "participants": 0, "stances": 0, "extracts": 0}
    for item in Entity.query(keys.debate(slug), consistent_read=False):
        if isinstance(item, Debate):
            debate = item
        elif isinstance(item, Counter):
            for name in totals:
                totals[name] += int(getattr(item, name) or 0)
    return debate, totals


def create_debate(debate: Debate) -> None:
    """PutItem, only if the slug is free."""
    with conditional():
        debate.save(condition=Debate.pk.does_not_exist())


def reserve_archived_slug(slug: str, at: str, archive_url: str | None) -> None:
    """PutItem D#{slug} / ARCHIVED (idempotent): the slug of an archived debate whose live items are deleted."""
    from chalicelib.storage.models import ArchivedSlug

    ArchivedSlug(keys.debate(slug), keys.ARCHIVED_SK, archived_at=at, archive_url=archive_url).save()


def save_debate(debate: Debate) -> None:
    """PutItem of the whole debate, only over the version it was read at (`rev`, which it increments): a
    concurrent change (another PATCH, an archive's address) fails it with ConditionFailed, and so does the
    debate's deletion; the caller reads again."""
    read_rev = debate.rev
    unchanged = Debate.rev.does_not_exist() if read_rev is None else Debate.rev == read_rev
    debate.rev = int(read_rev or 0) + 1
    try:
        with conditional():
            debate.save(condition=Debate.pk.exists() & unchanged)
    except ConditionFailed:
        debate.rev = read_rev
        raise


def list_public_debates(limit: int, start_key: dict[str, Any] | None) -> tuple[list[Debate], dict | None]:
    """Query gsi1 DEBATES#public, newest first."""
    result = Debate.gsi1.query(keys.PUBLIC_DEBATES, scan_index_forward=False, limit=limit,
                               last_evaluated_key=start_key)
    items = list(result)
    return items, result.last_evaluated_key


def counter_update(slug: str, *, posts: int = 0, participants: int = 0, stances: int = 0, extracts: int = 0,
                   last_activity: str | None = None, last_vote_activity: str | None = None):
    """(model, actions) adding to one random shard; used inside transactions. `last_activity`: the instant of a
    contribution, which lets the summarizer find debates with new activity without a Scan."""
    shard = Counter(keys.debate(slug), keys.counter_sk(random.randrange(keys.COUNTER_SHARDS)))
    actions = [Counter.type.set(Counter)]  # an ADD that creates the item must also type it
    if last_activity:
        actions.append(Counter.last_activity.set(last_activity))
    if last_vote_activity:
        actions.append(Counter.last_vote_activity.set(last_vote_activity))
    if posts:
        actions.append(Counter.posts.add(posts))
    if participants:
        actions.append(Counter.participants.add(participants))
    if stances:
        actions.append(Counter.stances.add(stances))
    if extracts:
        actions.append(Counter.extracts.add(extracts))
    return shard, actions


def set_archive_url(slug: str, url: str) -> None:
    with conditional():
        Debate(keys.debate(slug), keys.DEBATE_META).update(actions=[Debate.archive_url.set(url), Debate.rev.add(1)],
                                                            condition=Debate.pk.exists())


def set_import_counter(slug: str, source: str, *, posts: int, participants: int, stances: int,
                       extracts: int = 0, last_activity: str | None = None) -> None:
    """An import writes its totals into its own shard, absolutely, so that re-running it counts nothing twice."""
    Counter(keys.debate(slug), keys.counter_sk(f"import-{source}"), posts=posts, participants=participants,
            stances=stances, extracts=extracts, last_activity=last_activity).save()


__all__ = ["ConditionFailed", "get_debate", "get_debate_with_counts", "create_debate", "save_debate",
           "list_public_debates", "counter_update", "set_import_counter"]
