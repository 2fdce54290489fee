"""Members: invitations by email, roles, the staff and invite lists, who sees emails, and taking a place away."""
from __future__ import annotations

from tests.api.cast_snapshot import cast  # noqa: F401,F811 - the same cast, restored from a snapshot (faster)
from tests.api.support import BASE, assert_error, error_fields, new_post
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


# --- the invite list and taking a place away ------------------------------------------------------------------------

def invited(api, who, slug: str = "climat-2027", cursor: str | None = None) -> dict:
    path = f"/debates/{slug}/members?group=invited" + (f"&cursor={cursor}" if cursor else "")
    status, data = api.get(path, who=who)
    assert status == 200, data
    return data


def test_the_invite_list_shows_invited_participants_to_organisers_by_pages(api, cast, monkeypatch):
    from chalicelib.storage import members_repo

    organiser = cast["organiser"]
    emails = [f"invite-{n}@example.org" for n in range(5)]
    for email in emails:
        assert api.post(MEMBERS, {"email": email, "roles": ["participant"]}, who=organiser)[0] == 200
    monkeypatch.setattr(members_repo, "MEMBERS_PAGE", 2)
    seen, cursor, pages = [], None, 0
    while True:
        page = invited(api, organiser, cursor=cursor)
        pages += 1
        seen += [m["email"] for m in page["items"]]
        assert all(m["roles"] == ["participant"] for m in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(emails) and pages >= 3
    assert not set(staff(api, organiser)) & {m for m in seen}  # staff and invited are two lists
    # a staff member given back the plain participant role is on the invite list
    assert api.put(f"{MEMBERS}/{cast['harvester'].user_id}", {"roles": ["participant"]}, who=organiser)[0] == 200
    monkeypatch.setattr(members_repo, "MEMBERS_PAGE", 100)
    assert cast["harvester"].user_id in {m["user_id"] for m in invited(api, organiser)["items"]}
    # organisers only; a cursor of the staff list is not one of the invite list
    for who in ("moderator", "harvester", "participant", "other"):
        assert_error(*api.get(f"{MEMBERS}?group=invited", who=cast[who]), 403, "forbidden")
    assert_error(*api.get(f"{MEMBERS}?group=everyone", who=organiser), 422)
    monkeypatch.setattr(members_repo, "MEMBERS_PAGE", 1)
    staff_cursor = api.get(MEMBERS, who=organiser)[1]["next_cursor"]
    assert staff_cursor
    assert_error(*api.get(f"{MEMBERS}?group=invited&cursor={staff_cursor}", who=organiser), 400, "invalid_cursor")


def test_a_person_removed_from_a_private_debate_can_no_longer_read_write_or_be_mailed(api, cast):
    organiser = cast["organiser"]
    assert api.post("/debates", {"slug": "prive-retrait", "languages": ["fr"], "default_language": "fr",
                                 "title": {"fr": "Privé"}, "visibility": "private"}, who=organiser)[0] == 201
    base = "/debates/prive-retrait"
    _, idea = api.post(f"{base}/ideas", {"title": {"fr": "Sujet"}}, who=organiser)
    member = sign_in("retire@example.org")
    assert api.post(f"{base}/members", {"email": member.email, "roles": ["participant"]}, who=organiser)[0] == 200
    post = new_post(api, member, idea["id"], slug="prive-retrait")
    assert api.put(f"{base}/follow", who=member)[1] == {"following": True}
    assert "prive-retrait" in [d["slug"] for d in api.get("/me/debates", who=member)[1]["items"]]

    status, removed = api.delete(f"{base}/members/{member.user_id}", who=organiser)
    assert status == 200 and removed == {"user_id": member.user_id, "roles": []}
    unknown = api.get("/debates/nothing-here", who=member)[1]
    assert api.get(base, who=member) == (404, unknown)  # as if the debate did not exist
    assert_error(*api.post(f"{base}/ideas/{idea['id']}/posts", {"body": "Encore"}, who=member), 404, "not_found")
    assert_error(*api.put(f"{base}/follow", who=member), 404, "not_found")
    assert "prive-retrait" not in [d["slug"] for d in api.get("/me/debates", who=member)[1]["items"]]
    assert member.user_id not in {m["user_id"] for m in invited(api, organiser, "prive-retrait")["items"]}
    # what they wrote stays; their data is still theirs to download
    assert api.get(f"{base}/posts/{post['id']}", who=organiser)[0] == 200
    assert api.get(base, who=organiser)[1]["counts"]["posts"] == 1
    assert api.get("/me/data", who=member)[0] == 200
    # the follow went with the place: invited again, they are a participant who does not follow
    assert api.delete(f"{base}/members/{member.user_id}", who=organiser)[0] == 200  # idempotent
    assert api.post(f"{base}/members", {"email": member.email, "roles": ["participant"]}, who=organiser)[0] == 200
    assert api.get(base, who=member)[1]["my_roles"] == ["participant"]
    assert api.get(f"{base}/follow", who=member)[1] == {"following": False}
    _, audit = api.get(f"{base}/audit", who=organiser)
    assert [e["target"] for e in audit["items"] if e["action"] == "remove_member"] == [member.user_id] * 2


def test_removing_from_a_public_debate_leaves_the_rights_of_anyone_signed_in(api, cast):
    organiser, harvester = cast["organiser"], cast["harvester"]
    assert api.delete(f"{MEMBERS}/{harvester.user_id}", who=organiser)[0] == 200
    assert api.get(BASE, who=harvester)[1]["my_roles"] == []
    assert harvester.user_id not in staff(api, organiser)
    new_post(api, harvester, cast["idea"]["id"])  # a public debate: anyone signed in takes part
    assert api.get(f"{BASE}/follow", who=harvester)[0] == 200


def test_who_may_remove_whom(api, cast):
    organiser, participant = cast["organiser"], cast["participant"]
    assert_error(*api.delete(f"{MEMBERS}/{organiser.user_id}", who=organiser), 409, "last_organiser")
    for who in ("moderator", "harvester", "participant", "other"):
        assert_error(*api.delete(f"{MEMBERS}/{cast['harvester'].user_id}", who=cast[who]), 403, "forbidden")
    assert_error(*api.delete(f"{MEMBERS}/{cast['harvester'].user_id}"), 401, "unauthorized")
    stranger = sign_in("jamais-venu@example.org")
    assert_error(*api.delete(f"{MEMBERS}/{stranger.user_id}", who=organiser), 404, "not_found")
    assert_error(*api.delete(f"{MEMBERS}/nobody", who=organiser), 404, "not_found")
    assert_error(*api.delete(f"/debates/nothing-here/members/{participant.user_id}", who=organiser), 404,
                 "not_found")
    assert api.get(BASE, who=cast["harvester"])[1]["my_roles"] == ["participant", "harvester"]


def test_a_follow_racing_the_removal_is_refused_and_leaves_no_follow(api, cast, monkeypatch):
    """The person passed the access check, then the organiser removed them, then the follow is written."""
    from chalicelib.storage import members_repo, syntheses_repo

    organiser = cast["organiser"]
    assert api.post("/debates", {"slug": "prive-course", "languages": ["fr"], "default_language": "fr",
                                 "title": {"fr": "Privé"}, "visibility": "private"}, who=organiser)[0] == 201
    member = sign_in("course@example.org")
    assert api.post("/debates/prive-course/members", {"email": member.email, "roles": ["participant"]},
                    who=organiser)[0] == 200
    real = syntheses_repo.follow

    def removed_first(slug, user_id, since, **kwargs):
        members_repo.remove(slug, user_id, drop_follow=True, actor_id=organiser.user_id)
        return real(slug, user_id, since, **kwargs)

    monkeypatch.setattr(syntheses_repo, "follow", removed_first)
    assert_error(*api.put("/debates/prive-course/follow", who=member), 404, "not_found")
    monkeypatch.setattr(syntheses_repo, "follow", real)
    assert not syntheses_repo.is_following("prive-course", member.user_id)


def test_the_invitation_says_who_invites_or_the_debate_s_team(api, cast, outbox_dir):
    from tests.api.test_auth import outbox_messages

    def invitation(email: str) -> str:
        assert api.post(MEMBERS, {"email": email, "roles": ["participant"]}, who=cast["organiser"])[0] == 200
        return outbox_messages(outbox_dir, email)[-1]["text"]

    # the organiser never chose a name: their sign-up pseudonym would tell the invited person nothing
    text = invitation("invitee-one@example.org")
    assert "L'équipe du débat « Climat 2027 » vous invite" in text and "Participant " not in text
    assert "/#/d/climat-2027\n" in text  # the debate's address, for when the 15-minute link has expired
    assert api.patch("/me", {"display_name": "Alice Martin"}, who=cast["organiser"])[0] == 200
    assert invitation("invitee-two@example.org").startswith("Alice Martin vous invite")
