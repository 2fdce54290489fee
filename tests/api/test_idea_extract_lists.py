"""An idea's published extracts and the harvesters' queue of suggestions are two lists (two gsi1 partitions), each
paged by DynamoDB: the machine's suggestions never fill a reader's page, and no page is empty while more remain."""
import pytest

from tests.api.support import assert_error

SLUG = "climat-2027"
BASE = f"/debates/{SLUG}"
BODY = "Il faut plus de trains régionaux. Les bus de nuit manquent aussi."


@pytest.fixture
def world(api, cast):
    """60 machine suggestions (older), then 2 quotations harvested by a harvester."""
    from chalicelib.services.extracts import build_extract
    from chalicelib.storage import posts_repo, summaries_repo

    idea = cast["idea"]["id"]
    status, post = api.post(f"{BASE}/ideas/{idea}/posts", {"body": BODY}, who=cast["participant"])
    assert status == 201, post
    stored = posts_repo.get_post(SLUG, post["id"])
    suggestions = []
    for n in range(60):
        extract = build_extract(SLUG, stored, idea_id=idea, kind="paraphrase", body=f"Suggestion {n}", start=None,
                                end=None, nature="proposal", action=None, important=False, tags=[],
                                state="submitted", machine=True, harvester_id="summarizer", harvester_name="Palabre",
                                created_at=f"2000-01-01T00:00:{n:02d}.000Z")
        assert summaries_repo.put_suggestion(extract)
        suggestions.append(extract.extract_id)
    harvested = []
    for words in ("plus de trains", "bus de nuit"):
        start = BODY.index(words)
        status, extract = api.post(f"{BASE}/posts/{post['id']}/extracts",
                                   {"idea_id": idea, "start": start, "end": start + len(words), "nature": "proposal"},
                                   who=cast["harvester"])
        assert status == 201, extract
        harvested.append(extract["id"])
    return {"idea": idea, "post": post, "suggestions": suggestions, "harvested": harvested}


def pages(api, path, who=None, limit=20):
    """Every page of a list, following next_cursor; each page must hold items."""
    out, cursor = [], None
    while True:
        status, page = api.get(f"{path}{'&' if '?' in path else '?'}limit={limit}"
                               + (f"&cursor={cursor}" if cursor else ""), who=who)
        assert status == 200, page
        out.append([e["id"] for e in page["items"]])
        cursor = page["next_cursor"]
        if not cursor:
            return out
        assert page["items"], "a page with a cursor must not be empty"


@pytest.mark.parametrize("who", [None, "participant", "other", "harvester", "organiser"])
def test_the_first_page_of_an_idea_s_extracts_has_the_published_ones(api, cast, world, who):
    """(a) and (b): 60 older suggestions do not push the 2 published extracts out of the first page, for anybody."""
    listed = pages(api, f"{BASE}/ideas/{world['idea']}/extracts", who=cast[who] if who else None)
    assert listed == [world["harvested"]]


def test_the_harvesters_queue_pages_the_suggestions(api, cast, world):
    queue = pages(api, f"{BASE}/ideas/{world['idea']}/extracts?state=submitted", who=cast["harvester"])
    assert [len(p) for p in queue] == [20, 20, 20]  # no empty page after the last one
    assert sum(queue, []) == world["suggestions"]  # oldest first, each once


def test_a_list_with_nothing_more_gives_no_cursor(api, cast, world):
    """(c): a page that holds the rest of the list says there is no more."""
    status, page = api.get(f"{BASE}/ideas/{world['idea']}/extracts?limit=2", who=cast["participant"])
    assert status == 200 and len(page["items"]) == 2 and page["next_cursor"] is None
    status, other = api.post(f"{BASE}/ideas", {"title": {"fr": "Vélo"}}, who=cast["moderator"])
    assert status == 201
    status, page = api.get(f"{BASE}/ideas/{other['id']}/extracts", who=cast["participant"])
    assert status == 200 and page == {"items": [], "next_cursor": None}


