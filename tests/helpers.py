"""Fixtures and helpers shared by API tests: a Chalice test client and people with roles."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from chalice.test import Client

from tests.conftest import ROOT


@dataclass
class Person:
    user_id: str
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}


class Api:
    """Thin JSON wrapper over chalice.test.Client."""

    def __init__(self, client: Client):
        self.client = client

    def call(self, method: str, path: str, body=None, who: Person | None = None, headers=None, raw=None):
        all_headers = {"Content-Type": "application/json"}
        if who is not None:
            all_headers.update(who.headers)
        all_headers.update(headers or {})
        payload = raw if raw is not None else (json.dumps(body) if body is not None else None)
        response = getattr(self.client.http, method.lower())(path, headers=all_headers, body=payload)
        try:
            data = json.loads(response.body) if response.body else None
        except ValueError:
            data = response.body
        return response.status_code, data

    def get(self, path, who=None, **kw):
        return self.call("GET", path, who=who, **kw)

    def post(self, path, body=None, who=None, **kw):
        return self.call("POST", path, body, who=who, **kw)

    def put(self, path, body=None, who=None, **kw):
        return self.call("PUT", path, body, who=who, **kw)

    def patch(self, path, body=None, who=None, **kw):
        return self.call("PATCH", path, body, who=who, **kw)

    def delete(self, path, who=None, **kw):
        return self.call("DELETE", path, who=who, **kw)


def sign_in(email: str) -> Person:
    """Sign in the way a person does, minus the mailbox: issue the link token, exchange it."""
    from chalicelib.auth import tokens
    from chalicelib.services import identity

    session = identity.open_session(tokens.issue_signin_token(email, None))
    return Person(session["user"]["id"], email, session["access_token"])


@pytest.fixture
def api(aws):
    from app import app

    with Client(app, stage_name="dev", project_dir=ROOT) as client:
        yield Api(client)


DEBATE = {
    "slug": "climat-2027",
    "languages": ["fr", "en"],
    "default_language": "fr",
    "title": {"fr": "Climat 2027", "en": "Climate 2027"},
    "description": {"fr": "Une consultation.", "en": "A consultation."},
    "timezone": "Europe/Paris",
    "phases": [{"name": {"fr": "Contributions", "en": "Contributions"}, "start": "2026-01-05T09:00:00+01:00",
                "end": "2027-02-01T00:00:00+01:00"}],
}


@pytest.fixture
def cast(api):
    """An organiser with a public debate and an idea, plus people in each role and an outsider debate."""
    from chalicelib.services import identity

    organiser = sign_in("organiser@example.org")
    identity.grant_platform_organiser("organiser@example.org")
    status, debate = api.post("/debates", DEBATE, who=organiser)
    assert status == 201, debate
    status, idea = api.post("/debates/climat-2027/ideas", {"title": {"fr": "Transports", "en": "Transport"}},
                            who=organiser)
    assert status == 201, idea
    people = {"organiser": organiser, "debate": debate, "idea": idea}
    for role in ("moderator", "harvester"):
        person = sign_in(f"{role}@example.org")
        status, _ = api.post("/debates/climat-2027/members", {"email": person.email, "roles": [role]}, who=organiser)
        assert status == 200
        people[role] = person
    people["participant"] = sign_in("participant@example.org")
    people["other"] = sign_in("other@example.org")
    return people
