"""domain/votes.py: module settings, overrides, ballots, budgets, the vote window, order, tally maths."""
from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from chalicelib.domain import votes as rules
from chalicelib.domain.votes import Ballot, InvalidVote

_counter = itertools.count()


def new_id() -> str:
    return f"c{next(_counter)}"


def tokens_settings(budget=10, maximum=None, exclusive=False, categories=1):
    raw = {"exclusive": exclusive, "categories": [
        {"id": f"k{n}", "name": {"fr": f"Catégorie {n}"}, "colour": "#00AA00", "budget": budget,
         **({"max_per_proposal": maximum} if maximum is not None else {})} for n in range(categories)]}
    return rules.normalise_settings("tokens", raw, new_id)


def gauge_range(minimum, maximum, step, unit=None):
    return rules.normalise_settings("gauge", {"range": {"minimum": minimum, "maximum": maximum, "step": step,
                                                        "unit": unit or {}}}, new_id)


LIKERT = rules.normalise_settings("gauge", {"choices": [
    {"value": 3, "label": {"fr": "Plutôt pour"}}, {"value": 1, "label": {"fr": "Contre"}},
    {"value": 2, "label": {"fr": "Sans avis"}}]}, new_id)


def invalid(call, field=None, code=None) -> InvalidVote:
    with pytest.raises(InvalidVote) as error:
        call()
    if field is not None:
        assert error.value.field == field, error.value.field
    if code is not None:
        assert error.value.code == code
    return error.value


# --- settings -----------------------------------------------------------------------------------------------------

def test_token_settings_get_ids_lower_case_colours_and_a_default_maximum():
    settings = rules.normalise_settings("tokens", {"categories": [
        {"name": {"fr": "Pour"}, "colour": "#AABBCC", "budget": 10},
        {"id": "contre", "name": {"fr": "Contre"}, "colour": "#112233", "budget": 5, "max_per_proposal": 2}]},
        lambda: "generated")
    assert settings == {"exclusive": False, "categories": [
        {"id": "generated", "name": {"fr": "Pour"}, "colour": "#aabbcc", "budget": 10, "max_per_proposal": 10},
        {"id": "contre", "name": {"fr": "Contre"}, "colour": "#112233", "budget": 5, "max_per_proposal": 2}]}


@pytest.mark.parametrize("category, field", [
    ({"name": {"fr": "A"}, "colour": "red", "budget": 10}, "categories.0.colour"),
    ({"name": {"fr": "A"}, "colour": "#000000", "budget": 0}, "categories.0.budget"),
    ({"name": {"fr": "A"}, "colour": "#000000", "budget": 1001}, "categories.0.budget"),
    ({"name": {"fr": "A"}, "colour": "#000000", "budget": 5, "max_per_proposal": 6}, "categories.0.max_per_proposal"),
    ({"name": {"fr": "A"}, "colour": "#000000", "budget": 2.5}, "categories.0.budget"),
    ({"name": {"fr": "  "}, "colour": "#000000", "budget": 5}, "categories.0.name"),
    ({"id": "a b", "name": {"fr": "A"}, "colour": "#000000", "budget": 5}, "categories.0.id"),
])
def test_bad_categories_are_refused(category, field):
    invalid(lambda: rules.normalise_settings("tokens", {"categories": [category]}, new_id), field)


def test_token_modules_need_one_to_five_categories_with_distinct_ids():
    invalid(lambda: rules.normalise_settings("tokens", {"categories": []}, new_id), "categories")
    six = [{"name": {"fr": "A"}, "colour": "#000000", "budget": 1}] * 6
    invalid(lambda: rules.normalise_settings("tokens", {"categories": six}, new_id), "categories")
    twice = [{"id": "x", "name": {"fr": "A"}, "colour": "#000000", "budget": 1}] * 2
    invalid(lambda: rules.normalise_settings("tokens", {"categories": twice}, new_id), "categories.1.id")


def test_likert_choices_are_sorted_by_value_and_must_differ():
    assert [c["value"] for c in LIKERT["choices"]] == ["1", "2", "3"]
    assert rules.scale_values(LIKERT) == [Decimal(1), Decimal(2), Decimal(3)]
    same = {"choices": [{"value": 1, "label": {"fr": "A"}}, {"value": 1.0, "label": {"fr": "B"}}]}
    invalid(lambda: rules.normalise_settings("gauge", same, new_id), "choices")
    invalid(lambda: rules.normalise_settings("gauge", {"choices": [{"value": 1, "label": {"fr": "A"}}]}, new_id),
            "choices")


def test_a_numeric_range_is_exact_in_decimal():
    settings = gauge_range(0, 1, 0.1)
    values = rules.scale_values(settings)
    assert len(values) == 11 and values[3] == Decimal("0.3") and values[-1] == Decimal(1)
    assert settings["range"] == {"minimum": "0", "maximum": "1", "step": "0.1", "unit": {}}
    assert len(rules.scale_values(gauge_range(-50, 50, 1))) == 101


