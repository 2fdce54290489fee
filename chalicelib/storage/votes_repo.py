"""Access patterns of vote sessions, one function each (docs/data-model.md, "Votes").

Budgets, exclusivity and counts are enforced by the ballot's single TransactWriteItems: the ballot (conditioned
on the revision read just before), the voter's purse (conditioned on spent <= budget - delta), one random tally
shard and the idempotency record. Nothing is checked by reading and then writing."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from boto3.dynamodb.types import TypeDeserializer
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.operand import Path

from chalicelib.domain import votes as rules
from chalicelib.storage.batch import batch_get_raw
from chalicelib.storage import idempotency_repo, keys, members_repo, summaries_repo, vote_keys
from chalicelib.storage.summary_models import activity_event
from chalicelib.storage.models import Entity, IdempotencyRecord
from chalicelib.storage.transactions import conditional, transaction
from chalicelib.storage.vote_models import (VoteBallot, VoteModule, VoteOverride, VoteProposal, VotePurse,
                                            VoteSession, VoteTally)

_deserializer = TypeDeserializer()


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    return {name: _deserializer.deserialize(value) for name, value in item.items()}


def _raw_query(hash_key: str, prefix: str | None = None, *, consistent: bool = False,
               index: str | None = None) -> list[dict[str, Any]]:
    """Every raw item of a partition (all pages), for items with undeclared attributes."""
    connection = Entity._get_connection()
    condition = Path("sk").startswith(prefix) if prefix else None
    items: list[dict[str, Any]] = []
    start = None
    while True:
        result = connection.query(hash_key, range_key_condition=condition, consistent_read=consistent,
                                  exclusive_start_key=start, index_name=index)
        items += result.get("Items", [])
        start = result.get("LastEvaluatedKey")
        if not start:
            return items


# --- sessions ---------------------------------------------------------------------------------------------------

def create_session(session: VoteSession) -> None:
    """PutItem of META, only if new."""
    with conditional():
        session.save(condition=VoteSession.pk.does_not_exist())


def get_session(slug: str, session_id: str, consistent: bool = False) -> VoteSession | None:
    try:
        return VoteSession.get(vote_keys.session(slug, session_id), vote_keys.SESSION_SK,
                               consistent_read=consistent)
    except VoteSession.DoesNotExist:
        return None


def list_sessions(slug: str) -> list[VoteSession]:
    """Query gsi1 D#{slug}#VS: the debate's sessions, oldest first."""
    return list(VoteSession.gsi1.query(vote_keys.sessions_index(slug)))


def update_session(slug: str, session_id: str, actions: list) -> None:
    """UpdateItem of META, only if it exists."""
    with conditional():
        VoteSession(vote_keys.session(slug, session_id), vote_keys.SESSION_SK).update(
            actions=actions, condition=VoteSession.pk.exists())


@dataclass
class SessionItems:
    session: VoteSession | None = None
    proposals: list[VoteProposal] = field(default_factory=list)
    modules: list[VoteModule] = field(default_factory=list)
    overrides: list[VoteOverride] = field(default_factory=list)


def load_session(slug: str, session_id: str, consistent: bool = False) -> SessionItems:
    """One Query of the session's partition: META, proposals, modules and overrides (its settings, never its
    votes, so its size does not depend on the number of voters)."""
    loaded = SessionItems()
    for item in Entity.query(vote_keys.session(slug, session_id), consistent_read=consistent):
        if isinstance(item, VoteSession):
            loaded.session = item
        elif isinstance(item, VoteProposal):
            loaded.proposals.append(item)
        elif isinstance(item, VoteModule):
            loaded.modules.append(item)
        elif isinstance(item, VoteOverride):
            loaded.overrides.append(item)
    return loaded


# --- proposals ----------------------------------------------------------------------------------------------------

def _count_change(slug: str, session_id: str, attribute, delta: int, maximum: int | None):
    meta = VoteSession(vote_keys.session(slug, session_id), vote_keys.SESSION_SK)
    condition = VoteSession.pk.exists()
    if maximum is not None:
        condition = condition & (attribute < maximum)
    return meta, [attribute.add(delta)], condition


