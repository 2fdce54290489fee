"""Property: no sequence of ballots breaks a budget, and the counts always equal the ballots.

Checked twice: on the domain's in-memory ballot box (many sequences), and on the repository under moto, where
each ballot goes through the same read / decide / TransactWriteItems path as the API, and must be accepted or
refused exactly when the in-memory reference accepts or refuses it."""
from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chalicelib.domain import votes as rules

CATEGORIES = ("pour", "contre")
BUDGETS = {"pour": 10, "contre": 4}
SETTINGS = rules.normalise_settings("tokens", {"categories": [
    {"id": "pour", "name": {"fr": "Pour"}, "colour": "#00aa00", "budget": 10, "max_per_proposal": 6},
    {"id": "contre", "name": {"fr": "Contre"}, "colour": "#aa0000", "budget": 4}]}, lambda: "unused")

ballots = st.lists(
    st.tuples(st.sampled_from(["ana", "bob"]), st.sampled_from(["p1", "p2", "p3"]),
              st.dictionaries(st.sampled_from(CATEGORIES), st.integers(min_value=0, max_value=6), max_size=2)),
    min_size=1, max_size=14)


def check_invariants(box: rules.BallotBox) -> None:
    for voter in ("ana", "bob"):
        for category in CATEGORIES:
            placed = sum(b.tokens.get(category, 0) for (v, _), b in box.ballots.items() if v == voter)
            assert box.spent.get((voter, category), 0) == placed
            assert 0 <= placed <= BUDGETS[category]


@settings(max_examples=300, deadline=None)
@given(ballots)
def test_no_sequence_breaks_a_budget_in_the_domain(sequence):
    box = rules.BallotBox(SETTINGS)
    for voter, proposal, tokens in sequence:
        try:
            box.cast(voter, proposal, tokens)
        except rules.InvalidVote:
            pass  # over the maximum per proposal: refused before any write
        check_invariants(box)


# --- the same against DynamoDB (moto) ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def table():
    from moto import mock_aws

    with mock_aws():
        from chalicelib.storage.models import create_table

        create_table()
        from chalicelib.storage import keys
        from chalicelib.storage.models import User

        for voter in ("ana", "bob"):  # ballots check that the voter's account exists and is not being deleted
            User(keys.user(voter), keys.USER_SK, user_id=voter, display_name=voter,
                 created_at="2027-01-01T00:00:00.000Z").save()
        yield


def repo_cast(slug: str, session_id: str, module_id: str, proposal_id: str, user_id: str,
              tokens: dict[str, int]) -> bool:
    """What services.votes.cast_ballot does once access and the vote window are checked."""
    from chalicelib.storage import votes_repo
    from chalicelib.storage.transactions import ConditionFailed

    new = rules.check_ballot("tokens", SETTINGS, tokens=tokens)
    context = votes_repo.ballot_context(slug, session_id, module_id, proposal_id, user_id, None, with_settings=False)
    previous = rules.Ballot.from_stored(json.loads(context.ballot.ballot_json)) if context.ballot else None
    if new == (previous or rules.Ballot()):
        return True
    changes = rules.purse_changes(previous, new)
    try:
        votes_repo.write_ballot(slug, session_id, module_id, proposal_id, user_id, kind="tokens",
                                previous=context.ballot, ballot_json=None if new.empty else json.dumps(new.stored()),
                                purse=changes, limits=rules.purse_limits(SETTINGS, changes),
                                tally=rules.tally_changes("tokens", previous, new), idempotency_key=None,
                                now="2027-01-01T00:00:00.000Z")
    except ConditionFailed as failure:
        assert failure.failed == {"purse"}, failure.failed
        return False
    return True


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ballots)
def test_no_sequence_breaks_a_budget_in_dynamodb(table, sequence):
    from chalicelib.domain import ids
    from chalicelib.storage import votes_repo

    slug, session_id, module_id = "propriete", ids.new_id(), "jetons"
    box = rules.BallotBox(SETTINGS)
    for voter, proposal, tokens in sequence:
        try:
            expected = box.cast(voter, proposal, tokens)
        except rules.InvalidVote:
            continue
        assert repo_cast(slug, session_id, module_id, proposal, voter, tokens) == expected
    check_invariants(box)
    for voter in ("ana", "bob"):
        stored = votes_repo.voter_items(slug, session_id, voter)
        assert {b.proposal_id: json.loads(b.ballot_json)["tokens"] for b in stored.ballots} == \
            {p: dict(b.tokens) for (v, p), b in box.ballots.items() if v == voter}
        purse = stored.purses.get(module_id, {})
        for category in CATEGORIES:
            assert purse.get(category, 0) == box.spent.get((voter, category), 0) <= BUDGETS[category]
    tallies = votes_repo.read_tallies(slug, session_id)
    for proposal in ("p1", "p2", "p3"):
        counts = tallies.get((proposal, module_id), Counter())
        placed = [b for (v, p), b in box.ballots.items() if p == proposal]
        assert counts["voters"] == len(placed)
        for category in CATEGORIES:
            assert counts[f"tok_{category}"] == sum(b.tokens.get(category, 0) for b in placed)
