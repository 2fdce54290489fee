"""GDPR self-service: download my data, delete my account (both debate policies), consent to a debate's terms.

The 0-residue test: a person signs in, posts, replies, reacts, takes a stance, votes, harvests, follows, is mailed
a synthesis that cites their words, then deletes their account; afterwards a Scan of the whole table and every
export (results and ballots CSV/XLSX, per-voter export with identities, the debate's archive pages and open data)
holds neither their email, nor their display name, nor their user id."""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from tests.api.test_votes import Vote
from tests.helpers import sign_in

SLUG = "climat-2027"
BASE = f"/debates/{SLUG}"
EMAIL = "zoe.subject@example.org"
NAME = "Zoé Quintessence-Lebrun"


def export_all(api, who) -> dict:
    """What the web app does: every page, merged per debate."""
    merged: dict = {"debates": {}}
    cursor = None
    for _ in range(200):
        status, page = api.get("/me/data" + (f"?cursor={cursor}" if cursor else ""), who=who)
        assert status == 200, page
        if "user" in page:
            merged["user"] = page["user"]
        for section in page["debates"]:
            into = merged["debates"].setdefault(section["slug"], {})
            for key, value in section.items():
                if isinstance(value, list):
                    into.setdefault(key, []).extend(value)
                else:
                    into[key] = value
        cursor = page["next_cursor"]
        if cursor is None:
            return merged
    raise AssertionError("the export never ended")


def table_text() -> str:
    """The whole table as text (a Scan is fine in a test); compressed blobs are opened too."""
    import zlib

    import boto3

    from chalicelib.storage.models import Entity

    client = boto3.client("dynamodb")
    parts = []
    for page in client.get_paginator("scan").paginate(TableName=Entity.Meta.table_name):
        for item in page["Items"]:
            for value in item.values():
                if "B" in value:
                    try:
                        parts.append(zlib.decompress(value["B"]).decode("utf-8", "replace"))
                    except zlib.error:
                        parts.append(value["B"].decode("utf-8", "replace"))
            parts.append(json.dumps(item, ensure_ascii=False, default=str))
    return "\n".join(parts)


def files_text(folder) -> str:
    """Every file below a folder as text, zip members and gzip contents opened."""
    import gzip

    parts = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                data = b"".join(archive.read(name) for name in archive.namelist())
        elif data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        parts.append(data.decode("utf-8", "replace"))
    assert parts, f"nothing in {folder}"
    return "\n".join(parts)


def assert_no_residue(text: str, person, where: str) -> None:
    for needle in (person.email, NAME, person.user_id):
        assert needle not in text, f"{needle!r} still in {where}"
    assert person.email.split("@")[0] not in text, where


