"""Vote sessions through the API: who may do what, the vote window, scales, budgets, exclusivity, overrides,
results visibility, exact tallies, idempotency, exports."""
from __future__ import annotations

import csv
import io
import threading
import traceback
import zipfile
from datetime import datetime, timedelta, timezone

import pytest

from tests.api.support import BASE, SLUG, assert_error, error_fields
from tests.helpers import DEBATE, sign_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def iso(**delta) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat()


def set_window(api, organiser, start: str, end: str | None, phase_id: str | None = None) -> str:
    """Move the debate's (only) phase; its id is kept when given, so vote sessions stay attached."""
    phase = {"name": {"fr": "Vote", "en": "Vote"}, "start": start, "end": end}
    if phase_id:
        phase["id"] = phase_id
    status, debate = api.patch(BASE, {"phases": [phase]}, who=organiser)
    assert status == 200, debate
    return debate["phases"][0]["id"]


class Vote:
    """A session on the cast's debate, open now, with helpers."""

    def __init__(self, api, cast, window: tuple[str, str | None] | None = None, **session):
        self.api, self.cast, self.org = api, cast, cast["organiser"]
        # the debate's phase keeps its id: a phase other sessions are attached to cannot be removed
        phases = api.get(BASE, who=self.org)[1]["phases"]
        self.phase_id = set_window(api, self.org, *(window or (iso(hours=-1), iso(hours=1))),
                                   phases[0]["id"] if len(phases) == 1 else None)
        body = {"idea_id": cast["idea"]["id"], "phase_id": self.phase_id, "title": {"fr": "Budget participatif"},
                **session}
        status, self.session = api.post(f"{BASE}/vote-sessions", body, who=self.org)
        assert status == 201, self.session
        self.path = f"{BASE}/vote-sessions/{self.session['id']}"

    def proposal(self, title: str = "Pistes cyclables", **extra) -> str:
        status, proposal = self.api.post(f"{self.path}/proposals", {"title": {"fr": title}, **extra}, who=self.org)
        assert status == 201, proposal
        return proposal["id"]

    def module(self, **body) -> dict:
        status, module = self.api.post(f"{self.path}/modules", body, who=self.org)
        assert status == 201, module
        return module

    def tokens(self, budget=10, maximum=None, categories=("Pour",), exclusive=False) -> tuple[dict, list[str]]:
        module = self.module(kind="tokens", title={"fr": "Jetons"}, exclusive=exclusive, categories=[
            {"name": {"fr": name}, "colour": "#1f77b4", "budget": budget,
             **({"max_per_proposal": maximum} if maximum else {})} for name in categories])
        return module, [c["id"] for c in module["categories"]]

    def ballot_path(self, proposal: str, module: dict | str) -> str:
        module_id = module if isinstance(module, str) else module["id"]
        return f"{self.path}/proposals/{proposal}/ballots/{module_id}"

    def vote(self, who, proposal, module, body, expect=200, headers=None):
        status, data = self.api.put(self.ballot_path(proposal, module), body, who=who, headers=headers)
        assert status == expect, data
        return data

    def mine(self, who) -> dict:
        status, data = self.api.get(self.path, who=who)
        assert status == 200, data
        return data

    def results(self, who=None, expect=200) -> dict:
        status, data = self.api.get(f"{self.path}/results", who=who or self.org)
        assert status == expect, data
        return data

    def close(self):
        set_window(self.api, self.org, iso(hours=-2), iso(seconds=-1), self.phase_id)


def result_of(results: dict, proposal: str, module: dict) -> dict:
    entry = next(p for p in results["proposals"] if p["id"] == proposal)
    return next(m for m in entry["modules"] if m["module_id"] == module["id"])


# --- the journey ----------------------------------------------------------------------------------------------------

def test_organiser_sets_up_participant_votes_changes_and_sees_the_purse(api, cast):
    v = Vote(api, cast, instructions={"fr": "Répartissez vos jetons."})
    p1, p2 = v.proposal("Pistes cyclables"), v.proposal("Écoles")
    tokens, [pour] = v.tokens(budget=10, maximum=6)
    gauge = v.module(kind="gauge", title={"fr": "Impact"}, range={"minimum": 0, "maximum": 10, "step": 0.5,
                                                                  "unit": {"fr": "M€"}})
    me = cast["participant"]
    answer = v.vote(me, p1, tokens, {"tokens": {pour: 6}})
    assert answer["ballot"]["tokens"] == {pour: 6} and answer["ballot"]["rev"] == 1
    assert answer["purse"]["categories"][0] | {"name": None} == {
        "id": pour, "name": None, "colour": "#1f77b4", "budget": 10, "spent": 6, "remaining": 4}
    answer = v.vote(me, p1, tokens, {"tokens": {pour: 2}})  # changing moves the difference back
    assert answer["purse"]["categories"][0]["remaining"] == 8 and answer["ballot"]["rev"] == 2
    v.vote(me, p2, tokens, {"tokens": {pour: 6}})
    v.vote(me, p2, gauge, {"value": 7.5})
    session = v.mine(me)
    assert session["state"] == "open" and session["can_vote"] and not session["can_administer"]
    assert session["results_available"] is False and session["phase"]["id"] == v.phase_id
    assert [p["title"]["fr"] for p in session["proposals"]] == ["Pistes cyclables", "Écoles"]
    assert [m["kind"] for m in session["proposals"][0]["modules"]] == ["tokens", "gauge"]
    assert session["proposals"][0]["modules"][1]["range"] == {"minimum": 0, "maximum": 10, "step": 0.5,
                                                               "unit": {"fr": "M€"}}
    mine = {(b["proposal_id"], b["module_id"]): b for b in session["mine"]["ballots"]}
    assert mine[(p1, tokens["id"])]["tokens"] == {pour: 2} and mine[(p2, gauge["id"])]["value"] == 7.5
    [purse] = session["mine"]["purses"]
    assert purse["categories"][0]["spent"] == 8 and purse["categories"][0]["remaining"] == 2
    assert "overrides" not in session["modules"][0]
    status, listed = api.get(f"{BASE}/vote-sessions?idea_id={cast['idea']['id']}")
    assert status == 200 and [s["id"] for s in listed["items"]] == [v.session["id"]]
    assert listed["items"][0]["counts"] == {"proposals": 2, "modules": 2}
    assert api.get(f"{BASE}/vote-sessions?idea_id=06h3r9qhzgvvprqs")[1]["items"] == []


