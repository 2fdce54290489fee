"""GET /me/debates: the debates the signed-in person has a place in (a role given by an organiser, or something they
wrote there), from their own U#{user} / DEB#{slug} index only, in a fixed number of DynamoDB requests."""
from __future__ import annotations

import base64
import json

import pytest

from tests.helpers import DEBATE, sign_in

PUBLIC = DEBATE["slug"]  # climat-2027, public, created by the cast's organiser
PRIVATE = "atelier-prive"


def private_debate(api, organiser, slug: str = PRIVATE) -> dict:
    body = {**DEBATE, "slug": slug, "visibility": "private",
            "title": {"fr": f"Atelier {slug}", "en": f"Workshop {slug}"}}
    status, debate = api.post("/debates", body, who=organiser)
    assert status == 201, debate
    return debate


def invite(api, organiser, slug: str, person, roles: list[str]) -> None:
    status, body = api.post(f"/debates/{slug}/members", {"email": person.email, "roles": roles}, who=organiser)
    assert status == 200, body


def mine(api, who, query: str = "") -> dict:
    status, page = api.get(f"/me/debates{query}", who=who)
    assert status == 200, page
    return page


def all_mine(api, who, limit: int) -> tuple[list[dict], int]:
    """Every page, following next_cursor; (items, number of pages)."""
    items, cursor, pages = [], None, 0
    while True:
        page = mine(api, who, f"?limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
        items += page["items"]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            return items, pages
        assert pages < 50, "the list never ended"


def cursor_of(key: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def test_an_invited_person_finds_the_private_debate_with_their_roles(api, cast):
    organiser, participant = cast["organiser"], cast["participant"]
    private_debate(api, organiser)
    invite(api, organiser, PRIVATE, participant, ["moderator"])
    page = mine(api, participant)
    assert page["next_cursor"] is None
    [item] = page["items"]
    assert item["slug"] == PRIVATE and item["title"] == {"fr": f"Atelier {PRIVATE}", "en": f"Workshop {PRIVATE}"}
    assert item["default_language"] == "fr" and item["visibility"] == "private" and item["status"] == "open"
    assert item["roles"] == ["participant", "moderator"]
    assert item["since"]
    assert set(item) == {"slug", "title", "default_language", "visibility", "status", "roles", "since"}

    # closing the debate shows in the list; the organiser sees both of theirs, as organiser
    assert api.patch(f"/debates/{PRIVATE}", {"status": "closed"}, who=organiser)[0] == 200
    assert mine(api, participant)["items"][0]["status"] == "closed"
    listed = {d["slug"]: d for d in mine(api, organiser)["items"]}
    assert list(listed) == [PRIVATE, PUBLIC]  # by address
    assert listed[PUBLIC]["visibility"] == "public"
    assert all("organiser" in d["roles"] for d in listed.values())


def test_a_public_debate_is_listed_once_the_person_wrote_there(api, cast):
    participant, idea = cast["participant"], cast["idea"]["id"]
    assert mine(api, participant) == {"items": [], "next_cursor": None}
    assert api.get(f"/debates/{PUBLIC}", who=participant)[0] == 200  # reading gives no place in a debate
    assert mine(api, participant)["items"] == []
    status, post = api.post(f"/debates/{PUBLIC}/ideas/{idea}/posts", {"body": "Plus de trains de nuit."},
                            who=participant)
    assert status == 201, post
    [item] = mine(api, participant)["items"]
    assert (item["slug"], item["visibility"], item["roles"]) == (PUBLIC, "public", ["participant"])
    assert item["title"] == DEBATE["title"]


def test_nobody_sees_another_persons_debates(api, cast):
    organiser, participant, other = cast["organiser"], cast["participant"], cast["other"]
    private_debate(api, organiser)
    invite(api, organiser, PRIVATE, participant, ["participant"])
    private_debate(api, organiser, "autre-atelier")
    invite(api, organiser, "autre-atelier", other, ["harvester"])
    assert [d["slug"] for d in mine(api, participant)["items"]] == [PRIVATE]
    assert [(d["slug"], d["roles"]) for d in mine(api, other)["items"]] == [("autre-atelier",
                                                                             ["participant", "harvester"])]
    outsider = sign_in("outsider@example.org")
    assert mine(api, outsider) == {"items": [], "next_cursor": None}
    # a cursor taken from one person's list is refused to another (it names their partition)
    for n in range(3):
        private_debate(api, organiser, f"serie-{n}")
        invite(api, organiser, f"serie-{n}", participant, ["participant"])
    cursor = mine(api, participant, "?limit=1")["next_cursor"]
    status, body = api.get(f"/me/debates?cursor={cursor}", who=other)
    assert status == 400 and body["error"]["code"] == "invalid_cursor", body
    assert "serie" not in json.dumps(body)


def test_pages_follow_the_cursor_to_the_end(api, cast):
    organiser, participant = cast["organiser"], cast["participant"]
    slugs = [f"page-{n:02d}" for n in range(7)]
    for slug in slugs:
        private_debate(api, organiser, slug)
        invite(api, organiser, slug, participant, ["participant"])
    items, pages = all_mine(api, participant, limit=3)
    assert [d["slug"] for d in items] == slugs and pages == 3
    items, pages = all_mine(api, participant, limit=7)  # exactly one full page: no empty page after it
    assert [d["slug"] for d in items] == slugs and pages == 1
    assert [d["slug"] for d in mine(api, participant)["items"]] == slugs  # default page size 20
    items, pages = all_mine(api, organiser, limit=50)
    assert len(items) == 8 and pages == 1


@pytest.mark.parametrize("query", [
    "?cursor=!!!",
    "?cursor=" + cursor_of({"nothing": "here"}),
    "?cursor=" + cursor_of({"pk": {"S": "U#someone-else"}, "sk": {"S": "DEB#climat-2027"}}),
])
def test_a_bad_cursor_is_a_clear_400(api, cast, query):
    status, body = api.get(f"/me/debates{query}", who=cast["participant"])
    assert status == 400 and body["error"]["code"] == "invalid_cursor" and body["error"]["message"], body


def test_a_cursor_of_the_callers_own_partition_must_point_into_the_list(api, cast):
    """A cursor naming the caller's partition but another of its sort keys (their profile...) is refused, never
    sent to DynamoDB (which would reject a start key outside the query's range)."""
    participant = cast["participant"]
    for sk in ("PROFILE", "DEB#", "DEB#Pas un slug", "DEB#a#b", "X" * 2000):
        key = {"pk": {"S": f"U#{participant.user_id}"}, "sk": {"S": sk}}
        status, body = api.get(f"/me/debates?cursor={cursor_of(key)}", who=participant)
        assert status in (400, 422) and body["error"]["code"] in ("invalid_cursor", "validation_failed"), (sk, body)
    extra = {"pk": {"S": f"U#{participant.user_id}"}, "sk": {"S": "DEB#climat-2027"}, "gsi1pk": {"S": "x"}}
    status, body = api.get(f"/me/debates?cursor={cursor_of(extra)}", who=participant)
    assert status == 400 and body["error"]["code"] == "invalid_cursor", body


@pytest.mark.parametrize("query", ["?limit=0", "?limit=51", "?limit=deux", "?page=2"])
def test_bad_paging_parameters_are_422(api, cast, query):
    status, body = api.get(f"/me/debates{query}", who=cast["participant"])
    assert status == 422 and body["error"]["code"] == "validation_failed", body


def test_anonymous_callers_are_refused(api, cast):
    status, body = api.get("/me/debates")
    assert status == 401 and body["error"]["code"] == "unauthorized", body
    status, body = api.get("/me/debates", headers={"Authorization": "Bearer not-a-token"})
    assert status == 401, body


def test_a_debate_deleted_after_its_archive_is_left_out(api, cast, tmp_path, monkeypatch):
    from chalicelib.services.archive import delete_live_items

    monkeypatch.setenv("PALABRE_ARCHIVE_DIR", str(tmp_path))
    monkeypatch.delenv("PALABRE_ARCHIVE_BUCKET", raising=False)
    organiser, participant = cast["organiser"], cast["participant"]
    for slug in ("a-garder", "b-archive", "c-garder"):
        private_debate(api, organiser, slug)
        invite(api, organiser, slug, participant, ["participant"])
    assert api.patch("/debates/b-archive", {"status": "closed"}, who=organiser)[0] == 200
    status, body = api.post("/debates/b-archive/archive?publish=true", who=organiser)
    assert status == 200, body
    assert delete_live_items("b-archive") > 0  # the operator's `palabre archive --delete-live`
    assert [d["slug"] for d in mine(api, participant)["items"]] == ["a-garder", "c-garder"]
    # an index entry left by a deletion that predates its cleanup: skipped, and paging goes on past it (the page
    # that held it is shorter, the cursor still leads to the rest)
    from chalicelib.domain import clock
    from chalicelib.storage import members_repo

    model, actions = members_repo.user_debate_update("b-archive", participant.user_id, clock.now_iso())
    model.update(actions=actions)
    assert [d["slug"] for d in mine(api, participant)["items"]] == ["a-garder", "c-garder"]
    first = mine(api, participant, "?limit=2")
    assert [d["slug"] for d in first["items"]] == ["a-garder"] and first["next_cursor"]
    rest = mine(api, participant, f"?limit=2&cursor={first['next_cursor']}")
    assert [d["slug"] for d in rest["items"]] == ["c-garder"] and rest["next_cursor"] is None


def test_a_debate_created_at_a_deleted_debates_address_is_not_a_former_participants(api, cast, tmp_path,
                                                                                      monkeypatch):
    """The participant wrote in a debate that was archived and deleted; an organiser then creates a new debate at the
    same address (possible only for a debate deleted before slugs of archived debates stayed reserved). It is not theirs: deleting the debate removed their index entry, and an entry older than the
    debate with no Member record there (left by an earlier deletion) is not shown either."""
    from chalicelib.domain import clock
    from chalicelib.services import identity
    from chalicelib.services.archive import delete_live_items
    from chalicelib.storage import accounts_repo, members_repo

    monkeypatch.setenv("PALABRE_ARCHIVE_DIR", str(tmp_path))
    monkeypatch.delenv("PALABRE_ARCHIVE_BUCKET", raising=False)
    organiser, participant = cast["organiser"], cast["participant"]
    status, _ = api.post(f"/debates/{PUBLIC}/ideas/{cast['idea']['id']}/posts", {"body": "Avant l'archive"},
                         who=participant)
    assert status == 201 and [d["slug"] for d in mine(api, participant)["items"]] == [PUBLIC]
    api.patch(f"/debates/{PUBLIC}", {"status": "closed"}, who=organiser)
    assert api.post(f"/debates/{PUBLIC}/archive", who=organiser)[0] == 200
    stale_since = "2000-01-01T00:00:00.000Z"
    assert delete_live_items(PUBLIC) > 0
    assert accounts_repo.user_debates(participant.user_id, None, 10)[0] == []
    other = sign_in("autre.organisatrice@example.org")
    identity.grant_platform_organiser(other.email)
    # the slug of an archived debate stays reserved (test_archive); a debate deleted before the tombstone existed
    # left its address free, as here
    other_title = {"fr": "Un autre débat", "en": "Another debate"}
    assert api.post("/debates", {**DEBATE, "title": other_title}, who=other)[0] == 409
    from chalicelib.storage import keys
    from chalicelib.storage.models import ArchivedSlug

    ArchivedSlug(keys.debate(PUBLIC), keys.ARCHIVED_SK).delete()
    assert api.post("/debates", {**DEBATE, "title": other_title}, who=other)[0] == 201
    assert mine(api, participant)["items"] == []
    model, actions = members_repo.user_debate_update(PUBLIC, participant.user_id, stale_since)
    model.update(actions=actions)  # as left by a deletion that predates this cleanup
    assert mine(api, participant)["items"] == []
    assert clock.now_iso() > stale_since


def test_a_private_debate_without_a_role_there_is_never_shown(api, cast):
    """The index item alone (e.g. written by `palabre index-personal-data`) gives no sight of a private debate: only
    a Member record that lets the person read it does, exactly as for GET /debates/{slug}."""
    from chalicelib.domain import clock
    from chalicelib.storage import members_repo

    participant = cast["participant"]
    private_debate(api, cast["organiser"])
    model, actions = members_repo.user_debate_update(PRIVATE, participant.user_id, clock.now_iso())
    model.update(actions=actions)
    assert api.get(f"/debates/{PRIVATE}", who=participant)[0] == 404
    assert mine(api, participant)["items"] == []


@pytest.mark.parametrize("debates", [1, 12])
def test_one_query_and_one_batch_get_whatever_the_number_of_debates(api, cast, debates):
    from chalicelib.cli.request_counter import counting

    organiser, participant = cast["organiser"], cast["participant"]
    for n in range(debates):
        private_debate(api, organiser, f"budget-{n:02d}")
        invite(api, organiser, f"budget-{n:02d}", participant, ["participant"])
    for who in (participant, organiser):
        with counting() as requests:
            page = mine(api, who)
        assert len(page["items"]) == debates + (who is organiser)
        # GetItem: the caller's profile (every authenticated request); then the index and the debates
        assert dict(requests) == {"GetItem": 1, "Query": 1, "BatchGetItem": 1}, dict(requests)


def test_unprocessed_keys_are_asked_for_again(api, cast, monkeypatch):
    """DynamoDB may leave some keys of a BatchGetItem unprocessed (throttling, answer size): they are asked for
    again, after a wait, and the page is complete."""
    from pynamodb.connection.base import Connection

    from chalicelib.storage import batch

    organiser, participant = cast["organiser"], cast["participant"]
    for slug in ("un", "deux", "trois"):
        private_debate(api, organiser, f"retry-{slug}")
        invite(api, organiser, f"retry-{slug}", participant, ["participant"])
    original, calls, waits = Connection.dispatch, [], []
    monkeypatch.setattr(batch.time, "sleep", waits.append)

    def holding_back_half(self, operation, kwargs):
        if operation != "BatchGetItem":
            return original(self, operation, kwargs)
        calls.append(kwargs)
        if len(calls) > 1:
            return original(self, operation, kwargs)
        (table, request), = kwargs["RequestItems"].items()
        half = len(request["Keys"]) // 2
        answer = original(self, operation, {"RequestItems": {table: {**request, "Keys": request["Keys"][:half]}}})
        answer["UnprocessedKeys"] = {table: {**request, "Keys": request["Keys"][half:]}}
        return answer

    monkeypatch.setattr(Connection, "dispatch", holding_back_half)
    page = mine(api, participant)
    assert [d["slug"] for d in page["items"]] == ["retry-deux", "retry-trois", "retry-un"]
    assert all(d["roles"] == ["participant"] for d in page["items"])
    assert len(calls) == 2 and len(waits) == 1
    assert calls[1]["RequestItems"][next(iter(calls[1]["RequestItems"]))]["ProjectionExpression"]


def test_keys_never_processed_answer_503_not_500(api, cast, monkeypatch):
    from pynamodb.connection.base import Connection

    from chalicelib.storage import batch

    private_debate(api, cast["organiser"])
    invite(api, cast["organiser"], PRIVATE, cast["participant"], ["participant"])
    original, waits = Connection.dispatch, []
    monkeypatch.setattr(batch.time, "sleep", waits.append)

    def never(self, operation, kwargs):
        if operation != "BatchGetItem":
            return original(self, operation, kwargs)
        return {"Responses": {}, "UnprocessedKeys": kwargs["RequestItems"]}

    monkeypatch.setattr(Connection, "dispatch", never)
    status, body = api.get("/me/debates", who=cast["participant"])
    assert status == 503 and body["error"]["code"], body
    assert waits == [0.05, 0.1, 0.2, 0.4, 0.8]
