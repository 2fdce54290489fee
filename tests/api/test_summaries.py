"""Periodic summaries (issue 5): the scheduled handler through chalice.test.Client, incremental runs, private debates,
suggested extracts confirmed by a harvester, the imported london.youth.policing conversation, the S3 state store."""
from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT
from tests.helpers import DEBATE

SLUG = "climat-2027"
LONDON = os.path.join(ROOT, "..", "shared", "data", "polis", "london.youth.policing")
POSTS = [
    "Il faut développer les trains régionaux et rouvrir les petites lignes, car la voiture reste la seule option "
    "dans les villages. Les horaires devraient aussi être adaptés aux travailleurs de nuit.",
    "Les trains régionaux sont trop rares le soir ; il faudrait des bus de nuit entre les villages et la gare.",
    "Créer des pistes cyclables sûres entre les communes permettrait aux enfants d'aller à l'école à vélo.",
]


@pytest.fixture(autouse=True)
def _summaries_env(monkeypatch, tmp_path):
    from chalicelib.cli import moto_queries

    moto_queries.install()  # same answers, without sorting the whole table per Query (tests stay fast)
    moto_queries.install_json_reads()
    monkeypatch.setenv("PALABRE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PALABRE_SUMMARY_SETTLE_SECONDS", "0")
    monkeypatch.delenv("PALABRE_STATE_BUCKET", raising=False)


def invoke_summarize(api) -> dict:
    """The scheduled function, as EventBridge calls it (Chalice names the function after its `name`)."""
    client = api.client
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={},
                                            resources=["arn:aws:events:eu-west-3:123456789012:rule/summarize"])
    response = client.lambda_.invoke("summarize", event)
    return response.payload


def post(api, who, idea_id, body, statement=False, slug=SLUG):
    status, created = api.post(f"/debates/{slug}/ideas/{idea_id}/posts", {"body": body, "statement": statement},
                               who=who)
    assert status == 201, created
    return created


def latest(api, who=None, slug=SLUG):
    status, summary = api.get(f"/debates/{slug}/summaries/latest", who=who)
    assert status == 200, summary
    return summary


def test_scheduled_handler_summarizes_the_debates_with_activity(api, cast):
    idea = cast["idea"]["id"]
    statement = post(api, cast["participant"], idea, "Les transports publics devraient être gratuits.",
                     statement=True)
    for text in POSTS:
        post(api, cast["other"], idea, text)
    assert api.put(f"/debates/{SLUG}/posts/{statement['id']}/stance", {"value": "agree"}, who=cast["other"])[0] == 200
    assert api.put(f"/debates/{SLUG}/posts/{statement['id']}/reactions/like", who=cast["moderator"])[0] == 200

    payload = invoke_summarize(api)
    assert payload["summarized"] == [SLUG]

    summary = latest(api)
    totals = summary["participation"]["totals"]
    assert (totals["posts"], totals["stances"], totals["reactions"], totals["contributors"]) == (4, 1, 1, 3)
    day = summary["participation"]["days"][-1]
    assert day["posts"] == 4 and day["new_contributors"] == 3
    entry = next(i for i in summary["ideas"] if i["id"] == idea)
    assert entry["title"]["fr"] == "Transports" and entry["activity"]["events"] == 6
    terms = [k["term"] for k in entry["keywords"]]
    assert "trains régionaux" in terms or "trains" in terms, terms
    assert entry["summary"] and all(s["post_id"] for s in entry["summary"])
    assert summary["groups"]["available"] is False  # one stance: no opinion groups yet
    assert summary["threads"] and summary["threads"][0]["excerpt"]

    # nothing new: the next tick does not summarize again
    assert invoke_summarize(api)["summarized"] == []