def add_proposal(slug: str, session_id: str, proposal: VoteProposal) -> None:
    """TransactWriteItems: the proposal (if new) and META's proposal_count + 1 (if below the maximum).
    ConditionFailed names: proposal, session."""
    with transaction() as tx:
        tx.put("proposal", proposal, condition=VoteProposal.pk.does_not_exist())
        tx.update("session", *_count_change(slug, session_id, VoteSession.proposal_count, 1, rules.MAX_PROPOSALS))


def update_proposal(slug: str, session_id: str, proposal_id: str, actions: list) -> None:
    with conditional():
        VoteProposal(vote_keys.session(slug, session_id), vote_keys.proposal_sk(proposal_id)).update(
            actions=actions, condition=VoteProposal.pk.exists())


def get_proposal(slug: str, session_id: str, proposal_id: str) -> VoteProposal | None:
    try:
        return VoteProposal.get(vote_keys.session(slug, session_id), vote_keys.proposal_sk(proposal_id),
                                consistent_read=True)
    except VoteProposal.DoesNotExist:
        return None


def delete_proposal(slug: str, session_id: str, proposal_id: str, module_ids: Iterable[str]) -> None:
    """TransactWriteItems: the proposal (if present), its overrides, META's proposal_count - 1."""
    pk = vote_keys.session(slug, session_id)
    with transaction() as tx:
        tx.delete("proposal", VoteProposal(pk, vote_keys.proposal_sk(proposal_id)), condition=VoteProposal.pk.exists())
        for module_id in module_ids:
            tx.delete(f"override:{module_id}", VoteOverride(pk, vote_keys.override_sk(module_id, proposal_id)))
        tx.update("session", *_count_change(slug, session_id, VoteSession.proposal_count, -1, None))


def order_proposals(slug: str, session_id: str, orders: dict[str, int]) -> None:
    """One TransactWriteItems setting every proposal's order (at most MAX_PROPOSALS items)."""
    pk = vote_keys.session(slug, session_id)
    with transaction() as tx:
        for proposal_id, order in orders.items():
            tx.update(f"proposal:{proposal_id}", VoteProposal(pk, vote_keys.proposal_sk(proposal_id)),
                      [VoteProposal.order.set(order)], condition=VoteProposal.pk.exists())


# --- modules and overrides ----------------------------------------------------------------------------------------

def add_module(slug: str, session_id: str, module: VoteModule) -> None:
    """TransactWriteItems: the module (if new) and META's module_count + 1 (if below the maximum)."""
    with transaction() as tx:
        tx.put("module", module, condition=VoteModule.pk.does_not_exist())
        tx.update("session", *_count_change(slug, session_id, VoteSession.module_count, 1, rules.MAX_MODULES))


def get_module(slug: str, session_id: str, module_id: str) -> VoteModule | None:
    try:
        return VoteModule.get(vote_keys.session(slug, session_id), vote_keys.module_sk(module_id),
                              consistent_read=True)
    except VoteModule.DoesNotExist:
        return None


def replace_module(module: VoteModule, expected_rev: int) -> None:
    """PutItem conditioned on the revision read before the change (two organisers cannot both edit from the
    same state)."""
    module.rev = expected_rev + 1
    with conditional():
        module.save(condition=VoteModule.rev == expected_rev)


def delete_module(slug: str, session_id: str, module_id: str, expected_rev: int,
                  proposal_ids: Iterable[str]) -> None:
    """TransactWriteItems: the module (at the revision read) and META's module_count - 1; then its overrides in
    batches (an override without its module is ignored)."""
    pk = vote_keys.session(slug, session_id)
    with transaction() as tx:
        tx.delete("module", VoteModule(pk, vote_keys.module_sk(module_id)), condition=VoteModule.rev == expected_rev)
        tx.update("session", *_count_change(slug, session_id, VoteSession.module_count, -1, None))
    with VoteOverride.batch_write() as batch:
        for proposal_id in proposal_ids:
            batch.delete(VoteOverride(pk, vote_keys.override_sk(module_id, proposal_id)))


