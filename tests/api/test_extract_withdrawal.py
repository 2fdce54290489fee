"""An extract is shown only while its post is published and its words are still in it: on every surface (a post's
extracts, its thread, an idea's list, the archive, a synthesis's citations), and a suggestion is confirmed only then.
An account deleted under the "remove" policy leaves none of its posts' words in extracts or syntheses."""
import json

import pytest

from tests.api.support import assert_error

SLUG = "climat-2027"
BASE = f"/debates/{SLUG}"
SECRET = "Écrivez-moi à jeanne@example.org ou au 06 12 34 56 78 pour les trains."
QUOTE = "jeanne@example.org ou au 06 12 34 56 78"


@pytest.fixture
def quoted(api, cast):
    """A participant's post with a harvested quotation of their email and phone number."""
    idea = cast["idea"]["id"]
    status, post = api.post(f"{BASE}/ideas/{idea}/posts", {"body": SECRET}, who=cast["participant"])
    assert status == 201, post
    start = post["body_text"].index(QUOTE)
    status, extract = api.post(f"{BASE}/posts/{post['id']}/extracts",
                               {"idea_id": idea, "start": start, "end": start + len(QUOTE), "nature": "fact"},
                               who=cast["harvester"])
    assert status == 201, extract
    return {"idea": idea, "post": post, "extract": extract}


def _suggest(post_id: str, idea_id: str, quote: str = "trains") -> str:
    """A machine-suggested extract, as the summarizer writes them (state submitted)."""
    from chalicelib.domain import clock
    from chalicelib.services.extracts import build_extract
    from chalicelib.storage import extracts_repo, posts_repo

    post = posts_repo.get_post(SLUG, post_id)
    start = post.body_text.index(quote)
    extract = build_extract(SLUG, post, idea_id=idea_id, kind="quote", body=quote, start=start,
                            end=start + len(quote), nature="proposal", action=None, important=False, tags=[],
                            state="submitted", machine=True, harvester_id="summarizer", harvester_name="Palabre",
                            created_at=clock.now_iso())
    extracts_repo.insert_extract(SLUG, extract)
    return extract.extract_id


def _idea_extracts(api, idea, who=None, state="published"):
    status, page = api.get(f"{BASE}/ideas/{idea}/extracts?state={state}", who=who)
    assert status == 200, page
    return [e["id"] for e in page["items"]]


def _withdraw(api, cast, post_id, how):
    if how == "rejected":
        assert api.post(f"{BASE}/posts/{post_id}/moderation", {"state": "rejected"}, who=cast["moderator"])[0] == 200
    elif how == "deleted":
        assert api.delete(f"{BASE}/posts/{post_id}", who=cast["participant"])[0] == 200
    else:  # erased: the author's account deleted under the "remove" policy
        assert api.patch(BASE, {"on_account_deletion": "remove"}, who=cast["organiser"])[0] == 200
        me = cast["participant"]
        status, result = api.delete("/me", who=me, body={"confirm": me.email})
        assert status == 200 and result["status"] == "deleted", result


def _archive(api, cast, archive_dir):
    assert api.patch(BASE, {"status": "closed"}, who=cast["organiser"])[0] == 200
    assert api.post(f"{BASE}/archive", who=cast["organiser"])[0] == 200
    root = archive_dir / SLUG
    return (json.loads((root / "open-data.json").read_text()),
            "".join(p.read_text() for p in root.rglob("*.html")))


@pytest.fixture
def archive_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PALABRE_ARCHIVE_DIR", str(tmp_path))
    monkeypatch.delenv("PALABRE_ARCHIVE_BUCKET", raising=False)
    return tmp_path


@pytest.mark.parametrize("how", ["rejected", "deleted", "erased"])
def test_extracts_of_a_withdrawn_post_are_shown_nowhere(api, cast, quoted, archive_dir, how):
    idea, extract = quoted["idea"], quoted["extract"]
    assert _idea_extracts(api, idea) == [extract["id"]]
    _withdraw(api, cast, quoted["post"]["id"], how)
    for who in (None, cast["other"], cast["harvester"], cast["organiser"]):
        assert _idea_extracts(api, idea, who=who) == []
    status, listed = api.get(f"{BASE}/posts/{quoted['post']['id']}/extracts", who=cast["harvester"])
    assert status == 404 or listed["items"] == []
    data, pages = _archive(api, cast, archive_dir)
    assert data["extracts"] == []
    assert "jeanne@example.org" not in json.dumps(data) and "jeanne@example.org" not in pages


def test_a_republished_post_shows_its_extracts_again(api, cast, quoted):
    """A moderator's rejection hides the extracts; publishing the post again shows them (nothing was lost)."""
    post_id = quoted["post"]["id"]
    _withdraw(api, cast, post_id, "rejected")
    assert _idea_extracts(api, quoted["idea"]) == []
    assert api.post(f"{BASE}/posts/{post_id}/moderation", {"state": "published"}, who=cast["moderator"])[0] == 200
    assert _idea_extracts(api, quoted["idea"]) == [quoted["extract"]["id"]]