def test_withdrawing_a_ballot_frees_its_tokens_and_is_idempotent(api, cast):
    v = Vote(api, cast)
    p1 = v.proposal()
    tokens, [pour] = v.tokens(budget=5)
    me = cast["participant"]
    v.vote(me, p1, tokens, {"tokens": {pour: 5}})
    for _ in range(2):
        status, answer = api.delete(v.ballot_path(p1, tokens), who=me)
        assert status == 200, answer
        assert answer["ballot"] is None and answer["purse"]["categories"][0]["spent"] == 0
    v.vote(me, p1, tokens, {"tokens": {pour: 3}})
    answer = v.vote(me, p1, tokens, {"tokens": {pour: 0}})  # zero tokens is a withdrawal too
    assert answer["ballot"] is None and answer["purse"]["categories"][0]["remaining"] == 5
    result = result_of(v.results(), p1, tokens)
    assert result["voters"] == 0 and result["categories"][0]["total"] == 0


# --- who may do what ------------------------------------------------------------------------------------------------

def test_only_organisers_manage_sessions(api, cast):
    v = Vote(api, cast)
    p1 = v.proposal()
    module, _ = v.tokens()
    body = {"idea_id": cast["idea"]["id"], "phase_id": v.phase_id, "title": {"fr": "Autre"}}
    assert_error(*api.post(f"{BASE}/vote-sessions", body), 401, "unauthorized")
    for role in ("participant", "harvester", "moderator", "other"):
        who = cast[role]
        assert_error(*api.post(f"{BASE}/vote-sessions", body, who=who), 403, "forbidden")
        assert_error(*api.post(f"{v.path}/proposals", {"title": {"fr": "X"}}, who=who), 403, "forbidden")
        assert_error(*api.post(f"{v.path}/modules", {"kind": "binary"}, who=who), 403, "forbidden")
        assert_error(*api.patch(v.path, {"results_visibility": "live"}, who=who), 403, "forbidden")
        assert_error(*api.delete(f"{v.path}/modules/{module['id']}", who=who), 403, "forbidden")
        assert_error(*api.put(f"{v.path}/modules/{module['id']}/overrides/{p1}", {"enabled": False}, who=who),
                     403, "forbidden")
    assert_error(*api.put(v.ballot_path(p1, module), {"tokens": {}}), 401, "unauthorized")
    assert_error(*api.delete(v.ballot_path(p1, module)), 401, "unauthorized")
    status, anonymous = api.get(v.path)
    assert status == 200 and "mine" not in anonymous and anonymous["can_vote"] is False


def test_an_organiser_of_another_debate_has_no_power_here_and_ids_do_not_cross_debates(api, cast):
    from chalicelib.services import identity

    v = Vote(api, cast)
    p1 = v.proposal()
    module, [pour] = v.tokens()
    elsewhere = sign_in("elsewhere@example.org")
    identity.grant_platform_organiser(elsewhere.email)
    other_debate = {**DEBATE, "slug": "autre-2027"}
    assert api.post("/debates", other_debate, who=elsewhere)[0] == 201
    status, idea = api.post("/debates/autre-2027/ideas", {"title": {"fr": "Ailleurs"}}, who=elsewhere)
    assert status == 201
    assert_error(*api.patch(v.path, {"title": {"fr": "Pris"}}, who=elsewhere), 403, "forbidden")
    assert_error(*api.post(f"{v.path}/modules", {"kind": "binary"}, who=elsewhere), 403, "forbidden")
    # The same session id under the other debate's address does not exist.
    moved = v.path.replace(SLUG, "autre-2027")
    assert_error(*api.get(moved, who=elsewhere), 404, "not_found")
    assert_error(*api.put(v.ballot_path(p1, module).replace(SLUG, "autre-2027"), {"tokens": {pour: 1}},
                          who=elsewhere), 404, "not_found")
    assert_error(*api.get(moved + "/results", who=elsewhere), 404, "not_found")
    # An idea of another debate cannot carry a session here.
    body = {"idea_id": idea["id"], "phase_id": v.phase_id, "title": {"fr": "X"}}
    status, data = api.post(f"{BASE}/vote-sessions", body, who=cast["organiser"])
    assert_error(status, data, 422) and error_fields(data) == ["idea_id"]


def test_outsiders_of_a_private_debate_see_nothing(api, cast):
    v = Vote(api, cast, results_visibility="live")
    p1 = v.proposal()
    module, [pour] = v.tokens()
    assert api.patch(BASE, {"visibility": "private"}, who=cast["organiser"])[0] == 200
    outsider = cast["other"]
    assert_error(*api.get(v.path, who=outsider), 404, "not_found")
    assert_error(*api.get(v.path), 404, "not_found")
    assert_error(*api.put(v.ballot_path(p1, module), {"tokens": {pour: 1}}, who=outsider), 404, "not_found")
    assert_error(*api.get(f"{v.path}/results", who=outsider), 404, "not_found")
    assert_error(*api.get(f"{v.path}/exports/results.csv", who=outsider), 404, "not_found")
    assert_error(*api.get(f"{BASE}/vote-sessions", who=outsider), 404, "not_found")
    # Members still vote.
    v.vote(cast["moderator"], p1, module, {"tokens": {pour: 1}})


