"""Who may harvest, edit ideas, edit and publish syntheses, confirm suggested extracts: route x role -> status,
including a moderator of another debate (Assembl's matrix, reference §5, enforced server-side)."""
import pytest

from tests.helpers import DEBATE, sign_in

SLUG = "climat-2027"
ROLES = ["anonymous", "participant", "harvester", "moderator", "organiser", "outsider_moderator"]


@pytest.fixture
def world(api, cast):
    """The debate of `cast`, a post with a harvested extract, a draft; and a second debate whose moderator is an
    outsider here."""
    organiser = cast["organiser"]
    status, _ = api.post("/debates", {**DEBATE, "slug": "autre-debat"}, who=organiser)
    assert status == 201
    outsider = sign_in("outsider@example.org")
    api.post("/debates/autre-debat/members", {"email": outsider.email, "roles": ["moderator"]}, who=organiser)
    idea = cast["idea"]["id"]
    _, post = api.post(f"/debates/{SLUG}/ideas/{idea}/posts", {"body": "Des trains, des bus et des vélos."},
                       who=cast["participant"])
    _, extract = api.post(f"/debates/{SLUG}/posts/{post['id']}/extracts",
                          {"idea_id": idea, "start": 0, "end": 10, "nature": "proposal"}, who=cast["harvester"])
    _, draft = api.post(f"/debates/{SLUG}/synthesis-drafts",
                        {"title": {"fr": "S"}, "sections": [{"idea_id": idea, "text": {"fr": "Des trains [1]."},
                                                             "citations": [extract["id"]]}]}, who=cast["organiser"])
    people = {**cast, "outsider_moderator": outsider, "anonymous": None}
    return {"people": people, "idea": idea, "post": post, "extract": extract, "draft": draft}


def _suggested(world):
    """A machine-suggested extract waiting for a harvester (as the summarizer writes them)."""
    from chalicelib.domain import clock
    from chalicelib.services.extracts import build_extract
    from chalicelib.storage import extracts_repo, posts_repo

    post = posts_repo.get_post(SLUG, world["post"]["id"])
    extract = build_extract(SLUG, post, idea_id=world["idea"], kind="quote", body="des bus", start=12, end=19,
                            nature="proposal", action=None, important=False, tags=[], state="submitted",
                            machine=True, harvester_id="summarizer", harvester_name="Palabre", created_at=clock.now_iso())
    extracts_repo.insert_extract(SLUG, extract)
    return extract.extract_id


CASES = {
    "harvest": (lambda w: ("POST", f"/debates/{SLUG}/posts/{w['post']['id']}/extracts",
                           {"idea_id": w["idea"], "start": 11, "end": 20, "nature": "example"}),
                {"anonymous": 401, "participant": 403, "harvester": 201, "moderator": 201, "organiser": 201,
                 "outsider_moderator": 403}),
    "edit extract": (lambda w: ("PATCH", f"/debates/{SLUG}/extracts/{w['extract']['id']}", {"important": True}),
                     {"anonymous": 401, "participant": 403, "harvester": 200, "moderator": 200, "organiser": 200,
                      "outsider_moderator": 403}),
    "confirm suggestion": (lambda w: ("POST", f"/debates/{SLUG}/extracts/{_suggested(w)}/review",
                                      {"decision": "confirm"}),
                           {"anonymous": 401, "participant": 403, "harvester": 200, "moderator": 200,
                            "organiser": 200, "outsider_moderator": 403}),
    "create idea": (lambda w: ("POST", f"/debates/{SLUG}/ideas", {"title": {"fr": "Nouvelle"}}),
                    {"anonymous": 401, "participant": 403, "harvester": 403, "moderator": 201, "organiser": 201,
                     "outsider_moderator": 403}),
    "edit idea": (lambda w: ("PATCH", f"/debates/{SLUG}/ideas/{w['idea']}", {"title": {"fr": "Mobilités"}}),
                  {"anonymous": 401, "participant": 403, "harvester": 403, "moderator": 200, "organiser": 200,
                   "outsider_moderator": 403}),
    "move thread": (lambda w: ("POST", f"/debates/{SLUG}/posts/{w['post']['id']}/move", {"idea_id": w["idea"]}),
                    {"anonymous": 401, "participant": 403, "harvester": 403, "moderator": 200, "organiser": 200,
                     "outsider_moderator": 403}),
    "list drafts": (lambda w: ("GET", f"/debates/{SLUG}/synthesis-drafts", None),
                    {"anonymous": 401, "participant": 403, "harvester": 403, "moderator": 200, "organiser": 200,
                     "outsider_moderator": 403}),
    "edit draft": (lambda w: ("PUT", f"/debates/{SLUG}/synthesis-drafts/{w['draft']['id']}",
                              {"version": 1, "title": {"fr": "S2"}, "sections": []}),
                   {"anonymous": 401, "participant": 403, "harvester": 403, "moderator": 200, "organiser": 200,
                    "outsider_moderator": 403}),
    "publish": (lambda w: ("POST", f"/debates/{SLUG}/synthesis-drafts/{w['draft']['id']}/publish", {"version": 1}),
                {"anonymous": 401, "participant": 403, "harvester": 403, "moderator": 201, "organiser": 201,
                 "outsider_moderator": 403}),
    "read published syntheses": (lambda w: ("GET", f"/debates/{SLUG}/syntheses", None),
                                 {role: 200 for role in ROLES}),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("role", ROLES)
def test_matrix(api, world, case, role):
    make, expected = CASES[case]
    method, path, body = make(world)
    status, answer = api.call(method, path, body, who=world["people"][role])
    assert status == expected[role], answer
    if status >= 400:
        assert set(answer["error"]) >= {"code", "message"}


def test_private_debate_is_invisible_to_outsiders(api, world):
    people = world["people"]
    api.patch(f"/debates/{SLUG}", {"visibility": "private"}, who=people["organiser"])
    for role in ("anonymous", "outsider_moderator"):
        assert api.get(f"/debates/{SLUG}/syntheses", who=people[role])[0] == 404
        assert api.get(f"/debates/{SLUG}/ideas/{world['idea']}/extracts", who=people[role])[0] == 404
        assert api.post(f"/debates/{SLUG}/posts/{world['post']['id']}/extracts",
                        {"idea_id": world["idea"], "start": 0, "end": 5, "nature": "issue"},
                        who=people[role])[0] in (401, 404)
    assert api.get(f"/debates/{SLUG}/syntheses", who=people["harvester"])[0] == 200
