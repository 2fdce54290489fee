"""Access patterns on debate members (user x debate)."""
from __future__ import annotations

from chalicelib.storage import keys
from chalicelib.storage.models import Member


def get_member(slug: str, user_id: str) -> Member | None:
    try:
        return Member.get(keys.member(slug, user_id), keys.MEMBER_SK)
    except Member.DoesNotExist:
        return None


def set_roles(slug: str, user_id: str, roles: list[str], now: str) -> Member:
    """UpdateItem: creates the member if needed; staff (any role beyond participant) are indexed for listing."""
    member = Member(keys.member(slug, user_id), keys.MEMBER_SK)
    actions = [
        Member.type.set(Member),
        Member.debate_slug.set(slug),
        Member.user_id.set(user_id),
        Member.roles.set(roles),
        Member.joined_at.set(Member.joined_at | now),
    ]
    if set(roles) - {"participant"}:
        actions += [Member.gsi1pk.set(keys.staff(slug)), Member.gsi1sk.set(user_id)]
    else:
        actions += [Member.gsi1pk.remove(), Member.gsi1sk.remove()]
    member.update(actions=actions)
    return member


def list_staff(slug: str) -> list[Member]:
    """Query gsi1 D#{slug}#STAFF (moderators, harvesters, organisers; never every participant)."""
    return list(Member.gsi1.query(keys.staff(slug)))


def member_for_import(slug: str, user_id: str, joined_at: str) -> Member:
    return Member(keys.member(slug, user_id), keys.MEMBER_SK, debate_slug=slug, user_id=user_id,
                  roles=["participant"], joined_at=joined_at, contributed_at=joined_at)


def contribution_marker(slug: str, user_id: str, now: str):
    """(model, actions, condition) marking a member's first contribution; creates the member if needed.
    Used inside the transaction that records that contribution, with the participants counter."""
    member = Member(keys.member(slug, user_id), keys.MEMBER_SK)
    actions = [
        Member.type.set(Member),
        Member.debate_slug.set(slug),
        Member.user_id.set(user_id),
        Member.roles.set(Member.roles | ["participant"]),
        Member.joined_at.set(Member.joined_at | now),
        Member.contributed_at.set(now),
    ]
    return member, actions, Member.contributed_at.does_not_exist()