def test_unknown_ids_are_404(api, cast):
    v = Vote(api, cast)
    p1 = v.proposal()
    module, [pour] = v.tokens()
    me = cast["participant"]
    ghost = "06h3r9qhzgvvprqs"
    for path in (f"{BASE}/vote-sessions/{ghost}", f"{BASE}/vote-sessions/not-an-id",
                 f"{BASE}/vote-sessions/{ghost}/results"):
        assert_error(*api.get(path, who=me), 404, "not_found")
    assert_error(*api.put(v.ballot_path(ghost, module), {"tokens": {pour: 1}}, who=me), 404, "not_found")
    assert_error(*api.put(v.ballot_path(p1, ghost), {"tokens": {pour: 1}}, who=me), 404, "not_found")
    assert_error(*api.put(v.ballot_path(p1, "x" * 40), {"tokens": {pour: 1}}, who=me), 404, "not_found")
    assert_error(*api.put(f"{BASE}/vote-sessions/{ghost}/proposals/{p1}/ballots/{module['id']}",
                          {"tokens": {pour: 1}}, who=me), 404, "not_found")
    assert_error(*api.get("/debates/nowhere/vote-sessions"), 404, "not_found")


# --- the vote window ------------------------------------------------------------------------------------------------

def test_ballots_are_refused_before_the_start_and_from_the_end(api, cast, monkeypatch):
    from chalicelib.domain import clock

    start, end = datetime(2031, 3, 1, 9, tzinfo=timezone.utc), datetime(2031, 3, 8, 9, tzinfo=timezone.utc)
    v = Vote(api, cast, window=(start.isoformat(), end.isoformat()))
    p1 = v.proposal()
    module = v.module(kind="binary", title={"fr": "Pour ou contre"})
    me = cast["participant"]
    for moment, expected in [(start - timedelta(milliseconds=1), "vote_not_started"), (start, None),
                             (end - timedelta(milliseconds=1), None), (end, "vote_closed"),
                             (end + timedelta(days=3), "vote_closed")]:
        monkeypatch.setattr(clock, "now", lambda moment=moment: moment)
        status, data = api.put(v.ballot_path(p1, module), {"value": "for"}, who=me)
        if expected is None:
            assert status == 200, (moment, data)
        else:
            error = assert_error(status, data, 409, expected)
            assert error["details"]
        session = v.mine(me)
        assert session["state"] == {"vote_not_started": "upcoming", None: "open", "vote_closed": "closed"}[expected]
        assert session["can_vote"] is (expected is None)


def test_a_closed_debate_takes_no_ballots(api, cast):
    v = Vote(api, cast)
    p1 = v.proposal()
    module = v.module(kind="binary")
    assert api.patch(BASE, {"status": "closed"}, who=v.org)[0] == 200
    assert_error(*api.put(v.ballot_path(p1, module), {"value": "for"}, who=cast["participant"]), 409,
                 "debate_closed")


# --- scales, budgets, exclusivity, overrides ------------------------------------------------------------------------

def test_gauge_values_must_be_on_the_scale(api, cast):
    v = Vote(api, cast)
    p1 = v.proposal()
    gauge = v.module(kind="gauge", range={"minimum": 0, "maximum": 1, "step": 0.1})
    likert = v.module(kind="gauge", choices=[{"value": 1, "label": {"fr": "Contre"}},
                                             {"value": 2, "label": {"fr": "Neutre"}},
                                             {"value": 3, "label": {"fr": "Pour"}}])
    binary = v.module(kind="binary")
    me = cast["participant"]
    assert v.vote(me, p1, gauge, {"value": 0.3})["ballot"]["value"] == 0.3
    assert v.vote(me, p1, gauge, {"value": 1})["ballot"]["value"] == 1
    for bad in (0.35, 1.1, -0.1, 0.1 + 0.2):
        assert_error(*api.put(v.ballot_path(p1, gauge), {"value": bad}, who=me), 422, "not_on_scale")
    assert v.vote(me, p1, likert, {"value": 2})["ballot"]["value"] == 2
    assert_error(*api.put(v.ballot_path(p1, likert), {"value": 4}, who=me), 422, "not_on_scale")
    assert_error(*api.put(v.ballot_path(p1, likert), {"value": "for"}, who=me), 422, "validation_failed")
    assert v.vote(me, p1, binary, {"value": "against"})["ballot"]["value"] == "against"
    assert_error(*api.put(v.ballot_path(p1, binary), {"value": 1}, who=me), 422, "validation_failed")
    assert_error(*api.put(v.ballot_path(p1, binary), {"tokens": {"a": 1}}, who=me), 422, "validation_failed")


def test_bad_ballot_bodies_are_4xx_json(api, cast):
    v = Vote(api, cast)
    p1 = v.proposal()
    module, [pour] = v.tokens()
    me = cast["participant"]
    path = v.ballot_path(p1, module)
    for body in ({}, {"tokens": {pour: 1}, "value": 2}, {"tokens": {pour: -1}}, {"tokens": {pour: 1.5}},
                 {"tokens": {pour: "1"}}, {"tokens": [1]}, {"value": True}, {"tokens": {pour: 1}, "extra": 1},
                 {"value": None}, {"tokens": {"bad id!": 1}}):
        status, data = api.put(path, body, who=me)
        assert_error(status, data, 422)
    assert_error(*api.put(path, None, who=me, raw="{not json"), 400, "invalid_json")
    assert_error(*api.put(path, None, who=me, raw="[1]"), 422)
    assert_error(*api.put(path, None, who=me), 400, "invalid_json")
    assert_error(*api.put(path, {"value": 1e400}, who=me), 422)
    status, data = api.put(path, None, who=me, raw='{"value": NaN}')
    assert status in (400, 422), data
    assert_error(*api.put(path, {"tokens": {pour: 1}}, who=me, headers={"Idempotency-Key": "short"}), 400,
                 "invalid_idempotency_key")


