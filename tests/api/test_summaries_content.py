"""Summaries follow what happens to the posts they quote: a post hidden, edited or deleted stops being quoted (in
the next summary and in the earlier ones kept for the dashboard's history), a post approved from pre-moderation
enters keywords and suggestions, a moved thread's replies are suggested in their new idea; a run commits its summary
and its state together (found by a breaker)."""
from __future__ import annotations

import pytest

from tests.api.test_summaries import POSTS, SLUG, _summaries_env, latest, post  # noqa: F401 (autouse fixture)

LONG_POST = ("La piste cyclable du centre-ville devrait être séparée des voitures par une bordure. Les parents "
             "hésitent à laisser les enfants pédaler jusqu'au collège. Une bordure coûte peu et sauve des vies.")


def quoted(summary: dict) -> set[str]:
    """Every post a summary quotes: idea sentences, thread excerpts, opinion-group statements."""
    found = {s["post_id"] for idea in summary["ideas"] for s in idea.get("summary", [])}
    found |= {t["thread"] for t in summary.get("threads", [])}
    found |= set((summary.get("groups") or {}).get("statements", {}))
    return found


def test_a_hidden_post_leaves_the_next_summary_and_the_earlier_ones(api, cast):
    from chalicelib.services.summaries import summarize_debate

    idea = cast["idea"]["id"]
    hidden = post(api, cast["participant"], idea, LONG_POST)
    post(api, cast["other"], idea, POSTS[2])
    first = summarize_debate(SLUG)
    assert hidden["id"] in quoted(latest(api))

    status, _ = api.post(f"/debates/{SLUG}/posts/{hidden['id']}/moderation", {"state": "rejected", "reason": "doxx"},
                         who=cast["moderator"])
    assert status == 200
    second = summarize_debate(SLUG)  # the moderation alone is new activity
    assert second.processed, second.reason
    assert hidden["id"] not in quoted(latest(api))
    status, earlier = api.get(f"/debates/{SLUG}/summaries/{first.summary_id}")
    assert status == 200 and hidden["id"] not in quoted(earlier)
    assert "bordure" not in str(earlier) and "bordure" not in str(latest(api))
    # participation is not changed by a moderation: it is no contribution
    assert latest(api)["participation"]["totals"]["posts"] == 2


def test_an_edited_post_is_quoted_in_its_new_words_only(api, cast):
    from chalicelib.services.summaries import summarize_debate

    idea = cast["idea"]["id"]
    edited = post(api, cast["participant"], idea, LONG_POST)
    first = summarize_debate(SLUG)
    status, changed = api.patch(f"/debates/{SLUG}/posts/{edited['id']}", {"body": POSTS[0]}, who=cast["participant"])
    assert status == 200, changed
    assert summarize_debate(SLUG).processed
    sentences = [s for i in latest(api)["ideas"] for s in i["summary"] if s["post_id"] == edited["id"]]
    assert sentences and all(changed["body_text"][s["start"]:s["end"]] == s["text"] for s in sentences)
    assert "bordure" not in str(latest(api))
    assert "bordure" not in str(api.get(f"/debates/{SLUG}/summaries/{first.summary_id}")[1])


def test_a_statement_removed_by_its_author_leaves_the_opinion_groups(api, cast):
    from chalicelib.services.summaries import summarize_debate

    idea = cast["idea"]["id"]
    statement = post(api, cast["participant"], idea, "Il faut fermer le centre-ville aux voitures.", statement=True)
    for who in ("other", "moderator", "harvester", "organiser"):
        assert api.put(f"/debates/{SLUG}/posts/{statement['id']}/stance", {"value": "agree"}, who=cast[who])[0] == 200
    summarize_debate(SLUG)
    assert api.delete(f"/debates/{SLUG}/posts/{statement['id']}", who=cast["participant"])[0] == 200
    assert summarize_debate(SLUG).processed
    assert "centre-ville" not in str(latest(api)["groups"])


