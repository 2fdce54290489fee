"""Archive at close: static pages and pseudonymised open data; then the live items can go."""
import json
import os

import pytest

SLUG = "climat-2027"


@pytest.fixture
def archive_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PALABRE_ARCHIVE_DIR", str(tmp_path))
    monkeypatch.delenv("PALABRE_ARCHIVE_BUCKET", raising=False)
    return tmp_path


def test_archive_requires_closed_debate_and_organiser(api, cast, archive_dir):
    idea = cast["idea"]["id"]
    _, post = api.post(f"/debates/{SLUG}/ideas/{idea}/posts", {"body": "Des **trains** <script>x()</script>"},
                       who=cast["participant"])
    api.post(f"/debates/{SLUG}/posts/{post['id']}/replies", {"body": "D'accord"}, who=cast["other"])
    assert api.post(f"/debates/{SLUG}/archive", who=cast["organiser"])[1]["error"]["code"] == "debate_open"
    api.patch(f"/debates/{SLUG}", {"status": "closed"}, who=cast["organiser"])
    assert api.post(f"/debates/{SLUG}/archive", who=cast["moderator"])[0] == 403
    assert api.get(f"/debates/{SLUG}")[1]["archive_url"] is None
    status, result = api.post(f"/debates/{SLUG}/archive", who=cast["organiser"])
    assert status == 200 and result["url"].endswith(f"/archives/{SLUG}/index.html")
    assert api.get(f"/debates/{SLUG}")[1]["archive_url"] == result["url"]  # the pages link to it from then on
    root = archive_dir / SLUG
    index = (root / "index.html").read_text()
    assert "Climat 2027" in index and f"ideas/{idea}.html" in index
    page = (root / "ideas" / f"{idea}.html").read_text()
    assert "<strong>trains</strong>" in page and "<script>" not in page and "Participant 1" in page
    data = json.loads((root / "open-data.json").read_text())
    assert len(data["posts"]) == 2
    text = json.dumps(data)
    for person in ("participant", "other"):
        assert cast[person].user_id not in text and cast[person].email not in text


def test_delete_live_items_after_archive(api, cast, archive_dir):
    from chalicelib.services.archive import delete_live_items

    idea = cast["idea"]["id"]
    api.post(f"/debates/{SLUG}/ideas/{idea}/posts", {"body": "Un message"}, who=cast["participant"])
    assert delete_live_items(SLUG) > 5
    assert api.get(f"/debates/{SLUG}")[0] == 404
    assert api.get(f"/debates/{SLUG}/ideas")[0] == 404


def test_a_private_debates_archive_is_published_only_knowingly(api, cast, archive_dir):
    """The archive is a public static site: archiving a private debate needs publish=true."""
    api.patch(f"/debates/{SLUG}", {"visibility": "private", "status": "closed"}, who=cast["organiser"])
    status, body = api.post(f"/debates/{SLUG}/archive", who=cast["organiser"])
    assert status == 409 and body["error"]["code"] == "archive_would_publish", body
    assert not (archive_dir / SLUG).exists()
    assert api.post(f"/debates/{SLUG}/archive?publish=maybe", who=cast["organiser"])[0] == 422
    status, result = api.post(f"/debates/{SLUG}/archive?publish=true", who=cast["organiser"])
    assert status == 200 and (archive_dir / SLUG / "index.html").exists()


def test_the_archive_holds_the_final_vote_results(api, cast, archive_dir):
    """Results hidden until the close are final once the debate is closed: the archive publishes them, tallies only."""
    from tests.api.test_votes import _voted_session

    v, proposals, tokens, gauge = _voted_session(api, cast)
    api.patch(f"/debates/{SLUG}", {"status": "closed"}, who=cast["organiser"])
    assert api.post(f"/debates/{SLUG}/archive", who=cast["organiser"])[0] == 200
    root = archive_dir / SLUG
    data = json.loads((root / "open-data.json").read_text())
    [vote] = data["votes"]
    assert vote["id"] == v.session["id"] and vote["title"] == "Budget participatif" and vote["results"]["final"]
    first = next(p for p in vote["results"]["proposals"] if p["id"] == proposals[0])
    counted = next(m for m in first["modules"] if m["module_id"] == tokens["id"])
    assert counted["categories"][0]["total"] == 5 and counted["voters"] == 2
    page = (root / "votes" / f"{v.session['id']}.html").read_text()
    assert '<th scope="col">Proposition</th>' in page and "<td>Écoles</td>" in page and "<td>5</td>" in page
    assert "<td>Très favorable</td>" in page and "<td>votants</td>" in page and "<td>jetons</td>" in page
    assert "None" not in page and "<td>voters</td>" not in page
    assert f"votes/{v.session['id']}.html" in (root / "index.html").read_text()
    text = json.dumps(data) + page
    for person in ("participant", "other"):
        assert cast[person].user_id not in text and cast[person].email not in text


