"""Access patterns on extracts. Idea and debate extract counts move in the same transaction as the extract."""
from __future__ import annotations

from chalicelib.domain.extracts import QUOTABLE_STATES
from chalicelib.storage import debates_repo, keys
from chalicelib.storage.batch import batch_get_raw
from chalicelib.storage.models import Extract, Idea, Pointer, Post
from chalicelib.storage.posts_repo import post_key, split_post_id
from chalicelib.storage.transactions import transaction


def extract_key(slug: str, extract_id: str) -> tuple[str, str]:
    post_id, _, digest = extract_id.partition("~")
    thread_id, own = split_post_id(post_id)
    return keys.thread(slug, thread_id), keys.extract_sk(own, digest)


def get_extract(slug: str, extract_id: str) -> Extract | None:
    try:
        return Extract.get(*extract_key(slug, extract_id), consistent_read=True)
    except Extract.DoesNotExist:
        return None


def extracts_of_thread(slug: str, thread_id: str) -> list[Extract]:
    """Query D#{slug}#T#{thread}, sk begins_with E#: every extract of every post of the thread."""
    return list(Extract.query(keys.thread(slug, thread_id), Extract.sk.startswith("E#")))


def extracts_of_post(slug: str, post_id: str) -> list[Extract]:
    thread_id, own = split_post_id(post_id)
    return list(Extract.query(keys.thread(slug, thread_id), Extract.sk.startswith(f"E#{own}#")))


def extracts_of_idea(slug: str, idea_id: str, limit: int, start_key: dict | None,
                     state: str = "published") -> tuple[list[Extract], dict | None]:
    """Query gsi1 of the idea's list of extracts in this state (published D#{slug}#IE#{idea}, submitted
    D#{slug}#IS#{idea}, rejected D#{slug}#IR#{idea}), oldest first (the order a synthesis reads them).
    One item more than the page is read, so the cursor is given only when more remain (DynamoDB gives a
    LastEvaluatedKey whenever the limit is reached, which would end a list with an empty page)."""
    result = Extract.gsi1.query(keys.extract_listing(slug, idea_id, state), limit=limit + 1,
                                last_evaluated_key=start_key)
    items = list(result)
    if len(items) <= limit:
        return items, None
    last = items[limit - 1]
    return items[:limit], {"pk": {"S": last.pk}, "sk": {"S": last.sk}, "gsi1pk": {"S": last.gsi1pk},
                           "gsi1sk": {"S": last.gsi1sk}}


def quoted_posts(slug: str, post_ids) -> dict[str, tuple[str, str]]:
    """post id -> (state, body_text) of the posts that exist, to measure each extract (or citation) against its post
    as it is now: one BatchGetItem per 100 posts (a page of extracts quotes at most 100)."""
    wanted = {post_key(slug, post_id): post_id for post_id in post_ids}
    keys = list(wanted)
    found = {}
    for at in range(0, len(keys), 100):
        for raw in batch_get_raw(keys[at:at + 100], attributes=("state", "body_text")):
            post_id = wanted[(raw["pk"]["S"], raw["sk"]["S"])]
            found[post_id] = (raw.get("state", {}).get("S"), raw.get("body_text", {}).get("S", ""))
    return found


def _counted(state: str) -> int:
    return 1 if state == "published" else 0


def harvest_pointer(slug: str, user_id: str, extract: Extract, at: str) -> Pointer:
    """Under the person's member partition: this extract names them (as its harvester or its reviewer)."""
    return Pointer(keys.member(slug, user_id), keys.harvested_sk(extract.extract_id), ref_pk=extract.pk,
                   ref_sk=extract.sk, at=at)


