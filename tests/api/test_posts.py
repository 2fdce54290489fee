"""Posts: create, reply, edit, delete, moderate, premoderation, counts, pagination, idempotency."""
from __future__ import annotations

import re

import pytest

from tests.api.cast_snapshot import cast  # noqa: F401,F811 - the same cast, restored from a snapshot (faster)
from tests.api.support import (BASE, assert_error, debate_counts, error_fields, get_post, idea_post_count, listing,
                               listing_ids, moderate, new_post, new_reply, patch_debate, thread)
from tests.helpers import DEBATE

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
ZERO_REACTIONS = {"like": 0, "disagree": 0, "dont_understand": 0, "more_info": 0}
ZERO_STANCES = {"agree": 0, "disagree": 0, "pass": 0}


# --- create, read, reply ------------------------------------------------------------------------------------------

def test_created_post_has_the_documented_shape(api, cast):
    p, idea = cast["participant"], cast["idea"]["id"]
    post = new_post(api, p, idea, "Plus de **trains** <script>alert(1)</script> [lien](javascript:alert(1))")
    assert set(post) >= {"id", "idea_id", "parent_id", "thread_id", "depth", "author", "body_html", "body_text",
                         "language", "statement", "state", "created_at", "edited_at", "reply_count", "reactions",
                         "stances", "mine"}
    assert post["idea_id"] == idea and post["parent_id"] is None and post["thread_id"] == post["id"]
    assert post["depth"] == 0 and post["state"] == "published" and post["statement"] is False
    assert post["author"]["id"] == p.user_id and post["author"]["display_name"]
    assert "<strong>trains</strong>" in post["body_html"]
    assert "<script" not in post["body_html"] and "&lt;script&gt;" in post["body_html"]
    assert "href" not in post["body_html"]
    assert post["body_text"].startswith("Plus de trains <script>")
    assert post["language"] == "fr"  # the debate's default language
    assert ISO_UTC.match(post["created_at"]) and post["edited_at"] is None
    assert post["reply_count"] == 0 and post["reactions"] == ZERO_REACTIONS and post["stances"] == ZERO_STANCES
    assert post["mine"] == {"reactions": [], "stance": None}
    anonymous = get_post(api, post["id"])
    assert "mine" not in anonymous
    assert {k: v for k, v in post.items() if k != "mine"} == anonymous
    assert listing(api, idea)[post["id"]] == anonymous


def test_language_and_statement_are_kept(api, cast):
    post = new_post(api, cast["participant"], cast["idea"]["id"], "More night trains", statement=True)
    assert post["statement"] is True
    status, english = api.post(f"{BASE}/ideas/{cast['idea']['id']}/posts", {"body": "Hello", "language": "en"},
                               who=cast["participant"])
    assert status == 201 and english["language"] == "en"
    reply = new_reply(api, cast["other"], english["id"])
    assert reply["language"] == "en" and reply["statement"] is False  # a reply inherits its parent's language
    # a language the debate (fr, en) does not run in, as a German interface would send: the debate's, or the parent's
    status, german = api.post(f"{BASE}/ideas/{cast['idea']['id']}/posts", {"body": "Mehr Nachtzüge", "language": "de"},
                              who=cast["participant"])
    assert status == 201 and german["language"] == "fr"
    status, answer = api.post(f"{BASE}/posts/{english['id']}/replies", {"body": "Ja", "language": "de"},
                              who=cast["other"])
    assert status == 201 and answer["language"] == "en"


