"""My debates: the debates the signed-in person has a place in — invited with a role, or having written there
(followed, posted, reacted, took a stance, voted...). Read from their own index U#{user_id} / DEB#{slug}
(docs/data-model.md, patterns 38 and 44), never from anyone else's keys: one Query, then one BatchGetItem of the
debates' META items and the person's Member records, whatever the number of debates, posts or participants."""
from __future__ import annotations

from typing import Any

from chalicelib.errors import BadRequest
from chalicelib.services.access import Access
from chalicelib.services.accounts import CURSOR_SLUG
from chalicelib.services.identity import Caller
from chalicelib.services.presenters import my_debate_view
from chalicelib.storage import accounts_repo, keys, members_repo

PAGE_MAX = members_repo.MAX_LISTED_DEBATES


def list_mine(caller: Caller, limit: int, start: dict | None) -> tuple[list[dict[str, Any]], dict | None]:
    """One page of the caller's debates, by slug; (items, key to continue after, or None at the end).
    `start` is a key of the caller's own U# partition (the API checked the partition). A debate whose live items
    are gone (archived, then deleted) is left out, and so is a private debate the caller may no longer read; so a
    page may hold fewer than `limit` items while more follow."""
    if not 1 <= limit <= PAGE_MAX:
        raise ValueError(f"limit must be between 1 and {PAGE_MAX}")
    entries, _ = accounts_repo.user_debates(caller.user_id, _after_slug(start), limit + 1)
    more = len(entries) > limit
    entries = entries[:limit]
    found = members_repo.debates_with_memberships(caller.user_id, [entry.slug for entry in entries])
    items = []
    for entry in entries:
        debate, member = found[entry.slug]
        if debate is None or not Access(debate, caller, member).can("read"):
            continue
        if member is None and entry.since < debate.created_at:
            continue  # the entry is from an earlier debate at this address, deleted since (archive.delete_live_items)
        items.append(my_debate_view(debate, member, entry.since))
    if not more:
        return items, None
    return items, {"pk": {"S": keys.user(caller.user_id)}, "sk": {"S": keys.user_debate_sk(entries[-1].slug)}}


def _after_slug(start: dict | None) -> str | None:
    """The slug a cursor continues after: only a DEB# key (any other sort key of U# is refused, 400)."""
    if start is None:
        return None
    sort_key = start.get("sk", {}).get("S", "")
    slug = sort_key.removeprefix(keys.USER_DEBATES_PREFIX)
    if set(start) != {"pk", "sk"} or slug == sort_key or not CURSOR_SLUG.fullmatch(slug):
        raise BadRequest("This cursor is not valid for this list; start again without it.", code="invalid_cursor")
    return slug
