"""Debates: creation by platform organisers, validation, listing, visibility, settings, closing."""
from __future__ import annotations

import re

import pytest

from tests.api.cast_snapshot import cast  # noqa: F401,F811 - the same cast, restored from a snapshot (faster)
from tests.api.support import BASE, SLUG, assert_error, core_counts, error_fields, new_post, patch_debate
from tests.helpers import DEBATE, sign_in

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def debate_input(**changes) -> dict:
    return {**DEBATE, **changes}


@pytest.fixture
def second_organiser(api):
    from chalicelib.services import identity

    person = sign_in("organiser2@example.org")
    identity.grant_platform_organiser(person.email)
    return person


# --- creation -------------------------------------------------------------------------------------------------------

def test_created_debate_has_the_documented_shape(api, cast):
    status, debate = api.post("/debates", debate_input(slug="mobilite-2027", visibility="public"),
                              who=cast["organiser"])
    assert status == 201, debate
    assert debate["slug"] == "mobilite-2027"
    assert debate["title"] == DEBATE["title"] and debate["description"] == DEBATE["description"]
    assert debate["languages"] == ["fr", "en"] and debate["default_language"] == "fr"
    assert debate["visibility"] == "public" and debate["status"] == "open"
    assert debate["timezone"] == "Europe/Paris"
    assert core_counts(debate["counts"]) == {"posts": 0, "participants": 0, "stances": 0}
    assert debate["my_roles"] == ["participant", "organiser"]
    assert ISO_UTC.match(debate["created_at"])
    [phase] = debate["phases"]
    assert phase["start"] == "2026-01-05T08:00:00.000Z" and phase["end"] == "2027-01-31T23:00:00.000Z"
    assert phase["name"] == {"fr": "Contributions", "en": "Contributions"} and phase["id"]
    status, again = api.get("/debates/mobilite-2027", who=cast["organiser"])
    assert status == 200
    assert {k: again[k] for k in debate if k != "counts"} == {k: v for k, v in debate.items() if k != "counts"}
    assert core_counts(again["counts"]) == core_counts(debate["counts"])


def test_only_platform_organisers_create_debates(api, cast):
    body = debate_input(slug="interdit-2027")
    assert_error(*api.post("/debates", body), 401, "unauthorized")
    for who in ("participant", "other", "moderator", "harvester"):
        assert_error(*api.post("/debates", body, who=cast[who]), 403, "forbidden")
    assert_error(*api.get("/debates/interdit-2027"), 404, "not_found")


# Validation cases run in a loop on one cast: each request is refused, and a fresh moto table per case is slow.
INVALID_SLUGS = ["ab", "-abc", "abc-", "Abc", "a_bc", "abc def", "été-2027", "a" * 65, "a/b", "abc.def", ""]


def test_invalid_slugs_are_refused(api, cast):
    for slug in INVALID_SLUGS:
        status, data = api.post("/debates", debate_input(slug=slug), who=cast["organiser"])
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == ["slug"], slug
    assert [d["slug"] for d in api.get("/debates")[1]["items"]] == [SLUG]


def test_valid_slugs_are_accepted(api, cast):
    for slug in ["abc", "a-b", "2027", "x" * 64, "budget-participatif-2027"]:
        status, debate = api.post("/debates", debate_input(slug=slug), who=cast["organiser"])
        assert status == 201, (slug, debate)
        assert api.get(f"/debates/{slug}")[1]["slug"] == slug


def test_a_taken_slug_is_refused_and_the_debate_is_unchanged(api, cast, second_organiser):
    status, data = api.post("/debates", debate_input(title={"fr": "Autre chose", "en": "Something else"}),
                            who=second_organiser)
    assert_error(status, data, 409, "slug_taken")
    status, debate = api.get(BASE)
    assert debate["title"] == DEBATE["title"]
    assert api.get(BASE, who=second_organiser)[1]["my_roles"] == []


def test_languages_must_be_consistent(api, cast):
    for changes in [
        {"languages": ["fr"], "default_language": "en"},
        {"languages": ["en", "de"], "default_language": "fr"},
        {"title": {"en": "Only English"}},  # no title in the default language
        {"languages": ["xx"], "default_language": "xx"},
        {"title": {"fr": "Climat", "xx": "?"}},
        {"description": {"xx": "?"}},
        {"languages": []},
    ]:
        status, data = api.post("/debates", debate_input(slug="langues-2027", **changes), who=cast["organiser"])
        assert_error(status, data, 422, "validation_failed")
    assert api.get("/debates/langues-2027")[0] == 404


def test_time_zone_must_exist(api, cast):
    for timezone in ["Mars/Olympus", "Europe", "../../etc/passwd", "", "Europe/Paris\u0000"]:
        status, data = api.post("/debates", debate_input(slug="fuseau-2027", timezone=timezone),
                                who=cast["organiser"])
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == ["timezone"], timezone
    assert api.get("/debates/fuseau-2027")[0] == 404