def test_posting_needs_a_signed_in_person_and_a_known_idea(api, cast):
    idea = cast["idea"]["id"]
    assert_error(*api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Anonyme"}), 401, "unauthorized")
    for unknown in ("06h3r4hcsew7agsw", "zz"):
        assert_error(*api.post(f"{BASE}/ideas/{unknown}/posts", {"body": "?"}, who=cast["participant"]), 404,
                     "not_found")
        assert_error(*api.get(f"{BASE}/ideas/{unknown}/posts"), 404, "not_found")
    assert_error(*api.post(f"/debates/nothing-here/ideas/{idea}/posts", {"body": "?"}, who=cast["participant"]),
                 404, "not_found")
    assert debate_counts(api) == {"posts": 0, "participants": 0, "stances": 0}


def test_empty_and_too_long_bodies(api, cast):
    idea, p = cast["idea"]["id"], cast["participant"]
    for body in ("", "   ", "\x00\x01", "** **"):
        status, data = api.post(f"{BASE}/ideas/{idea}/posts", {"body": body}, who=p)
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == ["body"], body
    status, data = api.post(f"{BASE}/ideas/{idea}/posts", {"body": "x" * 401, "statement": True}, who=p)
    assert_error(status, data, 422, "validation_failed")
    assert new_post(api, p, idea, "x" * 400, statement=True)["statement"] is True
    assert_error(*api.post(f"{BASE}/ideas/{idea}/posts", {"body": "x" * 10001}, who=p), 422, "validation_failed")
    assert new_post(api, p, idea, "y" * 10000)["body_text"] == "y" * 10000


def test_unknown_posts_are_404(api, cast):
    for post_id in ("06h3r4hcsew7agsw", "06h3r4hcsew7agsw.06h3r4hcsew7agsx", "zz", "a.b.c", "06h3r4hcsew7agsw."):
        assert_error(*api.get(f"{BASE}/posts/{post_id}"), 404, "not_found")
        assert_error(*api.get(f"{BASE}/posts/{post_id}/thread"), 404, "not_found")
        assert_error(*api.post(f"{BASE}/posts/{post_id}/replies", {"body": "?"}, who=cast["other"]), 404,
                     "not_found")


def test_replies_nest_and_count(api, cast):
    p, o = cast["participant"], cast["other"]
    post = new_post(api, p, cast["idea"]["id"])
    r1 = new_reply(api, o, post["id"], "Réponse 1")
    r2 = new_reply(api, p, r1["id"], "Réponse à la réponse")
    r3 = new_reply(api, o, post["id"], "Réponse 2")
    assert (r1["parent_id"], r1["thread_id"], r1["depth"]) == (post["id"], post["id"], 1)
    assert (r2["parent_id"], r2["thread_id"], r2["depth"]) == (r1["id"], post["id"], 2)
    assert r1["id"].startswith(post["id"] + ".") and r2["id"].startswith(post["id"] + ".")
    assert get_post(api, post["id"])["reply_count"] == 2  # direct replies
    assert get_post(api, r1["id"])["reply_count"] == 1
    assert [x["id"] for x in thread(api, post["id"])] == [post["id"], r1["id"], r2["id"], r3["id"]]  # depth-first
    assert [x["id"] for x in thread(api, r1["id"])] == [r1["id"], r2["id"]]
    assert listing_ids(api, cast["idea"]["id"]) == [post["id"]]  # replies are not top posts
    assert debate_counts(api) == {"posts": 4, "participants": 2, "stances": 0}
    assert idea_post_count(api, cast["idea"]["id"]) == 4


# --- edit and delete ------------------------------------------------------------------------------------------------

def test_edit_own_post(api, cast):
    p = cast["participant"]
    post = new_post(api, p, cast["idea"]["id"], "Première version")
    status, edited = api.patch(f"{BASE}/posts/{post['id']}", {"body": "Seconde _version_"}, who=p)
    assert status == 200, edited
    assert edited["body_html"] == "<p>Seconde <em>version</em></p>" and edited["body_text"] == "Seconde version"
    assert ISO_UTC.match(edited["edited_at"]) and edited["created_at"] == post["created_at"]
    assert get_post(api, post["id"])["body_text"] == "Seconde version"


def test_editing_someone_elses_post_is_forbidden(api, cast):
    post = new_post(api, cast["participant"], cast["idea"]["id"], "À moi")
    for who in ("other", "moderator", "organiser"):
        assert_error(*api.patch(f"{BASE}/posts/{post['id']}", {"body": "Volé"}, who=cast[who]), 403, "forbidden")
    assert_error(*api.patch(f"{BASE}/posts/{post['id']}", {"body": "Volé"}), 401, "unauthorized")
    assert get_post(api, post["id"])["body_text"] == "À moi"


def test_delete_without_replies_disappears_from_the_listing(api, cast):
    p, idea = cast["participant"], cast["idea"]["id"]
    keep = new_post(api, p, idea, "Reste")
    gone = new_post(api, p, idea, "Part")
    assert debate_counts(api)["posts"] == 2 and idea_post_count(api, idea) == 2
    status, deleted = api.delete(f"{BASE}/posts/{gone['id']}", who=p)
    assert status == 200, deleted
    assert deleted["state"] == "deleted" and deleted["body_html"] == "" and deleted["body_text"] == ""
    assert deleted["author"] is None
    assert listing_ids(api, idea) == [keep["id"]]
    assert debate_counts(api)["posts"] == 1 and idea_post_count(api, idea) == 1
    # deleting again changes nothing
    assert api.delete(f"{BASE}/posts/{gone['id']}", who=p)[0] == 200
    assert debate_counts(api)["posts"] == 1 and idea_post_count(api, idea) == 1


def test_delete_with_replies_leaves_a_tombstone(api, cast):
    p, o, idea = cast["participant"], cast["other"], cast["idea"]["id"]
    post = new_post(api, p, idea, "Contenu sensible")
    reply = new_reply(api, o, post["id"], "Une réponse")
    status, deleted = api.delete(f"{BASE}/posts/{post['id']}", who=p)
    assert status == 200
    tombstone = {"state": "deleted", "body_html": "", "body_text": "", "author": None}
    assert {k: deleted[k] for k in tombstone} == tombstone
    items = thread(api, post["id"], who=o)
    assert [x["id"] for x in items] == [post["id"], reply["id"]]
    assert {k: items[0][k] for k in tombstone} == tombstone
    assert items[1]["state"] == "published" and items[1]["body_text"] == "Une réponse"
    listed = listing(api, idea)
    assert list(listed) == [post["id"]]
    assert {k: listed[post["id"]][k] for k in tombstone} == tombstone
    assert listed[post["id"]]["reply_count"] == 1
    assert "Contenu sensible" not in str(api.get(f"{BASE}/posts/{post['id']}")[1])
    assert debate_counts(api)["posts"] == 1 and idea_post_count(api, idea) == 1
    # when the last reply goes too, the tombstone leaves the listing
    assert api.delete(f"{BASE}/posts/{reply['id']}", who=o)[0] == 200
    assert listing_ids(api, idea) == []
    assert debate_counts(api)["posts"] == 0 and idea_post_count(api, idea) == 0


def test_a_deleted_reply_with_replies_stays_as_a_tombstone_in_the_thread(api, cast):
    p, o = cast["participant"], cast["other"]
    post = new_post(api, p, cast["idea"]["id"])
    r1 = new_reply(api, o, post["id"], "milieu")
    r2 = new_reply(api, p, r1["id"], "feuille")
    leaf = new_reply(api, p, post["id"], "feuille seule")
    api.delete(f"{BASE}/posts/{r1['id']}", who=o)
    api.delete(f"{BASE}/posts/{leaf['id']}", who=p)
    items = {x["id"]: x for x in thread(api, post["id"])}
    assert list(items) == [post["id"], r1["id"], r2["id"]]  # the deleted leaf is gone, the middle one stays
    assert items[r1["id"]]["state"] == "deleted" and items[r1["id"]]["author"] is None
    assert get_post(api, post["id"])["reply_count"] == 0  # published direct replies


def test_a_deleted_top_post_with_only_indirect_live_replies_stays_listed(api, cast):
    p, o, idea = cast["participant"], cast["other"], cast["idea"]["id"]
    post = new_post(api, p, idea)
    r1 = new_reply(api, o, post["id"], "milieu")
    new_reply(api, p, r1["id"], "toujours là")
    api.delete(f"{BASE}/posts/{r1['id']}", who=o)
    api.delete(f"{BASE}/posts/{post['id']}", who=p)
    assert idea_post_count(api, idea) == 1
    assert listing_ids(api, idea) == [post["id"]]


def test_deleting_someone_elses_post(api, cast):
    post = new_post(api, cast["participant"], cast["idea"]["id"])
    for who in ("other", "harvester"):
        assert_error(*api.delete(f"{BASE}/posts/{post['id']}", who=cast[who]), 403, "forbidden")
    assert_error(*api.delete(f"{BASE}/posts/{post['id']}"), 401, "unauthorized")
    assert get_post(api, post["id"])["state"] == "published"
    status, deleted = api.delete(f"{BASE}/posts/{post['id']}", who=cast["moderator"])
    assert status == 200 and deleted["state"] == "deleted"
    assert debate_counts(api)["posts"] == 0


def test_a_deleted_post_cannot_be_edited_replied_to_or_moderated(api, cast):
    p = cast["participant"]
    post = new_post(api, p, cast["idea"]["id"])
    api.delete(f"{BASE}/posts/{post['id']}", who=p)
    assert_error(*api.patch(f"{BASE}/posts/{post['id']}", {"body": "Retour"}, who=p), 409)
    assert_error(*api.post(f"{BASE}/posts/{post['id']}/replies", {"body": "?"}, who=cast["other"]), 409)
    assert_error(*api.post(f"{BASE}/posts/{post['id']}/moderation", {"state": "published"},
                           who=cast["moderator"]), 409)
    assert get_post(api, post["id"])["state"] == "deleted"
    assert debate_counts(api)["posts"] == 0


# --- moderation and counts ------------------------------------------------------------------------------------------

def test_counts_stay_exact_through_publish_reject_and_delete(api, cast):
    p, o, mod, idea = cast["participant"], cast["other"], cast["moderator"], cast["idea"]["id"]

    def check(posts, idea_posts, reply_count, listed):
        assert debate_counts(api)["posts"] == posts
        assert idea_post_count(api, idea) == idea_posts
        assert get_post(api, top["id"], who=mod)["reply_count"] == reply_count
        assert listing_ids(api, idea) == listed

    top = new_post(api, p, idea, "Sujet")
    check(1, 1, 0, [top["id"]])
    reply = new_reply(api, o, top["id"], "Réponse")
    check(2, 2, 1, [top["id"]])
    assert moderate(api, mod, reply["id"], "rejected")["state"] == "rejected"
    check(1, 1, 0, [top["id"]])
    moderate(api, mod, reply["id"], "rejected")  # again: nothing moves
    check(1, 1, 0, [top["id"]])
    moderate(api, mod, reply["id"], "published")
    check(2, 2, 1, [top["id"]])
    api.delete(f"{BASE}/posts/{reply['id']}", who=o)
    check(1, 1, 0, [top["id"]])
    rejected = moderate(api, mod, top["id"], "rejected")
    assert rejected["body_html"] == "" and rejected["state"] == "rejected"
    check(0, 0, 0, [])
    moderate(api, cast["organiser"], top["id"], "published")
    check(1, 1, 0, [top["id"]])
    assert get_post(api, top["id"])["body_text"] == "Sujet"
    assert debate_counts(api)["participants"] == 2


def test_moderation_is_for_moderators(api, cast):
    post = new_post(api, cast["participant"], cast["idea"]["id"])
    for who in ("participant", "other", "harvester"):
        assert_error(*api.post(f"{BASE}/posts/{post['id']}/moderation", {"state": "rejected"}, who=cast[who]),
                     403, "forbidden")
    assert_error(*api.post(f"{BASE}/posts/{post['id']}/moderation", {"state": "rejected"}), 401, "unauthorized")
    for body in ({"state": "deleted"}, {"state": "pending"}, {"state": "rejected", "reason": "x" * 501}):
        assert_error(*api.post(f"{BASE}/posts/{post['id']}/moderation", body, who=cast["moderator"]), 422,
                     "validation_failed")
    assert get_post(api, post["id"])["state"] == "published"


def test_rejected_posts_are_hidden_from_others_but_seen_by_author_and_moderators(api, cast):
    p = cast["participant"]
    post = new_post(api, p, cast["idea"]["id"], "Hors sujet")
    moderate(api, cast["moderator"], post["id"], "rejected")
    assert_error(*api.get(f"{BASE}/posts/{post['id']}"), 404, "not_found")
    assert_error(*api.get(f"{BASE}/posts/{post['id']}", who=cast["other"]), 404, "not_found")
    assert get_post(api, post["id"], who=p)["state"] == "rejected"
    assert get_post(api, post["id"], who=cast["moderator"])["state"] == "rejected"


def test_premoderation(api, cast):
    p, o, mod, idea = cast["participant"], cast["other"], cast["moderator"], cast["idea"]["id"]
    assert patch_debate(api, cast["organiser"], {"premoderation": True})["premoderation"] is True
    visible = new_post(api, o, idea, "Déjà là")  # stays published? no: also pending in a premoderated debate
    assert visible["state"] == "pending"
    moderate(api, mod, visible["id"], "published")
    pending = new_post(api, p, idea, "En attente")
    assert pending["state"] == "pending"
    # hidden from others, seen by the author and moderators
    assert_error(*api.get(f"{BASE}/posts/{pending['id']}"), 404, "not_found")
    assert_error(*api.get(f"{BASE}/posts/{pending['id']}", who=o), 404, "not_found")
    assert_error(*api.get(f"{BASE}/posts/{pending['id']}/thread", who=o), 404, "not_found")
    assert get_post(api, pending["id"], who=p)["state"] == "pending"
    assert get_post(api, pending["id"], who=mod)["state"] == "pending"
    assert get_post(api, pending["id"], who=cast["organiser"])["body_text"] == "En attente"
    assert pending["id"] not in listing_ids(api, idea, who=o)
    assert_error(*api.post(f"{BASE}/posts/{pending['id']}/replies", {"body": "?"}, who=o), 404, "not_found")
    assert_error(*api.put(f"{BASE}/posts/{pending['id']}/reactions/like", who=o), 404, "not_found")
    assert debate_counts(api)["posts"] == 1 and idea_post_count(api, idea) == 1
    # a moderator's own post is published at once
    assert new_post(api, mod, idea, "Message de la modération")["state"] == "published"
    assert debate_counts(api)["posts"] == 2
    # published by a moderator: visible and counted
    published = moderate(api, mod, pending["id"], "published")
    assert published["state"] == "published"
    assert get_post(api, pending["id"], who=o)["body_text"] == "En attente"
    assert pending["id"] in listing_ids(api, idea)
    assert debate_counts(api)["posts"] == 3 and idea_post_count(api, idea) == 3


def test_premoderated_replies_count_once_published(api, cast):
    p, o, mod = cast["participant"], cast["other"], cast["moderator"]
    top = new_post(api, p, cast["idea"]["id"])
    patch_debate(api, cast["organiser"], {"premoderation": True})
    reply = new_reply(api, o, top["id"], "Réponse en attente")
    assert reply["state"] == "pending"
    assert get_post(api, top["id"])["reply_count"] == 0
    assert [x["id"] for x in thread(api, top["id"])] == [top["id"]]
    assert [x["id"] for x in thread(api, top["id"], who=o)] == [top["id"], reply["id"]]
    assert [x["id"] for x in thread(api, top["id"], who=mod)] == [top["id"], reply["id"]]
    moderate(api, mod, reply["id"], "published")
    assert get_post(api, top["id"])["reply_count"] == 1
    assert [x["id"] for x in thread(api, top["id"])] == [top["id"], reply["id"]]
    assert debate_counts(api)["posts"] == 2


# --- pagination -----------------------------------------------------------------------------------------------------

def test_cursor_pagination_newest_first(api, cast):
    idea = cast["idea"]["id"]
    authors = [cast["participant"], cast["other"], cast["harvester"]]
    created = [new_post(api, authors[i % 3], idea, f"Message {i}")["id"] for i in range(45)]
    pages, cursor = [], None
    while True:
        status, page = api.get(f"{BASE}/ideas/{idea}/posts?limit=20" + (f"&cursor={cursor}" if cursor else ""))
        assert status == 200, page
        pages.append(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert len(pages) < 5
    assert [len(items) for items in pages] == [20, 20, 5]
    ids = [p["id"] for items in pages for p in items]
    assert len(ids) == len(set(ids)) == 45
    assert set(ids) == set(created)
    keys = [(p["created_at"], p["id"]) for items in pages for p in items]
    assert keys == sorted(keys, reverse=True)  # newest first across pages
    assert ids[0] == created[-1] and ids[-1] == created[0]
    # the default page size is 20
    status, first = api.get(f"{BASE}/ideas/{idea}/posts")
    assert [p["id"] for p in first["items"]] == [p["id"] for p in pages[0]] and first["next_cursor"]


def test_cursors_only_work_for_their_own_list(api, cast):
    organiser, idea = cast["organiser"], cast["idea"]["id"]
    other_idea = api.post(f"{BASE}/ideas", {"title": {"fr": "Autre"}}, who=organiser)[1]["id"]
    assert api.post("/debates", {**DEBATE, "slug": "autre-2027"}, who=organiser)[0] == 201
    far_idea = api.post("/debates/autre-2027/ideas", {"title": {"fr": "Loin"}}, who=organiser)[1]["id"]
    for target, slug in ((other_idea, "climat-2027"), (far_idea, "autre-2027")):
        for i in range(3):
            new_post(api, cast["participant"], target, f"m{i}", slug=slug)
    for i in range(3):
        new_post(api, cast["participant"], idea, f"ici {i}")
    cursor_other_idea = api.get(f"{BASE}/ideas/{other_idea}/posts?limit=1")[1]["next_cursor"]
    cursor_other_debate = api.get(f"/debates/autre-2027/ideas/{far_idea}/posts?limit=1")[1]["next_cursor"]
    cursor_debates = api.get("/debates?limit=1")[1]["next_cursor"]
    own = api.get(f"{BASE}/ideas/{idea}/posts?limit=1")[1]["next_cursor"]
    assert all([cursor_other_idea, cursor_other_debate, cursor_debates, own])
    assert api.get(f"{BASE}/ideas/{idea}/posts?limit=1&cursor={own}")[0] == 200
    for cursor in (cursor_other_idea, cursor_other_debate, cursor_debates, "garbage", "e30", "W10",
                   "eyJnc2kxcGsiOnsiTiI6IjEifX0"):
        status, data = api.get(f"{BASE}/ideas/{idea}/posts?cursor={cursor}")
        assert_error(status, data, 400, "invalid_cursor")
    assert_error(*api.get(f"/debates?cursor={own}"), 400, "invalid_cursor")


def test_list_query_parameters_are_checked(api, cast):
    idea = cast["idea"]["id"]
    for query, field in (("limit=0", "limit"), ("limit=101", "limit"), ("limit=-1", "limit"), ("limit=abc", "limit"),
                         ("limit=1.5", "limit"), ("sort=old", "sort"), ("cursor=" + "a" * 1001, "cursor")):
        status, data = api.get(f"{BASE}/ideas/{idea}/posts?{query}")
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == [field], query
    assert api.get(f"{BASE}/ideas/{idea}/posts?limit=1")[0] == 200
    assert api.get(f"{BASE}/ideas/{idea}/posts?limit=100")[0] == 200
    assert_error(*api.get("/debates?limit=0"), 422, "validation_failed")
    assert_error(*api.get("/debates?page=2"), 422, "validation_failed")


# --- idempotency ----------------------------------------------------------------------------------------------------

def test_idempotency_key_makes_retries_safe(api, cast):
    p, idea = cast["participant"], cast["idea"]["id"]
    headers = {"Idempotency-Key": "retry-0001-abcdef"}
    first = new_post(api, p, idea, "Une seule fois", headers=headers)
    second = new_post(api, p, idea, "Une seule fois", headers=headers)
    assert second["id"] == first["id"] and second["body_text"] == first["body_text"]
    assert debate_counts(api) == {"posts": 1, "participants": 1, "stances": 0}
    assert idea_post_count(api, idea) == 1 and listing_ids(api, idea) == [first["id"]]
    # another key, or the same key by someone else, is another post
    third = new_post(api, p, idea, "Une seule fois", headers={"Idempotency-Key": "retry-0002-abcdef"})
    fourth = new_post(api, cast["other"], idea, "Une seule fois", headers=headers)
    assert len({first["id"], third["id"], fourth["id"]}) == 3
    assert debate_counts(api)["posts"] == 3


def test_idempotent_replies(api, cast):
    top = new_post(api, cast["participant"], cast["idea"]["id"])
    headers = {"Idempotency-Key": "reply_key_42"}
    first = new_reply(api, cast["other"], top["id"], "Oui", headers=headers)
    second = new_reply(api, cast["other"], top["id"], "Oui", headers=headers)
    assert first["id"] == second["id"]
    assert get_post(api, top["id"])["reply_count"] == 1
    assert debate_counts(api)["posts"] == 2


def test_malformed_idempotency_keys_are_refused_and_create_nothing(api, cast):
    idea = cast["idea"]["id"]
    top = new_post(api, cast["other"], idea)
    for key in ("short", "x" * 65, "has space!", "semi;colon;1", "", "a/b/c/d/e/f"):
        status, data = api.post(f"{BASE}/ideas/{idea}/posts", {"body": "?"}, who=cast["participant"],
                                headers={"Idempotency-Key": key})
        assert_error(status, data, 400, "invalid_idempotency_key")
        status, data = api.post(f"{BASE}/posts/{top['id']}/replies", {"body": "?"}, who=cast["participant"],
                                headers={"Idempotency-Key": key})
        assert_error(status, data, 400, "invalid_idempotency_key")
    assert debate_counts(api)["posts"] == 1 and listing_ids(api, idea) == [top["id"]]
    assert get_post(api, top["id"])["reply_count"] == 0


def test_idempotency_keys_outside_the_documented_pattern_are_refused(api, cast):
    status, data = api.post(f"{BASE}/ideas/{cast['idea']['id']}/posts", {"body": "?"}, who=cast["participant"],
                            headers={"Idempotency-Key": "accentué-123"})
    assert_error(status, data, 400, "invalid_idempotency_key")


def test_an_idempotency_key_reused_for_another_request_is_not_mistaken_for_a_retry(api, cast):
    p = cast["participant"]
    headers = {"Idempotency-Key": "same-key-everywhere"}
    top = new_post(api, p, cast["idea"]["id"], "Sujet", headers=headers)
    other_top = new_post(api, cast["other"], cast["idea"]["id"], "Autre")
    status, data = api.post(f"{BASE}/posts/{other_top['id']}/replies", {"body": "Réponse"}, who=p, headers=headers)
    assert status >= 400 or (data["parent_id"] == other_top["id"] and data["id"] != top["id"])