@pytest.mark.parametrize("where", ["folder", "bucket"])
def test_archiving_again_removes_the_pages_now_gone(api, cast, archive_dir, monkeypatch, where):
    """An idea merged after a first archive: archiving again rewrites the index and removes the idea's old page
    (with the posts it showed), locally and in the bucket."""
    if where == "bucket":
        import boto3

        boto3.client("s3", region_name="eu-west-3").create_bucket(
            Bucket="palabre-web", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
        monkeypatch.setenv("PALABRE_ARCHIVE_BUCKET", "palabre-web")
    org = cast["organiser"]
    _, gone = api.post(f"/debates/{SLUG}/ideas", {"title": {"fr": "Idée fusionnée"}}, who=org)
    api.post(f"/debates/{SLUG}/ideas/{gone['id']}/posts", {"body": "Un message de l'idée fusionnée"},
             who=cast["participant"])
    api.patch(f"/debates/{SLUG}", {"status": "closed"}, who=org)
    assert api.post(f"/debates/{SLUG}/archive", who=org)[0] == 200
    assert api.post(f"/debates/{SLUG}/ideas/{gone['id']}/merge", {"into_id": cast["idea"]["id"]}, who=org)[0] == 200
    assert api.post(f"/debates/{SLUG}/archive", who=org)[0] == 200

    from chalicelib.services.archive import MANIFEST, _Folder

    folder = _Folder(SLUG)
    manifest = json.loads(folder.read(MANIFEST))["files"]
    assert f"ideas/{gone['id']}.html" not in manifest and f"ideas/{cast['idea']['id']}.html" in manifest
    assert folder.read(f"ideas/{gone['id']}.html") is None
    assert f"ideas/{gone['id']}.html" not in folder.read("index.html").decode()
    assert all(folder.read(path) is not None for path in manifest)


def test_an_archived_and_deleted_debates_slug_stays_reserved(api, cast, archive_dir):
    """Reusing the slug would overwrite the old debate's public archive: the tombstone delete_live_items leaves
    refuses it (409 slug_taken, in the creation transaction); nothing else sees the tombstone."""
    from chalicelib.services.archive import delete_live_items
    from chalicelib.services import identity
    from tests.helpers import DEBATE, sign_in

    org = cast["organiser"]
    idea = cast["idea"]["id"]
    api.post(f"/debates/{SLUG}/ideas/{idea}/posts", {"body": "Un message de l'ancien débat"}, who=cast["participant"])
    api.patch(f"/debates/{SLUG}", {"status": "closed"}, who=org)
    assert api.post(f"/debates/{SLUG}/archive", who=org)[0] == 200
    old_index = (archive_dir / SLUG / "index.html").read_text()
    assert delete_live_items(SLUG) > 5
    assert delete_live_items(SLUG) == 0  # again: only the tombstone is left, and it stays

    someone = sign_in("someone@example.org")
    identity.grant_platform_organiser(someone.email)
    for who in (someone, org):  # another organiser, or the same one
        status, body = api.post("/debates", {**DEBATE, "title": {"fr": "Un autre débat", "en": "Another debate"}}, who=who)
        assert status == 409 and body["error"]["code"] == "slug_taken", body
        assert "archived" in body["error"]["message"]
    assert (archive_dir / SLUG / "index.html").read_text() == old_index

    assert api.get(f"/debates/{SLUG}")[0] == 404
    status, listed = api.get("/debates")
    assert status == 200 and SLUG not in [d["slug"] for d in listed["items"]]
    for who in (org, cast["participant"]):
        status, mine = api.get("/me/debates", who=who)
        assert status == 200 and SLUG not in [d["slug"] for d in mine["items"]], mine
        assert api.get("/me/data", who=who)[0] == 200
    participant = cast["participant"]
    status, result = api.delete("/me", who=participant, body={"confirm": participant.email})
    assert status == 200 and result["status"] == "deleted", result
    # other slugs are free as before
    assert api.post("/debates", {**DEBATE, "slug": "climat-2028"}, who=someone)[0] == 201