def test_bad_phases_are_refused(api, cast):
    for phases, field in [
        ([{"name": {"fr": "A"}, "start": "2026-01-01T00:00:00+01:00", "end": "2026-01-01T00:00:00+01:00"}],
         "phases.0"),
        ([{"name": {"fr": "A"}, "start": "2026-01-01T00:00:00Z", "end": "2026-03-01T00:00:00Z"},
          {"name": {"fr": "B"}, "start": "2026-02-01T00:00:00Z", "end": None}], "phases"),
        ([{"name": {"fr": "A"}, "start": "2026-01-01T10:00:00", "end": None}], "phases.0"),
    ]:
        status, data = api.post("/debates", debate_input(slug="phases-2027", phases=phases), who=cast["organiser"])
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == [field], phases
    assert api.get("/debates/phases-2027")[0] == 404


def test_out_of_range_phase_is_a_validation_error(api, cast):
    phases = [{"name": {"fr": "A"}, "start": "0001-01-01T00:00:00+01:00"}]
    status, data = api.post("/debates", debate_input(slug="antique", phases=phases), who=cast["organiser"])
    assert_error(status, data, 422, "validation_failed")


# --- listing and reading --------------------------------------------------------------------------------------------

def test_list_shows_public_debates_only_newest_first(api, cast):
    organiser = cast["organiser"]
    for slug, visibility in [("public-a", "public"), ("secret-b", "private"), ("public-c", "public")]:
        assert api.post("/debates", debate_input(slug=slug, visibility=visibility), who=organiser)[0] == 201
    status, page = api.get("/debates", who=organiser)
    assert status == 200 and page["next_cursor"] is None
    slugs = [d["slug"] for d in page["items"]]
    assert slugs == ["public-c", "public-a", SLUG]
    created = [d["created_at"] for d in page["items"]]
    assert created == sorted(created, reverse=True)
    assert all(d["visibility"] == "public" for d in page["items"])


