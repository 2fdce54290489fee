"""Storage items -> JSON for the API. The one place that decides what a reader may see of an item."""
from __future__ import annotations

from typing import Any

from chalicelib.domain.rate_limits import write_limits
from chalicelib.storage.models import Debate, Idea, Member, Post, User

REACTION_KINDS = ("like", "disagree", "dont_understand", "more_info")
STANCE_VALUES = ("agree", "disagree", "pass")


def _texts(value: Any) -> dict[str, str]:
    return dict(value.as_dict() if hasattr(value, "as_dict") else (value or {}))


def user_view(user: User, *, with_email: bool) -> dict[str, Any]:
    view = {"id": user.user_id, "display_name": user.display_name}
    if with_email:
        view["email"] = user.email
        view["platform_roles"] = list(user.platform_roles or [])
    return view


def consent_view(member: Member | None) -> dict[str, Any] | None:
    if member is None or not member.consent_version:
        return None
    return {"terms_version": member.consent_version, "accepted_at": member.consent_at}


def terms_view(debate: Debate) -> dict[str, Any] | None:
    terms = _texts(debate.terms) if debate.terms else None
    if not terms or not terms.get("version"):
        return None
    return {"version": terms["version"], "url": terms.get("url"), "text": dict(terms.get("text") or {})}


def debate_view(debate: Debate, *, counts: dict[str, int] | None = None, my_roles: list[str] | None = None,
                my_consent: dict[str, Any] | None = None):
    view = {
        "slug": debate.slug,
        "title": _texts(debate.title),
        "description": _texts(debate.description),
        "languages": list(debate.languages),
        "default_language": debate.default_language,
        "visibility": debate.visibility,
        "status": debate.status,
        "timezone": debate.timezone,
        "premoderation": bool(debate.premoderation),
        "write_limits": write_limits(debate.write_limit_overrides).as_dict(),
        "archive_url": debate.archive_url,
        "phases": [{"id": p.id, "name": _texts(p.name), "start": p.start, "end": p.end} for p in debate.phases or []],
        "attribution": debate.attribution,
        "source": _texts(debate.source) if debate.source else None,
        "created_at": debate.created_at,
        "terms": terms_view(debate),
        "on_account_deletion": debate.on_account_deletion or "anonymise",
    }
    if my_roles is not None:
        view["my_consent"] = my_consent
    if counts is not None:
        view["counts"] = counts
    if my_roles is not None:
        view["my_roles"] = my_roles
    return view


def my_debate_view(debate: Debate, member: Member | None, since: str | None) -> dict[str, Any]:
    """A debate in the list of the caller's own debates: what its card shows, and the caller's roles there."""
    return {"slug": debate.slug, "title": _texts(debate.title), "default_language": debate.default_language,
            "visibility": debate.visibility, "status": debate.status,
            "roles": list(member.roles or []) if member is not None else [], "since": since}


def member_view(member: Member, user: User | None, *, with_email: bool) -> dict[str, Any]:
    view = {"user_id": member.user_id, "roles": list(member.roles), "joined_at": member.joined_at,
            "display_name": user.display_name if user else None}
    if with_email and user is not None:
        view["email"] = user.email
    return view


def idea_view(idea: Idea) -> dict[str, Any]:
    return {"id": idea.idea_id, "parent_id": idea.parent_id, "order": float(idea.order),
            "title": _texts(idea.title), "description": _texts(idea.description),
            "counts": {"posts": int(idea.post_count or 0), "contributors": int(idea.contributor_count or 0),
                       "extracts": int(idea.extract_count or 0), "reactions": int(idea.reaction_count or 0)}}


def post_view(post: Post, *, mine: dict | None = None) -> dict[str, Any]:
    removed = post.state in ("deleted", "rejected")
    view = {
        "id": post.post_id,
        "idea_id": post.idea_id,
        "parent_id": post.parent_id,
        "thread_id": post.thread_id,
        "depth": post.lsi1sk.count("/"),
        "author": None if post.state == "deleted" else (
            {"id": None, "display_name": None, "deleted": True} if post.author_deleted
            else {"id": post.author_id, "display_name": post.author_name}),
        "body_html": "" if removed else post.body_html,
        "body_text": "" if removed else post.body_text,
        "language": post.language,
        "statement": bool(post.statement),
        "state": post.state,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "reply_count": int(post.reply_count or 0),
        "reactions": {kind: int(getattr(post, f"r_{kind}") or 0) for kind in REACTION_KINDS},
        "stances": {value: int(getattr(post, f"s_{value}") or 0) for value in STANCE_VALUES},
    }
    if mine is not None:
        view["mine"] = mine
    return view


def extract_view(extract, *, standing=None) -> dict[str, Any]:
    """With the extract's standing against its post as it is now (domain.extracts.standing), the anchor is the one
    found in the current text, so a highlight never lands on other words."""
    start, end, orphaned = extract.start, extract.end, bool(extract.orphaned)
    if standing is not None and extract.kind == "quote":
        anchor = standing.anchor
        start, end, orphaned = (anchor.start, anchor.end, False) if anchor else (start, end, True)
    return {
        "id": extract.extract_id, "post_id": extract.post_id, "idea_id": extract.idea_id, "kind": extract.kind,
        "text": extract.text, "start": None if start is None else int(start),
        "end": None if end is None else int(end), "orphaned": orphaned, "nature": extract.nature,
        "action": extract.action, "important": bool(extract.important), "tags": list(extract.tags or []),
        "state": extract.state, "machine": bool(extract.machine),
        "harvester": ({"id": None, "display_name": None, "deleted": True} if extract.harvester_id.startswith("deleted-")
                      else {"id": extract.harvester_id, "display_name": extract.harvester_name}),
        "language": extract.language, "created_at": extract.created_at,
        # when a harvester confirmed or rejected a machine suggestion (who is in the person's own data)
        "reviewed_at": (dict(extract.reviewed.as_dict() if hasattr(extract.reviewed, "as_dict") else extract.reviewed)
                        .get("at") if extract.reviewed else None),
    }
