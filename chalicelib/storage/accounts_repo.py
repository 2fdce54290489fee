"""Access patterns of personal data (GDPR): a user's debates, their member partition page by page, and the writes
that delete an account or move a contribution to a pseudonymous participant. Layout: docs/data-model.md,
"Personal data". No Scan: everything starts from U#{user_id} and D#{slug}#M#{user_id}."""
from __future__ import annotations

from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from pynamodb.expressions.operand import Path

from chalicelib.storage import keys, vote_keys
from chalicelib.storage.db import connection
from chalicelib.storage.vote_models import VoteSession
from chalicelib.storage.models import (AuditEntry, Debate, Entity, Extract, IdeaContributor, Lookup, Member, Pointer, Post,
                                       SynthesisDraft, Publication, User, UserDebate)
from chalicelib.storage.transactions import conditional, transaction
from chalicelib.storage import debates_repo, ideas_repo

PAGE = 100
IDP_TOMBSTONE_SECONDS = 24 * 3600  # longer than any identity provider access token lives
_deserializer = TypeDeserializer()
_serializer = TypeSerializer()


def plain(item: dict[str, Any]) -> dict[str, Any]:
    return {name: _deserializer.deserialize(value) for name, value in item.items()}


def _table() -> str:
    return Entity.Meta.table_name


# --- reading ------------------------------------------------------------------------------------------------------


def user_debates(user_id: str, after_slug: str | None, limit: int) -> tuple[list[UserDebate], bool]:
    """Query U#{user} for DEB#...: the debates the person has items in, by slug; (items, more)."""
    start = {"pk": {"S": keys.user(user_id)}, "sk": {"S": keys.user_debate_sk(after_slug)}} if after_slug else None
    result = UserDebate.query(keys.user(user_id), UserDebate.sk.startswith(keys.USER_DEBATES_PREFIX), limit=limit,
                              last_evaluated_key=start, consistent_read=True)
    items = list(result)
    return items, result.last_evaluated_key is not None


def member_page(slug: str, user_id: str, after_sk: str | None, limit: int = PAGE) -> tuple[list[dict], str | None]:
    """One page of the raw items of D#{slug}#M#{user} (every type: marks, ballots, purses with undeclared
    attributes, pointers...), strongly consistent; (items, sort key to continue after, or None)."""
    pk = keys.member(slug, user_id)
    start = {"pk": {"S": pk}, "sk": {"S": after_sk}} if after_sk else None
    result = Entity._get_connection().query(pk, consistent_read=True, exclusive_start_key=start, limit=limit)
    items = [plain(item) for item in result.get("Items", [])]
    last = result.get("LastEvaluatedKey")
    return items, (last["sk"]["S"] if last else None)


def user_items(user_id: str) -> list[dict]:
    """Every item under U#{user} (profile, debates index, idempotency records): a few per debate."""
    items: list[dict] = []
    start = None
    while True:
        result = Entity._get_connection().query(keys.user(user_id), consistent_read=True,
                                                exclusive_start_key=start)
        items += [plain(item) for item in result.get("Items", [])]
        start = result.get("LastEvaluatedKey")
        if not start:
            return items


def batch_posts(refs: list[tuple[str, str]]) -> dict[tuple[str, str], Post]:
    return {(p.pk, p.sk): p for p in Post.batch_get(refs)} if refs else {}


def batch_extracts(refs: list[tuple[str, str]]) -> dict[tuple[str, str], Extract]:
    return {(e.pk, e.sk): e for e in Extract.batch_get(refs)} if refs else {}


def entries_naming(model, pk: str, user_id: str, attributes: tuple[str, ...]) -> list:
    """Query one partition (a debate's audit log, its syntheses) for the items where one of `attributes` is the
    person: bounded by that partition's size (moderation and editorial records), read only when deleting."""
    condition = None
    for name in attributes:
        term = Path(name) == user_id
        condition = term if condition is None else condition | term
    return list(model.query(pk, filter_condition=condition, consistent_read=True))


# --- writing ------------------------------------------------------------------------------------------------------


def start_deletion(user_id: str, now: str) -> User:
    """Mark the account as being deleted (tokens and sign-in are refused from now on) and list it in gsi1
    USERS#deleting, so that an interrupted deletion is found and finished. Idempotent: keeps the first instant."""
    user = User(keys.user(user_id), keys.USER_SK)
    with conditional():
        user.update(actions=[User.deleting_at.set(User.deleting_at | now),
                             User.gsi1pk.set(keys.DELETING_USERS),
                             User.gsi1sk.set(User.gsi1sk | f"{now}#{user_id}")],
                    condition=User.pk.exists())
    return user