@pytest.mark.parametrize("minimum, maximum, step, field", [
    (0, 10, 3, "range.step"),  # not a whole number of steps
    (0, 10, 0, "range.step"),
    (0, 10, -1, "range.step"),
    (10, 10, 1, "range.maximum"),
    (0, 1000, 1, "range.step"),  # more than 101 values
    ("a", 10, 1, "range.minimum"),
    (0, float("inf"), 1, "range.maximum"),
    (True, 10, 1, "range.minimum"),
])
def test_bad_ranges_are_refused(minimum, maximum, step, field):
    invalid(lambda: gauge_range(minimum, maximum, step), field)


def test_a_gauge_has_choices_or_a_range_not_both():
    both = {"choices": LIKERT["choices"], "range": {"minimum": 0, "maximum": 1, "step": 1}}
    invalid(lambda: rules.normalise_settings("gauge", both, new_id), "choices")
    invalid(lambda: rules.normalise_settings("gauge", {}, new_id), "choices")
    invalid(lambda: rules.normalise_settings("poll", {}, new_id), "kind")
    assert rules.normalise_settings("binary", {}, new_id) == {}


# --- overrides ----------------------------------------------------------------------------------------------------

def test_overrides_switch_off_lower_a_maximum_or_change_a_scale():
    tokens = tokens_settings(budget=10, maximum=5, categories=2)
    off = rules.normalise_override("tokens", tokens, {"enabled": False})
    assert rules.effective_settings("tokens", tokens, off) is None
    lower = rules.normalise_override("tokens", tokens, {"max_per_proposal": {"k1": 2}})
    effective = rules.effective_settings("tokens", tokens, lower)
    assert [c["max_per_proposal"] for c in effective["categories"]] == [5, 2]
    assert rules.effective_settings("tokens", tokens, None) == tokens
    scale = rules.normalise_override("gauge", LIKERT, {"range": {"minimum": 0, "maximum": 4, "step": 2}})
    assert rules.scale_values(rules.effective_settings("gauge", LIKERT, scale)) == [0, 2, 4]


def test_bad_overrides_are_refused():
    tokens = tokens_settings(budget=10)
    invalid(lambda: rules.normalise_override("tokens", tokens, {"max_per_proposal": {"nope": 1}}),
            "max_per_proposal.nope")
    invalid(lambda: rules.normalise_override("tokens", tokens, {"max_per_proposal": {"k0": 11}}),
            "max_per_proposal.k0")
    invalid(lambda: rules.normalise_override("gauge", LIKERT, {"max_per_proposal": {"k0": 1}}), "max_per_proposal")
    invalid(lambda: rules.normalise_override("binary", {}, {"choices": LIKERT["choices"]}), "choices")


def test_after_the_vote_opens_settings_may_only_loosen():
    tokens = tokens_settings(budget=10, maximum=5, categories=2)
    assert rules.tightenings("tokens", tokens, tokens) == []
    looser = {**tokens, "categories": [{**c, "budget": 12, "max_per_proposal": 6} for c in tokens["categories"]]}
    assert rules.tightenings("tokens", tokens, looser) == []
    assert rules.tightenings("tokens", looser, tokens) != []
    one_less = {**tokens, "categories": tokens["categories"][:1]}
    assert "removed" in rules.tightenings("tokens", tokens, one_less)[0]
    assert rules.tightenings("tokens", one_less, tokens) == []  # adding a category is fine
    assert rules.tightenings("tokens", tokens, {**tokens, "exclusive": True}) == ["categories would become exclusive"]
    assert rules.tightenings("tokens", {**tokens, "exclusive": True}, tokens) == []
    renamed = {"choices": [{**c, "label": {"fr": c["label"]["fr"].upper()}} for c in LIKERT["choices"]]}
    assert rules.tightenings("gauge", LIKERT, renamed) == []
    assert rules.tightenings("gauge", LIKERT, gauge_range(1, 3, 1)) == []  # the same values
    assert rules.tightenings("gauge", LIKERT, gauge_range(1, 5, 1)) != []
    assert rules.tightenings("binary", {}, None) != []  # switching a module off for a proposal
    assert rules.tightenings("binary", None, {}) == []


# --- ballots ------------------------------------------------------------------------------------------------------