def test_a_budget_cannot_be_overspent_and_changes_move_the_difference(api, cast):
    v = Vote(api, cast)
    proposals = [v.proposal(f"Projet {n}") for n in range(4)]
    tokens, [pour] = v.tokens(budget=10, maximum=6)
    me = cast["participant"]
    v.vote(me, proposals[0], tokens, {"tokens": {pour: 6}})
    v.vote(me, proposals[1], tokens, {"tokens": {pour: 4}})
    error = assert_error(*api.put(v.ballot_path(proposals[2], tokens), {"tokens": {pour: 1}}, who=me), 409,
                         "budget_exceeded")
    assert error["details"]["categories"] == [{"category_id": pour, "budget": 10, "spent": 10, "requested": 1,
                                               "remaining": 0}]
    assert_error(*api.put(v.ballot_path(proposals[0], tokens), {"tokens": {pour: 7}}, who=me), 422,
                 "over_proposal_maximum")
    v.vote(me, proposals[0], tokens, {"tokens": {pour: 3}})  # frees 3
    v.vote(me, proposals[2], tokens, {"tokens": {pour: 3}})
    assert_error(*api.put(v.ballot_path(proposals[3], tokens), {"tokens": {pour: 1}}, who=me), 409,
                 "budget_exceeded")
    # Another participant has a purse of their own.
    v.vote(cast["other"], proposals[3], tokens, {"tokens": {pour: 6}})
    [purse] = v.mine(me)["mine"]["purses"]
    assert purse["categories"][0]["spent"] == 10
    totals = {p: result_of(v.results(), p, tokens)["categories"][0]["total"] for p in proposals}
    assert totals == {proposals[0]: 3, proposals[1]: 4, proposals[2]: 3, proposals[3]: 6}


def test_categories_have_their_own_budgets_and_can_be_exclusive(api, cast):
    v = Vote(api, cast)
    p1, p2 = v.proposal("Un"), v.proposal("Deux")
    both, [pour, contre] = v.tokens(budget=3, categories=("Pour", "Contre"))
    exclusive, [a, b] = v.tokens(budget=5, categories=("A", "B"), exclusive=True)
    me = cast["participant"]
    v.vote(me, p1, both, {"tokens": {pour: 3, contre: 2}})
    answer = v.vote(me, p2, both, {"tokens": {contre: 1}})
    assert {c["id"]: c["remaining"] for c in answer["purse"]["categories"]} == {pour: 0, contre: 0}
    assert_error(*api.put(v.ballot_path(p2, both), {"tokens": {pour: 1, contre: 1}}, who=me), 409, "budget_exceeded")
    error = assert_error(*api.put(v.ballot_path(p1, exclusive), {"tokens": {a: 1, b: 1}}, who=me), 422,
                         "exclusive_categories")
    assert error["details"]["fields"][0]["field"] == "tokens"
    v.vote(me, p1, exclusive, {"tokens": {a: 2, b: 0}})
    v.vote(me, p1, exclusive, {"tokens": {b: 2}})  # switching category on the proposal is fine
    v.vote(me, p2, exclusive, {"tokens": {a: 5}})
    result = result_of(v.results(), p1, exclusive)
    assert [c["total"] for c in result["categories"]] == [0, 2]


def test_per_proposal_overrides(api, cast):
    v = Vote(api, cast, window=(iso(hours=1), iso(hours=2)))  # lowering a maximum: before the vote opens
    p1, p2 = v.proposal("Un"), v.proposal("Deux")
    tokens, [pour] = v.tokens(budget=10, maximum=6)
    gauge = v.module(kind="gauge", title={"fr": "Impact"}, range={"minimum": 0, "maximum": 10, "step": 1})
    status, data = api.put(f"{v.path}/modules/{tokens['id']}/overrides/{p2}", {"max_per_proposal": {pour: 2}},
                           who=v.org)
    assert status == 200, data
    assert data["effective"]["categories"][0]["max_per_proposal"] == 2 and data["effective"]["overridden"]
    status, data = api.put(f"{v.path}/modules/{gauge['id']}/overrides/{p2}",
                           {"choices": [{"value": 0, "label": {"fr": "Non"}}, {"value": 1, "label": {"fr": "Oui"}}],
                            "title": {"fr": "Faisable ?"}}, who=v.org)
    assert status == 200, data
    # Switching a module off for a proposal, before the vote opens, hides it there.
    status, data = api.put(f"{v.path}/modules/{gauge['id']}/overrides/{p1}", {"enabled": False}, who=v.org)
    assert status == 200 and data["effective"] is None
    set_window(api, v.org, iso(hours=-1), iso(hours=2), v.phase_id)
    me = cast["participant"]
    v.vote(me, p1, tokens, {"tokens": {pour: 6}})
    assert_error(*api.put(v.ballot_path(p2, tokens), {"tokens": {pour: 3}}, who=me), 422, "over_proposal_maximum")
    v.vote(me, p2, tokens, {"tokens": {pour: 2}})
    assert_error(*api.put(v.ballot_path(p2, gauge), {"value": 7}, who=me), 422, "not_on_scale")
    v.vote(me, p2, gauge, {"value": 1})
    assert_error(*api.put(v.ballot_path(p1, gauge), {"value": 3}, who=me), 409, "module_not_applicable")
    session = v.mine(me)
    first = next(p for p in session["proposals"] if p["id"] == p1)
    assert [m["kind"] for m in first["modules"]] == ["tokens"]
    second = next(p for p in session["proposals"] if p["id"] == p2)
    assert second["modules"][1]["title"] == {"fr": "Faisable ?"} and len(second["modules"][1]["choices"]) == 2
    organiser_view = v.mine(v.org)
    assert organiser_view["modules"][0]["overrides"] == {p2: {"enabled": True, "max_per_proposal": {pour: 2}}}
    results = v.results()
    assert [b["label"] for b in result_of(results, p2, gauge)["distribution"]] == [{"fr": "Non"}, {"fr": "Oui"}]
    assert result_of(results, p2, gauge)["mean"] == 1
    # Once open, a module is not switched off where ballots may be cast (nor made upcoming again to do it).
    assert_error(*api.put(f"{v.path}/modules/{gauge['id']}/overrides/{p2}", {"enabled": False}, who=v.org), 409,
                 "session_started")
    assert_error(*api.patch(BASE, {"phases": [{"id": v.phase_id, "name": {"fr": "Vote", "en": "Vote"},
                                               "start": iso(hours=1), "end": iso(hours=2)}]}, who=v.org),
                 409, "vote_started")
    status, data = api.delete(f"{v.path}/modules/{tokens['id']}/overrides/{p2}", who=v.org)
    assert status == 200 and data["override"] is None  # loosening: allowed while open
    v.vote(me, p2, tokens, {"tokens": {pour: 5}}, expect=409)  # 6 + 5 > 10: the budget still holds
    assert v.vote(me, p2, tokens, {"tokens": {pour: 4}})["purse"]["categories"][0]["remaining"] == 0


