"""Reactions (one of each kind per person per post) and stances (one per person per statement)."""
from __future__ import annotations

import pytest

from tests.api.cast_snapshot import cast  # noqa: F401,F811 - the same cast, restored from a snapshot (faster)
from tests.api.support import (BASE, assert_error, debate_counts, error_fields, get_post, listing, new_post,
                               new_reply, thread)

KINDS = ("like", "disagree", "dont_understand", "more_info")


def react(api, who, post_id, kind, expect=200):
    status, post = api.put(f"{BASE}/posts/{post_id}/reactions/{kind}", who=who)
    assert status == expect, post
    return post


def unreact(api, who, post_id, kind, expect=200):
    status, post = api.delete(f"{BASE}/posts/{post_id}/reactions/{kind}", who=who)
    assert status == expect, post
    return post


def stance(api, who, post_id, value, expect=200):
    status, post = api.put(f"{BASE}/posts/{post_id}/stance", {"value": value}, who=who)
    assert status == expect, post
    return post


# --- reactions ------------------------------------------------------------------------------------------------------

def test_one_reaction_of_each_kind_per_person(api, cast):
    post = new_post(api, cast["participant"], cast["idea"]["id"])
    other = cast["other"]
    first = react(api, other, post["id"], "like")
    assert first["reactions"] == {"like": 1, "disagree": 0, "dont_understand": 0, "more_info": 0}
    assert first["mine"] == {"reactions": ["like"], "stance": None}
    again = react(api, other, post["id"], "like")
    assert again["reactions"]["like"] == 1 and again["mine"]["reactions"] == ["like"]
    for kind in KINDS:
        react(api, other, post["id"], kind)
    mine = react(api, cast["moderator"], post["id"], "more_info")
    assert mine["reactions"] == {"like": 1, "disagree": 1, "dont_understand": 1, "more_info": 2}
    assert mine["mine"]["reactions"] == ["more_info"]
    assert sorted(get_post(api, post["id"], who=other)["mine"]["reactions"]) == sorted(KINDS)


def test_clearing_a_reaction(api, cast):
    post = new_post(api, cast["participant"], cast["idea"]["id"])
    other = cast["other"]
    react(api, other, post["id"], "like")
    react(api, other, post["id"], "disagree")
    cleared = unreact(api, other, post["id"], "like")
    assert cleared["reactions"]["like"] == 0 and cleared["reactions"]["disagree"] == 1
    assert cleared["mine"]["reactions"] == ["disagree"]
    cleared = unreact(api, other, post["id"], "like")  # not set: nothing moves, never negative
    assert cleared["reactions"]["like"] == 0
    cleared = unreact(api, cast["moderator"], post["id"], "disagree")  # someone else's reaction is theirs
    assert cleared["reactions"]["disagree"] == 1
    assert react(api, other, post["id"], "like")["reactions"]["like"] == 1


def test_unknown_kinds_and_posts(api, cast):
    post = new_post(api, cast["participant"], cast["idea"]["id"])
    other = cast["other"]
    for kind in ("love", "LIKE", "stance", "like "):
        assert_error(*api.put(f"{BASE}/posts/{post['id']}/reactions/{kind}", who=other), 404, "not_found")
        assert_error(*api.delete(f"{BASE}/posts/{post['id']}/reactions/{kind}", who=other), 404, "not_found")
    for post_id in ("06h3r4hcsew7agsw", "zz", f"{post['id']}.06h3r4hcsew7agsw"):
        assert_error(*api.put(f"{BASE}/posts/{post_id}/reactions/like", who=other), 404, "not_found")
        assert_error(*api.delete(f"{BASE}/posts/{post_id}/reactions/like", who=other), 404, "not_found")
        assert_error(*api.put(f"{BASE}/posts/{post_id}/stance", {"value": "agree"}, who=other), 404, "not_found")
    assert get_post(api, post["id"])["reactions"] == {k: 0 for k in KINDS}


def test_reactions_need_a_signed_in_person_and_a_published_post(api, cast):
    post = new_post(api, cast["participant"], cast["idea"]["id"])
    assert_error(*api.put(f"{BASE}/posts/{post['id']}/reactions/like"), 401, "unauthorized")
    assert_error(*api.delete(f"{BASE}/posts/{post['id']}/reactions/like"), 401, "unauthorized")
    assert_error(*api.put(f"{BASE}/posts/{post['id']}/stance", {"value": "agree"}), 401, "unauthorized")
    api.delete(f"{BASE}/posts/{post['id']}", who=cast["participant"])
    assert_error(*api.put(f"{BASE}/posts/{post['id']}/reactions/like", who=cast["other"]), 409)
    assert get_post(api, post["id"])["reactions"]["like"] == 0


def test_reactions_on_replies_and_mine_in_lists(api, cast):
    p, other = cast["participant"], cast["other"]
    post = new_post(api, p, cast["idea"]["id"], statement=True)
    reply = new_reply(api, p, post["id"])
    react(api, other, reply["id"], "dont_understand")
    react(api, other, post["id"], "like")
    stance(api, other, post["id"], "disagree")
    items = {x["id"]: x for x in thread(api, post["id"], who=other)}
    assert items[post["id"]]["mine"] == {"reactions": ["like"], "stance": "disagree"}
    assert items[reply["id"]]["mine"] == {"reactions": ["dont_understand"], "stance": None}
    assert items[reply["id"]]["reactions"]["dont_understand"] == 1
    listed = listing(api, cast["idea"]["id"], who=other)[post["id"]]
    assert listed["mine"] == {"reactions": ["like"], "stance": "disagree"}
    assert listing(api, cast["idea"]["id"], who=p)[post["id"]]["mine"] == {"reactions": [], "stance": None}
    assert "mine" not in listing(api, cast["idea"]["id"])[post["id"]]