def test_token_ballots_respect_categories_maxima_and_exclusivity():
    settings = tokens_settings(budget=10, maximum=4, categories=2)
    assert rules.check_ballot("tokens", settings, tokens={"k0": 4, "k1": 0}) == Ballot(tokens={"k0": 4})
    assert rules.check_ballot("tokens", settings, tokens={"k0": 0}).empty
    invalid(lambda: rules.check_ballot("tokens", settings, tokens={"k0": 5}), "tokens.k0", "over_proposal_maximum")
    invalid(lambda: rules.check_ballot("tokens", settings, tokens={"zz": 1}), "tokens.zz")
    invalid(lambda: rules.check_ballot("tokens", settings, tokens={"k0": -1}), "tokens.k0")
    invalid(lambda: rules.check_ballot("tokens", settings, tokens={"k0": 1.5}), "tokens.k0")
    invalid(lambda: rules.check_ballot("tokens", settings, value=3), "tokens")
    exclusive = tokens_settings(budget=10, exclusive=True, categories=2)
    invalid(lambda: rules.check_ballot("tokens", exclusive, tokens={"k0": 1, "k1": 1}), "tokens",
            "exclusive_categories")
    assert rules.check_ballot("tokens", exclusive, tokens={"k0": 0, "k1": 3}) == Ballot(tokens={"k1": 3})


def test_gauge_ballots_must_be_on_the_scale():
    settings = gauge_range(0, 1, 0.1)
    assert rules.check_ballot("gauge", settings, value=0.3) == Ballot(value=Decimal("0.3"), index=3)
    assert rules.check_ballot("gauge", settings, value=1) == Ballot(value=Decimal(1), index=10)
    invalid(lambda: rules.check_ballot("gauge", settings, value=0.1 + 0.2), "value", "not_on_scale")
    invalid(lambda: rules.check_ballot("gauge", settings, value=0.35), "value", "not_on_scale")
    invalid(lambda: rules.check_ballot("gauge", settings, value=1.1), "value", "not_on_scale")
    invalid(lambda: rules.check_ballot("gauge", settings, value="0.5"), "value")
    invalid(lambda: rules.check_ballot("gauge", settings, tokens={"a": 1}), "tokens")
    assert rules.check_ballot("gauge", LIKERT, value=2).index == 1


def test_binary_ballots():
    assert rules.check_ballot("binary", {}, value="for") == Ballot(choice="for")
    invalid(lambda: rules.check_ballot("binary", {}, value="maybe"), "value")
    invalid(lambda: rules.check_ballot("binary", {}, value=1), "value")


def test_ballots_survive_storage():
    for ballot in (Ballot(tokens={"a": 2}), Ballot(value=Decimal("0.5"), index=1), Ballot(choice="against")):
        assert Ballot.from_stored(ballot.stored()) == ballot


def test_changing_a_ballot_moves_the_purse_by_the_difference():
    settings = tokens_settings(budget=10, categories=2)
    old, new = Ballot(tokens={"k0": 3, "k1": 2}), Ballot(tokens={"k0": 5})
    changes = rules.purse_changes(old, new)
    assert changes == {"k0": 2, "k1": -2}
    # spent + delta <= budget  <=>  spent <= budget - delta; only growing categories are conditioned
    assert rules.purse_limits(settings, changes) == {"k0": 8}
    assert rules.purse_changes(None, new) == {"k0": 5}
    assert rules.purse_changes(new, None) == {"k0": -5}
    assert rules.purse_changes(new, new) == {}


def test_tally_changes_count_voters_once():
    assert rules.tally_changes("tokens", None, Ballot(tokens={"a": 3})) == {"voters": 1, "tok_a": 3}
    assert rules.tally_changes("tokens", Ballot(tokens={"a": 3}), Ballot(tokens={"a": 1, "b": 2})) == \
        {"tok_a": -2, "tok_b": 2}
    assert rules.tally_changes("tokens", Ballot(tokens={"a": 3}), Ballot()) == {"voters": -1, "tok_a": -3}
    assert rules.tally_changes("gauge", Ballot(value=Decimal(1), index=0), Ballot(value=Decimal(3), index=2)) == \
        {"g_0": -1, "g_2": 1}
    assert rules.tally_changes("binary", None, Ballot(choice="for")) == {"voters": 1, "b_for": 1}
    assert rules.tally_changes("binary", Ballot(choice="for"), Ballot(choice="against")) == \
        {"b_for": -1, "b_against": 1}


def test_the_ballot_box_refuses_a_ballot_that_would_overspend():
    box = rules.BallotBox(tokens_settings(budget=10, maximum=6))
    assert box.cast("ana", "p1", {"k0": 6})
    assert not box.cast("ana", "p2", {"k0": 5})
    assert box.cast("ana", "p2", {"k0": 4})
    assert box.cast("ana", "p1", {"k0": 1})  # moving tokens frees them
    assert box.cast("ana", "p3", {"k0": 5})
    assert box.spent[("ana", "k0")] == 10 and box.cast("bob", "p1", {"k0": 6})
    assert box.cast("ana", "p3", {"k0": 0}) and ("ana", "p3") not in box.ballots
    assert box.spent[("ana", "k0")] == 5


