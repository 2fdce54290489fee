"""A debate's creation and settings at their edges (found by a tester): concurrent changes of the settings, phases
moved under an open vote, duplicate phase ids, a creator's retry with another body, time zones browsers do not
know, invisible characters in emails, and the debate's languages."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.api.cast_snapshot import cast  # noqa: F401,F811 - the same cast, restored from a snapshot (faster)
from tests.api.support import BASE, SLUG, assert_error, error_fields, patch_debate
from tests.helpers import DEBATE

MEMBERS = f"{BASE}/members"


def debate_input(**changes) -> dict:
    return {**DEBATE, **changes}


def iso(**delta) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat()


def concurrently(monkeypatch, before_save) -> None:
    """Runs `before_save` once, between the PATCH's read of the debate and its write (a concurrent request)."""
    from chalicelib.storage import debates_repo

    original = debates_repo.save_debate
    pending = [before_save]

    def save(debate):
        if pending:
            pending.pop()()
        return original(debate)

    monkeypatch.setattr(debates_repo, "save_debate", save)


# --- 1. lost updates --------------------------------------------------------------------------------------------------

def test_a_patch_does_not_undo_a_concurrent_patch(api, cast, monkeypatch):
    organiser = cast["organiser"]
    concurrently(monkeypatch, lambda: patch_debate(api, organiser, {"status": "closed"}))
    debate = patch_debate(api, organiser, {"title": {"fr": "Nouveau titre", "en": "New title"}})
    assert debate["status"] == "closed" and debate["title"]["fr"] == "Nouveau titre"
    stored = api.get(BASE, who=organiser)[1]
    assert stored["status"] == "closed" and stored["title"] == {"fr": "Nouveau titre", "en": "New title"}


def test_a_patch_does_not_undo_an_archive_address(api, cast, monkeypatch):
    from chalicelib.storage import debates_repo

    organiser = cast["organiser"]
    url = "https://example.org/archives/climat-2027/index.html"
    concurrently(monkeypatch, lambda: debates_repo.set_archive_url(SLUG, url))
    patch_debate(api, organiser, {"description": {"fr": "Autre", "en": "Other"}})
    stored = api.get(BASE, who=organiser)[1]
    assert stored["archive_url"] == url and stored["description"]["fr"] == "Autre"


def test_a_patch_racing_the_debates_deletion_is_404(api, cast, monkeypatch):
    from chalicelib.storage import keys
    from chalicelib.storage.models import Debate

    # the operator's `palabre archive --delete-live` (its own process) deletes the debate's item meanwhile; done
    # here by a DeleteItem, since its Scan, run from inside a route, would be recorded as the app's (tests/infra)
    concurrently(monkeypatch, lambda: Debate(keys.debate(SLUG), keys.DEBATE_META).delete())
    assert_error(*api.patch(BASE, {"title": {"fr": "Trop tard", "en": "Too late"}}, who=cast["organiser"]), 404,
                 "not_found")
    assert api.get(BASE, who=cast["organiser"])[0] == 404


def test_every_write_of_the_debate_moves_its_version(api, cast):
    from chalicelib.storage import debates_repo

    first = debates_repo.get_debate(SLUG, consistent=True).rev
    patch_debate(api, cast["organiser"], {"premoderation": True})
    debates_repo.set_archive_url(SLUG, "https://example.org/a")
    assert debates_repo.get_debate(SLUG, consistent=True).rev == first + 2


# --- 2. phases under a vote -------------------------------------------------------------------------------------------

def _phase(phase_id: str | None, start: str, end: str | None) -> dict:
    return {**({"id": phase_id} if phase_id else {}), "name": {"fr": "Vote", "en": "Vote"}, "start": start,
            "end": end}


def _session(api, cast, start: str, end: str | None) -> tuple[str, str]:
    """A vote session on the debate's one phase [start, end): (phase id, session path)."""
    organiser = cast["organiser"]
    phase_id = patch_debate(api, organiser, {"phases": [_phase(None, start, end)]})["phases"][0]["id"]
    status, session = api.post(f"{BASE}/vote-sessions", {"idea_id": cast["idea"]["id"], "phase_id": phase_id,
                                                         "title": {"fr": "Budget"}}, who=organiser)
    assert status == 201, session
    return phase_id, f"{BASE}/vote-sessions/{session['id']}"


