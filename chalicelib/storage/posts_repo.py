"""Access patterns on posts, reactions and stances. Counts move in the same transaction as the fact they count."""
from __future__ import annotations

from typing import Iterable

from pynamodb.expressions.condition import Condition

from chalicelib.domain import clock
from chalicelib.storage import debates_repo, idempotency_repo, ideas_repo, keys, members_repo
from chalicelib.storage.models import Debate, Entity, Idea, Mark, Pointer, Post
from chalicelib.storage.summary_models import activity_event, content_event
from chalicelib.storage.transactions import transaction

REACTION_ATTRIBUTES = {"like": Post.r_like, "disagree": Post.r_disagree,
                       "dont_understand": Post.r_dont_understand, "more_info": Post.r_more_info}
STANCE_ATTRIBUTES = {"agree": Post.s_agree, "disagree": Post.s_disagree, "pass": Post.s_pass}


def split_post_id(post_id: str) -> tuple[str, str]:
    """A top post's id is its thread id; a reply's id is '{thread_id}.{own_id}'."""
    thread_id, _, own = post_id.partition(".")
    return thread_id, own or thread_id


def post_key(slug: str, post_id: str) -> tuple[str, str]:
    thread_id, own = split_post_id(post_id)
    return keys.thread(slug, thread_id), keys.post_sk(own)


def get_post(slug: str, post_id: str, consistent: bool = False) -> Post | None:
    try:
        return Post.get(*post_key(slug, post_id), consistent_read=consistent)
    except Post.DoesNotExist:
        return None


def list_idea_posts(slug: str, idea_id: str, limit: int, start_key: dict | None) -> tuple[list[Post], dict | None]:
    """Query gsi1 D#{slug}#I#{idea_id}, newest first. Only listed top posts are in that index."""
    result = Post.gsi1.query(keys.idea_posts(slug, idea_id), scan_index_forward=False, limit=limit,
                             last_evaluated_key=start_key)
    items = list(result)
    return items, result.last_evaluated_key


def load_subtree(slug: str, post: Post) -> list[Post]:
    """Query lsi1 on the thread partition: the post and all its descendants, depth-first, in one query."""
    return list(Post.lsi1.query(post.pk, Post.lsi1sk.startswith(post.lsi1sk), consistent_read=True))


def marks_in_thread(slug: str, user_id: str, thread_id: str) -> list[Mark]:
    """Query D#{slug}#M#{user} for X#{thread_id}...: the caller's reactions and stances in one thread."""
    return list(Mark.query(keys.member(slug, user_id), Mark.sk.startswith(f"X#{thread_id}")))


def marks_for_posts(slug: str, user_id: str, post_ids: Iterable[str]) -> list[Mark]:
    """BatchGet of the caller's possible marks on a page of posts (5 keys per post)."""
    pk = keys.member(slug, user_id)
    wanted = [(pk, keys.mark_sk(pid, kind)) for pid in post_ids for kind in [*REACTION_ATTRIBUTES, "stance"]]
    return list(Mark.batch_get(wanted)) if wanted else []


def get_mark(slug: str, user_id: str, post_id: str, kind: str) -> Mark | None:
    try:
        return Mark.get(keys.member(slug, user_id), keys.mark_sk(post_id, kind), consistent_read=True)
    except Mark.DoesNotExist:
        return None


def request_fingerprint(post: Post) -> str:
    return idempotency_repo.fingerprint(post.parent_id, post.idea_id, post.statement, post.language,
                                        post.body_source)


def _contribution(tx, slug: str, user_id: str, first_contribution: bool, now: str, **counts: int) -> None:
    """Counter shard (+ participants on a first contribution; always its last_activity, which the summarizer
    reads) and the member's contribution marker."""
    if first_contribution:
        member, actions, condition = members_repo.contribution_marker(slug, user_id, now)
        tx.update("member", member, actions, condition=condition)
        counts["participants"] = 1
    shard, actions = debates_repo.counter_update(slug, last_activity=now, **counts)
    tx.update("counter", shard, actions)