def deleting_users(limit: int) -> list[User]:
    return list(User.gsi1.query(keys.DELETING_USERS, limit=limit))


def debate_pseudonym(user_id: str, slug: str, candidate: str) -> str:
    """The pseudonymous participant id of this person in this debate, chosen once (a retry reuses it)."""
    item = UserDebate(keys.user(user_id), keys.user_debate_sk(slug))
    item.update(actions=[UserDebate.type.set(UserDebate), UserDebate.slug.set(slug),
                         UserDebate.pseudonym.set(UserDebate.pseudonym | candidate)])
    return item.pseudonym


def delete_raw(item: dict) -> None:
    Entity._get_connection().delete_item(item["pk"], range_key=item["sk"])


def rekey(item: dict, new_pk: str, changes: dict[str, Any]) -> None:
    """Move one item to another partition (same sort key) with some attributes changed, atomically: the old one
    must still be there, so a retry after success moves nothing twice."""
    moved = {**item, **changes, "pk": new_pk}
    moved = {name: value for name, value in moved.items() if value is not None}
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.errors import TooBusy

    try:
        connection().client.transact_write_items(TransactItems=[
            {"Delete": {"TableName": _table(), "Key": {"pk": {"S": item["pk"]}, "sk": {"S": item["sk"]}},
                        "ConditionExpression": "attribute_exists(pk)"}},
            {"Put": {"TableName": _table(), "Item": {k: _serializer.serialize(v) for k, v in moved.items()}}},
        ])
    except ClientError as error:
        reasons = [r.get("Code") for r in error.response.get("CancellationReasons", [])]
        if "ConditionalCheckFailed" in reasons:
            return  # moved already by an earlier attempt
        raise TooBusy("The database is busy; the deletion continues on the next attempt.") from error
    except BotoCoreError as error:
        raise TooBusy("The database did not answer; the deletion continues on the next attempt.") from error


def ballot_changes(slug: str, item: dict, pseudonym: str) -> dict[str, Any]:
    """A ballot moved to the pseudonymous voter keeps its export index consistent (gsi1 by voter)."""
    return {"user_id": pseudonym,
            "gsi1pk": vote_keys.ballots_index(slug, item["session_id"], vote_keys.voter_shard(pseudonym)),
            "gsi1sk": vote_keys.ballots_index_sk(pseudonym, item["module_id"], item["proposal_id"])}


def reassign_post(slug: str, post: Post, pseudonym: str, pointer: dict, *, idea_id: str,
                  contributor_n: dict[tuple[str, str], int | None]) -> None:
    """Anonymise: the post keeps its place, text and counts; its author becomes the pseudonym. A published post
    moves from the person's contributor count in the idea to the pseudonym's, conditioned on the values read."""
    actions = [Post.author_id.set(pseudonym), Post.author_name.set(""), Post.author_deleted.set(True),
               *moderation_renamed(post, post.author_id, pseudonym)]
    with transaction() as tx:
        tx.update("post", post, actions, condition=(Post.author_id == post.author_id) & (Post.state == post.state))
        tx.delete("pointer", Pointer(pointer["pk"], pointer["sk"]))
        if post.state == "published":
            lost = ideas_repo.contributor_update(tx, slug, idea_id, post.author_id, -1,
                                                 contributor_n[(idea_id, post.author_id)], "from")
            gained = ideas_repo.contributor_update(tx, slug, idea_id, pseudonym, 1,
                                                   contributor_n[(idea_id, pseudonym)], "to")
            if lost + gained:
                model, idea_actions, condition = ideas_repo.counts_update(slug, idea_id, contributors=lost + gained)
                tx.update("idea", model, idea_actions, condition=condition)


def moderation_renamed(post: Post, user_id: str, pseudonym: str) -> list:
    """The post's moderation record names who decided (`by`): the person themselves when they deleted their own
    post, or a moderator."""
    record = post.moderation.as_dict() if post.moderation is not None and hasattr(post.moderation, "as_dict") \
        else dict(post.moderation or {})
    return [Post.moderation.set({**record, "by": pseudonym})] if record.get("by") == user_id else []


def rename_moderator(post: Post, user_id: str, pseudonym: str) -> None:
    actions = moderation_renamed(post, user_id, pseudonym)
    if actions:
        post.update(actions=actions)