def test_a_post_approved_from_premoderation_gets_keywords_and_suggestions(api, cast):
    from chalicelib.services.summaries import summarize_debate

    idea = cast["idea"]["id"]
    assert api.patch(f"/debates/{SLUG}", {"premoderation": True}, who=cast["organiser"])[0] == 200
    held = post(api, cast["participant"], idea, LONG_POST)
    assert held["state"] == "pending"
    summarize_debate(SLUG)
    assert not [s for i in latest(api)["ideas"] for s in i["summary"]]
    status, _ = api.post(f"/debates/{SLUG}/posts/{held['id']}/moderation", {"state": "published"},
                         who=cast["moderator"])
    assert status == 200
    run = summarize_debate(SLUG)
    assert run.processed and run.suggested >= 1
    entry = next(i for i in latest(api)["ideas"] if i["id"] == idea)
    assert entry["summary"] and entry["keywords"]
    status, listed = api.get(f"/debates/{SLUG}/ideas/{idea}/extracts?state=submitted", who=cast["harvester"])
    assert any(e["machine"] and e["post_id"] == held["id"] for e in listed["items"])


def test_a_reply_of_a_moved_thread_is_suggested_in_the_thread_s_idea(api, cast):
    from chalicelib.services.summaries import summarize_debate

    a = cast["idea"]["id"]
    status, b = api.post(f"/debates/{SLUG}/ideas", {"title": {"fr": "Vélo"}}, who=cast["moderator"])
    assert status == 201
    root = post(api, cast["participant"], a, POSTS[1])
    status, reply = api.post(f"/debates/{SLUG}/posts/{root['id']}/replies", {"body": LONG_POST}, who=cast["other"])
    assert status == 201
    assert api.post(f"/debates/{SLUG}/posts/{root['id']}/move", {"idea_id": b["id"]}, who=cast["moderator"])[0] == 200
    assert summarize_debate(SLUG).suggested >= 2
    in_b = api.get(f"/debates/{SLUG}/ideas/{b['id']}/extracts?state=submitted", who=cast["harvester"])[1]["items"]
    in_a = api.get(f"/debates/{SLUG}/ideas/{a}/extracts?state=submitted", who=cast["harvester"])[1]["items"]
    assert {e["post_id"] for e in in_b} == {root["id"], reply["id"]} and in_a == []


def test_two_runs_of_the_same_instant_leave_one_summary_and_its_state(api, cast, monkeypatch):
    from datetime import datetime, timezone

    from chalicelib.domain import clock
    from chalicelib.services import summaries
    from chalicelib.storage import summaries_repo
    from chalicelib.storage.state_store import state_store

    post(api, cast["participant"], cast["idea"]["id"], LONG_POST)
    instant = datetime.now(timezone.utc)
    monkeypatch.setattr(clock, "now", lambda: instant)
    debate, _, _ = summaries_repo.debate_activity(SLUG)
    winner = summaries._run(debate, None, False, force=True)
    loser = summaries._run(debate, None, False, force=True)  # started from the same (absent) state
    assert winner.processed and not loser.processed and loser.reason == "concurrent_run"
    state = summaries_repo.get_state(SLUG)
    assert state.latest_summary == winner.summary_id
    assert state_store().get(SLUG, state.generation, "stances.npz") is not None
    assert latest(api)["id"] == winner.summary_id


def test_a_run_cut_off_before_it_commits_leaves_no_summary(api, cast, monkeypatch):
    from chalicelib.services.summaries import summarize_debate
    from chalicelib.storage import summaries_repo

    idea = cast["idea"]["id"]
    post(api, cast["participant"], idea, LONG_POST)
    first = summarize_debate(SLUG)
    post(api, cast["other"], idea, POSTS[2])

    commit = summaries_repo.commit_run

    def cut_off(*args, **kwargs):
        raise TimeoutError("the function's time ran out")

    monkeypatch.setattr(summaries_repo, "commit_run", cut_off)
    with pytest.raises(TimeoutError):
        summarize_debate(SLUG)
    monkeypatch.setattr(summaries_repo, "commit_run", commit)
    assert latest(api)["id"] == first.summary_id
    status, page = api.get(f"/debates/{SLUG}/summaries")
    assert status == 200 and [s["id"] for s in page["items"]] == [first.summary_id]
    again = summarize_debate(SLUG)
    assert again.processed and latest(api)["participation"]["totals"]["posts"] == 2
    assert len(api.get(f"/debates/{SLUG}/summaries")[1]["items"]) == 2


@pytest.mark.parametrize("sort_key", ["", "STATE", "IMPORT#polis"])
def test_a_summaries_cursor_outside_the_list_is_refused(api, cast, sort_key):
    import base64
    import json

    from chalicelib.storage import keys

    key = {"pk": {"S": keys.summaries(SLUG)}, "sk": {"S": sort_key}}
    cursor = base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")
    status, body = api.get(f"/debates/{SLUG}/summaries?cursor={cursor}")
    assert status == 400 and body["error"]["code"] == "invalid_cursor"