def insert_post(post: Post, *, slug: str, idea_id: str, first_contribution: bool, idempotency_key: str | None,
                contributor_n: int | None, now: str) -> None:
    """One transaction: a check that the debate is open, the post, its idempotency record, the parent's reply
    count, the idea's counts (posts, contributors: the author's count in the idea, conditioned on the value read),
    the member's first-contribution marker and the debate's counter (ConditionFailed names them: debate, post,
    idempotency, parent, contributor, idea, member)."""
    published = post.state == "published"
    with transaction() as tx:
        tx.check("debate", Debate, keys.debate(slug), keys.DEBATE_META, condition=Debate.status == "open")
        members_repo.check_account_active(tx, post.author_id)
        tx.put("post", post, condition=Post.pk.does_not_exist())
        tx.put("authored", Pointer(keys.member(slug, post.author_id), keys.authored_sk(post.post_id),
                                   ref_pk=post.pk, ref_sk=post.sk, at=now))
        if post.state == "pending":
            from chalicelib.storage.moderation_repo import queue_entry

            entry = queue_entry(slug, post)
            entry.pending = True
            tx.put("queue", entry)
        if idempotency_key:
            idempotency_repo.put_in(tx, idempotency_repo.new_record(
                keys.member(slug, post.author_id), keys.idempotency_sk(idempotency_key), post.post_id,
                request_fingerprint(post)))
        if post.parent_id:
            parent = Post(*post_key(slug, post.parent_id))
            tx.update("parent", parent, [Post.reply_count.add(1 if published else 0)],
                      condition=Post.pk.exists() & Post.state.is_in("published"))
        if published:
            contributors = ideas_repo.contributor_update(tx, slug, idea_id, post.author_id, 1, contributor_n,
                                                         "contributor")
            model, actions, condition = ideas_repo.counts_update(slug, idea_id, posts=1, contributors=contributors)
            tx.update("idea", model, actions, condition=condition)
        _contribution(tx, slug, post.author_id, first_contribution, now, posts=1 if published else 0)
        tx.put("event", activity_event(slug, "reply" if post.parent_id else "post", post.author_id, now,
                                       idea_id=idea_id, thread_id=post.thread_id, post_id=post.post_id))


def update_post_fields(slug: str, post: Post, actions: list, condition: Condition | None = None) -> None:
    post.update(actions=actions, condition=condition)


def edit_post(slug: str, post: Post, actions: list, condition: Condition, *, idea_id: str) -> None:
    """New text for a post, with the content event that makes the next summary stop quoting the old one."""
    now = clock.now_iso()
    with transaction() as tx:
        tx.update("post", post, actions, condition=condition)
        _content_changed(tx, slug, post, idea_id, "edited", now)


def _content_changed(tx, slug: str, post: Post, idea_id: str, change: str, now: str, *, mark: bool = True) -> None:
    """mark: also set the debate's last_activity, which the summarizer looks for (False when the transaction
    already updates a counter shard with it: one item appears once in a transaction)."""
    tx.put("event", content_event(slug, post, idea_id, change, now))
    if mark:
        shard, actions = debates_repo.counter_update(slug, last_activity=now)
        tx.update("activity", shard, actions)