def test_list_paginates_without_duplicates(api, cast):
    for i in range(4):
        assert api.post("/debates", debate_input(slug=f"page-{i}"), who=cast["organiser"])[0] == 201
    seen, cursor, pages = [], None, 0
    while True:
        status, page = api.get("/debates?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200, page
        assert len(page["items"]) <= 2
        seen += [d["slug"] for d in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
        assert pages < 10
    assert sorted(seen) == sorted([SLUG] + [f"page-{i}" for i in range(4)])
    assert len(seen) == len(set(seen))


def test_read_counts_and_roles(api, cast):
    status, anonymous = api.get(BASE)
    assert status == 200
    assert core_counts(anonymous["counts"]) == {"posts": 0, "participants": 0, "stances": 0}
    assert anonymous["my_roles"] == []
    assert api.get(BASE, who=cast["organiser"])[1]["my_roles"] == ["participant", "organiser"]
    assert api.get(BASE, who=cast["moderator"])[1]["my_roles"] == ["participant", "moderator"]
    assert api.get(BASE, who=cast["harvester"])[1]["my_roles"] == ["participant", "harvester"]
    assert api.get(BASE, who=cast["participant"])[1]["my_roles"] == []
    new_post(api, cast["participant"], cast["idea"]["id"])
    assert core_counts(api.get(BASE)[1]["counts"]) == {"posts": 1, "participants": 1, "stances": 0}
    assert api.get(BASE, who=cast["participant"])[1]["my_roles"] == ["participant"]


def test_unknown_debate_is_404(api, cast):
    assert_error(*api.get("/debates/nothing-here"), 404, "not_found")
    assert_error(*api.get("/debates/nothing-here/ideas"), 404, "not_found")


def test_private_debate_is_hidden_from_outsiders_and_open_to_members(api, cast):
    organiser = cast["organiser"]
    assert api.post("/debates", debate_input(slug="prive-2027", visibility="private"), who=organiser)[0] == 201
    status, idea = api.post("/debates/prive-2027/ideas", {"title": {"fr": "Sujet"}}, who=organiser)
    assert status == 201
    unknown = api.get("/debates/nothing-here")
    for who in (None, cast["participant"], cast["moderator"]):  # cast's moderator is staff elsewhere only
        status, data = api.get("/debates/prive-2027", who=who)
        assert_error(status, data, 404, "not_found")
        assert data == unknown[1]  # indistinguishable from a debate that does not exist
        assert_error(*api.get("/debates/prive-2027/ideas", who=who), 404, "not_found")
        assert_error(*api.get(f"/debates/prive-2027/ideas/{idea['id']}/posts", who=who), 404, "not_found")
    assert_error(*api.post(f"/debates/prive-2027/ideas/{idea['id']}/posts", {"body": "Je force"},
                           who=cast["other"]), 404, "not_found")
    member = sign_in("membre@example.org")
    assert api.post("/debates/prive-2027/members", {"email": member.email, "roles": ["participant"]},
                    who=organiser)[0] == 200
    status, debate = api.get("/debates/prive-2027", who=member)
    assert status == 200 and debate["my_roles"] == ["participant"]
    new_post(api, member, idea["id"], slug="prive-2027")
    assert api.get("/debates/prive-2027", who=organiser)[1]["counts"]["posts"] == 1


# --- settings -------------------------------------------------------------------------------------------------------

def test_organiser_changes_settings(api, cast):
    changed = patch_debate(api, cast["organiser"], {
        "title": {"fr": "Climat 2028", "en": "Climate 2028"}, "description": {"fr": "Nouveau"},
        "timezone": "America/Montreal",
        "phases": [{"name": {"fr": "Unique"}, "start": "2027-01-01T00:00:00-05:00", "end": None}]})
    assert changed["title"] == {"fr": "Climat 2028", "en": "Climate 2028"}
    assert changed["description"] == {"fr": "Nouveau"}
    assert changed["timezone"] == "America/Montreal"
    assert [(p["name"], p["start"], p["end"]) for p in changed["phases"]] == [
        ({"fr": "Unique"}, "2027-01-01T05:00:00.000Z", None)]
    assert changed["slug"] == SLUG and changed["languages"] == ["fr", "en"]
    status, again = api.get(BASE)
    assert again["title"] == changed["title"] and again["phases"] == changed["phases"]


def test_only_the_debate_organiser_changes_settings(api, cast, second_organiser):
    patch = {"title": {"fr": "Piraté"}}
    assert_error(*api.patch(BASE, patch), 401, "unauthorized")
    for who in ("moderator", "harvester", "participant", "other"):
        assert_error(*api.patch(BASE, patch, who=cast[who]), 403, "forbidden")
    # a platform organiser who is not an organiser of this debate
    assert_error(*api.patch(BASE, patch, who=second_organiser), 403, "forbidden")
    assert api.get(BASE)[1]["title"] == DEBATE["title"]
    assert_error(*api.patch("/debates/nothing-here", patch, who=cast["organiser"]), 404, "not_found")


def test_invalid_settings_are_refused_and_nothing_changes(api, cast):
    before = api.get(BASE)[1]
    for patch, field in [
        ({"title": {"en": "No French"}}, "title"),
        ({"timezone": "Nowhere/Special"}, "timezone"),
        ({"phases": [{"name": {"fr": "A"}, "start": "2026-02-01T00:00:00Z", "end": "2026-01-01T00:00:00Z"}]},
         "phases.0"),
        ({"status": "archived"}, "status"),
        ({"visibility": "secret"}, "visibility"),
        ({"slug": "renamed"}, "slug"),
        ({"languages": ["en"]}, "languages"),
    ]:
        status, data = api.patch(BASE, patch, who=cast["organiser"])
        assert_error(status, data, 422, "validation_failed")
        assert field in error_fields(data), (patch, data)
        assert api.get(BASE)[1] == before, patch


def test_visibility_switch_moves_the_debate_in_and_out_of_the_list(api, cast):
    patch_debate(api, cast["organiser"], {"visibility": "private"})
    assert SLUG not in [d["slug"] for d in api.get("/debates")[1]["items"]]
    assert_error(*api.get(BASE), 404, "not_found")
    patch_debate(api, cast["organiser"], {"visibility": "public"})
    assert SLUG in [d["slug"] for d in api.get("/debates")[1]["items"]]
    assert api.get(BASE)[0] == 200


def test_a_closed_debate_refuses_contributions_but_can_be_read(api, cast):
    idea = cast["idea"]["id"]
    p = cast["participant"]
    post = new_post(api, p, idea, "Une proposition", statement=True)
    closed = patch_debate(api, cast["organiser"], {"status": "closed"})
    assert closed["status"] == "closed"
    assert_error(*api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Trop tard"}, who=p), 409, "debate_closed")
    assert_error(*api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Trop tard"}, who=cast["moderator"]), 409,
                 "debate_closed")
    assert_error(*api.post(f"{BASE}/posts/{post['id']}/replies", {"body": "Trop tard"}, who=cast["other"]), 409,
                 "debate_closed")
    assert_error(*api.put(f"{BASE}/posts/{post['id']}/reactions/like", who=cast["other"]), 409, "debate_closed")
    assert_error(*api.put(f"{BASE}/posts/{post['id']}/stance", {"value": "agree"}, who=cast["other"]), 409,
                 "debate_closed")
    assert_error(*api.patch(f"{BASE}/posts/{post['id']}", {"body": "Modifié"}, who=p), 409, "debate_closed")
    assert core_counts(api.get(BASE)[1]["counts"]) == {"posts": 1, "participants": 1, "stances": 0}
    assert api.get(f"{BASE}/ideas/{idea}/posts")[0] == 200
    assert api.get(f"{BASE}/posts/{post['id']}/thread")[0] == 200
    patch_debate(api, cast["organiser"], {"status": "open"})
    new_post(api, p, idea, "De nouveau ouvert")
    assert api.get(BASE)[1]["counts"]["posts"] == 2