def delete_pointer(pointer: dict) -> None:
    Pointer(pointer["pk"], pointer["sk"]).delete()


def strip_extract(extract: Extract, user_id: str, pseudonym: str, pointer: dict) -> None:
    """The extract stays (it is the harvester's reading of someone else's post); who harvested or reviewed it
    becomes the pseudonym."""
    actions = []
    if extract.harvester_id == user_id:
        actions += [Extract.harvester_id.set(pseudonym), Extract.harvester_name.set("")]
    reviewed = extract.reviewed.as_dict() if extract.reviewed is not None and hasattr(extract.reviewed, "as_dict") \
        else dict(extract.reviewed or {})
    if reviewed.get("by") == user_id:
        actions.append(Extract.reviewed.set({**reviewed, "by": pseudonym}))
    with transaction() as tx:
        if actions:
            tx.update("extract", extract, actions, condition=Extract.pk.exists())
        tx.delete("pointer", Pointer(pointer["pk"], pointer["sk"]))


def remove_mark(slug: str, item: dict, *, post: Post | None, idea_id: str | None) -> None:
    """Remove policy: a reaction or a stance goes, and the counts it made move back, in one transaction."""
    from chalicelib.storage.models import Idea, Mark
    from chalicelib.storage.posts_repo import REACTION_ATTRIBUTES, STANCE_ATTRIBUTES

    kind = item["sk"].rsplit("#", 1)[1]
    mark = Mark(item["pk"], item["sk"])
    with transaction() as tx:
        tx.delete("mark", mark, condition=Mark.value == item["value"])
        if post is None:
            return
        if kind == "stance":
            tx.update("post", Post(post.pk, post.sk), [STANCE_ATTRIBUTES[item["value"]].add(-1)],
                      condition=Post.pk.exists())
            shard, actions = debates_repo.counter_update(slug, stances=-1)
            tx.update("counter", shard, actions)
        elif kind in REACTION_ATTRIBUTES:
            tx.update("post", Post(post.pk, post.sk), [REACTION_ATTRIBUTES[kind].add(-1)], condition=Post.pk.exists())
            if idea_id:
                tx.update("idea", Idea(keys.ideas(slug), keys.idea_sk(idea_id)), [Idea.reaction_count.add(-1)],
                          condition=Idea.pk.exists())


def contributor_items(slug: str, user_id: str, idea_ids: list[str]) -> list[IdeaContributor]:
    return list(IdeaContributor.batch_get([(keys.ideas(slug), keys.idea_contributor_sk(i, user_id))
                                           for i in idea_ids])) if idea_ids else []


def move_contributor(item: IdeaContributor, new_sk: str, n_new: int | None) -> None:
    """What is left of the person's count in an idea (their non-moved posts are none by now: 0) goes away; a
    left-over non-zero count moves to the pseudonym (conditioned on both values read)."""
    with transaction() as tx:
        tx.delete("old", item, condition=IdeaContributor.n == item.n)
        if int(item.n or 0):
            target = IdeaContributor(item.pk, new_sk)
            condition = IdeaContributor.pk.does_not_exist() if n_new is None else (IdeaContributor.n == n_new)
            tx.update("new", target, [IdeaContributor.type.set(IdeaContributor), IdeaContributor.n.add(int(item.n))],
                      condition=condition)


def rename_actor(entry, user_id: str, pseudonym: str) -> None:
    """An audit entry, a synthesis draft, a publication, the debate or a vote session that names the person (who
    did it, who created it): the id becomes the pseudonym."""
    actions = []
    if isinstance(entry, AuditEntry):
        if entry.actor_id == user_id:
            actions.append(AuditEntry.actor_id.set(pseudonym))
        if entry.target == user_id:
            actions.append(AuditEntry.target.set(pseudonym))
    elif isinstance(entry, SynthesisDraft):
        if entry.updated_by == user_id:
            actions += [SynthesisDraft.updated_by.set(pseudonym), SynthesisDraft.updated_by_name.remove()]
    elif isinstance(entry, Publication) and entry.published_by == user_id:
        actions.append(Publication.published_by.set(pseudonym))
    elif isinstance(entry, (Debate, VoteSession)) and entry.created_by == user_id:
        actions.append(type(entry).created_by.set(pseudonym))
        if isinstance(entry, Debate):  # every write of the debate moves its version (debates_repo.save_debate)
            actions.append(Debate.rev.add(1))
    if actions:
        entry.update(actions=actions)