def get_override(slug: str, session_id: str, module_id: str, proposal_id: str) -> VoteOverride | None:
    try:
        return VoteOverride.get(vote_keys.session(slug, session_id), vote_keys.override_sk(module_id, proposal_id),
                                consistent_read=True)
    except VoteOverride.DoesNotExist:
        return None


def set_override(slug: str, session_id: str, module_id: str, expected_rev: int, proposal_id: str,
                 override_json: str | None) -> None:
    """TransactWriteItems: the module's revision + 1 (if still the one read) and the override put (or deleted)."""
    pk = vote_keys.session(slug, session_id)
    with transaction() as tx:
        tx.update("module", VoteModule(pk, vote_keys.module_sk(module_id)), [VoteModule.rev.add(1)],
                  condition=VoteModule.rev == expected_rev)
        if override_json is None:
            tx.delete("override", VoteOverride(pk, vote_keys.override_sk(module_id, proposal_id)))
        else:
            tx.put("override", VoteOverride(pk, vote_keys.override_sk(module_id, proposal_id), module_id=module_id,
                                            proposal_id=proposal_id, override_json=override_json))


# --- ballots ----------------------------------------------------------------------------------------------------

@dataclass
class BallotContext:
    ballot: VoteBallot | None = None
    idempotency: IdempotencyRecord | None = None
    purse: dict[str, int] = field(default_factory=dict)
    session: VoteSession | None = None
    module: VoteModule | None = None
    proposal: VoteProposal | None = None
    override: VoteOverride | None = None


def ballot_context(slug: str, session_id: str, module_id: str, proposal_id: str, user_id: str,
                   idempotency_key: str | None, *, with_settings: bool) -> BallotContext:
    """One BatchGetItem (strongly consistent): the voter's current ballot and purse in this module, the record of
    a retried request and, unless the caller has them cached, the session, module, proposal and override."""
    member = keys.member(slug, user_id)
    wanted = [(member, vote_keys.ballot_sk(session_id, module_id, proposal_id)),
              (member, vote_keys.purse_sk(session_id, module_id))]
    if idempotency_key:
        wanted.append((member, vote_keys.idempotency_sk(session_id, idempotency_key)))
    pk = vote_keys.session(slug, session_id)
    if with_settings:
        wanted += [(pk, vote_keys.SESSION_SK), (pk, vote_keys.module_sk(module_id)),
                   (pk, vote_keys.proposal_sk(proposal_id)), (pk, vote_keys.override_sk(module_id, proposal_id))]
    context = BallotContext()
    for raw in batch_get_raw(wanted, consistent=True):
        if raw.get("type", {}).get("S") == "VotePurse":
            context.purse = _purse_of(raw)
            continue
        item = Entity.from_raw_data(raw)
        if isinstance(item, VoteBallot):
            context.ballot = item
        elif isinstance(item, IdempotencyRecord):
            context.idempotency = item
        elif isinstance(item, VoteSession):
            context.session = item
        elif isinstance(item, VoteModule):
            context.module = item
        elif isinstance(item, VoteProposal):
            context.proposal = item
        elif isinstance(item, VoteOverride):
            context.override = item
    return context


def _budget_condition(limits: dict[str, int]) -> Condition | None:
    condition = None
    for category_id, limit in limits.items():
        spent = Path(f"spent_{category_id}")
        # Nothing spent yet means 0 <= limit; a negative limit can never be met.
        part = (spent.does_not_exist() | (spent <= limit)) if limit >= 0 else (spent <= limit)
        condition = part if condition is None else condition & part
    return condition


