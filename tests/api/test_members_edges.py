"""Member removal and the invite list at their edges: a creator's retried POST, mail to followers who lost their
place, a debate turned private, two organisers demoting each other, a removed moderator's data, roles given during
an account deletion, forged cursors; and what a removed member of a private debate can still reach (nothing).
(Found by trying to break the feature; docs/data-model.md patterns 6, 7, 7b, 35, 40 and "Personal data".)"""
from __future__ import annotations

import base64
import glob
import json
import os

from tests.api.cast_snapshot import cast  # noqa: F401,F811 - the same cast, restored from a snapshot (faster)
from tests.api.support import BASE, assert_error, new_post
from tests.helpers import sign_in

MEMBERS = f"{BASE}/members"


def _private(api, organiser, slug: str) -> str:
    status, data = api.post("/debates", {"slug": slug, "languages": ["fr"], "default_language": "fr",
                                         "title": {"fr": "Privé"}, "visibility": "private"}, who=organiser)
    assert status == 201, data
    return f"/debates/{slug}"


def _listed(api, organiser, base: str = BASE) -> set[str]:
    """Everyone the organisers can see: the staff list and the invite list."""
    people = set()
    for query in ("", "?group=invited"):
        status, page = api.get(f"{base}/members{query}", who=organiser)
        assert status == 200, page
        people |= {m["user_id"] for m in page["items"]}
    return people


def _publish_synthesis(api, cast) -> None:
    """The organiser harvests a post and publishes a synthesis citing it (a notification job for the followers)."""
    organiser, idea = cast["organiser"], cast["idea"]["id"]
    post = new_post(api, organiser, idea, "Il faut plus de trains régionaux.")
    status, extract = api.post(f"{BASE}/posts/{post['id']}/extracts",
                               {"idea_id": idea, "start": 0, "end": 20, "nature": "proposal"}, who=organiser)
    assert status == 201, extract
    status, draft = api.post(f"{BASE}/synthesis-drafts", {
        "title": {"fr": "Synthèse confidentielle"}, "introduction": {"fr": "Intro."}, "conclusion": {"fr": "Fin."},
        "sections": [{"idea_id": idea, "text": {"fr": "Des trains [1]."}, "citations": [extract["id"]]}]},
        who=organiser)
    assert status == 201, draft
    status, publication = api.post(f"{BASE}/synthesis-drafts/{draft['id']}/publish", {"version": 1}, who=organiser)
    assert status == 201, publication


def _synthesis_mails(outbox_dir: str, to: str) -> int:
    count = 0
    for path in glob.glob(os.path.join(outbox_dir, "*.json")):
        with open(path, encoding="utf-8") as handle:
            message = json.load(handle)
        count += message["to"] == to and "synth" in message["subject"].lower()
    return count


# --- a removed debate creator does not take the organiser role back --------------------------------------------

def test_a_removed_creator_cannot_take_the_organiser_role_back_by_creating_the_debate_again(api, cast):
    """A creator's POST /debates with their debate's slug is a retry: it answers the debate as it stands and gives
    no role back (the creator's place is written with the debate, in one transaction), so a creator a co-organiser
    removed stays removed; to them the private debate's slug is simply taken."""
    from chalicelib.services import identity

    organiser = cast["organiser"]
    creator = sign_in("createur@example.org")
    identity.grant_platform_organiser(creator.email)
    base = _private(api, creator, "cree-par-b")
    assert api.post(f"{base}/members", {"email": organiser.email, "roles": ["organiser"]}, who=creator)[0] == 200
    assert api.delete(f"{base}/members/{creator.user_id}", who=organiser)[0] == 200
    assert api.get(base, who=creator)[0] == 404

    again = {"slug": "cree-par-b", "languages": ["fr"], "default_language": "fr", "title": {"fr": "Privé"},
             "visibility": "private"}
    assert_error(*api.post("/debates", again, who=creator), 409, "slug_taken")
    status, seen = api.get(base, who=creator)
    assert status == 404, ("the removed creator is back", seen.get("my_roles"))
    assert creator.user_id not in _listed(api, organiser, base)
    # a creator demoted (not removed) who retries gets the debate as it stands: still a moderator
    assert api.post(f"{base}/members", {"email": creator.email, "roles": ["moderator"]}, who=organiser)[0] == 200
    status, debate = api.post("/debates", again, who=creator)
    assert status == 201 and debate["slug"] == "cree-par-b", debate
    assert debate["my_roles"] == ["participant", "moderator"]
    assert api.get(base, who=creator)[1]["my_roles"] == ["participant", "moderator"]