def test_once_open_settings_may_only_loosen(api, cast):
    v = Vote(api, cast)
    p1 = v.proposal()
    module, [pour] = v.tokens(budget=10, maximum=5)
    body = {"kind": "tokens", "title": {"fr": "Jetons"}, "categories": [
        {"id": pour, "name": {"fr": "Pour"}, "colour": "#1f77b4", "budget": 8, "max_per_proposal": 5}]}
    error = assert_error(*api.put(f"{v.path}/modules/{module['id']}", body, who=v.org), 409, "session_started")
    assert error["details"]["reasons"]
    body["categories"][0]["budget"] = 12
    body["categories"].append({"name": {"fr": "Contre"}, "colour": "#d62728", "budget": 3})
    status, changed = api.put(f"{v.path}/modules/{module['id']}", body, who=v.org)
    assert status == 200 and changed["categories"][0]["budget"] == 12 and changed["rev"] == 2
    assert_error(*api.put(f"{v.path}/modules/{module['id']}", {**body, "kind": "binary", "categories": None},
                          who=v.org), 422)
    assert_error(*api.delete(f"{v.path}/modules/{module['id']}", who=v.org), 409, "session_started")
    assert_error(*api.delete(f"{v.path}/proposals/{p1}", who=v.org), 409, "session_started")
    other_phase = set_window(api, v.org, iso(hours=-1), iso(hours=1), v.phase_id)
    assert_error(*api.patch(v.path, {"phase_id": "06h3r9qhzgvvprqs"}, who=v.org), 422)
    v.vote(cast["participant"], p1, module, {"tokens": {pour: 5}})
    assert other_phase == v.phase_id
    # Moving the phase into the future does not make the vote changeable again (its ballots are there).
    phase = {"id": v.phase_id, "name": {"fr": "Vote", "en": "Vote"}, "start": iso(days=1), "end": iso(days=2)}
    assert_error(*api.patch(BASE, {"phases": [phase]}, who=v.org), 409, "vote_started")
    assert_error(*api.delete(f"{v.path}/proposals/{p1}", who=v.org), 409, "session_started")


def test_before_the_vote_opens_anything_goes(api, cast):
    v = Vote(api, cast, window=(iso(days=1), iso(days=2)))
    p1 = v.proposal()
    module, [pour] = v.tokens(budget=10, maximum=5)
    body = {"kind": "tokens", "title": {"fr": "Jetons"}, "categories": [
        {"id": pour, "name": {"fr": "Pour"}, "colour": "#1f77b4", "budget": 2, "max_per_proposal": 2}]}
    assert api.put(f"{v.path}/modules/{module['id']}", body, who=v.org)[0] == 200
    assert api.delete(f"{v.path}/modules/{module['id']}", who=v.org)[0] == 200
    assert api.delete(f"{v.path}/proposals/{p1}", who=v.org)[0] == 200
    assert v.mine(v.org)["counts"] == {"proposals": 0, "modules": 0}


def test_module_inputs_are_validated(api, cast):
    v = Vote(api, cast)
    cases = [
        {"kind": "tokens"},
        {"kind": "tokens", "categories": []},
        {"kind": "tokens", "categories": [{"name": {"fr": "A"}, "colour": "red", "budget": 3}]},
        {"kind": "tokens", "categories": [{"name": {"fr": "A"}, "colour": "#000000", "budget": 3,
                                           "max_per_proposal": 4}]},
        {"kind": "tokens", "categories": [{"name": {"xx": "A"}, "colour": "#000000", "budget": 3}]},
        {"kind": "gauge"},
        {"kind": "gauge", "range": {"minimum": 0, "maximum": 10, "step": 3}},
        {"kind": "gauge", "range": {"minimum": 0, "maximum": 10000, "step": 1}},
        {"kind": "gauge", "choices": [{"value": 1, "label": {"fr": "Seul"}}]},
        {"kind": "gauge", "choices": [{"value": 1, "label": {"fr": "A"}}, {"value": 1, "label": {"fr": "B"}}]},
        {"kind": "binary", "choices": []},
        # beyond what a browser's numbers hold exactly (10**400 came back as Infinity in a mean)
        {"kind": "gauge", "choices": [{"value": 10**400, "label": {"fr": "A"}}, {"value": 1, "label": {"fr": "B"}}]},
        {"kind": "gauge", "range": {"minimum": -10**400, "maximum": 10**400, "step": 10**400}},
        {"kind": "gauge", "range": {"minimum": 0, "maximum": 1e308, "step": 1e307}},
        {"kind": "poll"},
        {"kind": "binary", "surprise": True},
    ]
    for body in cases:
        status, data = api.post(f"{v.path}/modules", body, who=v.org)
        assert_error(status, data, 422)
    for body in ({"title": {}}, {"title": {"fr": "x" * 201}}, {"title": {"fr": "A"}, "order": 3}):
        assert_error(*api.post(f"{v.path}/proposals", body, who=v.org), 422)
    base = {"idea_id": cast["idea"]["id"], "phase_id": v.phase_id, "title": {"fr": "A"}}
    for change in ({"phase_id": "06h3r9qhzgvvprqs"}, {"idea_id": "nope"}, {"results_visibility": "never"},
                   {"proposal_order": "alphabetical"}, {"title": {}}):
        assert_error(*api.post(f"{BASE}/vote-sessions", {**base, **change}, who=v.org), 422)


