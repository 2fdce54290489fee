"""Syntheses: drafts under optimistic concurrency, sourced publication, public list, Atom, exactly-once emails."""
import glob
import json
import os
import xml.etree.ElementTree as ET

import pytest

SLUG = "climat-2027"


@pytest.fixture
def sourced(api, cast):
    idea = cast["idea"]["id"]
    _, post = api.post(f"/debates/{SLUG}/ideas/{idea}/posts",
                       {"body": "Il faut plus de trains régionaux. Les bus de nuit manquent aussi."},
                       who=cast["participant"])
    _, e1 = api.post(f"/debates/{SLUG}/posts/{post['id']}/extracts",
                     {"idea_id": idea, "start": 0, "end": 33, "nature": "proposal"}, who=cast["harvester"])
    _, e2 = api.post(f"/debates/{SLUG}/posts/{post['id']}/extracts",
                     {"idea_id": idea, "paraphrase": "Manque de bus de nuit", "nature": "issue"}, who=cast["harvester"])
    return {"post": post, "extracts": [e1["id"], e2["id"]], "idea": idea}


def draft_body(sourced, text_fr):
    return {"title": {"fr": "Synthèse n°1", "en": "Synthesis 1"}, "introduction": {"fr": "Ce que disent les gens."},
            "conclusion": {"fr": "À suivre."},
            "sections": [{"idea_id": sourced["idea"], "text": {"fr": text_fr}, "citations": sourced["extracts"]}]}


def outbox_messages(outbox_dir, to):
    found = []
    for path in glob.glob(os.path.join(outbox_dir, "*.json")):
        with open(path, encoding="utf-8") as handle:
            message = json.load(handle)
        if message["to"] == to and "synth" in message["subject"].lower():
            found.append(message)
    return found


def test_concurrent_edits_get_409_and_lose_nothing(api, cast, sourced):
    status, draft = api.post(f"/debates/{SLUG}/synthesis-drafts", draft_body(sourced, "Du rail [1]."),
                             who=cast["moderator"])
    assert status == 201 and draft["version"] == 1
    mine = {**draft_body(sourced, "Version du modérateur [1]."), "version": 1}
    theirs = {**draft_body(sourced, "Version de l'organisatrice [2]."), "version": 1}
    status, saved = api.put(f"/debates/{SLUG}/synthesis-drafts/{draft['id']}", mine, who=cast["moderator"])
    assert status == 200 and saved["version"] == 2
    status, conflict = api.put(f"/debates/{SLUG}/synthesis-drafts/{draft['id']}", theirs, who=cast["organiser"])
    assert status == 409 and conflict["error"]["code"] == "stale_version"
    current = conflict["error"]["details"]["current"]
    assert current["version"] == 2 and current["sections"][0]["text"]["fr"] == "Version du modérateur [1]."
    status, merged = api.put(f"/debates/{SLUG}/synthesis-drafts/{draft['id']}",
                             {**theirs, "version": current["version"]}, who=cast["organiser"])
    assert status == 200 and merged["version"] == 3


def test_unsourced_sentence_blocks_publication(api, cast, sourced):
    _, draft = api.post(f"/debates/{SLUG}/synthesis-drafts",
                        draft_body(sourced, "Plus de trains [1]. Une phrase sans source. Des bus [2]."),
                        who=cast["moderator"])
    status, error = api.post(f"/debates/{SLUG}/synthesis-drafts/{draft['id']}/publish", {"version": 1},
                             who=cast["moderator"])
    assert status == 422 and error["error"]["code"] == "unsourced_sentence"
    assert "Une phrase sans source." in error["error"]["message"] and "sentence 2" in error["error"]["message"]
    _, listed = api.get(f"/debates/{SLUG}/syntheses")
    assert listed["items"] == []


def test_citation_number_must_exist(api, cast, sourced):
    _, draft = api.post(f"/debates/{SLUG}/synthesis-drafts", draft_body(sourced, "Plus de trains [3]."),
                        who=cast["moderator"])
    status, error = api.post(f"/debates/{SLUG}/synthesis-drafts/{draft['id']}/publish", {"version": 1},
                             who=cast["moderator"])
    assert status == 422 and error["error"]["code"] == "bad_citation"