def write_ballot(slug: str, session_id: str, module_id: str, proposal_id: str, user_id: str, *, kind: str,
                 previous: VoteBallot | None, ballot_json: str | None, purse: dict[str, int],
                 limits: dict[str, int], tally: dict[str, int], idempotency_key: str | None, now: str,
                 idea_id: str | None = None) -> int | None:
    """One TransactWriteItems. Items (ConditionFailed names them):
    account     the voter's account is not being deleted (members_repo.check_account_active);
    ballot      put (absent before / same revision as read) or delete (same revision);
    purse       ADD spent_{category} deltas, if spent_{category} <= budget - delta for every growing category;
    tally       ADD counts on one random shard of the proposal's tally in this module;
    idempotency the retried request's record, if absent;
    event       the activity event of a cast or changed ballot, and at most once a minute per container the
                debate's vote activity mark (summaries_repo.vote_activity_marker).
    Returns the new revision (None when the ballot was withdrawn)."""
    member = keys.member(slug, user_id)
    sk = vote_keys.ballot_sk(session_id, module_id, proposal_id)
    same_revision = VoteBallot.rev == previous.rev if previous is not None else VoteBallot.pk.does_not_exist()
    revision = (int(previous.rev) if previous is not None else 0) + 1
    marker = summaries_repo.vote_activity_marker(slug, now)
    with transaction() as tx:
        members_repo.check_account_active(tx, user_id)  # a ballot in flight when the account is deleted: 401
        if marker is not None:
            tx.update("activity", *marker)
        if ballot_json is not None:
            tx.put("event", activity_event(slug, "vote", user_id, now, idea_id=idea_id, value=kind))
        if ballot_json is None:
            tx.delete("ballot", VoteBallot(member, sk), condition=same_revision)
        else:
            created = previous.created_at if previous is not None else now
            tx.put("ballot", VoteBallot(
                member, sk, session_id=session_id, module_id=module_id, proposal_id=proposal_id, user_id=user_id,
                kind=kind, ballot_json=ballot_json, rev=revision, created_at=created, updated_at=now,
                gsi1pk=vote_keys.ballots_index(slug, session_id, vote_keys.voter_shard(user_id)),
                gsi1sk=vote_keys.ballots_index_sk(user_id, module_id, proposal_id)), condition=same_revision)
        if purse:
            actions = [VotePurse.type.set(VotePurse), VotePurse.session_id.set(session_id),
                       VotePurse.module_id.set(module_id)]
            actions += [Path(f"spent_{category_id}").add(delta) for category_id, delta in sorted(purse.items())]
            tx.update("purse", VotePurse(member, vote_keys.purse_sk(session_id, module_id)), actions,
                      condition=_budget_condition(limits))
        if tally:
            shard = VoteTally(vote_keys.tally(slug, session_id, vote_keys.random_shard()),
                              vote_keys.tally_sk(proposal_id, module_id))
            actions = [VoteTally.type.set(VoteTally), VoteTally.proposal_id.set(proposal_id),
                       VoteTally.module_id.set(module_id)]
            actions += [Path(name).add(delta) for name, delta in sorted(tally.items())]
            tx.update("tally", shard, actions)
        if idempotency_key:
            idempotency_repo.put_in(tx, idempotency_repo.new_record(
                member, vote_keys.idempotency_sk(session_id, idempotency_key), f"{module_id}#{proposal_id}"))
    if marker is not None:
        summaries_repo.vote_activity_marked(slug)
    return None if ballot_json is None else revision


@dataclass
class VoterItems:
    ballots: list[VoteBallot] = field(default_factory=list)
    purses: dict[str, dict[str, int]] = field(default_factory=dict)  # module -> category -> spent


def _purse_of(item: dict[str, Any]) -> dict[str, int]:
    return {name[len("spent_"):]: int(value) for name, value in _plain(item).items() if name.startswith("spent_")}


def voter_items(slug: str, session_id: str, user_id: str) -> VoterItems:
    """One Query (consistent) of D#{slug}#M#{user} for V#{session}#: the voter's ballots and purses."""
    found = VoterItems()
    for item in _raw_query(keys.member(slug, user_id), vote_keys.voter_prefix(session_id), consistent=True):
        kind = item.get("type", {}).get("S")
        if kind == "VoteBallot":
            found.ballots.append(Entity.from_raw_data(item))
        elif kind == "VotePurse":
            found.purses[item["module_id"]["S"]] = _purse_of(item)
    return found