# --- window, order, visibility, pseudonyms ------------------------------------------------------------------------

PHASE = {"id": "p", "start": "2027-01-10T08:00:00.000Z", "end": "2027-01-20T08:00:00.000Z"}


@pytest.mark.parametrize("now, state", [
    ("2027-01-10T07:59:59.999Z", "upcoming"),
    ("2027-01-10T08:00:00.000Z", "open"),  # the start is inclusive
    ("2027-01-20T07:59:59.999Z", "open"),
    ("2027-01-20T08:00:00.000Z", "closed"),  # the end is exclusive
    ("2027-02-01T00:00:00.000Z", "closed"),
])
def test_the_vote_window_is_start_inclusive_end_exclusive(now, state):
    assert rules.window_state(PHASE, now) == state


def test_an_open_ended_phase_a_missing_phase_and_a_closed_debate():
    assert rules.window_state({**PHASE, "end": None}, "2099-01-01T00:00:00.000Z") == "open"
    assert rules.window_state(None, "2027-01-15T00:00:00.000Z") == "closed"
    assert rules.window_state(PHASE, "2027-01-15T00:00:00.000Z", debate_open=False) == "closed"


def test_results_visibility():
    assert rules.results_visible("live", "open", organiser=False)
    assert not rules.results_visible("after_close", "open", organiser=False)
    assert not rules.results_visible("after_close", "upcoming", organiser=False)
    assert rules.results_visible("after_close", "closed", organiser=False)
    assert rules.results_visible("after_close", "open", organiser=True)


def test_random_order_is_stable_per_participant_and_differs_between_participants():
    proposals = [f"p{n}" for n in range(8)]
    mine = rules.stable_order("s1", "ana", proposals)
    assert sorted(mine) == proposals
    assert rules.stable_order("s1", "ana", list(reversed(proposals))) == mine
    others = {tuple(rules.stable_order("s1", f"user{n}", proposals)) for n in range(20)}
    assert len(others) > 10
    assert rules.stable_order("s2", "ana", proposals) != mine or rules.stable_order("s3", "ana", proposals) != mine


def test_pseudonyms_are_stable_per_session_and_hide_the_user():
    first = rules.pseudonym("secret-a", "06h3r9qjsew2knmp")
    assert first == rules.pseudonym("secret-a", "06h3r9qjsew2knmp") and first.startswith("voter-")
    assert "06h3r9qjsew2knmp" not in first
    assert rules.pseudonym("secret-b", "06h3r9qjsew2knmp") != first
    assert rules.pseudonym("secret-a", "06h3r9qjsew2knmq") != first


# --- tally maths --------------------------------------------------------------------------------------------------

def d(*pairs):
    return [(Decimal(str(v)), c) for v, c in pairs]


@pytest.mark.parametrize("distribution, mean, median", [
    (d((1, 1), (2, 1), (3, 1)), Decimal(2), Decimal(2)),
    (d((1, 1), (2, 1)), Decimal("1.5"), Decimal("1.5")),  # even: the mean of the two middle votes
    (d((1, 3), (2, 0), (5, 1)), Decimal(2), Decimal(1)),
    (d((0, 2), (10, 2)), Decimal(5), Decimal(5)),
    (d((0.5, 1), (1, 0), (1.5, 1)), Decimal(1), Decimal(1)),
    (d((1, 0), (2, 0)), None, None),
    ([], None, None),
    (d((1, 1_000_000), (2, 1_000_001)), Decimal(3_000_002) / Decimal(2_000_001), Decimal(2)),
])
def test_mean_and_median_from_counts_are_exact(distribution, mean, median):
    assert rules.mean(distribution) == mean
    assert rules.median(distribution) == median


def test_median_matches_the_sorted_votes():
    import random

    generator = random.Random(7)
    for _ in range(200):
        counts = [generator.randrange(0, 4) for _ in range(5)]
        votes = sorted(v for v, c in enumerate(counts) for _ in range(c))
        if not votes:
            continue
        expected = (Decimal(votes[(len(votes) - 1) // 2]) + Decimal(votes[len(votes) // 2])) / 2
        assert rules.median([(Decimal(v), c) for v, c in enumerate(counts)]) == expected


def test_gauge_summary_lists_every_value_of_the_scale():
    summary = rules.gauge_summary(LIKERT, {0: 2, 2: 1})
    assert summary["distribution"] == [(Decimal(1), 2), (Decimal(2), 0), (Decimal(3), 1)]
    assert summary["votes"] == 3 and summary["mean"] == Decimal(5) / 3 and summary["median"] == Decimal(1)


def test_numbers_leave_as_ints_or_floats():
    assert rules.number_out(Decimal("2.0")) == 2 and isinstance(rules.number_out(Decimal("2.0")), int)
    assert rules.number_out(Decimal("0.5")) == 0.5 and rules.number_out(None) is None