def test_a_second_run_reads_only_the_new_events(api, cast):
    from chalicelib.services.summaries import summarize_debate
    from chalicelib.storage import summaries_repo

    idea = cast["idea"]["id"]
    post(api, cast["participant"], idea, POSTS[0])
    first = summarize_debate(SLUG)
    assert first.processed and first.events == 1
    watermark = summaries_repo.get_state(SLUG).watermark
    assert summarize_debate(SLUG).reason == "no_new_activity"

    reply = api.post(f"/debates/{SLUG}/posts/{latest(api)['ideas'][0]['summary'][0]['post_id']}/replies",
                     {"body": POSTS[1]}, who=cast["other"])
    assert reply[0] == 201
    second = summarize_debate(SLUG)
    assert second.processed and second.events == 1 and second.details["new_posts"] == 1
    state = summaries_repo.get_state(SLUG)
    assert state.watermark > watermark and state.version == 2
    summary = latest(api)
    assert summary["participation"]["totals"]["posts"] == 1 and summary["participation"]["totals"]["replies"] == 1
    assert summary["run"]["events"] == 1 and not summary["run"]["full"]

    status, page = api.get(f"/debates/{SLUG}/summaries?limit=1")
    assert status == 200 and page["items"][0]["id"] == summary["id"] and page["next_cursor"]
    status, rest = api.get(f"/debates/{SLUG}/summaries?limit=1&cursor={page['next_cursor']}")
    assert status == 200 and rest["items"][0]["id"] == first.summary_id
    status, older = api.get(f"/debates/{SLUG}/summaries/{first.summary_id}")
    assert status == 200 and older["participation"]["totals"]["replies"] == 0
    assert api.get(f"/debates/{SLUG}/summaries/2020-01-01T00:00:00.000Z")[0] == 404
    assert api.get(f"/debates/{SLUG}/summaries/not-an-id")[0] == 404
    # a cursor of this list does not open another debate's list
    assert api.get(f"/debates/other-debate/summaries?cursor={page['next_cursor']}")[0] in (400, 404)


def test_private_debates_are_summarized_and_their_summaries_stay_private(api, cast):
    organiser = cast["organiser"]
    private = {**DEBATE, "slug": "prive-2027", "visibility": "private"}
    assert api.post("/debates", private, who=organiser)[0] == 201
    status, idea = api.post("/debates/prive-2027/ideas", {"title": {"fr": "Budget"}}, who=organiser)
    assert status == 201
    post(api, organiser, idea["id"], "Il faut publier le budget détaillé de chaque commune.", slug="prive-2027")

    payload = invoke_summarize(api)
    assert "prive-2027" in payload["summarized"]
    assert latest(api, who=organiser, slug="prive-2027")["participation"]["totals"]["posts"] == 1
    for who in (None, cast["other"]):
        assert api.get("/debates/prive-2027/summaries/latest", who=who)[0] == 404
        assert api.get("/debates/prive-2027/summaries", who=who)[0] == 404
    # and the public list of debates still does not show it
    assert "prive-2027" not in [d["slug"] for d in api.get("/debates")[1]["items"]]


def test_suggested_extracts_are_submitted_and_a_harvester_confirms_one(api, cast):
    idea = cast["idea"]["id"]
    created = post(api, cast["participant"], idea, POSTS[0])
    invoke_summarize(api)
    base = f"/debates/{SLUG}/ideas/{idea}/extracts"
    status, listed = api.get(f"{base}?state=submitted", who=cast["harvester"])
    suggestions = [e for e in listed["items"] if e["machine"]]
    assert status == 200 and suggestions and all(e["state"] == "submitted" for e in suggestions)
    first = suggestions[0]
    assert first["post_id"] == created["id"]
    assert created["body_text"][first["start"]:first["end"]] == first["text"]
    assert api.get(base, who=cast["participant"])[1]["items"] == []  # readers see published extracts only
    assert api.get(base, who=cast["harvester"])[1]["items"] == []  # the suggestions are a list of their own
    assert api.get(f"{base}?state=submitted", who=cast["participant"])[0] == 403

    status, confirmed = api.post(f"/debates/{SLUG}/extracts/{first['id']}/review", {"decision": "confirm"},
                                 who=cast["harvester"])
    assert status == 200 and confirmed["state"] == "published"
    assert [e["id"] for e in api.get(base, who=cast["participant"])[1]["items"]] == [first["id"]]
    queue = api.get(f"{base}?state=submitted", who=cast["harvester"])[1]["items"]
    assert first["id"] not in [e["id"] for e in queue]  # a confirmed suggestion moved to the published list
    # the post has extracts now: a later run suggests nothing more for it
    post(api, cast["other"], idea, POSTS[2])
    from chalicelib.services.summaries import summarize_debate

    assert summarize_debate(SLUG).suggested >= 1
    again = [e for e in api.get(base, who=cast["harvester"])[1]["items"]
             + api.get(f"{base}?state=submitted", who=cast["harvester"])[1]["items"] if e["post_id"] == created["id"]]
    assert len(again) == len(suggestions)


