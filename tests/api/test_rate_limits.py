"""Abuse controls: per-person and per-network-address limits on participants' writes, per debate, and on
sign-in emails — a clear 429 with Retry-After, and nothing written by a refused request."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.api.support import assert_error
from tests.api.test_concurrency import callers, run_together, serialised_moto  # noqa: F401  (fixture)
from tests.helpers import api, cast, sign_in  # noqa: F401  (fixtures)

BASE = "/debates/climat-2027"
NOON = datetime(2026, 12, 3, 12, 0, 10, tzinfo=timezone.utc)


@pytest.fixture
def frozen(monkeypatch):
    """The clock the limits read, moved by the test."""
    from chalicelib.domain import clock

    now = {"at": NOON}
    monkeypatch.setattr(clock, "now", lambda: now["at"])
    return now


def _limit(api, cast, **limits):
    status, debate = api.patch(BASE, {"write_limits": limits}, who=cast["organiser"])
    assert status == 200, debate
    return debate["write_limits"]


def _post(api, cast, who, body="Une contribution"):
    return api.post(f"{BASE}/ideas/{cast['idea']['id']}/posts", {"body": body}, who=who)


def _post_count(api, cast) -> int:
    status, page = api.get(f"{BASE}/ideas/{cast['idea']['id']}/posts?limit=100", who=cast["organiser"])
    assert status == 200
    return len(page["items"])


def test_a_participant_beyond_the_limit_per_minute_gets_429_with_retry_after_and_nothing_is_written(api, cast,
                                                                                                   frozen):
    _limit(api, cast, user_per_minute=3, user_per_hour=100)
    for n in range(3):
        assert _post(api, cast, cast["participant"], f"Contribution {n}")[0] == 201
    response = api.client.http.post(f"{BASE}/ideas/{cast['idea']['id']}/posts", headers=cast["participant"].headers,
                                    body=json.dumps({"body": "Une de trop"}))
    error = assert_error(response.status_code, json.loads(response.body), 429, "rate_limited")
    assert response.headers["Retry-After"] == "50"  # 12:00:10 -> the next minute starts in 50 s
    assert error["details"] == {"limit": 3, "window": "minute", "scope": "u"}
    assert _post_count(api, cast) == 3
    frozen["at"] = NOON + timedelta(minutes=1)
    assert _post(api, cast, cast["participant"])[0] == 201


def test_every_kind_of_participant_write_counts_against_the_same_limit(api, cast, frozen):
    participant = cast["participant"]
    _limit(api, cast, user_per_minute=3, user_per_hour=100)
    status, post = _post(api, cast, cast["moderator"], "Un message à discuter")
    assert status == 201
    assert api.put(f"{BASE}/posts/{post['id']}/reactions/like", who=participant)[0] == 200
    assert api.put(f"{BASE}/posts/{post['id']}/reactions/more_info", who=participant)[0] == 200
    assert api.post(f"{BASE}/posts/{post['id']}/replies", {"body": "Je réponds"}, who=participant)[0] == 201
    assert_error(*api.put(f"{BASE}/posts/{post['id']}/flag", {"reason": "spam"}, who=participant), 429,
                 "rate_limited")
    assert_error(*api.delete(f"{BASE}/posts/{post['id']}/reactions/like", who=participant), 429, "rate_limited")


def test_the_hourly_limit_holds_across_minutes_and_says_when_the_hour_ends(api, cast, frozen):
    _limit(api, cast, user_per_minute=2, user_per_hour=3)
    for minute in range(3):
        frozen["at"] = NOON + timedelta(minutes=minute)
        assert _post(api, cast, cast["participant"])[0] == 201
    frozen["at"] = NOON + timedelta(minutes=3)
    response = api.client.http.post(f"{BASE}/ideas/{cast['idea']['id']}/posts", headers=cast["participant"].headers,
                                    body=json.dumps({"body": "Encore"}))
    assert response.status_code == 429
    assert json.loads(response.body)["error"]["details"]["window"] == "hour"
    assert response.headers["Retry-After"] == str(60 * 60 - 3 * 60 - 10)
    frozen["at"] = NOON.replace(hour=13, minute=0, second=0)
    assert _post(api, cast, cast["participant"])[0] == 201


def test_one_network_address_is_limited_across_people(api, cast, frozen):
    _limit(api, cast, ip_per_minute=4, ip_per_hour=100)  # the test client always calls from 127.0.0.1
    people = [sign_in(f"voisin{n}@example.org") for n in range(5)]
    statuses = [_post(api, cast, person)[0] for person in people]
    assert statuses == [201, 201, 201, 201, 429]


def test_staff_are_not_limited_and_limits_are_per_debate(api, cast, frozen):
    _limit(api, cast, user_per_minute=1, user_per_hour=1)
    for _ in range(3):
        assert _post(api, cast, cast["moderator"])[0] == 201
    assert _post(api, cast, cast["participant"])[0] == 201
    assert _post(api, cast, cast["participant"])[0] == 429
    # The same person in another debate, with its own (default) limits, is not affected.
    other = {**__import__("tests.helpers", fromlist=["DEBATE"]).DEBATE, "slug": "autre-debat"}
    assert api.post("/debates", other, who=cast["organiser"])[0] == 201
    status, idea = api.post("/debates/autre-debat/ideas", {"title": {"fr": "Idée"}}, who=cast["organiser"])
    assert api.post(f"/debates/autre-debat/ideas/{idea['id']}/posts", {"body": "Ailleurs"},
                    who=cast["participant"])[0] == 201


def test_reading_is_never_limited(api, cast, frozen):
    _limit(api, cast, user_per_minute=1, user_per_hour=1, ip_per_minute=1, ip_per_hour=1)
    for _ in range(5):
        assert api.get(f"{BASE}/ideas", who=cast["participant"])[0] == 200


def test_limits_are_shown_with_the_debate_and_checked_when_set(api, cast):
    status, debate = api.get(BASE)
    assert debate["write_limits"] == {"user_per_minute": 30, "user_per_hour": 600, "ip_per_minute": 300,
                                      "ip_per_hour": 6000}
    assert _limit(api, cast, user_per_minute=10)["user_per_minute"] == 10
    assert _limit(api, cast, ip_per_hour=9000) == {"user_per_minute": 10, "user_per_hour": 600,
                                                   "ip_per_minute": 300, "ip_per_hour": 9000}
    assert_error(*api.patch(BASE, {"write_limits": {"user_per_minute": 0}}, who=cast["organiser"]), 422)
    assert_error(*api.patch(BASE, {"write_limits": {"user_per_hour": 5}}, who=cast["organiser"]), 422)
    assert_error(*api.patch(BASE, {"write_limits": {"per_day": 5}}, who=cast["organiser"]), 422)
    assert_error(*api.patch(BASE, {"write_limits": {"user_per_minute": 1}}, who=cast["participant"]), 403)
    assert api.get(BASE)[1]["write_limits"]["user_per_minute"] == 10


def test_sign_in_emails_are_limited_per_address_without_telling_who_has_an_account(api, frozen):
    from chalicelib.config import settings

    assert (settings().signin_email_per_minute, settings().signin_email_per_hour) == (5, 20)  # the defaults
    sent = [api.post("/auth/email-link", {"email": "quelquun@example.org"})[0] for _ in range(6)]
    assert sent == [202] * 5 + [429]
    assert api.post("/auth/email-link", {"email": "Quelquun@Example.org "})[0] == 429  # the same address
    assert api.post("/auth/email-link", {"email": "autre@example.org"})[0] == 202


def test_sign_in_emails_are_limited_per_network_address(api, frozen, monkeypatch):
    from dataclasses import replace

    from chalicelib.services import rate_limits

    lowered = replace(rate_limits.settings(), signin_ip_per_minute=3)
    monkeypatch.setattr(rate_limits, "settings", lambda: lowered)
    statuses = [api.post("/auth/email-link", {"email": f"personne{n}@example.org"})[0] for n in range(4)]
    assert statuses == [202, 202, 202, 429]


def test_rate_counters_hold_no_personal_data(api, cast, frozen):
    from chalicelib.storage.models import Entity, RateWindow

    _post(api, cast, cast["participant"])
    api.post("/auth/email-link", {"email": "participant@example.org"})
    counters = [item for item in Entity.scan() if isinstance(item, RateWindow)]
    assert len(counters) >= 3
    for counter in counters:
        text = json.dumps(counter.serialize())
        assert cast["participant"].user_id not in text and "participant@example.org" not in text
        assert "127.0.0.1" not in text
        assert counter.expires_at is not None


# --- attacks ------------------------------------------------------------------------------------------------------

def test_parallel_requests_never_get_past_a_limit(api, cast, frozen, serialised_moto):
    """Twenty posts at once by one person limited to 5 a minute: exactly 5 are written, 15 are refused."""
    from chalicelib.api.schemas import PostInput
    from chalicelib.errors import TooManyRequests
    from chalicelib.services import posts

    _limit(api, cast, user_per_minute=5, user_per_hour=100)
    me = callers([cast["participant"]])[0]
    refused = []

    def attempt(n):
        def go():
            try:
                posts.create_post("climat-2027", me, cast["idea"]["id"], PostInput(body=f"En même temps {n}"), None)
            except TooManyRequests:
                refused.append(n)
        return go

    assert run_together([attempt(n) for n in range(20)]) == []
    assert len(refused) == 15
    assert _post_count(api, cast) == 5


def test_a_forwarded_for_header_does_not_change_the_network_address(api, cast, frozen):
    """The address is API Gateway's requestContext.identity.sourceIp; X-Forwarded-For is the client's to write."""
    _limit(api, cast, ip_per_minute=2, ip_per_hour=100)
    people = [sign_in(f"masque{n}@example.org") for n in range(3)]
    statuses = [api.post(f"{BASE}/ideas/{cast['idea']['id']}/posts", {"body": "Bonjour"}, who=person,
                         headers={"X-Forwarded-For": f"203.0.113.{n}", "X-Real-IP": f"203.0.113.{n}"})[0]
                for n, person in enumerate(people)]
    assert statuses == [201, 201, 429]


def _counters() -> dict[str, int]:
    """Non-zero counters (a request counted then given back leaves a zero that expires with its hour)."""
    from chalicelib.storage.models import Entity, RateWindow

    return {item.pk: int(item.hits) for item in Entity.scan() if isinstance(item, RateWindow) and item.hits}


def test_a_request_refused_for_the_network_address_does_not_count_against_the_person(api, cast, frozen):
    _limit(api, cast, ip_per_minute=1, ip_per_hour=100)
    assert _post(api, cast, sign_in("premier@example.org"))[0] == 201
    before = _counters()
    late = sign_in("second@example.org")
    for _ in range(3):
        assert _post(api, cast, late)[0] == 429
    assert _counters() == before  # no counter of the second person, none raised


def test_a_request_failing_on_the_address_counter_does_not_count_against_the_person(api, cast, frozen,
                                                                                     monkeypatch):
    """The person's counter was raised, then the network address's counter is throttled (503): the person's
    count is given back, so a retried request is not counted twice."""
    from chalicelib.errors import TooBusy
    from chalicelib.storage import rate_limits_repo

    me = sign_in("presse@example.org")
    assert _post(api, cast, me)[0] == 201
    before = _counters()
    real = rate_limits_repo.consume

    def throttled_for_addresses(scope, subject, limits, window):
        if subject.startswith("IP#"):
            raise TooBusy("The service is busy; please retry in a moment.")
        return real(scope, subject, limits, window)

    monkeypatch.setattr(rate_limits_repo, "consume", throttled_for_addresses)
    assert_error(*_post(api, cast, me), 503, "temporarily_unavailable")
    assert _counters() == before


def test_a_refused_sign_in_email_does_not_count_against_the_address(api, frozen, monkeypatch):
    from dataclasses import replace

    from chalicelib.services import rate_limits

    lowered = replace(rate_limits.settings(), signin_ip_per_minute=1)
    monkeypatch.setattr(rate_limits, "settings", lambda: lowered)
    assert api.post("/auth/email-link", {"email": "quelquun@example.org"})[0] == 202
    before = _counters()
    for _ in range(3):
        assert api.post("/auth/email-link", {"email": "victime@example.org"})[0] == 429
    assert _counters() == before


@pytest.mark.parametrize("limits", [
    {"user_per_minute": "10"}, {"user_per_minute": 10.0}, {"user_per_minute": 10.5}, {"user_per_minute": -1},
    {"user_per_minute": True}, {"user_per_minute": 10**30}, {"user_per_minute": 1e308}, {"user_per_minute": [10]},
    {"user_per_minute": {"value": 10}}, {"ip_per_hour": 100_001}, {"ip_per_minute": 500, "ip_per_hour": 400},
    [], "30", 30, {"user_per_minute": None, "user_per_hour": 1},
])
def test_malformed_write_limits_are_422_and_change_nothing(api, cast, limits):
    before = api.get(BASE)[1]["write_limits"]
    assert_error(*api.patch(BASE, {"write_limits": limits}, who=cast["organiser"]), 422)
    assert api.get(BASE)[1]["write_limits"] == before


def test_write_limits_null_changes_nothing(api, cast):
    before = api.get(BASE)[1]["write_limits"]
    status, debate = api.patch(BASE, {"write_limits": None}, who=cast["organiser"])
    assert status == 200 and debate["write_limits"] == before


def test_a_429_exposes_retry_after_to_the_browser(api, cast, frozen):
    _limit(api, cast, user_per_minute=1, user_per_hour=100)
    assert _post(api, cast, cast["participant"])[0] == 201
    response = api.client.http.post(f"{BASE}/ideas/{cast['idea']['id']}/posts",
                                    headers={**cast["participant"].headers, "Origin": "http://127.0.0.1:8080"},
                                    body=json.dumps({"body": "Encore"}))
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    exposed = [h.strip().lower() for h in response.headers.get("Access-Control-Expose-Headers", "").split(",")]
    assert "retry-after" in exposed
    assert response.headers.get("Access-Control-Allow-Origin")


# --- every participant write counts; ballots in their own, larger allowance ----------------------------------------

@pytest.fixture
def frozen_today(monkeypatch):
    """A frozen clock near the real time (vote phases are set around the real time)."""
    from chalicelib.domain import clock

    now = {"at": datetime.now(timezone.utc).replace(second=10, microsecond=0)}
    monkeypatch.setattr(clock, "now", lambda: now["at"])
    return now


def _open_vote(api, cast):
    from tests.api.test_votes import Vote

    v = Vote(api, cast)
    proposals = [v.proposal(f"Proposition {n}") for n in range(4)]
    tokens, [pour] = v.tokens(budget=40, maximum=10)
    return v, proposals, tokens, pour


def test_a_participant_clicking_plus_quickly_on_a_vote_is_not_limited_by_the_contribution_limit(api, cast,
                                                                                              frozen_today):
    """+ ten times on each of four proposals within a minute: 40 ballot PUTs (the page sends one per click), beyond
    the default 30 contributions a minute; ballots have their own allowance, and do not eat the contributions'."""
    v, proposals, tokens, pour = _open_vote(api, cast)
    me = cast["participant"]
    for proposal in proposals:
        for n in range(1, 11):
            v.vote(me, proposal, tokens, {"tokens": {pour: n}})
    assert _post(api, cast, me)[0] == 201