def test_an_orphaned_quotation_leaves_the_idea_list_and_the_archive(api, cast, quoted, archive_dir):
    """The idea list measures each quotation against its post's current text, as the post's own list does."""
    post_id = quoted["post"]["id"]
    assert api.patch(f"{BASE}/posts/{post_id}", {"body": "Plus de trains, sans coordonnées."},
                     who=cast["participant"])[0] == 200
    assert _idea_extracts(api, quoted["idea"]) == []
    staff = api.get(f"{BASE}/ideas/{quoted['idea']}/extracts", who=cast["harvester"])[1]["items"]
    assert [(e["id"], e["orphaned"]) for e in staff] == [(quoted["extract"]["id"], True)]  # to be fixed by staff
    data, pages = _archive(api, cast, archive_dir)
    assert data["extracts"] == [] and "jeanne@example.org" not in pages


def test_the_idea_list_costs_one_batch_read_per_page(api, cast, quoted):
    from chalicelib.cli.request_counter import counting

    other = api.post(f"{BASE}/ideas/{quoted['idea']}/posts", {"body": "Des bus de nuit, vite."},
                     who=cast["other"])[1]
    api.post(f"{BASE}/posts/{other['id']}/extracts",
             {"idea_id": quoted["idea"], "start": 4, "end": 16, "nature": "proposal"}, who=cast["harvester"])
    with counting() as counts:
        assert len(_idea_extracts(api, quoted["idea"])) == 2
    assert counts.get("BatchGetItem", 0) == 1, counts


@pytest.mark.parametrize("how", ["rejected", "deleted", "erased"])
def test_a_synthesis_withdraws_the_quotation_of_a_withdrawn_post(api, cast, quoted, archive_dir, how):
    """A publication is an immutable snapshot; a citation whose post is no longer published keeps its number and
    loses its text when shown. After an erasure (policy remove) the stored snapshot holds it no more either."""
    status, draft = api.post(f"{BASE}/synthesis-drafts", {
        "title": {"fr": "Synthèse"}, "sections": [{"idea_id": quoted["idea"], "text": {"fr": "Des contacts [1]."},
                                                  "citations": [quoted["extract"]["id"]]}]}, who=cast["organiser"])
    assert status == 201, draft
    status, pub = api.post(f"{BASE}/synthesis-drafts/{draft['id']}/publish", {"version": 1}, who=cast["organiser"])
    assert status in (200, 201) and pub["sections"][0]["citations"][0]["text"] == QUOTE, pub
    _withdraw(api, cast, quoted["post"]["id"], how)
    [citation] = api.get(f"{BASE}/syntheses/{pub['number']}")[1]["sections"][0]["citations"]
    assert citation["number"] == 1 and citation["withdrawn"] and citation["text"] == "", citation
    from chalicelib.storage import syntheses_repo

    stored = json.dumps(syntheses_repo.get_publication(SLUG, pub["number"]).serialize(), ensure_ascii=False)
    assert ("jeanne@example.org" in stored) == (how != "erased")
    data, pages = _archive(api, cast, archive_dir)
    assert "jeanne@example.org" not in json.dumps(data) and "jeanne@example.org" not in pages
    assert "Citation retirée" in pages


@pytest.mark.parametrize("how", ["rejected", "deleted", "erased"])
def test_a_suggestion_of_a_withdrawn_post_cannot_be_confirmed(api, cast, quoted, how):
    post_id, idea = quoted["post"]["id"], quoted["idea"]
    suggestion = _suggest(post_id, idea)
    assert suggestion in _idea_extracts(api, idea, who=cast["harvester"], state="submitted")
    _withdraw(api, cast, post_id, how)
    # not in the harvesters' list either
    assert suggestion not in _idea_extracts(api, idea, who=cast["harvester"], state="submitted")
    status, body = api.post(f"{BASE}/extracts/{suggestion}/review", {"decision": "confirm"}, who=cast["harvester"])
    if how == "erased":  # the erasure took the suggestion with it
        assert_error(status, body, 404)
    else:
        assert_error(status, body, 409, "post_unavailable")
        # rejecting it stays possible
        status, rejected = api.post(f"{BASE}/extracts/{suggestion}/review", {"decision": "reject"},
                                    who=cast["harvester"])
        assert status == 200 and rejected["state"] == "rejected"
    assert api.get(BASE)[1]["counts"]["extracts"] == (1 if how != "erased" else 0)


def test_an_orphaned_suggestion_cannot_be_confirmed(api, cast, quoted):
    post_id, idea = quoted["post"]["id"], quoted["idea"]
    suggestion = _suggest(post_id, idea)
    assert api.patch(f"{BASE}/posts/{post_id}", {"body": "Plus de bus, sans coordonnées."},
                     who=cast["participant"])[0] == 200
    status, body = api.post(f"{BASE}/extracts/{suggestion}/review", {"decision": "confirm"}, who=cast["harvester"])
    assert_error(status, body, 409, "extract_orphaned")
    assert api.get(BASE)[1]["counts"]["extracts"] == 1  # the harvested quotation only, as before


def test_an_erased_account_leaves_its_words_in_no_extract(api, cast, quoted):
    """Policy remove: the extracts and suggestions of the erased posts are deleted, with their counts."""
    from chalicelib.storage import extracts_repo

    post_id, idea = quoted["post"]["id"], quoted["idea"]
    _suggest(post_id, idea)
    assert len(extracts_repo.extracts_of_post(SLUG, post_id)) == 2
    _withdraw(api, cast, post_id, "erased")
    assert extracts_repo.extracts_of_post(SLUG, post_id) == []
    assert api.get(BASE)[1]["counts"]["extracts"] == 0
    [listed] = [i for i in api.get(f"{BASE}/ideas")[1]["items"] if i["id"] == idea]
    assert listed["counts"]["extracts"] == 0