def finish_debate(slug: str, user_id: str, *, uncount_participant: bool) -> None:
    """The last step in a debate: the Member record (roles, consent) and the U#{user} / DEB#{slug} item go
    together; with the remove policy the person no longer counts as a participant."""
    with transaction() as tx:
        tx.delete("member", Member(keys.member(slug, user_id), keys.MEMBER_SK))
        tx.delete("user_debate", UserDebate(keys.user(user_id), keys.user_debate_sk(slug)))
        if uncount_participant:
            shard, actions = debates_repo.counter_update(slug, participants=-1)
            tx.update("counter", shard, actions)


def finish_user(user: User) -> None:
    """The account's last items: its lookups (email, identity providers) and its profile, together."""
    from datetime import datetime, timedelta, timezone

    from chalicelib.config import settings

    lookups = set(user.lookups or [])
    if user.email:
        lookups.add(keys.email_lookup(user.email))
    now = datetime.now(timezone.utc)
    # Each lookup becomes a tombstone (no user, the deletion's time, a TTL) for as long as a credential issued
    # before the deletion could still be presented: an identity provider's tokens (a day), a sign-in link (its
    # lifetime and a minute). Such a credential is then refused instead of opening a new account; a new sign-in
    # replaces the tombstone.
    email_tombstone = timedelta(seconds=settings().signin_ttl_seconds + 60)
    with transaction() as tx:
        for pk in sorted(lookups):
            lasts = timedelta(seconds=IDP_TOMBSTONE_SECONDS) if pk.startswith("IDP#") else email_tombstone
            tx.put(pk, Lookup(pk, keys.LOOKUP_SK, user_id="", deleted_at=int(now.timestamp()),
                              expires_at=now + lasts))
        tx.delete("user", User(keys.user(user.user_id), keys.USER_SK))



def backfill_personal_index(now: str) -> dict[str, int]:
    """Maintenance, once, for data written before the personal-data keys existed: one Scan of the table writes the
    U#{user} / DEB#{slug} items of every member partition, the W#P# / W#E# pointers of every post and extract, and
    the identity-provider lookups onto their users (so that a deletion removes them).
    Idempotent (updates and puts of the same keys). Never on a request path."""
    import re

    member_pk = re.compile(r"^D#(?P<slug>[^#]+)#M#(?P<user>[^#]+)$")
    seen: set[tuple[str, str]] = set()
    counts = {"debates": 0, "posts": 0, "extracts": 0}
    idp_lookups: dict[str, set[str]] = {}  # identity-provider lookups of users created before `lookups` existed
    from chalicelib.storage import members_repo

    with Pointer.batch_write() as batch:
        for page in connection().client.get_paginator("scan").paginate(TableName=_table()):
            for raw in page["Items"]:
                item = plain(raw)
                match = member_pk.match(item["pk"])
                if match and (match["user"], match["slug"]) not in seen and not match["user"].startswith("deleted-"):
                    seen.add((match["user"], match["slug"]))
                    model, actions = members_repo.user_debate_update(match["slug"], match["user"], now)
                    model.update(actions=actions)
                    counts["debates"] += 1
                kind, slug = item.get("type"), item["pk"].split("#")[1]
                if kind == "Lookup" and item["pk"].startswith("IDP#") and item.get("user_id"):
                    idp_lookups.setdefault(item["user_id"], set()).add(item["pk"])
                owners = []
                if kind == "Post" and not item.get("author_deleted"):
                    owners = [(item["author_id"], keys.authored_sk(item["post_id"]))]
                    counts["posts"] += 1
                elif kind == "Extract":
                    who = [] if item.get("machine") else [item.get("harvester_id")]
                    who.append((item.get("reviewed") or {}).get("by"))
                    owners = [(u, keys.harvested_sk(item["extract_id"])) for u in who if u]
                    counts["extracts"] += 1
                for user_id, sk in owners:
                    batch.save(Pointer(keys.member(slug, user_id), sk, ref_pk=item["pk"], ref_sk=item["sk"],
                                       at=item.get("created_at") or now))
                    if (user_id, slug) not in seen:
                        seen.add((user_id, slug))
                        model, actions = members_repo.user_debate_update(slug, user_id, now)
                        model.update(actions=actions)
                        counts["debates"] += 1
    for user_id, found in idp_lookups.items():
        try:
            user = User.get(keys.user(user_id), keys.USER_SK, consistent_read=True)
        except User.DoesNotExist:
            continue
        if not found <= set(user.lookups or []):
            user.update(actions=[User.lookups.set(sorted(found | set(user.lookups or [])))])
    return counts