@pytest.fixture
def subject(api, cast):
    """The person who will delete their account, with a bit of everything."""
    from chalicelib.services.notifications import process_pending

    me = sign_in(EMAIL)
    assert api.patch("/me", {"display_name": NAME}, who=me)[0] == 200
    org, idea = cast["organiser"], cast["idea"]["id"]
    assert api.post(f"{BASE}/members", {"email": EMAIL, "roles": ["moderator"]}, who=org)[0] == 200
    _, statement = api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Une affirmation de la participante",
                                                           "statement": True}, who=cast["participant"])
    status, mine = api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Je propose des trains de nuit partout.",
                                                          "statement": True}, who=me)
    assert status == 201, mine
    status, reply = api.post(f"{BASE}/posts/{statement['id']}/replies", {"body": "Je réponds, signé Zoé."}, who=me)
    assert status == 201, reply
    assert api.post(f"{BASE}/posts/{mine['id']}/replies", {"body": "Réponse d'une autre"}, who=cast["other"])[0] == 201
    # they delete a post of their own, and, as a moderator, someone else's
    _, regret = api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Finalement non."}, who=me)
    assert api.delete(f"{BASE}/posts/{regret['id']}", who=me)[0] == 200
    _, spam = api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Achetez mes montres"}, who=cast["participant"])
    assert api.delete(f"{BASE}/posts/{spam['id']}", who=me)[0] == 200
    assert api.put(f"{BASE}/posts/{statement['id']}/reactions/like", who=me)[0] in (200, 201)
    assert api.put(f"{BASE}/posts/{statement['id']}/stance", {"value": "agree"}, who=me)[0] == 200
    assert api.put(f"{BASE}/posts/{mine['id']}/stance", {"value": "disagree"}, who=cast["participant"])[0] == 200
    assert api.put(f"{BASE}/posts/{mine['id']}/reactions/like", who=cast["other"])[0] in (200, 201)
    assert api.put(f"{BASE}/posts/{statement['id']}/flag", {"reason": "spam"}, who=me)[0] in (200, 201)
    # harvests a quote of the participant's post; the harvester harvests the subject's post
    status, harvested = api.post(f"{BASE}/posts/{statement['id']}/extracts",
                                 {"idea_id": idea, "start": 0, "end": 15, "nature": "proposal"}, who=me)
    assert status == 201, harvested
    status, quoted = api.post(f"{BASE}/posts/{mine['id']}/extracts",
                              {"idea_id": idea, "start": 0, "end": 27, "nature": "proposal"}, who=cast["harvester"])
    assert status == 201, quoted
    # votes, in a session they created themselves as an organiser
    assert api.post(f"{BASE}/members", {"email": EMAIL, "roles": ["moderator", "organiser"]}, who=org)[0] == 200
    v = Vote(api, {**cast, "organiser": me})
    proposal = v.proposal("Écoles")
    tokens, [pour] = v.tokens(budget=10, categories=("Préféré",))
    v.org = org  # results and exports: the debate's other organiser
    v.vote(me, proposal, tokens, {"tokens": {pour: 4}})
    v.vote(cast["participant"], proposal, tokens, {"tokens": {pour: 1}})
    # follows, then a synthesis that cites their words is published and mailed
    assert api.put(f"{BASE}/follow", who=me)[0] == 200
    status, draft = api.post(f"{BASE}/synthesis-drafts", {
        "title": {"fr": "Synthèse"}, "introduction": {"fr": "Intro."}, "conclusion": {"fr": "Fin."},
        "sections": [{"idea_id": idea, "text": {"fr": "Des trains [1]. Une affirmation [2]."},
                      "citations": [quoted["id"], harvested["id"]]}]}, who=org)
    assert status == 201, draft
    assert api.post(f"{BASE}/synthesis-drafts/{draft['id']}/publish", {"version": 1}, who=org)[0] in (200, 201)
    process_pending()
    return {"me": me, "mine": mine, "reply": reply, "statement": statement, "vote": v, "proposal": proposal,
            "tokens": tokens, "harvested": harvested, "regret": regret, "spam": spam}


def test_download_my_data_has_everything(api, cast, subject):
    data = export_all(api, subject["me"])
    assert data["user"]["email"] == EMAIL and data["user"]["display_name"] == NAME
    debate = data["debates"][SLUG]
    assert debate["title"]["fr"] == "Climat 2027"
    assert set(debate["membership"]["roles"]) == {"participant", "moderator", "organiser"}
    assert {p["id"] for p in debate["posts"]} == {subject["mine"]["id"], subject["reply"]["id"],
                                                  subject["regret"]["id"]}
    assert {p["body_text"] for p in debate["posts"]} >= {"Je propose des trains de nuit partout."}
    assert debate["reactions"] == [{"post_id": subject["statement"]["id"], "kind": "like", "value": "like",
                                    "at": debate["reactions"][0]["at"]}]
    assert [s["value"] for s in debate["stances"]] == ["agree"]
    assert [f["value"] for f in debate["flags"]] == ["spam"]
    assert [b["ballot"] for b in debate["ballots"]] == [{"tokens": {next(iter(debate["ballots"][0]["ballot"]["tokens"])): 4}}]
    assert [e["id"] for e in debate["extracts"]] == [subject["harvested"]["id"]]
    assert debate["following_since"] and len(debate["notifications"]) == 1
    actions = {(a["action"], a["by_me"], a["target"]) for a in debate["audit"]}
    assert ("set_roles", False, "me") in actions and ("delete_post", True, subject["spam"]["id"]) in actions, actions
    # Someone else's download has nothing of the subject.
    other = json.dumps(export_all(api, cast["other"]), ensure_ascii=False)
    assert EMAIL not in other and "trains de nuit" not in other


