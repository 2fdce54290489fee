"""Access patterns of moderation: the queue of posts waiting for a moderator, flags, and the audit log."""
from __future__ import annotations

from chalicelib.domain import ids
from chalicelib.storage import keys, members_repo
from chalicelib.storage.models import AuditEntry, Mark, Post, QueueEntry
from chalicelib.storage.posts_repo import post_key
from chalicelib.storage.transactions import transaction


def queue_entry(slug: str, post: Post) -> QueueEntry:
    return QueueEntry(keys.moderation_queue(slug), f"{post.created_at}#{post.post_id}", post_id=post.post_id)


def audit_entry(slug: str, actor_id: str, action: str, target: str, at: str, details: dict | None = None):
    return AuditEntry(keys.audit(slug), f"{at}#{ids.new_id()}", at=at, actor_id=actor_id, action=action,
                      target=target, details=details)


def flag_post(slug: str, user_id: str, post: Post, reason: str, at: str) -> None:
    """One flag per person per post (the mark's key), the post's flag count and its queue entry, atomically."""
    entry = queue_entry(slug, post)
    with transaction() as tx:
        members_repo.check_account_active(tx, user_id)  # a flag in flight when the account is deleted: 401
        tx.put("mark", Mark(keys.member(slug, user_id), keys.mark_sk(post.post_id, "flag"), value=reason, at=at),
               condition=Mark.pk.does_not_exist())
        tx.update("post", Post(*post_key(slug, post.post_id)), [Post.flag_count.add(1)],
                  condition=Post.state == "published")
        tx.update("queue", entry, [QueueEntry.type.set(QueueEntry), QueueEntry.post_id.set(post.post_id),
                                   QueueEntry.flags.add(1), QueueEntry.reasons.add({reason})])


def keep_published(slug: str, post: Post, audit) -> None:
    """A moderator looked at a flagged post and kept it: off the queue, flags reset, the decision recorded."""
    with transaction() as tx:
        tx.update("post", Post(*post_key(slug, post.post_id)), [Post.flag_count.set(0)],
                  condition=Post.state == "published")
        tx.delete("queue", queue_entry(slug, post))
        tx.put("audit", audit)


def queue(slug: str, limit: int, start_key: dict | None) -> tuple[list[QueueEntry], dict | None]:
    """Oldest first: the order a moderator should work in."""
    result = QueueEntry.query(keys.moderation_queue(slug), limit=limit, last_evaluated_key=start_key)
    items = list(result)
    return items, result.last_evaluated_key


def audit_log(slug: str, limit: int, start_key: dict | None) -> tuple[list[AuditEntry], dict | None]:
    result = AuditEntry.query(keys.audit(slug), scan_index_forward=False, limit=limit, last_evaluated_key=start_key)
    items = list(result)
    return items, result.last_evaluated_key


def record(slug: str, entry: AuditEntry) -> None:
    entry.save()
