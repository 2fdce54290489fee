"""The table of ideas: create, edit, move and reorder by moderators and organisers; the tree never loops."""
from __future__ import annotations

import pytest

from tests.api.cast_snapshot import cast  # noqa: F401,F811 - the same cast, restored from a snapshot (faster)
from tests.api.support import BASE, assert_error, error_fields

IDEAS = f"{BASE}/ideas"


def create(api, who, title: str, parent_id=None, **extra) -> dict:
    status, idea = api.post(IDEAS, {"title": {"fr": title}, "parent_id": parent_id, **extra}, who=who)
    assert status == 201, idea
    return idea


def move(api, who, idea_id: str, parent_id, position: int, expect: int = 200):
    status, data = api.post(f"{IDEAS}/{idea_id}/move", {"parent_id": parent_id, "position": position}, who=who)
    assert status == expect, data
    return data


def tree(api, who=None) -> dict:
    """parent_id -> [titles in order], built the way the contract says: from parent_id and order."""
    status, data = api.get(IDEAS, who=who)
    assert status == 200, data
    children: dict = {}
    for idea in sorted(data["items"], key=lambda i: i["order"]):
        children.setdefault(idea["parent_id"], []).append(idea["title"]["fr"])
    return children


def test_moderators_and_organisers_create_ideas(api, cast):
    for who, title in (("moderator", "Logement"), ("organiser", "Énergie")):
        status, idea = api.post(IDEAS, {"title": {"fr": title, "en": title + " (en)"},
                                        "description": {"fr": "À discuter"}}, who=cast[who])
        assert status == 201, idea
        assert idea["parent_id"] is None and idea["counts"]["posts"] == 0
        assert idea["title"] == {"fr": title, "en": title + " (en)"} and idea["description"] == {"fr": "À discuter"}
        assert isinstance(idea["order"], float)
    assert tree(api)[None] == ["Transports", "Logement", "Énergie"]  # new ideas go last


def test_others_cannot_manage_ideas(api, cast):
    idea = cast["idea"]["id"]
    assert_error(*api.post(IDEAS, {"title": {"fr": "Non"}}), 401, "unauthorized")
    assert_error(*api.patch(f"{IDEAS}/{idea}", {"title": {"fr": "Non"}}), 401, "unauthorized")
    assert_error(*api.post(f"{IDEAS}/{idea}/move", {"parent_id": None, "position": 0}), 401, "unauthorized")
    for who in ("participant", "harvester", "other"):
        assert_error(*api.post(IDEAS, {"title": {"fr": "Non"}}, who=cast[who]), 403, "forbidden")
        assert_error(*api.patch(f"{IDEAS}/{idea}", {"title": {"fr": "Non"}}, who=cast[who]), 403, "forbidden")
        assert_error(*api.post(f"{IDEAS}/{idea}/move", {"parent_id": None, "position": 0}, who=cast[who]), 403,
                     "forbidden")
    assert tree(api) == {None: ["Transports"]}


def test_children_and_unknown_parents(api, cast):
    moderator = cast["moderator"]
    parent = cast["idea"]["id"]
    child = create(api, moderator, "Trains", parent_id=parent)
    assert child["parent_id"] == parent
    grandchild = create(api, moderator, "Trains de nuit", parent_id=child["id"])
    assert tree(api) == {None: ["Transports"], parent: ["Trains"], child["id"]: ["Trains de nuit"]}
    assert grandchild["parent_id"] == child["id"]
    for bad_parent in ("06h3r4hcsew7agsw", "not-an-id"):
        status, data = api.post(IDEAS, {"title": {"fr": "Orphelin"}, "parent_id": bad_parent}, who=moderator)
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == ["parent_id"]


def test_edit_an_idea(api, cast):
    idea = cast["idea"]["id"]
    status, edited = api.patch(f"{IDEAS}/{idea}", {"title": {"fr": "Mobilités", "en": "Mobility"}},
                               who=cast["moderator"])
    assert status == 200, edited
    assert edited["title"] == {"fr": "Mobilités", "en": "Mobility"} and edited["id"] == idea
    status, edited = api.patch(f"{IDEAS}/{idea}", {"description": {"fr": "Se déplacer"}}, who=cast["organiser"])
    assert edited["title"] == {"fr": "Mobilités", "en": "Mobility"}  # untouched by a partial patch
    assert edited["description"] == {"fr": "Se déplacer"}
    [listed] = api.get(IDEAS)[1]["items"]
    assert listed == edited
    assert_error(*api.patch(f"{IDEAS}/06h3r4hcsew7agsw", {"title": {"fr": "X"}}, who=cast["moderator"]), 404,
                 "not_found")


def test_reorder_siblings(api, cast):
    moderator = cast["moderator"]
    ids = {"Transports": cast["idea"]["id"]}
    for title in ("A", "B", "C"):
        ids[title] = create(api, moderator, title)["id"]
    assert tree(api)[None] == ["Transports", "A", "B", "C"]
    steps = [("C", 0, ["C", "Transports", "A", "B"]),
             ("Transports", 3, ["C", "A", "B", "Transports"]),
             ("A", 2, ["C", "B", "A", "Transports"]),
             ("B", 1, ["C", "B", "A", "Transports"]),  # already there
             ("C", 99, ["B", "A", "Transports", "C"]),  # past the end: last
             ("Transports", 1, ["B", "Transports", "A", "C"])]
    for title, position, expected in steps:
        moved = move(api, moderator, ids[title], None, position)
        assert moved["id"] == ids[title] and moved["parent_id"] is None
        assert tree(api)[None] == expected, (title, position)