def test_the_imported_london_conversation_has_groups_and_consensus(api):
    from chalicelib.services.imports.polis import import_polis
    from chalicelib.services.summaries import summarize_debate

    import_polis(LONDON, progress=False)
    result = summarize_debate("london-youth-policing")
    assert result.processed and result.caught_up and result.details["stances_merged"] == 638
    summary = latest(api, slug="london-youth-policing")
    groups = summary["groups"]
    assert groups["available"] and groups["k"] >= 2 and len(groups["groups"]) == groups["k"]
    assert sum(g["size"] for g in groups["groups"]) == groups["clustered"]
    assert groups["consensus"]["agree"] or groups["consensus"]["disagree"]
    shown = [s["statement"] for s in groups["consensus"]["agree"]] + [d["statement"] for d in groups["divisive"]]
    assert all(groups["statements"][pid]["text"] for pid in shown)
    assert groups["base_clusters"] and all(b["group"] < groups["k"] for b in groups["base_clusters"])
    # the real history: two days in July 2022
    assert [d["day"] for d in summary["participation"]["days"]] == ["2022-07-26", "2022-07-27"]
    assert summary["participation"]["totals"]["stances"] == 638
    assert "police" in [k["term"] for k in summary["ideas"][0]["keywords"]]
    assert summary["suggestions"]["created"] > 0