def test_export_pages_are_bounded_and_complete(api, cast, subject, monkeypatch):
    from chalicelib.services import accounts

    whole = export_all(api, subject["me"])
    monkeypatch.setattr(accounts, "EXPORT_PAGE_ITEMS", 3)
    paged = export_all(api, subject["me"])
    for key in ("posts", "reactions", "stances", "ballots", "extracts", "notifications"):
        assert sorted(json.dumps(x, sort_keys=True) for x in paged["debates"][SLUG][key]) == \
            sorted(json.dumps(x, sort_keys=True) for x in whole["debates"][SLUG][key]), key
    assert api.get("/me/data?cursor=bm9wZQ", who=subject["me"])[1]["error"]["code"] == "invalid_cursor"
    forged = accounts._encode({"d": f"{SLUG}#M#{cast['participant'].user_id}", "k": None})  # never a key separator
    assert api.get(f"/me/data?cursor={forged}", who=subject["me"])[1]["error"]["code"] == "invalid_cursor"
    assert api.get("/me/data")[0] == 401


def _exports(api, cast, subject, tmp_path, monkeypatch) -> str:
    """Every export an organiser can take: vote results and ballots (with identities), then the archive."""
    v = subject["vote"]
    texts = []
    for name in ("results.csv", "ballots.csv", "ballots.csv?identify=true"):
        response = api.client.http.get(f"{v.path}/exports/{name}", headers=v.org.headers)
        assert response.status_code == 200
        texts.append(response.body.decode("utf-8-sig") if isinstance(response.body, bytes) else response.body)
    for name in ("results.xlsx", "ballots.xlsx?identify=true"):
        response = api.client.http.get(f"{v.path}/exports/{name}", headers={**v.org.headers, "Accept": "*/*"})
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.body)) as book:
            texts += [book.read(member).decode("utf-8", "replace") for member in book.namelist()]
    monkeypatch.setenv("PALABRE_ARCHIVE_DIR", str(tmp_path))
    monkeypatch.delenv("PALABRE_ARCHIVE_BUCKET", raising=False)
    assert api.patch(BASE, {"status": "closed"}, who=cast["organiser"])[0] == 200
    assert api.post(f"{BASE}/archive", who=cast["organiser"])[0] == 200
    for path in sorted(tmp_path.rglob("*")):
        if path.is_file():
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(texts)