def test_ballots_are_limited_too_at_four_times_the_contribution_limits(api, cast, frozen_today):
    v, proposals, tokens, pour = _open_vote(api, cast)
    _limit(api, cast, user_per_minute=2, user_per_hour=100)
    me = cast["participant"]
    for n in range(1, 9):
        v.vote(me, proposals[0], tokens, {"tokens": {pour: n % 10 + 1}})
    status, error = api.put(v.ballot_path(proposals[0], tokens), {"tokens": {pour: 1}}, who=me)
    assert_error(status, error, 429, "rate_limited")
    assert error["error"]["details"] == {"limit": 8, "window": "minute", "scope": "u"}
    assert_error(*api.delete(v.ballot_path(proposals[0], tokens), who=me), 429, "rate_limited")
    assert v.mine(me)["mine"]["ballots"][0]["tokens"] == {pour: 9}  # the refused ones changed nothing


def test_every_participant_write_route_counts(api, cast, frozen_today):
    """Each route under /debates/{slug}/ that a participant may write through is refused once the minute is used
    up. Following is the exception (see docs/api.md)."""
    from chalicelib.api.http import ROUTES

    v, proposals, tokens, pour = _open_vote(api, cast)
    me = cast["participant"]
    _, target = _post(api, cast, cast["moderator"], "Un message à discuter")
    _, mine = _post(api, cast, me, "Le mien")
    post_routes = {
        ("POST", "/debates/{slug}/ideas/{idea_id}/posts"): lambda: _post(api, cast, me),
        ("POST", "/debates/{slug}/posts/{post_id}/replies"):
            lambda: api.post(f"{BASE}/posts/{target['id']}/replies", {"body": "Oui"}, who=me),
        ("PATCH", "/debates/{slug}/posts/{post_id}"):
            lambda: api.patch(f"{BASE}/posts/{mine['id']}", {"body": "Modifié"}, who=me),
        ("DELETE", "/debates/{slug}/posts/{post_id}"): lambda: api.delete(f"{BASE}/posts/{mine['id']}", who=me),
        ("PUT", "/debates/{slug}/posts/{post_id}/reactions/{kind}"):
            lambda: api.put(f"{BASE}/posts/{target['id']}/reactions/like", who=me),
        ("DELETE", "/debates/{slug}/posts/{post_id}/reactions/{kind}"):
            lambda: api.delete(f"{BASE}/posts/{target['id']}/reactions/like", who=me),
        ("PUT", "/debates/{slug}/posts/{post_id}/stance"):
            lambda: api.put(f"{BASE}/posts/{target['id']}/stance", {"value": "agree"}, who=me),
        ("PUT", "/debates/{slug}/posts/{post_id}/flag"):
            lambda: api.put(f"{BASE}/posts/{target['id']}/flag", {"reason": "spam"}, who=me),
    }
    ballot = v.ballot_path(proposals[0], tokens)
    ballot_routes = {
        ("PUT", "/debates/{slug}/vote-sessions/{session_id}/proposals/{proposal_id}/ballots/{module_id}"):
            lambda: api.put(ballot, {"tokens": {pour: 1}}, who=me),
        ("DELETE", "/debates/{slug}/vote-sessions/{session_id}/proposals/{proposal_id}/ballots/{module_id}"):
            lambda: api.delete(ballot, who=me),
    }
    _limit(api, cast, user_per_minute=1, user_per_hour=1000)
    for routes, fill in ((post_routes, lambda: _post(api, cast, me)),
                         (ballot_routes, lambda: api.put(ballot, {"tokens": {pour: 2}}, who=me))):
        for route, call in routes.items():
            frozen_today["at"] += timedelta(minutes=1)
            for _ in range(4):  # ballots: four times the limit
                fill()
            assert_error(*call(), 429, "rate_limited")
    # Every other write route under a debate is staff-only, or following (never refused: see docs/api.md).
    participant_routes = set(post_routes) | set(ballot_routes) | {
        ("PUT", "/debates/{slug}/follow"), ("DELETE", "/debates/{slug}/follow")}
    for spec in ROUTES:
        if spec.rate_limited and (spec.method, spec.path) not in participant_routes:
            status, _ = api.call(spec.method, spec.path.replace("{slug}", "climat-2027").replace(
                "{", "").replace("}", ""), {}, who=me)
            assert status in (403, 404, 422), (spec.method, spec.path, status)
