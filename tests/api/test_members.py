"""Members: invitations by email, roles, the staff listing, and who sees emails."""
from __future__ import annotations

import pytest

from tests.api.cast_snapshot import cast  # noqa: F401,F811 - the same cast, restored from a snapshot (faster)
from tests.api.support import BASE, assert_error, error_fields
from tests.helpers import sign_in

MEMBERS = f"{BASE}/members"


def staff(api, who) -> dict[str, dict]:
    status, data = api.get(MEMBERS, who=who)
    assert status == 200, data
    return {m["user_id"]: m for m in data["items"]}


def test_invite_a_new_address_gives_the_roles_at_first_sign_in(api, cast):
    status, member = api.post(MEMBERS, {"email": "Nouvelle.Moderatrice@Example.ORG", "roles": ["moderator"]},
                              who=cast["organiser"])
    assert status == 200, member
    assert member["roles"] == ["participant", "moderator"]
    assert member["email"] == "Nouvelle.Moderatrice@example.org"  # domain lower-cased, local part kept
    assert member["user_id"] and member["joined_at"] and member["display_name"]
    # signing in later, whatever the case of the address, is the same account with the role
    person = sign_in("nouvelle.moderatrice@example.org")
    assert person.user_id == member["user_id"]
    assert api.get(BASE, who=person)[1]["my_roles"] == ["participant", "moderator"]
    assert api.post(f"{BASE}/ideas", {"title": {"fr": "Par la nouvelle"}}, who=person)[0] == 201


def test_invite_an_existing_person(api, cast):
    participant = cast["participant"]
    status, member = api.post(MEMBERS, {"email": participant.email, "roles": ["harvester"]}, who=cast["organiser"])
    assert status == 200
    assert member["user_id"] == participant.user_id and member["roles"] == ["participant", "harvester"]
    assert api.get(BASE, who=participant)[1]["my_roles"] == ["participant", "harvester"]


def test_set_roles_promotes_and_demotes(api, cast):
    organiser, harvester, moderator = cast["organiser"], cast["harvester"], cast["moderator"]
    assert_error(*api.post(f"{BASE}/ideas", {"title": {"fr": "Non"}}, who=harvester), 403, "forbidden")
    status, member = api.put(f"{MEMBERS}/{harvester.user_id}", {"roles": ["moderator", "harvester"]}, who=organiser)
    assert status == 200, member
    assert member["roles"] == ["participant", "harvester", "moderator"]
    assert api.post(f"{BASE}/ideas", {"title": {"fr": "Oui"}}, who=harvester)[0] == 201

    status, member = api.put(f"{MEMBERS}/{moderator.user_id}", {"roles": ["participant"]}, who=organiser)
    assert status == 200 and member["roles"] == ["participant"]
    assert moderator.user_id not in staff(api, organiser)
    assert api.get(BASE, who=moderator)[1]["my_roles"] == ["participant"]
    assert_error(*api.post(f"{BASE}/ideas", {"title": {"fr": "Plus"}}, who=moderator), 403, "forbidden")
    assert_error(*api.get(MEMBERS, who=moderator), 403, "forbidden")


def test_staff_listing_contains_staff_only(api, cast):
    api.post(MEMBERS, {"email": "simple@example.org", "roles": ["participant"]}, who=cast["organiser"])
    listing = staff(api, cast["organiser"])
    assert set(listing) == {cast["organiser"].user_id, cast["moderator"].user_id, cast["harvester"].user_id}
    assert listing[cast["organiser"].user_id]["roles"] == ["participant", "organiser"]
    assert listing[cast["moderator"].user_id]["roles"] == ["participant", "moderator"]
    assert listing[cast["harvester"].user_id]["roles"] == ["participant", "harvester"]