def test_an_open_vote_cannot_be_made_upcoming_again(api, cast):
    organiser = cast["organiser"]
    phase_id, path = _session(api, cast, iso(hours=-1), iso(hours=1))
    status, proposal = api.post(f"{path}/proposals", {"title": {"fr": "Pistes"}}, who=organiser)
    status, module = api.post(f"{path}/modules", {"kind": "binary", "title": {"fr": "Pour ou contre"}}, who=organiser)
    assert status == 201, module
    ballot = f"{path}/proposals/{proposal['id']}/ballots/{module['id']}"
    assert api.put(ballot, {"value": "for"}, who=cast["participant"])[0] == 200
    error = assert_error(*api.patch(BASE, {"phases": [_phase(phase_id, iso(days=1), iso(days=2))]}, who=organiser),
                         409, "vote_started")
    assert error["details"]["phase_id"] == phase_id
    assert api.get(path, who=organiser)[1]["state"] == "open"
    assert_error(*api.delete(f"{path}/proposals/{proposal['id']}", who=organiser), 409, "session_started")
    assert_error(*api.delete(f"{path}/modules/{module['id']}", who=organiser), 409, "session_started")
    # what stays allowed: an earlier start, a later end, and closing the vote by ending its phase now
    patch_debate(api, organiser, {"phases": [_phase(phase_id, iso(hours=-2), iso(hours=3))]})
    patch_debate(api, organiser, {"phases": [_phase(phase_id, iso(hours=-2), iso(seconds=-1))]})
    assert api.get(path, who=organiser)[1]["state"] == "closed"


def test_a_started_phase_cannot_move_into_the_future_even_without_ballots(api, cast):
    phase_id, path = _session(api, cast, iso(hours=-1), None)
    assert_error(*api.patch(BASE, {"phases": [_phase(phase_id, iso(hours=1), None)]}, who=cast["organiser"]), 409,
                 "vote_started")


def test_an_upcoming_vote_without_ballots_may_move(api, cast):
    organiser = cast["organiser"]
    phase_id, path = _session(api, cast, iso(days=1), iso(days=2))
    patch_debate(api, organiser, {"phases": [_phase(phase_id, iso(days=3), iso(days=4))]})
    assert api.get(path, who=organiser)[1]["state"] == "upcoming"


def test_an_upcoming_vote_with_ballots_cannot_move_later(api, cast):
    """Ballots can be there before the start (a vote loaded from elsewhere): they count as an opened vote."""
    from chalicelib.storage import votes_repo

    phase_id, path = _session(api, cast, iso(days=1), iso(days=2))
    session_id = path.rsplit("/", 1)[1]
    votes_repo.bulk_load([], [], [("p", "m", 0, {"voters": 1})], slug=SLUG, session_id=session_id)
    assert_error(*api.patch(BASE, {"phases": [_phase(phase_id, iso(days=3), iso(days=4))]}, who=cast["organiser"]),
                 409, "vote_started")


def test_a_phase_with_a_vote_session_cannot_be_removed(api, cast):
    organiser = cast["organiser"]
    phase_id, path = _session(api, cast, iso(days=1), iso(days=2))
    for phases in ([], [_phase(None, iso(days=1), iso(days=2))]):  # removed, or replaced by a phase without its id
        error = assert_error(*api.patch(BASE, {"phases": phases}, who=organiser), 409, "phase_in_use")
        assert error["details"]["phase_id"] == phase_id
    assert api.get(BASE)[1]["phases"][0]["id"] == phase_id


# --- 3. phase ids -----------------------------------------------------------------------------------------------------

def test_a_phase_id_given_twice_is_refused(api, cast):
    twice = [_phase("06h3r9qhzgvvprqs", "2030-01-01T00:00:00Z", "2030-02-01T00:00:00Z"),
             _phase("06h3r9qhzgvvprqs", "2030-03-01T00:00:00Z", "2030-04-01T00:00:00Z")]
    status, data = api.post("/debates", debate_input(slug="doublon-2030", phases=twice), who=cast["organiser"])
    assert_error(status, data, 422, "validation_failed")
    assert error_fields(data) == ["phases.1.id"]
    assert api.get("/debates/doublon-2030")[0] == 404
    phase_id = api.get(BASE)[1]["phases"][0]["id"]
    twice = [{**p, "id": phase_id} for p in twice]
    assert_error(*api.patch(BASE, {"phases": twice}, who=cast["organiser"]), 422, "validation_failed")