# --- nobody is mailed about a private debate they may not read -------------------------------------------------

def test_a_person_removed_from_a_public_debate_is_not_mailed_once_it_is_private(api, cast, outbox_dir):
    """Removal from a public debate keeps the follow (anyone may follow a public debate); once the debate is private,
    the person (404 there) is not mailed its syntheses: the mailer checks each follower's place in a private
    debate."""
    from chalicelib.services.notifications import process_pending

    organiser, harvester = cast["organiser"], cast["harvester"]
    assert api.put(f"{BASE}/follow", who=harvester)[0] == 200
    assert api.delete(f"{MEMBERS}/{harvester.user_id}", who=organiser)[0] == 200
    assert api.patch(BASE, {"visibility": "private"}, who=organiser)[0] == 200
    assert api.get(BASE, who=harvester)[0] == 404  # no access any more...
    before = _synthesis_mails(outbox_dir, harvester.email)
    _publish_synthesis(api, cast)
    process_pending()
    assert _synthesis_mails(outbox_dir, harvester.email) == before  # ...so no mail about it either


def test_a_person_removed_from_a_private_debate_is_not_mailed_after_it_went_public_and_back(api, cast, outbox_dir):
    """Removed while private (follow dropped), followed again while the debate was public, the debate private again:
    no mail."""
    from chalicelib.services.notifications import process_pending

    organiser, person = cast["organiser"], cast["participant"]
    assert api.patch(BASE, {"visibility": "private"}, who=organiser)[0] == 200
    assert api.post(MEMBERS, {"email": person.email, "roles": ["participant"]}, who=organiser)[0] == 200
    assert api.delete(f"{MEMBERS}/{person.user_id}", who=organiser)[0] == 200
    assert api.patch(BASE, {"visibility": "public"}, who=organiser)[0] == 200
    assert api.put(f"{BASE}/follow", who=person)[0] == 200
    assert api.patch(BASE, {"visibility": "private"}, who=organiser)[0] == 200
    assert api.get(BASE, who=person)[0] == 404
    before = _synthesis_mails(outbox_dir, person.email)
    _publish_synthesis(api, cast)
    process_pending()
    assert _synthesis_mails(outbox_dir, person.email) == before


# --- public -> private: only the people organisers named keep reading -------------------------------------------

def test_switching_a_debate_to_private_leaves_no_reader_the_organisers_cannot_see(api, cast):
    """Those who took part while the debate was public (a post, a follow) have a Member record no organiser gave: once
    the debate is private they do not read it; whoever reads it is on the staff or the invite list."""
    organiser, participant, other = cast["organiser"], cast["participant"], cast["other"]
    new_post(api, participant, cast["idea"]["id"])
    assert api.put(f"{BASE}/follow", who=other)[0] == 200  # merely following is enough
    assert api.patch(BASE, {"visibility": "private"}, who=organiser)[0] == 200
    listed = _listed(api, organiser)
    for person in (participant, other):
        can_read = api.get(BASE, who=person)[0] == 200
        assert not can_read or person.user_id in listed, (person.email, "reads the private debate, unlisted")


# --- two organisers removing each other leave one ----------------------------------------------------------------

