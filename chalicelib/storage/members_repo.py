"""Access patterns on debate members (user x debate)."""
from __future__ import annotations

from chalicelib.storage import keys
from pynamodb.expressions.condition import size
from pynamodb.expressions.operand import Path

from chalicelib.storage.batch import batch_get_raw
from chalicelib.storage.models import ArchivedSlug, Debate, Entity, Follow, Member, User, UserDebate
from chalicelib.storage.transactions import ACCOUNT_CHECK, transaction


def get_member(slug: str, user_id: str) -> Member | None:
    try:
        return Member.get(keys.member(slug, user_id), keys.MEMBER_SK)
    except Member.DoesNotExist:
        return None


# Names of the checks a change of someone's place can fail on (ConditionFailed.failed).
ACTOR_CHECK = "actor"  # the organiser making the change still is one (two organisers demoting each other at once)
PERSON_CHECK = "person"  # the person given a place has an account that is not being deleted


def set_roles(slug: str, user_id: str, roles: list[str], now: str, *, actor_id: str | None = None) -> Member:
    """UpdateItem: creates the member if needed. Everyone an organiser names is listed: staff (any role beyond
    participant) in gsi1 D#{slug}#STAFF, participants in D#{slug}#INVITED (the invite list). actor_id: the
    organiser doing it, checked in the same transaction to still be one, with the person's account."""
    member, actions = _roles_update(slug, user_id, roles, now)
    with transaction() as tx:
        if actor_id is not None:
            _check_people(tx, slug, actor_id, user_id)
        tx.update("member", member, actions)
        tx.update("user_debate", *user_debate_update(slug, user_id, now))
    return member


def create_debate_with_organiser(debate: Debate, user_id: str, roles: list[str], now: str) -> None:
    """The debate (only if its slug is free: ConditionFailed {"debate"}, or {"archived"} when the slug names an
    archived and deleted debate) and its creator's place, together: a retried creation then never needs to give the
    creator their roles again (which could undo a later removal)."""
    member, actions = _roles_update(debate.slug, user_id, roles, now)
    with transaction() as tx:
        check_account_active(tx, user_id)
        tx.check("archived", ArchivedSlug, keys.debate(debate.slug), keys.ARCHIVED_SK,
                 condition=ArchivedSlug.pk.does_not_exist())
        tx.put("debate", debate, condition=Debate.pk.does_not_exist())
        tx.update("member", member, actions)
        tx.update("user_debate", *user_debate_update(debate.slug, user_id, now))


def _roles_update(slug: str, user_id: str, roles: list[str], now: str) -> tuple[Member, list]:
    listed = keys.staff(slug) if set(roles) - {"participant"} else keys.invited(slug)
    actions = _indexed_member(slug, user_id, Member.roles.set(roles), now)
    return Member(keys.member(slug, user_id), keys.MEMBER_SK), actions + [Member.gsi1pk.set(listed),
                                                                           Member.gsi1sk.set(user_id)]


def _check_people(tx, slug: str, actor_id: str, user_id: str) -> None:
    """The organiser acting on someone else still is one; the person's account exists and is not being deleted
    (a place given meanwhile would outlive the deletion)."""
    if actor_id != user_id:  # one's own record is the one updated (no check and write of one item together)
        tx.check(ACTOR_CHECK, Member, keys.member(slug, actor_id), keys.MEMBER_SK,
                 condition=Member.roles.contains("organiser"))
    tx.check(PERSON_CHECK, User, keys.user(user_id), keys.USER_SK,
             condition=User.pk.exists() & User.deleting_at.does_not_exist())


def _indexed_member(slug: str, user_id: str, roles_action, now: str) -> list:
    """The update of a Member record written together with the user's U#{user} / DEB#{slug} item."""
    return [Member.type.set(Member), Member.debate_slug.set(slug), Member.user_id.set(user_id), roles_action,
            Member.joined_at.set(Member.joined_at | now), Member.indexed.set(True)]


def user_debate_update(slug: str, user_id: str, now: str) -> tuple[UserDebate, list]:
    """(model, actions) of the U#{user} / DEB#{slug} index item; an update, so that a pseudonym already chosen by
    an unfinished account deletion stays."""
    item = UserDebate(keys.user(user_id), keys.user_debate_sk(slug))
    return item, [UserDebate.type.set(UserDebate), UserDebate.slug.set(slug),
                  UserDebate.since.set(UserDebate.since | now)]


def check_account_active(tx, user_id: str) -> None:
    """In a transaction that writes something naming the person: their profile is still there and its deletion
    has not started. A request authenticated just before `DELETE /me` then writes nothing the deletion would miss
    (the failed check answers 401, like the account's tokens)."""
    tx.check(ACCOUNT_CHECK, User, keys.user(user_id), keys.USER_SK,
             condition=User.pk.exists() & User.deleting_at.does_not_exist())