def test_emails_are_shown_to_organisers_only(api, cast):
    by_organiser = staff(api, cast["organiser"])
    assert by_organiser[cast["moderator"].user_id]["email"] == "moderator@example.org"
    assert all("email" in m for m in by_organiser.values())
    by_moderator = staff(api, cast["moderator"])
    assert set(by_moderator) == set(by_organiser)
    assert not any("email" in m for m in by_moderator.values())
    assert "@" not in str(by_moderator)


def test_staff_listing_is_refused_to_non_staff(api, cast):
    assert_error(*api.get(MEMBERS), 401, "unauthorized")
    for who in ("participant", "other", "harvester"):
        assert_error(*api.get(MEMBERS, who=cast[who]), 403, "forbidden")
    assert_error(*api.get("/debates/nothing-here/members", who=cast["organiser"]), 404, "not_found")


def test_only_organisers_assign_roles(api, cast):
    target = cast["participant"]
    for who in ("moderator", "harvester", "participant", "other"):
        assert_error(*api.post(MEMBERS, {"email": target.email, "roles": ["moderator"]}, who=cast[who]), 403,
                     "forbidden")
        assert_error(*api.put(f"{MEMBERS}/{target.user_id}", {"roles": ["organiser"]}, who=cast[who]), 403,
                     "forbidden")
    assert_error(*api.put(f"{MEMBERS}/{target.user_id}", {"roles": ["organiser"]}), 401, "unauthorized")
    assert api.get(BASE, who=target)[1]["my_roles"] == []


def test_organiser_cannot_remove_their_own_organiser_role(api, cast):
    organiser = cast["organiser"]
    status, data = api.put(f"{MEMBERS}/{organiser.user_id}", {"roles": ["moderator"]}, who=organiser)
    assert_error(status, data, 409)
    assert api.get(BASE, who=organiser)[1]["my_roles"] == ["participant", "organiser"]
    # keeping the role while adding another is fine
    status, member = api.put(f"{MEMBERS}/{organiser.user_id}", {"roles": ["organiser", "harvester"]}, who=organiser)
    assert status == 200 and member["roles"] == ["participant", "harvester", "organiser"]


def test_organiser_cannot_demote_themself_through_an_invitation(api, cast):
    organiser = cast["organiser"]
    status, data = api.post(MEMBERS, {"email": organiser.email, "roles": ["moderator"]}, who=organiser)
    assert api.get(BASE, who=organiser)[1]["my_roles"] == ["participant", "organiser"]
    assert_error(status, data, 409)


def test_a_co_organiser_can_be_appointed_and_then_administers(api, cast):
    co = sign_in("co@example.org")
    assert api.post(MEMBERS, {"email": co.email, "roles": ["organiser"]}, who=cast["organiser"])[0] == 200
    assert api.patch(BASE, {"description": {"fr": "Par la co-organisatrice"}}, who=co)[0] == 200
    assert "email" in next(iter(staff(api, co).values()))


def test_unknown_user_and_bad_input(api, cast):
    organiser = cast["organiser"]
    assert_error(*api.put(f"{MEMBERS}/06h3r4hcsew7agsw", {"roles": ["moderator"]}, who=organiser), 404,
                 "not_found")
    assert_error(*api.put(f"{MEMBERS}/nobody", {"roles": ["moderator"]}, who=organiser), 404, "not_found")
    for body, field in [({"email": "not-an-email", "roles": ["moderator"]}, "email"),
                        ({"email": "a@b", "roles": ["moderator"]}, "email"),
                        ({"email": "x@example.org", "roles": ["admin"]}, "roles.0"),
                        ({"email": "x@example.org", "roles": []}, "roles"),
                        ({"email": "x@example.org"}, "roles")]:
        status, data = api.post(MEMBERS, body, who=organiser)
        assert_error(status, data, 422, "validation_failed")
        assert field in error_fields(data), (body, data)
    assert_error(*api.post("/debates/nothing-here/members", {"email": "x@example.org", "roles": ["moderator"]},
                           who=organiser), 404, "not_found")