def test_publish_freezes_a_numbered_snapshot_and_mails_followers_once(api, cast, sourced, outbox_dir):
    from chalicelib.services.notifications import process_pending

    follower = cast["participant"]
    assert api.put(f"/debates/{SLUG}/follow", who=follower)[0] == 200
    assert api.put(f"/debates/{SLUG}/follow", who=follower)[0] == 200  # following twice is one subscription
    _, draft = api.post(f"/debates/{SLUG}/synthesis-drafts", draft_body(sourced, "Plus de trains [1]. Des bus [2]."),
                        who=cast["moderator"])
    status, publication = api.post(f"/debates/{SLUG}/synthesis-drafts/{draft['id']}/publish", {"version": 1},
                                   who=cast["moderator"])
    assert status == 201 and publication["number"] == 1
    section = publication["sections"][0]
    assert section["idea_title"] == {"fr": "Transports", "en": "Transport"}
    assert [c["number"] for c in section["citations"]] == [1, 2]
    assert section["citations"][0]["post_id"] == sourced["post"]["id"] and section["citations"][0]["start"] == 0
    # Retried publish request and retried job: still one publication and one email.
    status, again = api.post(f"/debates/{SLUG}/synthesis-drafts/{draft['id']}/publish", {"version": 1},
                             who=cast["moderator"])
    assert status == 201 and again["number"] == 1
    process_pending()
    process_pending()
    assert len(outbox_messages(outbox_dir, follower.email)) == 1
    # The snapshot does not move when the idea is renamed later.
    api.patch(f"/debates/{SLUG}/ideas/{sourced['idea']}", {"title": {"fr": "Mobilités"}}, who=cast["moderator"])
    _, frozen = api.get(f"/debates/{SLUG}/syntheses/1")
    assert frozen["sections"][0]["idea_title"]["fr"] == "Transports"
    # Published drafts are frozen.
    status, error = api.put(f"/debates/{SLUG}/synthesis-drafts/{draft['id']}",
                            {**draft_body(sourced, "Autre [1]."), "version": 1}, who=cast["moderator"])
    assert status == 409
    # Public list and Atom feed.
    _, listed = api.get(f"/debates/{SLUG}/syntheses")
    assert [p["number"] for p in listed["items"]] == [1]
    response = api.client.http.get(f"/debates/{SLUG}/syntheses.atom")
    assert response.status_code == 200 and "atom+xml" in response.headers["Content-Type"]
    feed = ET.fromstring(response.body)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.find("a:title", ns).text for e in feed.findall("a:entry", ns)] == ["Synthèse n°1"]


def test_a_mail_failure_after_publishing_does_not_fail_the_publication(api, cast, sourced, outbox_dir, monkeypatch):
    from chalicelib.errors import TooBusy
    from chalicelib.services import notifications

    follower = cast["participant"]
    api.put(f"/debates/{SLUG}/follow", who=follower)
    _, draft = api.post(f"/debates/{SLUG}/synthesis-drafts", draft_body(sourced, "Plus de trains [1]."),
                        who=cast["moderator"])
    real = notifications.process_job

    def busy(*args, **kwargs):
        raise TooBusy("throttled while mailing")

    monkeypatch.setattr(notifications, "process_job", busy)
    before = len(outbox_messages(outbox_dir, follower.email))  # the outbox folder is shared by the session
    status, publication = api.post(f"/debates/{SLUG}/synthesis-drafts/{draft['id']}/publish", {"version": 1},
                                   who=cast["moderator"])
    assert status == 201 and publication["number"] == 1  # committed: the answer says so, not 503
    assert len(outbox_messages(outbox_dir, follower.email)) == before
    monkeypatch.setattr(notifications, "process_job", real)
    notifications.process_pending()  # the scheduled notifier finishes the pending job
    assert len(outbox_messages(outbox_dir, follower.email)) == before + 1


def test_unsubscribe_link_stops_emails(api, cast, sourced, outbox_dir):
    from chalicelib.services.notifications import process_pending

    follower = cast["other"]
    api.put(f"/debates/{SLUG}/follow", who=follower)
    _, draft = api.post(f"/debates/{SLUG}/synthesis-drafts", draft_body(sourced, "Trains [1]."), who=cast["organiser"])
    api.post(f"/debates/{SLUG}/synthesis-drafts/{draft['id']}/publish", {"version": 1}, who=cast["organiser"])
    process_pending()
    [message] = outbox_messages(outbox_dir, follower.email)
    link = next(line for line in message["text"].split() if "/unsubscribe?token=" in line)
    path = link[link.index("/unsubscribe"):]
    response = api.client.http.get(path)
    assert response.status_code == 200 and "ne suivez plus" in response.body.decode()
    assert api.get(f"/debates/{SLUG}/follow", who=follower)[1] == {"following": False}
    assert api.client.http.get("/unsubscribe?token=forged").status_code == 400


@pytest.mark.parametrize("role,status", [("participant", 403), ("harvester", 403), ("moderator", 201),
                                         ("organiser", 201), ("other", 403)])
def test_who_may_draft(api, cast, sourced, role, status):
    assert api.post(f"/debates/{SLUG}/synthesis-drafts", draft_body(sourced, "Trains [1]."),
                    who=cast[role])[0] == status