def change_post_state(slug: str, post: Post, new_state: str, extra_actions: list, *, listed: bool, idea_id: str,
                      contributor_n: int | None, audit=None, dequeue: bool = False) -> None:
    """Move a post between states in one transaction that keeps the idea (posts, contributors), parent and debate
    counts exact, takes it off the moderation queue, records the audit entry and the content event (summaries quote
    published posts only). The condition on the old state makes two concurrent moderations count once."""
    was_published = post.state == "published"
    delta = (1 if new_state == "published" else 0) - (1 if was_published else 0)
    actions = [Post.state.set(new_state), *extra_actions]
    if listed and post.parent_id is None:
        actions += [Post.gsi1pk.set(keys.idea_posts(slug, idea_id)),
                    Post.gsi1sk.set(f"{post.created_at}#{post.post_id}")]
    elif post.parent_id is None:
        actions += [Post.gsi1pk.remove(), Post.gsi1sk.remove()]
    with transaction() as tx:
        tx.update("post", post, actions, condition=Post.state == post.state)
        now = clock.now_iso()
        # "approved": a pending post's text is new to the summaries; a post published again was counted once already
        change = "approved" if new_state == "published" and post.state == "pending" else new_state
        _content_changed(tx, slug, post, idea_id, change, now, mark=not delta)
        if audit is not None:
            tx.put("audit", audit)
        if dequeue:
            from chalicelib.storage.moderation_repo import queue_entry

            tx.delete("queue", queue_entry(slug, post))
        if delta:
            if post.parent_id:
                tx.update("parent", Post(*post_key(slug, post.parent_id)), [Post.reply_count.add(delta)],
                          condition=Post.pk.exists())
            contributors = ideas_repo.contributor_update(tx, slug, idea_id, post.author_id, delta, contributor_n,
                                                         "contributor")
            model, idea_actions, condition = ideas_repo.counts_update(slug, idea_id, posts=delta,
                                                                      contributors=contributors)
            tx.update("idea", model, idea_actions, condition=condition)
            shard, counter_actions = debates_repo.counter_update(slug, posts=delta, last_activity=now)
            tx.update("counter", shard, counter_actions)


def _countable(post_pk: str, post_sk: str) -> tuple[Post, Condition]:
    return Post(post_pk, post_sk), Post.pk.exists() & (Post.state == "published")


def _thread_in_idea(tx, slug: str, post_id: str, idea_id: str, post_condition: Condition) -> Condition:
    """Reactions count in the idea of the post's thread: the thread must still be there when we write."""
    thread_id, own = split_post_id(post_id)
    if own == thread_id:
        return post_condition & (Post.idea_id == idea_id)
    tx.check("thread", Post, keys.thread(slug, thread_id), keys.post_sk(thread_id), condition=Post.idea_id == idea_id)
    return post_condition


def add_reaction(slug: str, user_id: str, post_id: str, kind: str, *, idea_id: str, now: str) -> None:
    """Mark (only if absent) + post and idea counts, atomically. ConditionFailed "mark": already set."""
    post, condition = _countable(*post_key(slug, post_id))
    with transaction() as tx:
        members_repo.check_account_active(tx, user_id)
        tx.put("mark", Mark(keys.member(slug, user_id), keys.mark_sk(post_id, kind), value=kind, at=now),
               condition=Mark.pk.does_not_exist())
        tx.update("post", post, [REACTION_ATTRIBUTES[kind].add(1)],
                  condition=_thread_in_idea(tx, slug, post_id, idea_id, condition))
        model, actions, idea_condition = ideas_repo.counts_update(slug, idea_id, reactions=1)
        tx.update("idea", model, actions, condition=idea_condition)
        shard, counter_actions = debates_repo.counter_update(slug, last_activity=now)
        tx.update("counter", shard, counter_actions)
        tx.put("event", activity_event(slug, "reaction", user_id, now, idea_id=idea_id,
                                       thread_id=split_post_id(post_id)[0], post_id=post_id, value=kind))


def remove_reaction(slug: str, user_id: str, post_id: str, kind: str, *, idea_id: str) -> None:
    """Delete the mark (only if present) and decrement, atomically. ConditionFailed "mark": not set."""
    post_pk, post_sk = post_key(slug, post_id)
    with transaction() as tx:
        tx.delete("mark", Mark(keys.member(slug, user_id), keys.mark_sk(post_id, kind)), condition=Mark.pk.exists())
        tx.update("post", Post(post_pk, post_sk), [REACTION_ATTRIBUTES[kind].add(-1)],
                  condition=_thread_in_idea(tx, slug, post_id, idea_id, Post.pk.exists()))
        model, actions, idea_condition = ideas_repo.counts_update(slug, idea_id, reactions=-1)
        tx.update("idea", model, actions, condition=idea_condition)