def test_two_organisers_removing_each_other_at_once_leave_an_organiser(api, cast, monkeypatch):
    """A removes B while B removes A: each removal checks, in its transaction, that its author still is an organiser,
    so one of them fails and the debate keeps an organiser."""
    from chalicelib.storage import members_repo

    a = cast["organiser"]
    b = sign_in("orga-b@example.org")
    assert api.post(MEMBERS, {"email": b.email, "roles": ["organiser"]}, who=a)[0] == 200
    real = members_repo.remove
    raced = []

    def b_removes_a_meanwhile(slug, user_id, **kwargs):
        if not raced:
            raced.append(None)
            raced[0] = api.delete(f"{MEMBERS}/{a.user_id}", who=b)[0]
        return real(slug, user_id, **kwargs)

    monkeypatch.setattr(members_repo, "remove", b_removes_a_meanwhile)
    second = api.delete(f"{MEMBERS}/{b.user_id}", who=a)[0]
    monkeypatch.setattr(members_repo, "remove", real)
    assert raced == [200]
    roles = [api.get(BASE, who=who)[1].get("my_roles", []) for who in (a, b)]
    assert any("organiser" in r for r in roles), ("no organiser left", second, roles)


# --- GDPR export of a removed staff member ----------------------------------------------------------------------

def test_the_data_of_a_removed_moderator_still_has_the_audit_entries_naming_them(api, cast):
    """GET /me/data holds the audit entries naming the person (what they did, roles given or taken) for anyone an
    organiser acted on, a removed moderator included."""
    from tests.api.test_gdpr import export_all

    organiser, moderator = cast["organiser"], cast["moderator"]
    post = new_post(api, cast["participant"], cast["idea"]["id"])
    assert api.post(f"{BASE}/posts/{post['id']}/moderation", {"state": "rejected", "reason": "hors sujet"},
                    who=moderator)[0] == 200
    before = export_all(api, moderator)["debates"]["climat-2027"].get("audit") or []
    assert any(e["by_me"] and e["action"] == "moderate_rejected" for e in before), before
    assert api.delete(f"{MEMBERS}/{moderator.user_id}", who=organiser)[0] == 200
    after = export_all(api, moderator)["debates"]["climat-2027"].get("audit") or []
    assert any(e["by_me"] and e["action"] == "moderate_rejected" for e in after), after


# --- roles given during an account deletion ---------------------------------------------------------------------

def test_roles_given_while_the_account_is_being_deleted_leave_no_residue(api, cast, monkeypatch):
    """Roles given (PUT) while the person's account is being deleted are refused (the change checks the account in
    its transaction): nothing naming them outlives the deletion."""
    from chalicelib.storage import accounts_repo
    from tests.api.test_gdpr import table_text

    organiser = cast["organiser"]
    me = sign_in("en-suppression@example.org")
    assert api.post(MEMBERS, {"email": me.email, "roles": ["participant"]}, who=organiser)[0] == 200
    assert api.delete(f"{MEMBERS}/{me.user_id}", who=organiser)[0] == 200
    real, given = accounts_repo.user_items, []

    def invited_back_meanwhile(user_id):
        if not given:
            given.append(api.put(f"{MEMBERS}/{me.user_id}", {"roles": ["moderator"]}, who=organiser)[0])
        return real(user_id)

    monkeypatch.setattr(accounts_repo, "user_items", invited_back_meanwhile)
    assert api.call("DELETE", "/me", {"confirm": me.email}, who=me) == (200, {"status": "deleted"})
    monkeypatch.setattr(accounts_repo, "user_items", real)
    assert me.user_id not in _listed(api, organiser), ("a deleted account on the staff list", given)
    assert me.user_id not in table_text()


# --- a forged cursor that is not a whole key -------------------------------------------------------------------