def test_move_under_another_parent_at_a_position(api, cast):
    moderator, organiser = cast["moderator"], cast["organiser"]
    transports = cast["idea"]["id"]
    trains = create(api, moderator, "Trains", parent_id=transports)["id"]
    velos = create(api, moderator, "Vélos", parent_id=transports)["id"]
    energie = create(api, moderator, "Énergie")["id"]
    moved = move(api, organiser, velos, energie, 0)
    assert moved["parent_id"] == energie
    assert tree(api) == {None: ["Transports", "Énergie"], transports: ["Trains"], energie: ["Vélos"]}
    move(api, moderator, trains, energie, 0)
    assert tree(api)[energie] == ["Trains", "Vélos"]
    move(api, moderator, energie, transports, 5)  # a whole subtree moves with its root
    assert tree(api) == {None: ["Transports"], transports: ["Énergie"], energie: ["Trains", "Vélos"]}
    move(api, moderator, energie, None, 0)
    assert tree(api) == {None: ["Énergie", "Transports"], energie: ["Trains", "Vélos"]}


def test_cycles_are_refused_and_the_tree_is_unchanged(api, cast):
    moderator = cast["moderator"]
    a = cast["idea"]["id"]
    b = create(api, moderator, "B", parent_id=a)["id"]
    c = create(api, moderator, "C", parent_id=b)["id"]
    before = api.get(IDEAS)[1]
    for moving, new_parent in ((a, a), (a, b), (a, c), (b, c), (b, b)):
        status, data = api.post(f"{IDEAS}/{moving}/move", {"parent_id": new_parent, "position": 0}, who=moderator)
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == ["parent_id"]
    assert api.get(IDEAS)[1] == before


def test_moving_unknown_ideas(api, cast):
    moderator = cast["moderator"]
    idea = cast["idea"]["id"]
    assert_error(*api.post(f"{IDEAS}/06h3r4hcsew7agsw/move", {"parent_id": None, "position": 0}, who=moderator),
                 404, "not_found")
    assert_error(*api.post(f"{IDEAS}/zz/move", {"parent_id": None, "position": 0}, who=moderator), 404,
                 "not_found")
    status, data = api.post(f"{IDEAS}/{idea}/move", {"parent_id": "06h3r4hcsew7agsw", "position": 0},
                            who=moderator)
    assert_error(status, data, 422, "validation_failed")
    for position in (-1, 10001, "1", 1.5, None):
        status, data = api.post(f"{IDEAS}/{idea}/move", {"parent_id": None, "position": position}, who=moderator)
        assert_error(status, data, 422, "validation_failed")
        assert error_fields(data) == ["position"], position


def test_ideas_of_one_debate_are_not_reachable_from_another(api, cast):
    from tests.helpers import DEBATE

    organiser = cast["organiser"]
    assert api.post("/debates", {**DEBATE, "slug": "autre-2027"}, who=organiser)[0] == 201
    other_idea = api.post("/debates/autre-2027/ideas", {"title": {"fr": "Ailleurs"}}, who=organiser)[1]["id"]
    assert_error(*api.patch(f"{IDEAS}/{other_idea}", {"title": {"fr": "X"}}, who=organiser), 404, "not_found")
    status, data = api.post(f"{IDEAS}/{cast['idea']['id']}/move", {"parent_id": other_idea, "position": 0},
                            who=organiser)
    assert_error(status, data, 422, "validation_failed")
    assert_error(*api.get(f"{IDEAS}/{other_idea}/posts"), 404, "not_found")


def test_post_counts_of_ideas(api, cast):
    idea = cast["idea"]["id"]
    status, post = api.post(f"{IDEAS}/{idea}/posts", {"body": "Un"}, who=cast["participant"])
    api.post(f"{BASE}/posts/{post['id']}/replies", {"body": "Deux"}, who=cast["other"])
    [listed] = api.get(IDEAS)[1]["items"]
    assert listed["counts"]["posts"] == 2


def test_idea_creation_honours_idempotency_key(api, cast):
    headers = {"Idempotency-Key": "idea-retry-0001"}
    first = api.post(IDEAS, {"title": {"fr": "Une fois"}}, who=cast["moderator"], headers=headers)
    second = api.post(IDEAS, {"title": {"fr": "Une fois"}}, who=cast["moderator"], headers=headers)
    assert first[0] == second[0] == 201
    assert first[1]["id"] == second[1]["id"]
    assert tree(api)[None] == ["Transports", "Une fois"]
    # the same key for another idea is refused rather than answered with the first one
    assert_error(*api.post(IDEAS, {"title": {"fr": "Autre"}}, who=cast["moderator"], headers=headers), 422,
                 "idempotency_key_reused")
    # keys are per person: another moderator's same key creates their own idea
    assert api.post(IDEAS, {"title": {"fr": "Une fois"}}, who=cast["organiser"], headers=headers)[1]["id"] != \
        first[1]["id"]
    assert_error(*api.post(IDEAS, {"title": {"fr": "Mal"}}, who=cast["moderator"], headers={"Idempotency-Key": "x"}),
                 400, "invalid_idempotency_key")


def test_titles_are_cleaned_like_other_one_line_fields(api, cast):
    idea = create(api, cast["moderator"], "Trans\u0000ports \u202eillegal\u202c  publics")
    assert idea["title"]["fr"] == "Transports illegal publics"
