"""Harvesting: anchoring, de-duplication, re-anchoring after edits, counts, suggested extracts."""
import pytest

SLUG = "climat-2027"


@pytest.fixture
def post(api, cast):
    status, post = api.post(f"/debates/{SLUG}/ideas/{cast['idea']['id']}/posts",
                            {"body": "Il faut plus de trains régionaux. Les bus de nuit manquent aussi."},
                            who=cast["participant"])
    assert status == 201
    return post


def harvest(api, cast, post, start, end, quote=None, who="harvester", **extra):
    body = {"idea_id": cast["idea"]["id"], "start": start, "end": end, "nature": "proposal", **extra}
    if quote is not None:
        body["quote"] = quote
    return api.post(f"/debates/{SLUG}/posts/{post['id']}/extracts", body, who=cast[who])


def test_harvest_quote_is_anchored_and_counted(api, cast, post):
    text = post["body_text"]
    start = text.index("plus de trains")
    status, extract = harvest(api, cast, post, start, start + len("plus de trains régionaux"), important=True,
                              tags=["transport"])
    assert status == 201, extract
    assert extract["text"] == "plus de trains régionaux" and extract["important"] and extract["tags"] == ["transport"]
    assert text[extract["start"]:extract["end"]] == extract["text"]
    _, ideas = api.get(f"/debates/{SLUG}/ideas")
    assert ideas["items"][0]["counts"]["extracts"] == 1
    _, debate = api.get(f"/debates/{SLUG}")
    assert debate["counts"]["extracts"] == 1
    _, listed = api.get(f"/debates/{SLUG}/ideas/{cast['idea']['id']}/extracts")
    assert [e["id"] for e in listed["items"]] == [extract["id"]]
    _, thread = api.get(f"/debates/{SLUG}/posts/{post['id']}/thread")
    assert [e["id"] for e in thread["extracts"]] == [extract["id"]]


def test_same_passage_twice_is_refused(api, cast, post):
    assert harvest(api, cast, post, 0, 12)[0] == 201
    status, error = harvest(api, cast, post, 0, 12, who="moderator")
    assert status == 409 and error["error"]["code"] == "duplicate_extract"
    _, debate = api.get(f"/debates/{SLUG}")
    assert debate["counts"]["extracts"] == 1


def test_quote_must_match_the_post(api, cast, post):
    status, error = harvest(api, cast, post, 0, 12, quote="words that are not in the post")
    assert status == 422
    status, error = harvest(api, cast, post, 0, 10_000)
    assert status == 422 and "outside" in error["error"]["message"]


def test_participants_cannot_harvest(api, cast, post):
    assert harvest(api, cast, post, 0, 12, who="participant")[0] == 403
    assert harvest(api, cast, post, 0, 12, who="other")[0] == 403


def test_edit_reanchors_or_orphans(api, cast, post):
    text = post["body_text"]
    s1 = text.index("plus de trains")
    _, moved = harvest(api, cast, post, s1, s1 + 14)
    s2 = text.index("Les bus de nuit")
    _, lost = harvest(api, cast, post, s2, s2 + len("Les bus de nuit manquent"))
    status, edited = api.patch(f"/debates/{SLUG}/posts/{post['id']}",
                               {"body": "Vraiment, il faut plus de trains régionaux et des vélos."},
                               who=cast["participant"])
    assert status == 200
    _, extracts = api.get(f"/debates/{SLUG}/posts/{post['id']}/extracts", who=cast["harvester"])
    by_id = {e["id"]: e for e in extracts["items"]}
    assert edited["body_text"][by_id[moved["id"]]["start"]:by_id[moved["id"]]["end"]] == "plus de trains"
    assert by_id[moved["id"]]["orphaned"] is False
    assert by_id[lost["id"]]["orphaned"] is True
    # Orphaned extracts are shown to harvesters, not to participants.
    _, public = api.get(f"/debates/{SLUG}/posts/{post['id']}/extracts", who=cast["participant"])
    assert [e["id"] for e in public["items"]] == [moved["id"]]


def test_paraphrase_and_move_between_ideas(api, cast, post):
    status, other_idea = api.post(f"/debates/{SLUG}/ideas", {"title": {"fr": "Vélo"}}, who=cast["moderator"])
    status, extract = api.post(f"/debates/{SLUG}/posts/{post['id']}/extracts",
                               {"idea_id": cast["idea"]["id"], "paraphrase": "Développer le rail régional",
                                "nature": "proposal"}, who=cast["harvester"])
    assert status == 201 and extract["kind"] == "paraphrase" and extract["start"] is None
    status, moved = api.patch(f"/debates/{SLUG}/extracts/{extract['id']}", {"idea_id": other_idea["id"]},
                              who=cast["harvester"])
    assert status == 200 and moved["idea_id"] == other_idea["id"]
    _, ideas = api.get(f"/debates/{SLUG}/ideas")
    counts = {i["id"]: i["counts"]["extracts"] for i in ideas["items"]}
    assert counts == {cast["idea"]["id"]: 0, other_idea["id"]: 1}
    assert api.delete(f"/debates/{SLUG}/extracts/{extract['id']}", who=cast["harvester"])[0] == 200
    _, debate = api.get(f"/debates/{SLUG}")
    assert debate["counts"]["extracts"] == 0
