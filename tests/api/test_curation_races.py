"""Found by a breaker after the extract lists were split: a review landing while a merge or split moves extracts, a
page thinned by hidden posts, a merged idea taking new extracts, a post published again counted twice by the
summaries."""
from __future__ import annotations

from tests.api.support import assert_error

SLUG = "climat-2027"
BASE = f"/debates/{SLUG}"
BODY = "Il faut plus de trains régionaux. Les bus de nuit manquent aussi. Et des pistes cyclables."


def suggestion(api, cast, idea: str) -> str:
    """A machine suggestion (state submitted) of a new post of this idea."""
    from chalicelib.services.extracts import build_extract
    from chalicelib.storage import posts_repo, summaries_repo

    status, post = api.post(f"{BASE}/ideas/{idea}/posts", {"body": BODY}, who=cast["participant"])
    assert status == 201, post
    extract = build_extract(SLUG, posts_repo.get_post(SLUG, post["id"]), idea_id=idea, kind="quote",
                            body="plus de trains", start=BODY.index("plus de trains"),
                            end=BODY.index("plus de trains") + len("plus de trains"), nature="proposal", action=None,
                            important=False, tags=[], state="submitted", machine=True, harvester_id="summarizer",
                            harvester_name="Palabre", created_at="2026-01-01T00:00:00.000Z")
    assert summaries_repo.put_suggestion(extract)
    return extract.extract_id


def confirm_during_first_move(api, cast, monkeypatch, extract_id: str) -> None:
    """A harvester confirms the suggestion between the curation's read of it and its move."""
    from chalicelib.storage import extracts_repo

    original = extracts_repo.change_extract
    pending = [True]

    def change(slug, extract, actions, **kwargs):
        if pending and kwargs.get("new_idea_id"):
            pending.pop()
            status, body = api.post(f"{BASE}/extracts/{extract_id}/review", {"decision": "confirm"},
                                    who=cast["harvester"])
            assert status == 200, body
        return original(slug, extract, actions, **kwargs)

    monkeypatch.setattr(extracts_repo, "change_extract", change)


def counts(api) -> dict[str, int]:
    return {i["id"]: i["counts"]["extracts"] for i in api.get(f"{BASE}/ideas")[1]["items"]}


def test_a_merge_moves_an_extract_confirmed_meanwhile(api, cast, monkeypatch):
    a = cast["idea"]["id"]
    b = api.post(f"{BASE}/ideas", {"title": {"fr": "Vélo"}}, who=cast["moderator"])[1]["id"]
    extract_id = suggestion(api, cast, a)
    confirm_during_first_move(api, cast, monkeypatch, extract_id)
    status, merged = api.post(f"{BASE}/ideas/{a}/merge", {"into_id": b}, who=cast["moderator"])
    assert status == 200 and merged["done"], merged
    listed = api.get(f"{BASE}/ideas/{b}/extracts")[1]["items"]
    assert [e["id"] for e in listed] == [extract_id] and counts(api)[b] == 1


def test_a_split_moves_an_extract_confirmed_meanwhile(api, cast, monkeypatch):
    a = cast["idea"]["id"]
    extract_id = suggestion(api, cast, a)
    post_id = extract_id.split("~")[0]
    confirm_during_first_move(api, cast, monkeypatch, extract_id)
    status, split = api.post(f"{BASE}/ideas/{a}/split", {"title": {"fr": "Nouveau"}, "post_ids": [post_id],
                                                          "extract_ids": [extract_id]}, who=cast["moderator"])
    assert status == 201, split
    new = split["idea"]["id"]
    assert [e["id"] for e in api.get(f"{BASE}/ideas/{new}/extracts")[1]["items"]] == [extract_id]
    assert counts(api)[new] == 1 and counts(api)[a] == 0


def test_a_page_thinned_by_a_hidden_post_reads_on(api, cast):
    idea = cast["idea"]["id"]
    posts = []
    for _ in range(2):
        status, post = api.post(f"{BASE}/ideas/{idea}/posts", {"body": BODY}, who=cast["participant"])
        assert status == 201
        posts.append(post["id"])
    for post_id, words in ((posts[0], "plus de trains"), (posts[0], "bus de nuit"), (posts[1], "pistes cyclables")):
        start = BODY.index(words)
        assert api.post(f"{BASE}/posts/{post_id}/extracts", {"idea_id": idea, "start": start,
                                                             "end": start + len(words), "nature": "proposal"},
                        who=cast["harvester"])[0] == 201
    assert api.post(f"{BASE}/posts/{posts[0]}/moderation", {"state": "rejected"}, who=cast["moderator"])[0] == 200
    status, page = api.get(f"{BASE}/ideas/{idea}/extracts?limit=2", who=cast["participant"])
    assert status == 200 and [e["post_id"] for e in page["items"]] == [posts[1]] and page["next_cursor"] is None


def test_a_merged_idea_takes_no_new_extract(api, cast):
    a = cast["idea"]["id"]
    b = api.post(f"{BASE}/ideas", {"title": {"fr": "Vélo"}}, who=cast["moderator"])[1]["id"]
    status, post = api.post(f"{BASE}/ideas/{b}/posts", {"body": BODY}, who=cast["participant"])
    assert status == 201
    status, kept = api.post(f"{BASE}/posts/{post['id']}/extracts", {"idea_id": b, "start": 0, "end": 8,
                                                                      "nature": "proposal"}, who=cast["harvester"])
    assert status == 201
    assert api.post(f"{BASE}/ideas/{a}/merge", {"into_id": b}, who=cast["moderator"])[0] == 200
    assert_error(*api.post(f"{BASE}/posts/{post['id']}/extracts", {"idea_id": a, "start": 9, "end": 20,
                                                                    "nature": "proposal"}, who=cast["harvester"]),
                 422, "validation_failed")
    assert_error(*api.patch(f"{BASE}/extracts/{kept['id']}", {"idea_id": a}, who=cast["harvester"]), 422,
                 "validation_failed")


def test_a_post_published_again_is_counted_once_by_the_summaries(api, cast, monkeypatch, tmp_path):
    from chalicelib.services import summaries
    from chalicelib.storage import summaries_repo
    from chalicelib.storage.state_store import state_store

    monkeypatch.setenv("PALABRE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PALABRE_SUMMARY_SETTLE_SECONDS", "0")
    idea = cast["idea"]["id"]
    status, post = api.post(f"{BASE}/ideas/{idea}/posts", {"body": BODY}, who=cast["participant"])
    assert status == 201
    summaries.summarize_debate(SLUG)
    for state in ("rejected", "published") * 3:
        assert api.post(f"{BASE}/posts/{post['id']}/moderation", {"state": state}, who=cast["moderator"])[0] == 200
    assert summaries.summarize_debate(SLUG).processed
    state = summaries_repo.get_state(SLUG)
    text = summaries.unpack(state_store().get(SLUG, state.generation, "text.json.gz"))
    assert text["df"]["n_documents"] == 1
