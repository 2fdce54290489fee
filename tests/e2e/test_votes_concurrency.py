"""Participants racing to overspend a token budget through the running stack (real HTTP, the threaded local
server, the embedded DynamoDB): every budget holds and every tally equals the ballots accepted. The scenario is
the one of `palabre bench votes` (chalicelib/cli/bench_votes.py), read back through the API."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e

PARTICIPANTS = 20
BALLOTS_EACH = 20


def test_parallel_ballots_never_overspend_and_tallies_are_exact(stack):
    from chalicelib.cli.bench_votes import BUDGET, overspend_scenario

    organiser = stack.sign_in("organiser@example.org")  # `palabre run` makes this address a platform organiser
    participants = [stack.sign_in(f"votant{n}@example.org") for n in range(PARTICIPANTS)]
    report = overspend_scenario(stack.api, organiser, participants, ballots_each=BALLOTS_EACH, waves=5)
    print("\n".join(report.lines()))
    assert report.errors == [], report.errors[:3]
    assert report.accepted + report.rejected == PARTICIPANTS * BALLOTS_EACH
    # Each participant asks for about three times the budget: some ballots must be refused for the budget.
    assert report.outcomes["budget_exceeded"] > 0 and report.accepted >= PARTICIPANTS
    assert (report.overspent, report.mismatched) == (0, 0), report.problems
    assert BUDGET == 10