def get_purse(slug: str, session_id: str, module_id: str, user_id: str) -> dict[str, int]:
    """GetItem (consistent) of a voter's purse in a token module: category -> spent."""
    result = Entity._get_connection().get_item(keys.member(slug, user_id), vote_keys.purse_sk(session_id, module_id),
                                               consistent_read=True)
    return _purse_of(result["Item"]) if result.get("Item") else {}


def get_ballot(slug: str, session_id: str, module_id: str, proposal_id: str, user_id: str) -> VoteBallot | None:
    try:
        return VoteBallot.get(keys.member(slug, user_id), vote_keys.ballot_sk(session_id, module_id, proposal_id),
                              consistent_read=True)
    except VoteBallot.DoesNotExist:
        return None


# --- results and exports -------------------------------------------------------------------------------------------

def read_tallies(slug: str, session_id: str) -> dict[tuple[str, str], Counter]:
    """vote_keys.SHARDS Queries (consistent), one per tally partition, summed: (proposal, module) -> counts.
    The number of requests is fixed; each returns at most one item per proposal and module, whatever the
    number of voters."""
    totals: dict[tuple[str, str], Counter] = {}
    for shard in range(vote_keys.SHARDS):
        for item in _raw_query(vote_keys.tally(slug, session_id, shard), consistent=True):
            values = _plain(item)
            counts = totals.setdefault((values["proposal_id"], values["module_id"]), Counter())
            for name, value in values.items():
                if name == "voters" or name.startswith(("tok_", "g_", "b_")):
                    counts[name] += int(value)
    return totals


def session_ballots(slug: str, session_id: str) -> list[VoteBallot]:
    """Every ballot of a session (exports): vote_keys.SHARDS Queries of gsi1, paginated."""
    ballots: list[VoteBallot] = []
    for shard in range(vote_keys.SHARDS):
        ballots += list(VoteBallot.gsi1.query(vote_keys.ballots_index(slug, session_id, shard)))
    return ballots


def bulk_load(ballots: list[VoteBallot], purses: list[tuple[str, str, dict[str, int]]],
              tallies: list[tuple[str, str, int, dict[str, int]]], *, slug: str, session_id: str) -> None:
    """BatchWriteItem of ballots, purses (pk, sk, spent) and whole tally shards (proposal, module, shard,
    counts): benchmark seeding only, where the counts are computed from the same ballots."""
    with VoteBallot.batch_write() as batch:
        for ballot in ballots:
            batch.save(ballot)
    connection = Entity._get_connection()
    rows = []
    for pk, sk, spent in purses:
        rows.append({"pk": {"S": pk}, "sk": {"S": sk}, "type": {"S": "VotePurse"}, "session_id": {"S": session_id},
                     **{f"spent_{c}": {"N": str(v)} for c, v in spent.items()}})
    for proposal_id, module_id, shard, counts in tallies:
        rows.append({"pk": {"S": vote_keys.tally(slug, session_id, shard)},
                     "sk": {"S": vote_keys.tally_sk(proposal_id, module_id)}, "type": {"S": "VoteTally"},
                     "proposal_id": {"S": proposal_id}, "module_id": {"S": module_id},
                     **{name: {"N": str(v)} for name, v in counts.items()}})
    for start in range(0, len(rows), 25):
        request = {connection.table_name: [{"PutRequest": {"Item": row}} for row in rows[start:start + 25]]}
        while request:
            result = connection.connection.dispatch("BatchWriteItem", {"RequestItems": request})
            request = result.get("UnprocessedItems") or {}


def users_by_id(user_ids: Iterable[str]) -> dict[str, Any]:
    """BatchGetItem of user profiles (identified per-voter export only)."""
    from chalicelib.storage.models import User

    wanted = [(keys.user(user_id), keys.USER_SK) for user_id in sorted(user_ids)]
    return {user.user_id: user for user in User.batch_get(wanted)} if wanted else {}