# --- 4. a creator's retry -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("change", [
    {"visibility": "private"}, {"title": {"fr": "Autre", "en": "Other"}}, {"timezone": "Europe/Berlin"},
    {"phases": []}, {"languages": ["fr"], "title": {"fr": "Climat 2027"}, "description": {"fr": "Une."},
                     "phases": []},
])
def test_a_creators_retry_with_another_body_is_slug_taken(api, cast, change):
    organiser = cast["organiser"]
    body = debate_input(slug="retry-2027")
    status, created = api.post("/debates", body, who=organiser)
    assert status == 201, created
    status, again = api.post("/debates", body, who=organiser)  # the same request: the same answer
    assert status == 201 and again["slug"] == "retry-2027" and again["my_roles"] == created["my_roles"]
    assert_error(*api.post("/debates", {**body, **change}, who=organiser), 409, "slug_taken")
    stored = api.get("/debates/retry-2027", who=organiser)[1]
    assert {k: stored[k] for k in ("visibility", "title", "timezone", "languages")} == {
        k: created[k] for k in ("visibility", "title", "timezone", "languages")}


# --- 5. time zones ----------------------------------------------------------------------------------------------------

def test_only_time_zones_browsers_know_are_accepted(api, cast):
    organiser = cast["organiser"]
    for name in ["localtime", "posixrules", "Factory", "right/Europe/Paris", "posix/Europe/Paris"]:
        status, data = api.post("/debates", debate_input(slug="fuseau-2030", timezone=name), who=organiser)
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == ["timezone"], name
        assert_error(*api.patch(BASE, {"timezone": name}, who=organiser), 422, "validation_failed")
    for name in ["Europe/Paris", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5"]:
        assert patch_debate(api, organiser, {"timezone": name})["timezone"] == name


# --- 6. emails --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("email", ["a\u0000@example.org", "a\u200b@example.org", "a@exam\u00adple.org",
                                   "\u202ea@example.org", "a\u2060b@example.org", "a\u00a0b@example.org"])
def test_emails_with_hidden_characters_are_refused(api, cast, email):
    assert_error(*api.post(MEMBERS, {"email": email, "roles": ["participant"]}, who=cast["organiser"]), 422,
                 "validation_failed")
    assert_error(*api.post("/auth/email-link", {"email": email}), 422, "validation_failed")


def test_an_ordinary_international_email_is_still_accepted(api, cast):
    status, member = api.post(MEMBERS, {"email": "zoë@exämple.org", "roles": ["participant"]}, who=cast["organiser"])
    assert status == 200, member


# --- 7. languages -----------------------------------------------------------------------------------------------------

def test_languages_given_twice_are_refused(api, cast):
    status, data = api.post("/debates", debate_input(slug="langues-2030", languages=["fr", "fr", "en"]),
                            who=cast["organiser"])
    assert_error(status, data, 422, "validation_failed")
    assert error_fields(data) == ["languages"]


def test_texts_only_in_the_debates_languages(api, cast):
    organiser = cast["organiser"]
    de = {"fr": "Climat", "en": "Climate", "de": "Klima"}
    for change, field in [({"title": de}, "title"), ({"description": de}, "description"),
                          ({"phases": [{**DEBATE["phases"][0], "name": de}]}, "phases.0.name")]:
        status, data = api.post("/debates", debate_input(slug="langues-2030", **change), who=organiser)
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == [field], change
        status, data = api.patch(BASE, change, who=organiser)
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == [field], change
    assert api.get("/debates/langues-2030")[0] == 404
    assert api.get(BASE)[1]["title"] == DEBATE["title"]


def test_a_title_in_every_declared_language(api, cast):
    organiser = cast["organiser"]
    status, data = api.post("/debates", debate_input(slug="langues-2030", title={"fr": "Climat"}), who=organiser)
    assert_error(status, data, 422, "validation_failed")
    assert error_fields(data) == ["title"]
    assert_error(*api.patch(BASE, {"title": {"fr": "Climat"}}, who=organiser), 422, "validation_failed")
    assert_error(*api.patch(BASE, {"title": {"fr": "Climat", "en": " \u200b "}}, who=organiser), 422,
                 "validation_failed")
