"""Flags, the moderation queue and the audit log. The server alone decides a post's state."""
from __future__ import annotations

from chalicelib.domain import clock, ids
from chalicelib.errors import Conflict, NotFound
from chalicelib.services import access as access_service
from chalicelib.services.identity import Caller
from chalicelib.services.presenters import post_view
from chalicelib.storage import moderation_repo, posts_repo, users_repo
from chalicelib.storage.transactions import ConditionFailed, retrying


def flag(slug: str, caller: Caller | None, post_id: str, reason: str) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("react")
    thread_id, own = posts_repo.split_post_id(post_id)
    post = posts_repo.get_post(slug, post_id, consistent=True) if ids.is_id(thread_id) and ids.is_id(own) else None
    if post is None or post.state != "published":
        raise NotFound("No published post has this id in this debate.")
    if post.author_id == me.user_id:
        raise Conflict("You cannot flag your own post; edit or delete it instead.", code="own_post")
    try:
        retrying(lambda: moderation_repo.flag_post(slug, me.user_id, post, reason, clock.now_iso()))
    except ConditionFailed as failure:
        if "mark" not in failure.failed:
            raise NotFound("No published post has this id in this debate.") from None
    return {"flagged": True}


def queue(slug: str, caller: Caller | None, limit: int, start_key: dict | None):
    access = access_service.load(slug, caller)
    access.require("moderate")
    entries, last = moderation_repo.queue(slug, limit, start_key)
    posts = {p.post_id: p for p in (posts_repo.get_post(slug, e.post_id) for e in entries) if p is not None}
    items = []
    for entry in entries:
        post = posts.get(entry.post_id)
        if post is None:
            continue
        items.append({"post": post_view(post), "pending": bool(entry.pending), "flags": int(entry.flags or 0),
                      "reasons": sorted(entry.reasons or [])})
    return items, last


def audit_log(slug: str, caller: Caller | None, limit: int, start_key: dict | None):
    access = access_service.load(slug, caller)
    access.require("administer")
    entries, last = moderation_repo.audit_log(slug, limit, start_key)
    names = {}
    for actor in {e.actor_id for e in entries}:
        user = users_repo.get_user(actor)
        names[actor] = user.display_name if user else None
    return [{"at": e.at, "actor": {"id": e.actor_id, "display_name": names.get(e.actor_id)}, "action": e.action,
             "target": e.target, "details": e.details.as_dict() if e.details else {}} for e in entries], last


def record(slug: str, actor_id: str, action: str, target: str, details: dict | None = None) -> None:
    moderation_repo.record(slug, moderation_repo.audit_entry(slug, actor_id, action, target, clock.now_iso(), details))