def test_the_state_store_on_s3(api, cast, monkeypatch):
    import boto3

    from chalicelib.services.summaries import summarize_debate
    from chalicelib.storage import summaries_repo

    boto3.client("s3").create_bucket(Bucket="palabre-state",
                                     CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    monkeypatch.setenv("PALABRE_STATE_BUCKET", "palabre-state")
    monkeypatch.delenv("PALABRE_STATE_DIR")
    idea = cast["idea"]["id"]
    statement = post(api, cast["participant"], idea, "Le tram doit aller jusqu'à l'aéroport.", statement=True)
    assert api.put(f"/debates/{SLUG}/posts/{statement['id']}/stance", {"value": "agree"}, who=cast["other"])[0] == 200
    assert summarize_debate(SLUG).processed

    def objects():
        listed = boto3.client("s3").list_objects_v2(Bucket="palabre-state", Prefix=f"summaries/{SLUG}/")
        return sorted(o["Key"] for o in listed.get("Contents", []))

    generation = summaries_repo.get_state(SLUG).generation
    assert objects() == [f"summaries/{SLUG}/{generation}/stances.npz", f"summaries/{SLUG}/{generation}/text.json.gz"]

    assert api.put(f"/debates/{SLUG}/posts/{statement['id']}/stance", {"value": "disagree"},
                   who=cast["harvester"])[0] == 200
    second = summarize_debate(SLUG)
    assert second.processed and second.events == 1
    state = summaries_repo.get_state(SLUG)
    assert state.generation != generation and all(state.generation in key for key in objects())  # old one deleted
    from chalicelib.services.summaries import Matrix
    from chalicelib.storage.state_store import state_store

    matrix = Matrix.from_bytes(state_store().get(SLUG, state.generation, "stances.npz"))
    assert sorted(matrix.value.tolist()) == [-1, 1]  # the first run's stance was kept, the new one merged


def test_a_stance_change_replaces_the_earlier_one_in_the_matrix(api, cast):
    from chalicelib.services.summaries import Matrix, summarize_debate
    from chalicelib.storage import summaries_repo
    from chalicelib.storage.state_store import state_store

    idea = cast["idea"]["id"]
    statement = post(api, cast["participant"], idea, "Il faut un RER métropolitain.", statement=True)
    stance = f"/debates/{SLUG}/posts/{statement['id']}/stance"
    assert api.put(stance, {"value": "agree"}, who=cast["other"])[0] == 200
    summarize_debate(SLUG)
    assert api.put(stance, {"value": "pass"}, who=cast["other"])[0] == 200
    assert api.put(stance, {"value": "disagree"}, who=cast["other"])[0] == 200
    run = summarize_debate(SLUG)
    assert run.events == 2 and run.details["stances_merged"] == 1
    state = summaries_repo.get_state(SLUG)
    matrix = Matrix.from_bytes(state_store().get(SLUG, state.generation, "stances.npz"))
    assert matrix.value.tolist() == [-1] and matrix.statement_ids == [statement["id"]]
    assert latest(api)["participation"]["totals"]["stances"] == 3  # stances taken, changes included


def test_an_import_after_a_summary_starts_over():
    """Imported events are in the past: the next run is a full one (state reset by the import)."""
    from chalicelib.storage import summaries_repo
    from chalicelib.storage.summary_models import SummaryState
    from chalicelib.storage import keys

    SummaryState(keys.summaries("x-debate"), keys.SUMMARY_STATE_SK, version=3, watermark="2030-01-01T00:00:00.000Z#a",
                 cutoff="2030-01-01T00:00:00.000Z", generation="g").save()
    summaries_repo.record_import("x-debate", "polis", ["2017-06-14", "2017-06-14", "2017-06-15"],
                                 "2030-01-02T00:00:00.000Z")
    state = summaries_repo.get_state("x-debate")
    assert (state.watermark, state.cutoff, state.version, state.generation) == ("", "", 4, "g")
    assert summaries_repo.import_days("x-debate")[0].days == ["2017-06-14", "2017-06-15"]


test_an_import_after_a_summary_starts_over = pytest.mark.usefixtures("aws")(test_an_import_after_a_summary_starts_over)


def test_ballots_are_events_and_mark_the_debate_once_a_minute(api, cast):
    from chalicelib.services.summaries import summarize_debate
    from chalicelib.storage import summaries_repo
    from tests.api.test_votes import Vote

    summaries_repo._vote_marks.clear()
    v = Vote(api, cast)
    proposal = v.proposal()
    tokens, [pour] = v.tokens(budget=10)
    v.vote(cast["participant"], proposal, tokens, {"tokens": {pour: 3}})
    v.vote(cast["participant"], proposal, tokens, {"tokens": {pour: 4}})  # a change: one more vote event
    v.vote(cast["other"], proposal, tokens, {"tokens": {pour: 1}})
    debate, last, last_vote = summaries_repo.debate_activity(SLUG)
    assert last == "" and last_vote  # ballots do not write last_activity; one mark for the three of them
    assert summarize_debate(SLUG).processed
    summary = latest(api)
    assert summary["participation"]["totals"]["votes"] == 3 and summary["participation"]["totals"]["contributors"] == 2
    assert next(i for i in summary["ideas"] if i["id"] == cast["idea"]["id"])["activity"]["vote"] == 3


def test_a_run_reads_events_by_batches_and_the_next_run_continues(api, cast, monkeypatch):
    from chalicelib.services.summaries import summarize_active, summarize_debate
    from chalicelib.storage import summaries_repo

    monkeypatch.setenv("PALABRE_SUMMARY_MAX_EVENTS", "2")
    idea = cast["idea"]["id"]
    for i in range(5):
        post(api, cast["participant"], idea, f"Message numéro {i} sur les transports en commun du soir.")
    first, = summarize_active(budget_seconds=0)  # one batch, then out of time
    assert first.processed and first.events == 2 and not first.caught_up
    assert latest(api)["caught_up"] is False
    second, = summarize_active(budget_seconds=0)  # the debate is still behind: it is picked again
    assert second.events == 2 and summaries_repo.get_state(SLUG).watermark > first.watermark
    third = summarize_debate(SLUG)  # no time limit: batches until caught up
    assert third.events == 1 and third.caught_up
    assert latest(api)["participation"]["totals"]["posts"] == 5