def insert_extract(slug: str, extract: Extract) -> None:
    """Transaction: the extract (unique: its key is its de-duplication hash), the post still published, the idea's
    and the debate's counts. ConditionFailed names: extract (duplicate), post (gone), idea (gone)."""
    post_pk, post_sk = extract.pk, keys.post_sk(split_post_id(extract.post_id)[1])
    with transaction() as tx:
        tx.put("extract", extract, condition=Extract.pk.does_not_exist())
        if not extract.machine:
            tx.put("harvested", harvest_pointer(slug, extract.harvester_id, extract, extract.created_at))
        tx.check("post", Post, post_pk, post_sk, condition=Post.state.is_in(*QUOTABLE_STATES))
        idea = Idea(keys.ideas(slug), keys.idea_sk(extract.idea_id))
        tx.update("idea", idea, [Idea.extract_count.add(_counted(extract.state))], condition=Idea.pk.exists())
        if _counted(extract.state):
            shard, actions = debates_repo.counter_update(slug, extracts=1)
            tx.update("counter", shard, actions)


def change_extract(slug: str, extract: Extract, actions: list, *, new_state: str | None = None,
                   new_idea_id: str | None = None, reviewer_id: str | None = None, now: str = "",
                   quotable: bool = False) -> None:
    """Update an extract (conditioned on its current state and idea) and move the counts it implies. quotable (a
    suggestion confirmed): the extract must not be orphaned and its post may still be quoted, as in a harvest
    (ConditionFailed names: extract, post)."""
    state = new_state or extract.state
    idea_id = new_idea_id or extract.idea_id
    all_actions = list(actions)
    if new_state:
        all_actions.append(Extract.state.set(new_state))
    if new_idea_id:
        all_actions.append(Extract.idea_id.set(new_idea_id))
    if new_state or new_idea_id:  # the extract moves to the list of its new state and idea in the same write
        all_actions.append(Extract.gsi1pk.set(keys.extract_listing(slug, idea_id, state)))
    before, after = _counted(extract.state), _counted(state)
    condition = (Extract.state == extract.state) & (Extract.idea_id == extract.idea_id)
    with transaction() as tx:
        if quotable:
            condition &= Extract.orphaned.does_not_exist() | (Extract.orphaned == False)  # noqa: E712
            tx.check("post", Post, *post_key(slug, extract.post_id), condition=Post.state.is_in(*QUOTABLE_STATES))
        tx.update("extract", extract, all_actions, condition=condition)
        if reviewer_id:
            tx.put("reviewed", harvest_pointer(slug, reviewer_id, extract, now))
        if idea_id != extract.idea_id:
            if before:
                tx.update("old_idea", Idea(keys.ideas(slug), keys.idea_sk(extract.idea_id)),
                          [Idea.extract_count.add(-1)])
            tx.update("idea", Idea(keys.ideas(slug), keys.idea_sk(idea_id)), [Idea.extract_count.add(after)],
                      condition=Idea.pk.exists())
        elif before != after:
            tx.update("idea", Idea(keys.ideas(slug), keys.idea_sk(idea_id)), [Idea.extract_count.add(after - before)])
        if before != after:
            shard, counter_actions = debates_repo.counter_update(slug, extracts=after - before)
            tx.update("counter", shard, counter_actions)


def delete_extract(slug: str, extract: Extract) -> None:
    with transaction() as tx:
        tx.delete("extract", extract, condition=Extract.state == extract.state)
        if _counted(extract.state):
            tx.update("idea", Idea(keys.ideas(slug), keys.idea_sk(extract.idea_id)), [Idea.extract_count.add(-1)])
            shard, actions = debates_repo.counter_update(slug, extracts=-1)
            tx.update("counter", shard, actions)


def save_anchors(post: Post, changes: list[tuple[Extract, int | None, int | None, bool]]) -> None:
    """After an edit: the post and its quotations' new anchors (or orphaned flags) in one transaction."""
    with transaction() as tx:
        for extract, start, end, orphaned in changes[:99]:
            actions = [Extract.orphaned.set(orphaned)]
            if start is not None:
                actions += [Extract.start.set(start), Extract.end.set(end)]
            tx.update(extract.extract_id, extract, actions, condition=Extract.pk.exists())