# --- stances --------------------------------------------------------------------------------------------------------

def test_stance_changes_move_the_counts(api, cast):
    statement = new_post(api, cast["participant"], cast["idea"]["id"], "Il faut plus de trains", statement=True)
    other = cast["other"]
    post = stance(api, other, statement["id"], "agree")
    assert post["stances"] == {"agree": 1, "disagree": 0, "pass": 0} and post["mine"]["stance"] == "agree"
    assert debate_counts(api)["stances"] == 1
    post = stance(api, other, statement["id"], "agree")  # the same value again is a no-op
    assert post["stances"] == {"agree": 1, "disagree": 0, "pass": 0}
    post = stance(api, other, statement["id"], "disagree")
    assert post["stances"] == {"agree": 0, "disagree": 1, "pass": 0} and post["mine"]["stance"] == "disagree"
    post = stance(api, other, statement["id"], "pass")
    assert post["stances"] == {"agree": 0, "disagree": 0, "pass": 1}
    post = stance(api, cast["moderator"], statement["id"], "agree")
    assert post["stances"] == {"agree": 1, "disagree": 0, "pass": 1} and post["mine"]["stance"] == "agree"
    assert debate_counts(api)["stances"] == 2  # distinct (person, statement) pairs, not changes


def test_stances_only_on_published_statements(api, cast):
    p, other = cast["participant"], cast["other"]
    plain = new_post(api, p, cast["idea"]["id"], "Juste un avis")
    assert_error(*api.put(f"{BASE}/posts/{plain['id']}/stance", {"value": "agree"}, who=other), 409,
                 "not_a_statement")
    statement = new_post(api, p, cast["idea"]["id"], "Une affirmation", statement=True)
    reply = new_reply(api, other, statement["id"])
    assert_error(*api.put(f"{BASE}/posts/{reply['id']}/stance", {"value": "agree"}, who=p), 409, "not_a_statement")
    for value in ("yes", "AGREE", None, 1, ""):
        status, data = api.put(f"{BASE}/posts/{statement['id']}/stance", {"value": value}, who=other)
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == ["value"]
    api.delete(f"{BASE}/posts/{statement['id']}", who=p)
    assert_error(*api.put(f"{BASE}/posts/{statement['id']}/stance", {"value": "agree"}, who=other), 409)
    assert debate_counts(api)["stances"] == 0
    assert get_post(api, plain["id"])["stances"] == {"agree": 0, "disagree": 0, "pass": 0}


def test_participants_are_people_who_posted_or_took_a_stance(api, cast):
    p, other, mod, idea = cast["participant"], cast["other"], cast["moderator"], cast["idea"]["id"]
    statement = new_post(api, p, idea, "Affirmation", statement=True)
    assert debate_counts(api) == {"posts": 1, "participants": 1, "stances": 0}
    react(api, other, statement["id"], "like")  # a reaction alone does not make a participant
    react(api, cast["harvester"], statement["id"], "more_info")
    assert debate_counts(api)["participants"] == 1
    stance(api, other, statement["id"], "agree")
    assert debate_counts(api) == {"posts": 1, "participants": 2, "stances": 1}
    stance(api, other, statement["id"], "disagree")
    new_post(api, other, idea, "Et un message")  # already a participant
    stance(api, p, statement["id"], "pass")  # the author taking a stance is still one participant
    assert debate_counts(api) == {"posts": 2, "participants": 2, "stances": 2}
    new_reply(api, mod, statement["id"], "Un membre de l'équipe qui répond")
    assert debate_counts(api) == {"posts": 3, "participants": 3, "stances": 2}


def test_stance_count_is_distinct_person_statement_pairs(api, cast):
    idea = cast["idea"]["id"]
    s1 = new_post(api, cast["participant"], idea, "Un", statement=True)
    s2 = new_post(api, cast["participant"], idea, "Deux", statement=True)
    people = [cast["other"], cast["moderator"]]
    for who in people:
        for statement in (s1, s2):
            stance(api, who, statement["id"], "agree")
            stance(api, who, statement["id"], "disagree")
            stance(api, who, statement["id"], "disagree")
    assert debate_counts(api)["stances"] == 4
    for statement in (s1, s2):
        assert get_post(api, statement["id"])["stances"] == {"agree": 0, "disagree": 2, "pass": 0}


def test_clearing_a_reaction_in_a_closed_debate_answers_a_documented_status(api, cast):
    from chalicelib.api.openapi import document

    post = new_post(api, cast["participant"], cast["idea"]["id"])
    react(api, cast["other"], post["id"], "like")
    api.patch(BASE, {"status": "closed"}, who=cast["organiser"])
    status, _ = api.delete(f"{BASE}/posts/{post['id']}/reactions/like", who=cast["other"])
    documented = document()["paths"]["/debates/{slug}/posts/{post_id}/reactions/{kind}"]["delete"]["responses"]
    assert str(status) in documented