def test_a_session_is_always_attached_to_an_idea_and_a_phase(api, cast):
    v = Vote(api, cast)
    base = {"idea_id": cast["idea"]["id"], "phase_id": v.phase_id, "title": {"fr": "A"}}
    for missing in ("idea_id", "phase_id"):
        body = {k: value for k, value in base.items() if k != missing}
        status, data = api.post(f"{BASE}/vote-sessions", body, who=v.org)
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == [missing], data
    for detach in ({"idea_id": None}, {"phase_id": None}):
        assert_error(*api.patch(v.path, detach, who=v.org), 422, "validation_failed")
    session = v.mine(v.org)
    assert (session["idea_id"], session["phase"]["id"]) == (cast["idea"]["id"], v.phase_id)


def test_limits_on_proposals_and_modules(api, cast, monkeypatch):
    from chalicelib.domain import votes as rules

    monkeypatch.setattr(rules, "MAX_MODULES", 2)
    monkeypatch.setattr(rules, "MAX_PROPOSALS", 2)
    v = Vote(api, cast)
    v.proposal("Un"), v.proposal("Deux")
    assert_error(*api.post(f"{v.path}/proposals", {"title": {"fr": "Trois"}}, who=v.org), 409, "too_many_proposals")
    v.module(kind="binary"), v.module(kind="binary")
    assert_error(*api.post(f"{v.path}/modules", {"kind": "binary"}, who=v.org), 409, "too_many_modules")


# --- order ----------------------------------------------------------------------------------------------------------

def test_proposal_order_fixed_and_random_but_stable_per_participant(api, cast):
    v = Vote(api, cast)
    ids = [v.proposal(f"Projet {n}") for n in range(8)]
    status, data = api.put(f"{v.path}/proposal-order", {"proposal_ids": list(reversed(ids))}, who=v.org)
    assert status == 200 and [p["id"] for p in data["items"]] == list(reversed(ids))
    assert [p["id"] for p in v.mine(cast["participant"])["proposals"]] == list(reversed(ids))
    for bad in (ids[:-1], ids + ids[:1], ids[:-1] + ["06h3r9qhzgvvprqs"]):
        assert_error(*api.put(f"{v.path}/proposal-order", {"proposal_ids": bad}, who=v.org), 422)
    assert api.patch(v.path, {"proposal_order": "random"}, who=v.org)[0] == 200
    orders = {}
    for role in ("participant", "other", "moderator", "harvester"):
        first = [p["id"] for p in v.mine(cast[role])["proposals"]]
        assert [p["id"] for p in v.mine(cast[role])["proposals"]] == first
        assert sorted(first) == sorted(ids)
        orders[role] = tuple(first)
    assert len(set(orders.values())) > 1
    status, anonymous = api.get(v.path)
    assert [p["id"] for p in anonymous["proposals"]] == list(reversed(ids))


# --- results --------------------------------------------------------------------------------------------------------

def test_results_are_hidden_until_the_close_unless_live(api, cast):
    v = Vote(api, cast)
    p1 = v.proposal()
    module = v.module(kind="binary")
    me = cast["participant"]
    v.vote(me, p1, module, {"value": "for"})
    error = assert_error(*api.get(f"{v.path}/results", who=me), 403, "results_hidden")
    assert error["details"]["available_at"]
    assert_error(*api.get(f"{v.path}/results"), 403, "results_hidden")
    assert_error(*api.get(f"{v.path}/exports/results.csv", who=me), 403, "results_hidden")
    assert v.results(v.org)["final"] is False  # organisers always see
    assert api.patch(v.path, {"results_visibility": "live"}, who=v.org)[0] == 200
    assert result_of(v.results(me), p1, module)["for"] == 1
    assert api.patch(v.path, {"results_visibility": "after_close"}, who=v.org)[0] == 200
    v.close()
    closed = v.results(me)
    assert closed["final"] is True and closed["state"] == "closed"
    assert v.mine(me)["results_available"] is True
    assert_error(*api.put(v.ballot_path(p1, module), {"value": "against"}, who=me), 409, "vote_closed")


