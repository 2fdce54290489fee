"""GDPR deletion against requests already under way: a request authenticated just before `DELETE /me` started
must not write anything naming the person once the deletion has passed (docs/data-model.md, "Personal data")."""
from __future__ import annotations

import pytest

from tests.api.test_gdpr import BASE, assert_no_residue, table_text
from tests.helpers import sign_in

EMAIL = "late.writer@example.org"


@pytest.fixture
def deleted_mid_request(api, cast, monkeypatch):
    """The person already contributed (their member record is indexed); their next request passes the access
    check, then the whole deletion runs before that request writes."""
    from chalicelib.services import access as access_service
    from chalicelib.services import accounts

    me = sign_in(EMAIL)
    idea = cast["idea"]["id"]
    _, statement = api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Une affirmation", "statement": True},
                            who=cast["participant"])
    assert api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Avant la suppression"}, who=me)[0] == 201
    real = access_service.Access.require

    def require_then_deleted(self, permission, **kwargs):
        caller = real(self, permission, **kwargs)
        if caller.user_id == me.user_id:
            assert accounts.delete_account(me.user_id) == {"status": "deleted"}
        return caller

    monkeypatch.setattr(access_service.Access, "require", require_then_deleted)
    return me, statement


@pytest.mark.parametrize("write", ["post", "reply", "reaction", "stance", "flag", "follow"])
def test_a_write_in_flight_when_the_account_is_deleted_leaves_nothing(api, cast, deleted_mid_request, write):
    me, statement = deleted_mid_request
    idea = cast["idea"]["id"]
    before = api.get(BASE)[1]["counts"]
    if write == "post":
        status, _ = api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Pendant la suppression"}, who=me)
    elif write == "reply":
        status, _ = api.post(f"{BASE}/posts/{statement['id']}/replies", {"body": "Pendant"}, who=me)
    elif write == "reaction":
        status, _ = api.put(f"{BASE}/posts/{statement['id']}/reactions/like", who=me)
    elif write == "flag":
        status, _ = api.put(f"{BASE}/posts/{statement['id']}/flag", {"reason": "spam"}, who=me)
    elif write == "follow":
        status, _ = api.put(f"{BASE}/follow", who=me)
    else:
        status, _ = api.put(f"{BASE}/posts/{statement['id']}/stance", {"value": "agree"}, who=me)
    assert status == 401
    assert_no_residue(table_text(), me, "the table")
    assert api.get(BASE)[1]["counts"] == before
    got = api.get(f"{BASE}/posts/{statement['id']}")[1]
    assert got["reactions"]["like"] == 0 and got["stances"]["agree"] == 0 and got["reply_count"] == 0
    assert api.get(f"{BASE}/moderation/queue", who=cast["moderator"])[1]["items"] == []


def test_a_first_write_in_a_debate_during_the_deletion_does_not_index_the_person_again(api, cast, monkeypatch):
    """Not a member yet: the anchor (Member + U#/DEB#) would recreate the person's index after the deletion."""
    from chalicelib.services import access as access_service
    from chalicelib.services import accounts

    me = sign_in(EMAIL)
    real = access_service.load

    def load_then_deleted(slug, caller, **kwargs):
        access = real(slug, caller, **kwargs)
        if caller is not None and caller.user_id == me.user_id:
            accounts.delete_account(me.user_id)
        return access

    monkeypatch.setattr(access_service, "load", load_then_deleted)
    status, _ = api.post(f"{BASE}/ideas/{cast['idea']['id']}/posts", {"body": "Première"}, who=me)
    assert status == 401
    assert_no_residue(table_text(), me, "the table")


def test_a_ballot_in_flight_when_the_account_is_deleted_leaves_nothing(api, cast, deleted_mid_request):
    from tests.api.test_votes import Vote

    me, _ = deleted_mid_request
    # the session is set up by the organiser, whose requests go through; the person's ballot is the one in flight
    vote = Vote(api, cast)
    proposal = vote.proposal("Pistes cyclables")
    tokens, [pour] = vote.tokens(budget=10)
    status, _ = api.put(vote.ballot_path(proposal, tokens), {"tokens": {pour: 3}}, who=me)
    assert status == 401
    assert_no_residue(table_text(), me, "the table")
    assert all(m["voters"] == 0 for p in vote.results()["proposals"] for m in p["modules"])