def test_an_invite_list_cursor_that_is_not_a_whole_key_is_refused(api, cast):
    """A cursor must be a whole key of its list (here pk, sk, gsi1pk, gsi1sk): a forged partial one is 400, not a
    start key DynamoDB would refuse (500)."""
    organiser = cast["organiser"]
    assert api.post(MEMBERS, {"email": "invite@example.org", "roles": ["participant"]}, who=organiser)[0] == 200
    for key in ({"gsi1pk": {"S": "D#climat-2027#INVITED"}},
                {"gsi1pk": {"S": "D#climat-2027#INVITED"}, "gsi1sk": {"S": ""}}):
        cursor = base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")
        assert_error(*api.get(f"{MEMBERS}?group=invited&cursor={cursor}", who=organiser), 400, "invalid_cursor")


# --- a removed member is an outsider; a public debate's removed member is anyone ------------------------------

def test_held_a_removed_member_of_a_private_debate_is_an_outsider_everywhere(api, cast):
    organiser = cast["organiser"]
    base = _private(api, organiser, "prive-sweep")
    _, idea = api.post(f"{base}/ideas", {"title": {"fr": "Sujet"}}, who=organiser)
    me, outsider = sign_in("sweep@example.org"), sign_in("dehors@example.org")
    assert api.post(f"{base}/members", {"email": me.email, "roles": ["harvester"]}, who=organiser)[0] == 200
    post = new_post(api, me, idea["id"], slug="prive-sweep", statement=True)
    _, extract = api.post(f"{base}/posts/{post['id']}/extracts",
                          {"idea_id": idea["id"], "start": 0, "end": 5, "nature": "proposal"}, who=me)
    assert api.delete(f"{base}/members/{me.user_id}", who=organiser)[0] == 200
    for path in ("", "/ideas", f"/ideas/{idea['id']}/posts", f"/posts/{post['id']}", f"/posts/{post['id']}/thread",
                 f"/posts/{post['id']}/extracts", f"/ideas/{idea['id']}/extracts", "/syntheses", "/syntheses.atom",
                 "/syntheses/1", "/summaries", "/summaries/latest", "/vote-sessions", "/follow", "/members",
                 "/members?group=invited", "/synthesis-drafts", "/audit"):
        assert api.get(base + path, who=me) == api.get(base + path, who=outsider), path
    for method, path, body in (("PUT", f"/posts/{post['id']}/stance", {"value": "agree"}),
                               ("PUT", f"/posts/{post['id']}/reactions/like", None),
                               ("PUT", f"/posts/{post['id']}/flag", {"reason": "spam"}),
                               ("PATCH", f"/posts/{post['id']}", {"body": "édité"}),
                               ("DELETE", f"/posts/{post['id']}", None),
                               ("PATCH", f"/extracts/{extract['id']}", {"nature": "issue"}),
                               ("DELETE", f"/extracts/{extract['id']}", None),
                               ("PUT", "/consent", {"version": "1"}),
                               ("POST", f"/posts/{post['id']}/replies", {"body": "x"})):
        assert api.call(method, base + path, body, who=me)[0] == 404, (method, path)


def test_held_removed_from_a_public_debate_then_contributing(api, cast):
    organiser, harvester = cast["organiser"], cast["harvester"]
    assert api.delete(f"{MEMBERS}/{harvester.user_id}", who=organiser)[0] == 200
    post = new_post(api, harvester, cast["idea"]["id"], statement=True)
    assert api.put(f"{BASE}/posts/{post['id']}/stance", {"value": "agree"}, who=harvester)[0] == 200
    assert api.get(BASE, who=harvester)[1]["my_roles"] == []  # roles stay empty
    counts = api.get(BASE, who=organiser)[1]["counts"]
    assert (counts["posts"], counts["participants"], counts["stances"]) == (1, 1, 1)
    assert harvester.user_id not in _listed(api, organiser)
    assert_error(*api.post(f"{BASE}/posts/{post['id']}/extracts", {"idea_id": cast["idea"]["id"], "start": 0,
                                                                   "end": 5, "nature": "proposal"}, who=harvester),
                 403, "forbidden")
    for user_id in ("x" * 3000, "💥", "a%2Fb"):
        assert_error(*api.delete(f"{MEMBERS}/{user_id}", who=organiser), 404, "not_found")