def anchor(slug: str, user_id: str, now: str, *, consent_version: str | None = None) -> None:
    """Before a person's first write into their member partition D#{slug}#M#{user}: the Member record (marked
    `indexed`) and the U#{user} / DEB#{slug} item, in one transaction. Both are idempotent, so concurrent first
    writes are harmless; written before the contribution, so no contribution is ever unreachable from the user."""
    member = Member(keys.member(slug, user_id), keys.MEMBER_SK)
    actions = _indexed_member(slug, user_id, Member.roles.set(Member.roles | ["participant"]), now)
    if consent_version is not None:
        actions += [Member.consent_version.set(consent_version), Member.consent_at.set(now)]
    with transaction() as tx:
        check_account_active(tx, user_id)
        if consent_version is not None:  # the terms accepted are still the debate's terms
            tx.check("debate", Debate, keys.debate(slug), keys.DEBATE_META,
                     condition=Path(["terms", "version"]) == consent_version)
        tx.update("member", member, actions)
        tx.update("user_debate", *user_debate_update(slug, user_id, now))


# What a list of a person's debates shows of each (GET /me/debates): the debate's and the Member record's.
LISTED_ATTRIBUTES = ("slug", "title", "default_language", "visibility", "status", "created_at", "roles", "gsi1pk")
MAX_LISTED_DEBATES = 50  # two keys each: one BatchGetItem


def debates_with_memberships(user_id: str, slugs: list[str]) -> dict[str, tuple[Debate | None, Member | None]]:
    """One BatchGetItem (strongly consistent, projected): for each of at most 50 debates, its META item and the
    person's own Member record D#{slug}#M#{user_id}; None for what does not exist (a debate whose live items were
    deleted after its archive, a person who never had a Member record there)."""
    if len(slugs) > MAX_LISTED_DEBATES:
        raise ValueError(f"at most {MAX_LISTED_DEBATES} debates at a time")
    wanted = {(keys.debate(slug), keys.DEBATE_META): slug for slug in slugs}
    wanted |= {(keys.member(slug, user_id), keys.MEMBER_SK): slug for slug in slugs}
    found: dict[str, tuple[Debate | None, Member | None]] = {slug: (None, None) for slug in slugs}
    for raw in batch_get_raw(wanted, consistent=True, attributes=LISTED_ATTRIBUTES):
        slug = wanted[(raw["pk"]["S"], raw["sk"]["S"])]
        item = Entity.from_raw_data(raw)
        debate, member = found[slug]
        if isinstance(item, Debate):
            found[slug] = (item, member)
        elif isinstance(item, Member):
            found[slug] = (debate, item)
    return found


MEMBERS_PAGE = 100  # one BatchGetItem of their profiles


def list_named(slug: str, group: str, start: dict | None) -> tuple[list[Member], dict | None]:
    """One page of gsi1 D#{slug}#STAFF (group "staff": moderators, harvesters, organisers) or D#{slug}#INVITED
    (group "invited": participants an organiser named), by user id; never every participant of a public debate.
    (members, key to continue after or None)."""
    partition = keys.staff(slug) if group == "staff" else keys.invited(slug)
    result = Member.gsi1.query(partition, limit=MEMBERS_PAGE, last_evaluated_key=start)
    members = list(result)
    return members, result.last_evaluated_key


def remove(slug: str, user_id: str, *, drop_follow: bool, actor_id: str) -> None:
    """Takes a person's place in a debate away: no roles, off the lists; their contributions stay (and their
    U#{user} / DEB#{slug} entry, which points at them). drop_follow (private debates): their Follow goes in the
    same transaction, so nothing more is mailed to them; a follow racing this is refused by its own check
    (`check_has_place`). ConditionFailed {"member"} when the person has no Member record here, {"actor"} when the
    organiser doing it no longer is one."""
    with transaction() as tx:
        tx.check(ACTOR_CHECK, Member, keys.member(slug, actor_id), keys.MEMBER_SK,
                 condition=Member.roles.contains("organiser"))
        tx.update("member", Member(keys.member(slug, user_id), keys.MEMBER_SK),
                  [Member.roles.set([]), Member.gsi1pk.remove(), Member.gsi1sk.remove()],
                  condition=Member.pk.exists())
        if drop_follow:
            tx.delete("follow", Follow(keys.member(slug, user_id), keys.FOLLOW_SK))


def has_place(member: Member, visibility: str) -> bool:
    """The person's roles count: they have some, and in a private debate an organiser gave them (named)."""
    return bool(member.roles) and (visibility == "public" or member.named)


def check_has_place(tx, slug: str, user_id: str) -> None:
    """In a private debate's transaction that gives the person something to come (a follow): they still have a
    place there (a removal committed first makes the transaction fail on "place")."""
    tx.check("place", Member, keys.member(slug, user_id), keys.MEMBER_SK,
             condition=Member.pk.exists() & (size(Member.roles) > 0) & Member.gsi1pk.exists())


def with_a_place(slug: str, user_ids: list[str]) -> set[str]:
    """Of these people (at most 100), those with a place in this private debate: one BatchGetItem of their Member
    records (roles and list only). For mail about a private debate: whoever lost their place gets none."""
    wanted = {(keys.member(slug, user_id), keys.MEMBER_SK): user_id for user_id in user_ids}
    found = set()
    for raw in batch_get_raw(wanted, consistent=True, attributes=("roles", "gsi1pk")):
        member = Entity.from_raw_data(raw)
        if isinstance(member, Member) and has_place(member, "private"):
            found.add(wanted[(raw["pk"]["S"], raw["sk"]["S"])])
    return found


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