def move_thread(slug: str, root: Post, thread_posts: list[Post], to_idea: str,
                contributor_n: dict[tuple[str, str], int | None]) -> None:
    """Move a whole thread to another idea in one transaction: the root's idea and listing key, both ideas'
    post, reaction and contributor counts, and each author's per-idea counts (conditioned on the values read).
    Replies keep their stored idea_id; a reply's idea is always its thread root's (services read it there)."""
    from_idea = root.idea_id
    published = [p for p in thread_posts if p.state == "published"]
    reactions = sum(int(getattr(p, f"r_{kind}") or 0) for p in thread_posts for kind in REACTION_ATTRIBUTES)
    per_author: dict[str, int] = {}
    for p in published:
        per_author[p.author_id] = per_author.get(p.author_id, 0) + 1
    actions = [Post.idea_id.set(to_idea)]
    if root.gsi1pk:
        actions.append(Post.gsi1pk.set(keys.idea_posts(slug, to_idea)))
    with transaction() as tx:
        tx.update("root", root, actions, condition=Post.idea_id == from_idea)
        lost = gained = 0
        for author, count in per_author.items():
            lost -= ideas_repo.contributor_update(tx, slug, from_idea, author, -count,
                                                  contributor_n[(from_idea, author)], f"from:{author}")
            gained += ideas_repo.contributor_update(tx, slug, to_idea, author, count,
                                                    contributor_n[(to_idea, author)], f"to:{author}")
        model, old_actions, _ = ideas_repo.counts_update(slug, from_idea, posts=-len(published),
                                                         contributors=-lost, reactions=-reactions)
        if old_actions:
            tx.update("from_idea", model, old_actions)
        model, new_actions, condition = ideas_repo.counts_update(slug, to_idea, posts=len(published),
                                                                 contributors=gained, reactions=reactions)
        tx.update("to_idea", model, new_actions or [Idea.post_count.add(0)], condition=condition)
        now = clock.now_iso()
        tx.put("event_from", content_event(slug, root, from_idea, "moved", now))
        _content_changed(tx, slug, root, to_idea, "moved", now)


def put_stance(slug: str, user_id: str, post_id: str, value: str, previous: str | None, *,
               first_contribution: bool, now: str, idea_id: str | None = None) -> None:
    """Set the stance, conditioned on the previous value we read, and move the counts. A concurrent change
    makes the "mark" condition fail and the caller re-reads and tries again."""
    post, condition = _countable(*post_key(slug, post_id))
    mark = Mark(keys.member(slug, user_id), keys.mark_sk(post_id, "stance"), value=value, at=now)
    mark_condition = Mark.pk.does_not_exist() if previous is None else (Mark.value == previous)
    actions = [STANCE_ATTRIBUTES[value].add(1)]
    if previous is not None:
        actions.append(STANCE_ATTRIBUTES[previous].add(-1))
    with transaction() as tx:
        members_repo.check_account_active(tx, user_id)
        tx.put("mark", mark, condition=mark_condition)
        tx.update("post", post, actions, condition=condition & (Post.statement == True))  # noqa: E712
        _contribution(tx, slug, user_id, first_contribution, now, stances=1 if previous is None else 0)
        tx.put("event", activity_event(slug, "stance", user_id, now, idea_id=idea_id,
                                       thread_id=split_post_id(post_id)[0], post_id=post_id, value=value))


def batch_write(items: Iterable[Entity]) -> int:
    """BatchWriteItem in groups of 25 (PynamoDB retries unprocessed items). Returns the number written."""
    count = 0
    by_model: dict[type, list[Entity]] = {}
    for item in items:
        by_model.setdefault(type(item), []).append(item)
    for model, group in by_model.items():
        with model.batch_write() as batch:
            for item in group:
                batch.save(item)
                count += 1
    return count


def put_if_absent(item: Entity) -> bool:
    from chalicelib.storage.transactions import ConditionFailed, conditional
    try:
        with conditional():
            item.save(condition=type(item).pk.does_not_exist())
    except ConditionFailed:
        return False
    return True