@pytest.mark.parametrize("policy", ["anonymise", "remove"])
def test_delete_my_account_leaves_no_residue(api, cast, subject, policy, tmp_path, monkeypatch):
    me, mine, statement = subject["me"], subject["mine"], subject["statement"]
    org = cast["organiser"]
    if policy == "remove":
        status, debate = api.patch(BASE, {"on_account_deletion": "remove"}, who=org)
        assert status == 200 and debate["on_account_deletion"] == "remove"
    # the summarizer has seen their activity (its state store is outside the table)
    from chalicelib.cli import moto_queries
    from chalicelib.services.summaries import summarize_debate

    moto_queries.install()
    moto_queries.install_json_reads()
    monkeypatch.setenv("PALABRE_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("PALABRE_SUMMARY_SETTLE_SECONDS", "0")
    monkeypatch.delenv("PALABRE_STATE_BUCKET", raising=False)
    assert summarize_debate(SLUG, force=True).processed
    before = api.get(BASE)[1]["counts"]
    results_before = {k: v for k, v in subject["vote"].results().items() if k != "generated_at"}

    status, error = api.delete("/me", who=me, body={"confirm": "someone@else.org"})
    assert status == 422 and error["error"]["code"] == "confirmation_mismatch"
    assert api.delete("/me", who=cast["other"], body={"confirm": EMAIL})[0] == 422  # only oneself
    status, result = api.delete("/me", who=me, body={"confirm": EMAIL.upper()})
    assert status == 200 and result == {"status": "deleted"}
    # the token of a deleted user is refused everywhere
    assert api.get("/me", who=me)[1]["error"]["code"] == "invalid_token"
    assert api.get("/me/data", who=me)[0] == 401
    assert api.delete("/me", who=me, body={"confirm": EMAIL})[0] == 401

    after = api.get(BASE)[1]["counts"]
    thread = api.get(f"{BASE}/posts/{mine['id']}/thread")[1]
    root = thread["items"][0] if isinstance(thread, dict) and "items" in thread else thread[0]
    if policy == "anonymise":
        assert root["author"] == {"id": None, "display_name": None, "deleted": True}
        assert root["body_text"] == "Je propose des trains de nuit partout."
        assert after["posts"] == before["posts"] and after["participants"] == before["participants"]
        assert after["stances"] == before["stances"]
        assert api.get(f"{BASE}/posts/{statement['id']}")[1]["reactions"]["like"] == 1
    else:
        assert root["state"] == "deleted" and root["body_text"] == "" and root["author"] is None
        assert after["posts"] == before["posts"] - 2 and after["participants"] == before["participants"] - 1
        assert after["stances"] == before["stances"] - 1
        got = api.get(f"{BASE}/posts/{statement['id']}")[1]
        assert got["reactions"]["like"] == 0 and got["stances"]["agree"] == 0
    # ballots are anonymous contributions: results stay exact under both policies
    assert {k: v for k, v in subject["vote"].results().items() if k != "generated_at"} == results_before
    ideas = api.get(f"{BASE}/ideas")[1]["items"]
    assert ideas[0]["counts"]["contributors"] == (3 if policy == "anonymise" else 2)

    table, exports = table_text(), _exports(api, cast, subject, tmp_path, monkeypatch)
    # the search does find people who are still there (the participant voted: identified in the ballots export)
    assert cast["participant"].email in table and cast["participant"].user_id in exports
    assert "Je propose des trains de nuit partout" in exports or policy == "remove"
    assert_no_residue(table, me, "the table")
    assert_no_residue(exports, me, "the exports")
    state = files_text(tmp_path / "state")
    from chalicelib.storage.keys import participant_pseudonym

    assert participant_pseudonym(SLUG, cast["participant"].user_id) in state  # the search reads the participant map
    assert_no_residue(state, me, "the summarizer's state store")
    # a new sign-in with the same address (a link sent after the deletion) is a brand-new account
    from tests.api.test_auth import deletion_was_a_second_ago

    deletion_was_a_second_ago(EMAIL)
    again = sign_in(EMAIL)
    assert again.user_id != me.user_id and api.get("/me/data", who=again)[1]["debates"] == []


def test_deletion_resumes_after_a_crash_and_in_the_background(api, cast, subject, monkeypatch):
    from chalicelib.services import accounts

    me = subject["me"]
    real = accounts._delete_item
    calls = {"n": 0}

    def crashing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("the function died here")
        return real(*args, **kwargs)

    monkeypatch.setattr(accounts, "_delete_item", crashing)
    with pytest.raises(RuntimeError):
        accounts.delete_account(me.user_id)
    assert api.get("/me", who=me)[0] == 401  # half-deleted: already refused
    monkeypatch.setattr(accounts, "_delete_item", real)
    assert accounts.delete_account(me.user_id, budget_seconds=0)["status"] == "deleting"
    assert accounts.continue_deletions(budget_seconds=30) == 1
    assert accounts.delete_account(me.user_id) == {"status": "deleted"}  # again: nothing left, still fine
    assert_no_residue(table_text(), me, "the table")
    counts = api.get(BASE)[1]["counts"]
    assert counts["posts"] == 4 and counts["stances"] == 2


def test_operator_deletes_by_email(api, cast, subject, capsys):
    from chalicelib.cli.main import delete_user

    assert delete_user(EMAIL) == 0
    assert "deleted" in capsys.readouterr().out
    assert_no_residue(table_text(), subject["me"], "the table")
    assert delete_user(EMAIL) == 0  # nobody left: says so


def test_consent_to_terms_before_contributing(api, cast):
    org, idea, person = cast["organiser"], cast["idea"]["id"], cast["other"]
    terms = {"version": "2026-01", "url": "https://example.org/cgu", "text": {"fr": "Vos contributions sont publiques."}}
    status, debate = api.patch(BASE, {"terms": terms}, who=org)
    assert status == 200 and debate["terms"]["version"] == "2026-01"
    assert api.patch(BASE, {"terms": {"version": "bad version!"}}, who=org)[0] == 422
    assert api.patch(BASE, {"terms": {"version": "v2", "url": "javascript:alert(1)"}}, who=org)[0] == 422
    debate = api.get(BASE, who=person)[1]
    assert debate["terms"]["text"]["fr"] == "Vos contributions sont publiques." and debate["my_consent"] is None
    status, error = api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Sans consentement"}, who=person)
    assert status == 403 and error["error"]["code"] == "consent_required"
    assert api.put(f"{BASE}/consent", {"version": "2025-12"}, who=person)[1]["error"]["code"] == "terms_changed"
    assert api.put(f"{BASE}/consent", {"version": "2026-01"})[0] == 401
    status, consent = api.put(f"{BASE}/consent", {"version": "2026-01"}, who=person)
    assert status == 200 and consent["consent"]["terms_version"] == "2026-01"
    assert api.get(BASE, who=person)[1]["my_consent"]["terms_version"] == "2026-01"
    status, post = api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Avec consentement"}, who=person)
    assert status == 201, post
    data = export_all(api, person)["debates"][SLUG]
    assert data["consent"]["terms_version"] == "2026-01" and data["consent"]["accepted_at"]
    # new terms: consent again before the next contribution
    api.patch(BASE, {"terms": {**terms, "version": "2026-02"}}, who=org)
    status, error = api.put(f"{BASE}/posts/{post['id']}/reactions/like", who=person)
    assert status == 403 and error["error"]["code"] == "consent_required"
    status, error = api.patch(f"{BASE}/posts/{post['id']}", {"body": "Réécrit sous les nouvelles conditions"},
                              who=person)
    assert status == 403 and error["error"]["code"] == "consent_required"  # an edit publishes new text
    assert get_post_body(api, post["id"]) == "Avec consentement"
    assert api.put(f"{BASE}/consent", {"version": "2026-02"}, who=person)[0] == 200
    assert api.put(f"{BASE}/posts/{post['id']}/reactions/like", who=person)[0] in (200, 201)
    assert api.patch(f"{BASE}/posts/{post['id']}", {"body": "Réécrit, conditions acceptées"}, who=person)[0] == 200
    # without terms (null removes them), nobody is asked
    status, debate = api.patch(BASE, {"terms": None}, who=org)
    assert status == 200 and debate["terms"] is None
    assert api.post(f"{BASE}/ideas/{idea}/posts", {"body": "Sans conditions"}, who=cast["participant"])[0] == 201


def get_post_body(api, post_id: str) -> str:
    status, post = api.get(f"{BASE}/posts/{post_id}")
    assert status == 200, post
    return post["body_text"]


def test_no_terms_no_consent_needed(api, cast):
    assert api.put(f"{BASE}/consent", {"version": "1"}, who=cast["other"])[1]["error"]["code"] == "no_terms"
    assert api.post(f"{BASE}/ideas/{cast['idea']['id']}/posts", {"body": "Libre"}, who=cast["other"])[0] == 201
    assert api.patch(BASE, {"on_account_deletion": "erase"}, who=cast["organiser"])[0] == 422


def test_data_written_before_the_personal_index_is_found_after_the_backfill(api, cast, subject):
    """Older data had no U#/DEB# items nor pointers: `palabre index-personal-data` (one Scan) adds them, then the
    export and the deletion find everything."""
    import boto3

    from chalicelib.domain import clock
    from chalicelib.services import accounts
    from chalicelib.storage.accounts_repo import backfill_personal_index
    from chalicelib.storage.models import Entity

    client = boto3.client("dynamodb")
    legacy = 0
    for page in client.get_paginator("scan").paginate(TableName=Entity.Meta.table_name):
        for item in page["Items"]:
            if item["sk"]["S"].startswith(("DEB#", "W#")):
                client.delete_item(TableName=Entity.Meta.table_name, Key={"pk": item["pk"], "sk": item["sk"]})
                legacy += 1
    assert legacy > 5
    me = subject["me"]
    # an identity-provider account from before `lookups` was recorded on the user
    from chalicelib.storage import keys
    from chalicelib.storage.models import Lookup, User

    idp = keys.idp_lookup("https://idp.example.org", "subject-7")
    Lookup(idp, keys.LOOKUP_SK, user_id=me.user_id).save()
    assert export_all(api, me)["debates"] == {}  # nothing reachable any more
    counts = backfill_personal_index(clock.now_iso())
    assert counts["posts"] >= 5 and counts["extracts"] == 2
    data = export_all(api, me)["debates"][SLUG]
    assert {p["id"] for p in data["posts"]} == {subject["mine"]["id"], subject["reply"]["id"], subject["regret"]["id"]}
    assert backfill_personal_index(clock.now_iso()) == counts  # again: the same keys, nothing new
    assert User.get(keys.user(me.user_id), keys.USER_SK).lookups == sorted([keys.email_lookup(EMAIL), idp])
    assert accounts.delete_account(me.user_id) == {"status": "deleted"}
    assert_no_residue(table_text(), me, "the table")
    assert Lookup.get(idp, keys.LOOKUP_SK).user_id == ""  # a tombstone for a day