def test_tallies_are_exact(api, cast):
    v = Vote(api, cast, results_visibility="live")
    p1, p2 = v.proposal("Un"), v.proposal("Deux")
    tokens, [pour] = v.tokens(budget=10)
    likert = v.module(kind="gauge", choices=[{"value": v_, "label": {"fr": str(v_)}} for v_ in (1, 2, 3, 4, 5)])
    binary = v.module(kind="binary")
    people = [cast[r] for r in ("participant", "other", "moderator", "harvester", "organiser")]
    for n, person in enumerate(people):
        v.vote(person, p1, tokens, {"tokens": {pour: n + 1}})
        v.vote(person, p1, likert, {"value": [1, 2, 2, 5, 4][n]})
        v.vote(person, p1, binary, {"value": "for" if n % 2 == 0 else "against"})
    v.vote(people[0], p1, likert, {"value": 3})  # changes 1 -> 3: no new voter
    v.vote(people[0], p1, binary, {"value": "against"})
    api.delete(v.ballot_path(p1, tokens), who=people[4])
    v.vote(people[1], p2, tokens, {"tokens": {pour: 4}})
    results = v.results(cast["participant"])
    assert result_of(results, p1, tokens) == {"module_id": tokens["id"], "kind": "tokens", "title": {"fr": "Jetons"},
                                              "voters": 4, "categories": [{"id": pour, "name": {"fr": "Pour"},
                                                                           "colour": "#1f77b4", "total": 10}]}
    gauge = result_of(results, p1, likert)
    assert gauge["voters"] == 5 and [b["count"] for b in gauge["distribution"]] == [0, 2, 1, 1, 1]
    assert gauge["mean"] == pytest.approx((2 + 2 + 3 + 4 + 5) / 5) and gauge["median"] == 3
    assert gauge["distribution"][0] == {"value": 1, "count": 0, "label": {"fr": "1"}}
    assert {k: result_of(results, p1, binary)[k] for k in ("for", "against", "voters")} == \
        {"for": 2, "against": 3, "voters": 5}
    assert result_of(results, p2, tokens)["categories"][0]["total"] == 4
    assert result_of(results, p2, likert)["mean"] is None and result_of(results, p2, likert)["median"] is None


# --- idempotency ------------------------------------------------------------------------------------------------------

def test_a_retried_ballot_is_carried_out_once(api, cast):
    v = Vote(api, cast)
    p1, p2 = v.proposal("Un"), v.proposal("Deux")
    tokens, [pour] = v.tokens(budget=10)
    me = cast["participant"]
    first = v.vote(me, p1, tokens, {"tokens": {pour: 4}}, headers={"Idempotency-Key": "ballot-0001"})
    again = v.vote(me, p1, tokens, {"tokens": {pour: 4}}, headers={"Idempotency-Key": "ballot-0001"})
    assert again == first
    v.vote(me, p1, tokens, {"tokens": {pour: 7}}, headers={"Idempotency-Key": "ballot-0002"})
    late = v.vote(me, p1, tokens, {"tokens": {pour: 4}}, headers={"Idempotency-Key": "ballot-0001"})
    assert late["ballot"]["tokens"] == {pour: 7}  # a late retry does not undo the later change
    assert_error(*api.put(v.ballot_path(p2, tokens), {"tokens": {pour: 1}}, who=me,
                          headers={"Idempotency-Key": "ballot-0002"}), 409, "idempotency_key_reused")
    assert result_of(v.results(), p1, tokens)["categories"][0]["total"] == 7


# --- exports --------------------------------------------------------------------------------------------------------

def _voted_session(api, cast) -> tuple[Vote, list[str], dict, dict]:
    v = Vote(api, cast)
    proposals = [v.proposal("Écoles"), v.proposal('=SOMME(1;2) vélo, "partout"')]
    tokens, [pour] = v.tokens(budget=10, categories=("Préféré",))
    gauge = v.module(kind="gauge", title={"fr": "Intérêt"}, choices=[
        {"value": 1, "label": {"fr": "Très défavorable"}}, {"value": 2, "label": {"fr": "Très favorable"}}])
    v.vote(cast["participant"], proposals[0], tokens, {"tokens": {pour: 3}})
    v.vote(cast["other"], proposals[0], tokens, {"tokens": {pour: 2}})
    v.vote(cast["other"], proposals[1], gauge, {"value": 2})
    return v, proposals, tokens, gauge


def _csv(api, v, path: str, delimiter: str) -> tuple[bytes, list[list[str]]]:
    response = api.client.http.get(f"{v.path}/exports/{path}", headers=v.org.headers)
    assert response.status_code == 200, response.body
    body = response.body if isinstance(response.body, bytes) else response.body.encode()
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=delimiter))