@pytest.mark.parametrize("who", [None, "participant", "other"])
def test_only_harvesters_read_the_queue(api, cast, world, who):
    status, body = api.get(f"{BASE}/ideas/{world['idea']}/extracts?state=submitted", who=cast[who] if who else None)
    assert_error(status, body, 401 if who is None else 403)


def test_a_list_s_cursor_is_refused_by_the_other_list(api, cast, world):
    status, page = api.get(f"{BASE}/ideas/{world['idea']}/extracts?state=submitted&limit=5", who=cast["harvester"])
    assert status == 200 and page["next_cursor"]
    status, body = api.get(f"{BASE}/ideas/{world['idea']}/extracts?cursor={page['next_cursor']}",
                           who=cast["harvester"])
    assert_error(status, body, 400, "invalid_cursor")
    assert_error(*api.get(f"{BASE}/ideas/{world['idea']}/extracts?state=rejected", who=cast["harvester"]), 422)


def test_a_confirmed_suggestion_moves_to_the_published_list_and_a_rejected_one_leaves_the_queue(api, cast, world):
    idea, (confirmed, rejected) = world["idea"], world["suggestions"][:2]
    for extract_id, decision in ((confirmed, "confirm"), (rejected, "reject")):
        status, body = api.post(f"{BASE}/extracts/{extract_id}/review", {"decision": decision}, who=cast["harvester"])
        assert status == 200, body
    queue = sum(pages(api, f"{BASE}/ideas/{idea}/extracts?state=submitted", who=cast["harvester"], limit=100), [])
    assert queue == world["suggestions"][2:]
    # oldest first: the confirmed suggestion was made before the harvests
    assert pages(api, f"{BASE}/ideas/{idea}/extracts") == [[confirmed] + world["harvested"]]
    _, counted = api.get(f"{BASE}/ideas")
    assert next(i for i in counted["items"] if i["id"] == idea)["counts"]["extracts"] == 3


def test_moving_and_merging_keep_each_extract_in_its_list(api, cast, world):
    idea = world["idea"]
    status, other = api.post(f"{BASE}/ideas", {"title": {"fr": "Vélo"}}, who=cast["moderator"])
    assert status == 201
    suggestion, rejected = world["suggestions"][0], world["suggestions"][1]
    assert api.post(f"{BASE}/extracts/{rejected}/review", {"decision": "reject"}, who=cast["harvester"])[0] == 200
    for extract_id in (suggestion, world["harvested"][0]):
        status, body = api.patch(f"{BASE}/extracts/{extract_id}", {"idea_id": other["id"]}, who=cast["harvester"])
        assert status == 200, body
    assert pages(api, f"{BASE}/ideas/{other['id']}/extracts") == [[world["harvested"][0]]]
    assert pages(api, f"{BASE}/ideas/{other['id']}/extracts?state=submitted", who=cast["harvester"]) == [[suggestion]]
    # merging the idea moves its published extracts, its suggestions and its rejected ones
    status, merged = api.post(f"{BASE}/ideas/{idea}/merge", {"into_id": other["id"]}, who=cast["organiser"])
    assert status == 200, merged
    while not merged.get("done", True):
        merged = api.post(f"{BASE}/ideas/{idea}/merge", {"into_id": other["id"]}, who=cast["organiser"])[1]
    assert sorted(sum(pages(api, f"{BASE}/ideas/{other['id']}/extracts"), [])) == sorted(world["harvested"])
    queue = sum(pages(api, f"{BASE}/ideas/{other['id']}/extracts?state=submitted", who=cast["harvester"]), [])
    assert sorted(queue) == sorted(s for s in world["suggestions"] if s != rejected)
    from chalicelib.storage import extracts_repo

    assert extracts_repo.get_extract(SLUG, rejected).idea_id == other["id"]
    assert extracts_repo.extracts_of_idea(SLUG, other["id"], 10, None, state="rejected")[0][0].extract_id == rejected