def test_results_csv_is_utf8_with_bom_and_quoted(api, cast):
    v, proposals, tokens, gauge = _voted_session(api, cast)
    v.vote(cast["participant"], proposals[1], gauge, {"value": 1})  # a mean of 1.5
    response = api.client.http.get(f"{v.path}/exports/results.csv", headers=v.org.headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=") and ".csv" in \
        response.headers["Content-Disposition"]
    # the debate's default language, French: French headings, ';' between cells and a decimal comma, as a French
    # Excel expects (it splits on ';', ',' being its decimal mark)
    body, rows = _csv(api, v, "results.csv", ";")
    assert body.startswith(b"\xef\xbb\xbf")
    assert rows[0] == ["Ordre d'affichage", "Proposition", "Module", "Type", "Mesure", "Catégorie ou choix", "Valeur",
                       "Id de la proposition", "Id du module"]
    by_key = {(r[1], r[2], r[4], r[5]): r[6] for r in rows[1:]}
    assert by_key[("Écoles", "Jetons", "jetons", "Préféré")] == "5"
    assert by_key[("Écoles", "Jetons", "votants", "")] == "2"
    # Separators and quotes are quoted; a text a spreadsheet would run as a formula is kept as text.
    formula = "'=SOMME(1;2) vélo, \"partout\""
    assert by_key[(formula, "Intérêt", "nombre", "Très favorable")] == "1"
    assert by_key[(formula, "Intérêt", "moyenne", "")] == "1,5"
    assert '"\'=SOMME(1;2) vélo, ""partout"""' in body.decode("utf-8-sig")
    # English: English headings and kinds, ',' and a decimal point; texts the debate has no English for stay French
    _, english = _csv(api, v, "results.csv?lang=en", ",")
    assert english[0][:7] == ["Display order", "Proposal", "Module", "Kind", "Measure", "Category or choice", "Value"]
    by_key = {(r[1], r[2], r[4], r[5]): r[6] for r in english[1:]}
    assert by_key[("Écoles", "Jetons", "tokens", "Préféré")] == "5"
    assert by_key[(formula, "Intérêt", "mean", "")] == "1.5"
    # the ballots too
    _, ballots = _csv(api, v, "ballots.csv?lang=fr", ";")
    assert ballots[0][:4] == ["Votant", "Proposition", "Module", "Type"]
    assert {r[3] for r in ballots[1:]} == {"jetons", "jauge"}
    status, data = api.get(f"{v.path}/exports/results.csv?lang=de", who=v.org)
    assert_error(status, data, 422)
    assert_error(*api.get(f"{v.path}/exports/results.csv?format=pdf", who=v.org), 422)


def test_results_xlsx_is_a_real_workbook(api, cast):
    v, proposals, tokens, gauge = _voted_session(api, cast)
    response = api.client.http.get(f"{v.path}/exports/results.xlsx", headers={**v.org.headers, "Accept": XLSX})
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"] == XLSX
    book = zipfile.ZipFile(io.BytesIO(response.body))
    assert "xl/worksheets/sheet1.xml" in book.namelist()
    strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    assert "Écoles" in strings and "Très favorable" in strings and "Préféré" in strings
    try:
        import openpyxl
    except ImportError:
        return
    sheet = openpyxl.load_workbook(io.BytesIO(response.body)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Ordre d'affichage" and ("Écoles" in [r[1] for r in rows])  # the debate's default language


def test_ballots_export_is_pseudonymised_and_for_organisers_only(api, cast):
    v, proposals, tokens, gauge = _voted_session(api, cast)
    path = f"{v.path}/exports/ballots.csv"
    assert_error(*api.get(path), 401, "unauthorized")
    for role in ("participant", "moderator", "harvester", "other"):
        assert_error(*api.get(path, who=cast[role]), 403, "forbidden")
        assert_error(*api.get(f"{v.path}/exports/ballots.xlsx", who=cast[role]), 403, "forbidden")
    response = api.client.http.get(path, headers=v.org.headers)
    assert response.status_code == 200
    text = response.body.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 3 and set(rows[0]) >= {"Votant", "Proposition", "Module", "Valeur"}
    assert "Id de l'utilisateur" not in rows[0] and "E-mail" not in rows[0]
    for person in ("participant", "other"):
        assert cast[person].user_id not in text and cast[person].email not in text
    voters = {r["Votant"] for r in rows}
    assert len(voters) == 2 and all(name.startswith("voter-") for name in voters)
    again = list(csv.DictReader(io.StringIO(api.client.http.get(path, headers=v.org.headers).body.decode("utf-8-sig")),
                                delimiter=";"))
    assert {r["Votant"] for r in again} == voters  # stable pseudonyms
    identified = api.client.http.get(path + "?identify=true", headers=v.org.headers).body.decode("utf-8-sig")
    assert cast["other"].email in identified and cast["participant"].user_id in identified
    assert_error(*api.get(path + "?identify=maybe", who=v.org), 422)
    xlsx = api.client.http.get(f"{v.path}/exports/ballots.xlsx", headers={**v.org.headers, "Accept": "*/*"})
    assert xlsx.status_code == 200 and zipfile.ZipFile(io.BytesIO(xlsx.body)).testzip() is None
    # Another session gives the same people other pseudonyms.
    other, other_proposals, other_tokens, _ = _voted_session(api, cast)
    rows2 = list(csv.DictReader(io.StringIO(api.client.http.get(
        f"{other.path}/exports/ballots.csv", headers=v.org.headers).body.decode("utf-8-sig")), delimiter=";"))
    assert not voters & {r["Votant"] for r in rows2}


# --- concurrency (in process) ---------------------------------------------------------------------------------------

@pytest.fixture
def serialised_moto(monkeypatch):
    """moto's in-memory DynamoDB is not thread-safe; real DynamoDB runs each request atomically (see
    tests/api/test_concurrency.py). Requests from different threads still interleave freely."""
    from moto.core.botocore_stubber import BotocoreStubber

    lock = threading.Lock()
    original = BotocoreStubber.process_request

    def one_request_at_a_time(self, request):
        with lock:
            return original(self, request)

    monkeypatch.setattr(BotocoreStubber, "process_request", one_request_at_a_time)


def test_concurrent_ballots_of_one_person_never_overspend(api, cast, serialised_moto):
    from chalicelib.api.vote_schemas import BallotInput
    from chalicelib.services import identity, votes

    v = Vote(api, cast, results_visibility="live")
    proposals = [v.proposal(f"Projet {n}") for n in range(5)]
    tokens, [pour] = v.tokens(budget=10, maximum=6)
    me = identity.caller_from_header(f"Bearer {cast['participant'].token}")
    outcomes: list[str] = []
    errors: list[str] = []
    barrier = threading.Barrier(15)

    def work(n: int):
        try:
            barrier.wait(timeout=10)
            votes.cast_ballot(SLUG, me, v.session["id"], proposals[n % 5], tokens["id"],
                              BallotInput(tokens={pour: 2 + n % 4}), None)
            outcomes.append("accepted")
        except Exception as error:  # noqa: BLE001
            code = getattr(error, "code", None)
            if code in ("budget_exceeded", "concurrent_change"):
                outcomes.append(code)
            else:
                errors.append(traceback.format_exc())

    threads = [threading.Thread(target=work, args=(n,)) for n in range(15)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [], errors[0] if errors else None
    assert "accepted" in outcomes and "budget_exceeded" in outcomes
    session = v.mine(cast["participant"])
    mine = sum(b["tokens"][pour] for b in session["mine"]["ballots"])
    assert mine <= 10 and session["mine"]["purses"][0]["categories"][0]["spent"] == mine
    results = v.results()
    totals = sum(result_of(results, p, tokens)["categories"][0]["total"] for p in proposals)
    assert totals == mine
    assert sum(result_of(results, p, tokens)["voters"] for p in proposals) == len(session["mine"]["ballots"])
