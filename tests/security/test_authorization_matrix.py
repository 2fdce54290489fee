"""The authorization matrix: every route of the app (generated from `app.app.routes`, OPTIONS aside) x caller x
target -> expected status; no answer may carry an id or slug of another debate (other than those the caller sent),
nor another person's email unless the caller organises the debate.

Callers: anonymous, participant, harvester, moderator, organiser (members of the target debate, see
tests/security/world.py), organiser of another debate, member of another debate.
Targets: `public` (sec-public), `private` (sec-private), `foreign_path` (sec-public in the path, ids of sec-other —
another, private, debate — in the path), `foreign_body` (sec-public and its ids in the path, sec-other's ids in
the body or query).

A route without a row in ROWS fails the suite (see `test_every_route_has_a_row` and the `<no row>` cases); a row
whose route is gone fails too. To add a route: add a Row (method, path, need, ok status, builder). The expected
status of each case comes from `expected()` (the row's `need` against the caller's role) unless the row names it in
`foreign` or `special`. `python -m tests.security.test_authorization_matrix` prints the whole table."""
from __future__ import annotations

import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field
from typing import Callable

import pytest

from tests.security.world import OTHER, PRIVATE, PUBLIC, DebateCtx, World

CALLERS = ("anonymous", "participant", "harvester", "moderator", "organiser", "other_organiser", "other_member")
OUTSIDERS = ("other_organiser", "other_member")
# What each caller may do in sec-public / sec-private (outsiders: the rights a signed-in non-member has in a public
# debate, i.e. a participant's).
LEVEL = {"anonymous": 0, "participant": 2, "harvester": 3, "moderator": 4, "organiser": 5,
         "other_organiser": 2, "other_member": 2}
NEED = {"read": 0, "signed": 1, "member": 2, "harvester": 3, "moderator": 4, "organiser": 5}


class Target:
    """Where a case points: the slug in the path, the debate whose ids go in the path (`p`) and in the body (`b`)."""

    def __init__(self, world: World, kind: str):
        self.world, self.kind = world, kind
        home = PRIVATE if kind == "private" else PUBLIC
        self.home: DebateCtx = world.debates[home]
        self.slug = home
        self.p = world.debates[OTHER] if kind == "foreign_path" else self.home
        self.b = world.debates[OTHER] if kind == "foreign_body" else self.home
        self.base = f"/debates/{self.slug}"

    @property
    def own_path(self) -> bool:
        return self.p is self.home

    # Fresh objects for routes that destroy or use up what they act on: created in the target debate; under
    # foreign_path the foreign debate's existing object is used instead (nothing is ever created in sec-other).
    def fresh_post(self) -> str:
        return self.world.new_post(self.home) if self.own_path else self.p.post

    def fresh_idea(self) -> str:
        return self.world.new_idea(self.home) if self.own_path else self.p.idea

    def fresh_extract(self) -> str:
        return self.world.new_extract(self.home) if self.own_path else self.p.extract

    def fresh_suggestion(self) -> str:
        return self.world.new_suggestion(self.home) if self.own_path else self.p.extract

    def fresh_draft(self) -> str:
        return self.world.new_draft(self.home) if self.own_path else self.p.draft

    def fresh_proposal(self) -> str:
        return self.world.new_proposal(self.home) if self.own_path else self.p.proposal_up

    def fresh_module(self) -> str:
        return self.world.new_module(self.home) if self.own_path else self.p.module_up

    def vs(self, up: bool = False) -> str:
        return f"{self.base}/vote-sessions/{self.p.session_up if up else self.p.session}"


# -> (path, body), (path, body, headers) or (path, body, headers, [ids the caller supplied earlier, e.g. in a draft])
Build = Callable[[World, Target], tuple]


@dataclass
class Row:
    method: str
    path: str
    need: str                 # read | signed | member | author | author_or_moderator | harvester | moderator |
    #                           organiser | platform_organiser | anyone (no debate, no sign-in needed)
    ok: int
    build: Build
    foreign: dict[str, int] = field(default_factory=dict)  # foreign_path / foreign_body -> status for the allowed
    special: dict[tuple[str, str], int] = field(default_factory=dict)  # (caller, target) -> status
    debate: bool = True       # False: not about one debate (target "none")
    own_data: bool = False    # the caller's own data across debates: ids are allowed only where their items hold them

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path

    def targets(self) -> list[str]:
        if not self.debate:
            return ["none"]
        return ["public", "private", *self.foreign]


def expected(row: Row, caller: str, target: str) -> int:
    if (caller, target) in row.special:
        return row.special[(caller, target)]
    if not row.debate:
        if row.need == "anyone":
            return row.ok
        if caller == "anonymous":
            return 401
        if row.need == "platform_organiser" and caller not in ("organiser", "other_organiser"):
            return 403
        return row.ok
    reads = row.need == "read"
    if caller == "anonymous":
        if not reads:
            return 401          # every route beyond reading needs a sign-in, refused before the debate is loaded
        return 404 if target == "private" else row.foreign.get(target, row.ok)
    if target == "private" and caller in OUTSIDERS:
        return 404              # a private debate does not exist for non-members
    level = LEVEL[caller]
    if row.need == "author":
        allowed = level >= 2 and (caller == "participant" or target in row.foreign)
    elif row.need == "author_or_moderator":
        allowed = caller == "participant" or level >= 4 or (level >= 2 and target in row.foreign)
    else:
        allowed = level >= NEED[row.need]
    if not allowed:
        return 403
    return row.foreign.get(target, row.ok)


# --- the rows -----------------------------------------------------------------------------------------------------

def _signin_token(w, t):
    from chalicelib.auth import tokens

    return tokens.issue_signin_token(f"sec-new-{uuid.uuid4().hex[:10]}@example.org", None)


def _unsubscribe(w, t):
    from chalicelib.services.notifications import unsubscribe_token

    return unsubscribe_token(PUBLIC, w.people["participant"].user_id)


def _order(w: World, t: Target):
    ids = w.proposal_ids(t.home, t.home.session_up)
    if t.kind == "foreign_body":
        ids = [*ids, t.b.proposal_up]
    return ids


def _draft_save(w: World, t: Target):
    version = w.draft_version(t.home, t.home.draft) if t.own_path else 1
    return (f"{t.base}/synthesis-drafts/{t.p.draft}",
            {"version": version, "title": {"fr": "Synthèse"},
             "sections": [{"idea_id": t.b.idea, "text": {"fr": "Des trains [1]."}, "citations": [t.home.extract]}]})


def _publish(w: World, t: Target):
    if t.kind == "foreign_body":  # an own draft citing the other debate's extract (the caller wrote that id in)
        draft = w.new_draft(t.home, citations=[t.b.extract])
        return f"{t.base}/synthesis-drafts/{draft}/publish", {"version": 1}, None, [t.b.extract]
    return f"{t.base}/synthesis-drafts/{t.fresh_draft()}/publish", {"version": 1}


def _split(w: World, t: Target):
    body = {"title": {"fr": "Nouvelle"}}
    if t.kind == "foreign_body":
        body |= {"post_ids": [t.b.post], "extract_ids": [t.b.extract]}
    return f"{t.base}/ideas/{t.p.idea}/split", body


def _merge(w: World, t: Target):
    source = t.fresh_idea()
    into = t.b.idea if t.kind == "foreign_body" else w.new_idea(t.home)
    return f"{t.base}/ideas/{source}/merge", {"into_id": into}


def _move_thread(w: World, t: Target):
    return f"{t.base}/posts/{t.fresh_post()}/move", {"idea_id": t.b.idea2}


def _harvest(w: World, t: Target):
    return (f"{t.base}/posts/{t.p.post}/extracts",
            {"idea_id": t.b.idea, "paraphrase": f"Reformulation {uuid.uuid4().hex}", "nature": "proposal"})


def _override(w: World, t: Target):
    return f"{t.vs(up=True)}/modules/{t.p.module_up}/overrides/{t.p.proposal_up}"


def _ballot(w: World, t: Target):
    return f"{t.vs()}/proposals/{t.p.proposal}/ballots/{t.p.module}"


def _new_member(w: World, t: Target):
    from tests.helpers import sign_in

    person = sign_in(f"sec-member-{uuid.uuid4().hex[:10]}@example.org")
    organiser = t.home.organiser
    assert w.api.post(f"{t.base}/members", {"email": person.email, "roles": ["participant"]}, who=organiser)[0] == 200
    return person.user_id


NF = 404
ROWS: list[Row] = [
    # --- no debate ------------------------------------------------------------------------------------------------
    Row("GET", "/health", "anyone", 200, lambda w, t: ("/health", None), debate=False),
    Row("GET", "/health/db", "anyone", 200, lambda w, t: ("/health/db", None), debate=False),
    Row("GET", "/openapi.json", "anyone", 200, lambda w, t: ("/openapi.json", None), debate=False),
    Row("POST", "/auth/email-link", "anyone", 202,
        lambda w, t: ("/auth/email-link", {"email": f"sec-{uuid.uuid4().hex[:8]}@example.org"}), debate=False),
    Row("POST", "/auth/session", "anyone", 200, lambda w, t: ("/auth/session", {"token": _signin_token(w, t)}),
        debate=False),
    Row("GET", "/me", "signed", 200, lambda w, t: ("/me", None), debate=False),
    Row("PATCH", "/me", "signed", 200, lambda w, t: ("/me", {"display_name": "Nom de test"}), debate=False),
    # GDPR: only ever the caller's own data (no id in the path or body names anyone else). A deletion needs the
    # caller's own email typed in: with another address it is refused (the real deletion: tests/api/test_gdpr.py).
    Row("GET", "/me/data", "signed", 200, lambda w, t: ("/me/data", None), debate=False, own_data=True),
    # the caller's own debates (their U# index): slugs of the debates they have a place in, nobody else's
    Row("GET", "/me/debates", "signed", 200, lambda w, t: ("/me/debates", None), debate=False, own_data=True),
    Row("DELETE", "/me", "signed", 422, lambda w, t: ("/me", {"confirm": "organiser@sec.example.org"}),
        debate=False),
    Row("GET", "/unsubscribe", "anyone", 200, lambda w, t: (f"/unsubscribe?token={_unsubscribe(w, t)}", None),
        debate=False),
    Row("GET", "/debates", "anyone", 200, lambda w, t: ("/debates", None), debate=False),
    Row("POST", "/debates", "platform_organiser", 201,
        lambda w, t: ("/debates", {"slug": f"sec-new-{uuid.uuid4().hex[:8]}", "languages": ["fr"],
                                   "default_language": "fr", "title": {"fr": "Nouveau"}}), debate=False),
    # --- debates and members -------------------------------------------------------------------------------------
    Row("GET", "/debates/{slug}", "read", 200, lambda w, t: (t.base, None)),
    Row("PATCH", "/debates/{slug}", "organiser", 200,
        lambda w, t: (t.base, {"description": {"fr": "Consultation, modifiée."}})),
    Row("GET", "/debates/{slug}/members", "moderator", 200, lambda w, t: (f"{t.base}/members", None)),
    Row("POST", "/debates/{slug}/members", "organiser", 200,
        lambda w, t: (f"{t.base}/members", {"email": f"sec-{uuid.uuid4().hex[:8]}@example.org",
                                             "roles": ["harvester"]})),
    # the matrix's debates are open: an organiser is let through and told to close the debate first (409); the
    # archive of a closed debate is tested in tests/api
    Row("POST", "/debates/{slug}/archive", "organiser", 409, lambda w, t: (f"{t.base}/archive", None)),
    # user ids are global (not a debate's): a member of the other debate is as good a target as anyone
    Row("PUT", "/debates/{slug}/members/{user_id}", "organiser", 200,
        lambda w, t: (f"{t.base}/members/{_new_member(w, t)}", {"roles": ["harvester"]})),
    Row("DELETE", "/debates/{slug}/members/{user_id}", "organiser", 200,
        lambda w, t: (f"{t.base}/members/{_new_member(w, t)}", None)),
    # --- ideas ---------------------------------------------------------------------------------------------------
    Row("GET", "/debates/{slug}/ideas", "read", 200, lambda w, t: (f"{t.base}/ideas", None)),
    Row("POST", "/debates/{slug}/ideas", "moderator", 201,
        lambda w, t: (f"{t.base}/ideas", {"title": {"fr": "Sous-idée"}, "parent_id": t.b.idea}),
        foreign={"foreign_body": 422}),
    Row("PATCH", "/debates/{slug}/ideas/{idea_id}", "moderator", 200,
        lambda w, t: (f"{t.base}/ideas/{t.p.idea2}", {"description": {"fr": "Se loger."}}),
        foreign={"foreign_path": NF}),
    Row("POST", "/debates/{slug}/ideas/{idea_id}/move", "moderator", 200,
        lambda w, t: (f"{t.base}/ideas/{t.fresh_idea()}/move", {"parent_id": t.b.idea2, "position": 0}),
        foreign={"foreign_path": NF, "foreign_body": 422}),
    # curation answers 422 for an unknown source idea (it checks it like a body field)
    Row("POST", "/debates/{slug}/ideas/{idea_id}/split", "moderator", 201, _split,
        foreign={"foreign_path": 422, "foreign_body": 422}),
    Row("POST", "/debates/{slug}/ideas/{idea_id}/merge", "moderator", 200, _merge,
        foreign={"foreign_path": NF, "foreign_body": 422}),
    Row("GET", "/debates/{slug}/ideas/{idea_id}/posts", "read", 200,
        lambda w, t: (f"{t.base}/ideas/{t.p.idea}/posts", None), foreign={"foreign_path": NF}),
    Row("POST", "/debates/{slug}/ideas/{idea_id}/posts", "member", 201,
        lambda w, t: (f"{t.base}/ideas/{t.p.idea}/posts", {"body": "Une idée de plus."}),
        foreign={"foreign_path": NF}),
    Row("GET", "/debates/{slug}/ideas/{idea_id}/extracts", "read", 200,
        lambda w, t: (f"{t.base}/ideas/{t.p.idea}/extracts", None), foreign={"foreign_path": NF}),
    # --- posts ---------------------------------------------------------------------------------------------------
    Row("GET", "/debates/{slug}/posts/{post_id}", "read", 200, lambda w, t: (f"{t.base}/posts/{t.p.post}", None),
        foreign={"foreign_path": NF}),
    Row("GET", "/debates/{slug}/posts/{post_id}/thread", "read", 200,
        lambda w, t: (f"{t.base}/posts/{t.p.post}/thread", None), foreign={"foreign_path": NF}),
    Row("POST", "/debates/{slug}/posts/{post_id}/replies", "member", 201,
        lambda w, t: (f"{t.base}/posts/{t.p.post}/replies", {"body": "Une réponse."}), foreign={"foreign_path": NF}),
    Row("PATCH", "/debates/{slug}/posts/{post_id}", "author", 200,
        lambda w, t: (f"{t.base}/posts/{t.p.post}", {"body": "Des trains de nuit entre les grandes villes."}),
        foreign={"foreign_path": NF}),
    Row("DELETE", "/debates/{slug}/posts/{post_id}", "author_or_moderator", 200,
        lambda w, t: (f"{t.base}/posts/{t.fresh_post()}", None), foreign={"foreign_path": NF}),
    Row("POST", "/debates/{slug}/posts/{post_id}/moderation", "moderator", 200,
        lambda w, t: (f"{t.base}/posts/{t.p.post}/moderation", {"state": "published"}),
        foreign={"foreign_path": NF}),
    Row("POST", "/debates/{slug}/posts/{post_id}/move", "moderator", 200, _move_thread,
        foreign={"foreign_path": NF, "foreign_body": 422}),
    Row("PUT", "/debates/{slug}/posts/{post_id}/reactions/{kind}", "member", 200,
        lambda w, t: (f"{t.base}/posts/{t.p.post}/reactions/like", None), foreign={"foreign_path": NF}),
    Row("DELETE", "/debates/{slug}/posts/{post_id}/reactions/{kind}", "member", 200,
        lambda w, t: (f"{t.base}/posts/{t.p.post}/reactions/more_info", None), foreign={"foreign_path": NF}),
    Row("PUT", "/debates/{slug}/posts/{post_id}/stance", "member", 200,
        lambda w, t: (f"{t.base}/posts/{t.p.post}/stance", {"value": "agree"}), foreign={"foreign_path": NF}),
    # the participant wrote the flagged post: one cannot flag one's own post
    Row("PUT", "/debates/{slug}/posts/{post_id}/flag", "member", 200,
        lambda w, t: (f"{t.base}/posts/{t.p.post}/flag", {"reason": "off_topic"}), foreign={"foreign_path": NF},
        special={("participant", "public"): 409, ("participant", "private"): 409}),
    # --- moderation ----------------------------------------------------------------------------------------------
    Row("GET", "/debates/{slug}/moderation/queue", "moderator", 200,
        lambda w, t: (f"{t.base}/moderation/queue", None)),
    Row("GET", "/debates/{slug}/audit", "organiser", 200, lambda w, t: (f"{t.base}/audit", None)),
    # --- extracts ------------------------------------------------------------------------------------------------
    Row("POST", "/debates/{slug}/posts/{post_id}/extracts", "harvester", 201, _harvest,
        foreign={"foreign_path": NF, "foreign_body": 422}),
    Row("GET", "/debates/{slug}/posts/{post_id}/extracts", "read", 200,
        lambda w, t: (f"{t.base}/posts/{t.p.post}/extracts", None), foreign={"foreign_path": NF}),
    Row("PATCH", "/debates/{slug}/extracts/{extract_id}", "harvester", 200,
        lambda w, t: (f"{t.base}/extracts/{t.p.extract}", {"important": True, "idea_id": t.b.idea}),
        foreign={"foreign_path": NF, "foreign_body": 422}),
    Row("DELETE", "/debates/{slug}/extracts/{extract_id}", "harvester", 200,
        lambda w, t: (f"{t.base}/extracts/{t.fresh_extract()}", None), foreign={"foreign_path": NF}),
    Row("POST", "/debates/{slug}/extracts/{extract_id}/review", "harvester", 200,
        lambda w, t: (f"{t.base}/extracts/{t.fresh_suggestion()}/review", {"decision": "confirm"}),
        foreign={"foreign_path": NF}),
    # --- syntheses -----------------------------------------------------------------------------------------------
    Row("GET", "/debates/{slug}/syntheses", "read", 200, lambda w, t: (f"{t.base}/syntheses", None)),
    # publications are numbered per debate: a number is not an id of another debate
    Row("GET", "/debates/{slug}/syntheses/{number}", "read", 200,
        lambda w, t: (f"{t.base}/syntheses/{t.home.publication}", None)),
    Row("GET", "/debates/{slug}/syntheses.atom", "read", 200, lambda w, t: (f"{t.base}/syntheses.atom", None)),
    Row("GET", "/debates/{slug}/synthesis-drafts", "moderator", 200,
        lambda w, t: (f"{t.base}/synthesis-drafts", None)),
    Row("POST", "/debates/{slug}/synthesis-drafts", "moderator", 201,
        lambda w, t: (f"{t.base}/synthesis-drafts", {"title": {"fr": "Brouillon"}, "sections": [
            {"idea_id": t.b.idea, "text": {"fr": "Texte [1]."}, "citations": [t.b.extract]}]}),
        foreign={"foreign_body": 422}),
    Row("GET", "/debates/{slug}/synthesis-drafts/{synthesis_id}", "moderator", 200,
        lambda w, t: (f"{t.base}/synthesis-drafts/{t.p.draft}", None), foreign={"foreign_path": NF}),
    Row("PUT", "/debates/{slug}/synthesis-drafts/{synthesis_id}", "moderator", 200, _draft_save,
        foreign={"foreign_path": NF, "foreign_body": 422}),
    Row("POST", "/debates/{slug}/synthesis-drafts/{synthesis_id}/publish", "moderator", 201, _publish,
        foreign={"foreign_path": NF, "foreign_body": 422}),
    Row("GET", "/debates/{slug}/follow", "signed", 200, lambda w, t: (f"{t.base}/follow", None)),
    # the matrix's debates have no terms: a reader who may consent is told so (404 no_terms; with terms:
    # tests/api/test_gdpr.py)
    Row("PUT", "/debates/{slug}/consent", "signed", 404, lambda w, t: (f"{t.base}/consent", {"version": "1"})),
    Row("PUT", "/debates/{slug}/follow", "signed", 200, lambda w, t: (f"{t.base}/follow", None)),
    Row("DELETE", "/debates/{slug}/follow", "signed", 200, lambda w, t: (f"{t.base}/follow", None)),
    # --- periodic summaries (ids are instants, so the foreign one is simply another instant) ---------------------
    Row("GET", "/debates/{slug}/summaries", "read", 200, lambda w, t: (f"{t.base}/summaries", None)),
    Row("GET", "/debates/{slug}/summaries/latest", "read", 200, lambda w, t: (f"{t.base}/summaries/latest", None)),
    Row("GET", "/debates/{slug}/summaries/{summary_id}", "read", 200,
        lambda w, t: (f"{t.base}/summaries/{t.p.summary}", None), foreign={"foreign_path": NF}),
    # --- vote sessions -------------------------------------------------------------------------------------------
    Row("GET", "/debates/{slug}/vote-sessions", "read", 200,
        lambda w, t: (f"{t.base}/vote-sessions?idea_id={t.b.idea}", None), foreign={"foreign_body": 200}),
    Row("POST", "/debates/{slug}/vote-sessions", "organiser", 201,
        lambda w, t: (f"{t.base}/vote-sessions", {"idea_id": t.b.idea, "phase_id": t.b.phase_later,
                                                   "title": {"fr": "Vote"}}), foreign={"foreign_body": 422}),
    Row("GET", "/debates/{slug}/vote-sessions/{session_id}", "read", 200, lambda w, t: (t.vs(), None),
        foreign={"foreign_path": NF}),
    Row("PATCH", "/debates/{slug}/vote-sessions/{session_id}", "organiser", 200,
        lambda w, t: (t.vs(up=True), {"title": {"fr": "Vote modifié"}, "idea_id": t.b.idea}),
        foreign={"foreign_path": NF, "foreign_body": 422}),
    Row("POST", "/debates/{slug}/vote-sessions/{session_id}/proposals", "organiser", 201,
        lambda w, t: (f"{t.vs(up=True)}/proposals", {"title": {"fr": "Une proposition"}}),
        foreign={"foreign_path": NF}),
    Row("PATCH", "/debates/{slug}/vote-sessions/{session_id}/proposals/{proposal_id}", "organiser", 200,
        lambda w, t: (f"{t.vs(up=True)}/proposals/{t.p.proposal_up}", {"title": {"fr": "Proposition"}}),
        foreign={"foreign_path": NF}),
    Row("DELETE", "/debates/{slug}/vote-sessions/{session_id}/proposals/{proposal_id}", "organiser", 200,
        lambda w, t: (f"{t.vs(up=True)}/proposals/{t.fresh_proposal()}", None), foreign={"foreign_path": NF}),
    Row("PUT", "/debates/{slug}/vote-sessions/{session_id}/proposal-order", "organiser", 200,
        lambda w, t: (f"{t.vs(up=True)}/proposal-order", {"proposal_ids": _order(w, t)}),
        foreign={"foreign_path": 404, "foreign_body": 422}),
    Row("POST", "/debates/{slug}/vote-sessions/{session_id}/modules", "organiser", 201,
        lambda w, t: (f"{t.vs(up=True)}/modules", {"kind": "binary"}), foreign={"foreign_path": NF}),
    Row("PUT", "/debates/{slug}/vote-sessions/{session_id}/modules/{module_id}", "organiser", 200,
        lambda w, t: (f"{t.vs(up=True)}/modules/{t.p.module_up}", {"kind": "binary", "title": {"fr": "Pour/contre"}}),
        foreign={"foreign_path": NF}),
    Row("DELETE", "/debates/{slug}/vote-sessions/{session_id}/modules/{module_id}", "organiser", 200,
        lambda w, t: (f"{t.vs(up=True)}/modules/{t.fresh_module()}", None), foreign={"foreign_path": NF}),
    Row("PUT", "/debates/{slug}/vote-sessions/{session_id}/modules/{module_id}/overrides/{proposal_id}", "organiser",
        200, lambda w, t: (_override(w, t), {"enabled": True}), foreign={"foreign_path": NF}),
    Row("DELETE", "/debates/{slug}/vote-sessions/{session_id}/modules/{module_id}/overrides/{proposal_id}",
        "organiser", 200, lambda w, t: (_override(w, t), None), foreign={"foreign_path": NF}),
    Row("PUT", "/debates/{slug}/vote-sessions/{session_id}/proposals/{proposal_id}/ballots/{module_id}", "member", 200,
        lambda w, t: (_ballot(w, t), {"value": "for"}), foreign={"foreign_path": NF}),
    Row("DELETE", "/debates/{slug}/vote-sessions/{session_id}/proposals/{proposal_id}/ballots/{module_id}", "member",
        200, lambda w, t: (_ballot(w, t), None), foreign={"foreign_path": NF}),
    Row("GET", "/debates/{slug}/vote-sessions/{session_id}/results", "read", 200,
        lambda w, t: (f"{t.vs()}/results", None), foreign={"foreign_path": NF}),
    Row("GET", "/debates/{slug}/vote-sessions/{session_id}/exports/results.csv", "read", 200,
        lambda w, t: (f"{t.vs()}/exports/results.csv", None), foreign={"foreign_path": NF}),
    Row("GET", "/debates/{slug}/vote-sessions/{session_id}/exports/results.xlsx", "read", 200,
        lambda w, t: (f"{t.vs()}/exports/results.xlsx", None, {"Accept": "*/*"}), foreign={"foreign_path": NF}),
    Row("GET", "/debates/{slug}/vote-sessions/{session_id}/exports/ballots.csv", "organiser", 200,
        lambda w, t: (f"{t.vs()}/exports/ballots.csv?identify=true", None), foreign={"foreign_path": NF}),
    Row("GET", "/debates/{slug}/vote-sessions/{session_id}/exports/ballots.xlsx", "organiser", 200,
        lambda w, t: (f"{t.vs()}/exports/ballots.xlsx?identify=true", None, {"Accept": "*/*"}),
        foreign={"foreign_path": NF}),
]
ROW_BY_KEY = {row.key: row for row in ROWS}


def app_routes() -> set[tuple[str, str]]:
    from app import app

    return {(method, path) for path, entry in app.routes.items() for method in entry if method != "OPTIONS"}


def _cases():
    for method, path in sorted(app_routes(), key=lambda k: (k[1], k[0])):
        row = ROW_BY_KEY.get((method, path))
        if row is None:
            yield pytest.param(method, path, "<no row>", "-", id=f"{method} {path} <no row>")
            continue
        for target in row.targets():
            for caller in CALLERS:
                yield pytest.param(method, path, caller, target, id=f"{method} {path} {caller} {target}")


def test_every_route_has_a_row():
    routes = app_routes()
    missing = sorted(routes - set(ROW_BY_KEY), key=lambda k: (k[1], k[0]))
    stale = sorted(set(ROW_BY_KEY) - routes, key=lambda k: (k[1], k[0]))
    assert not missing, f"routes without a row in the authorization matrix (add one to ROWS): {missing}"
    assert not stale, f"rows for routes that no longer exist: {stale}"
    assert len(ROW_BY_KEY) == len(ROWS), "two rows for one route"


def test_each_row_matches_the_declared_auth_mode():
    """A route declared auth='none' must be callable anonymously; auth='required' must not be readable anonymously."""
    from chalicelib.api.http import ROUTES

    for spec in ROUTES:
        row = ROW_BY_KEY.get((spec.method, spec.path))
        if row is None:
            continue
        if spec.auth == "none":
            assert row.need == "anyone", (spec.method, spec.path)
        if spec.auth == "required":
            assert row.need not in ("anyone", "read"), (spec.method, spec.path)


# --- the cases ----------------------------------------------------------------------------------------------------

# Known bugs: (method, path, caller, target) -> reason. Those cases are strict xfails.
KNOWN_BUGS: dict[tuple[str, str, str, str], str] = {}


def known_bug(item) -> str | None:
    callspec = getattr(item, "callspec", None)
    if not callspec or "method" not in callspec.params:
        return None
    p = callspec.params
    return KNOWN_BUGS.get((p["method"], p["path"], p["caller"], p["target"]))


def _text(body) -> str:
    """Everything a response carries, as text: JSON re-serialised, XML/CSV as is, an XLSX (zip) unpacked."""
    if isinstance(body, (bytes, bytearray)):
        raw = bytes(body)
        if raw[:2] == b"PK":
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
        return raw.decode("utf-8", "replace")
    if isinstance(body, str):
        return body
    return json.dumps(body, ensure_ascii=False)


def call(world: World, method: str, built: tuple, who):
    path, body, *rest = built
    headers = rest[0] if rest else None
    return world.api.call(method, path, body, who=who, headers=headers)


@pytest.mark.parametrize("method,path,caller,target", list(_cases()))
def test_matrix(sec_world, method, path, caller, target):
    row = ROW_BY_KEY.get((method, path))
    assert row is not None, f"{method} {path} has no row in the authorization matrix: add one to ROWS"
    world = sec_world
    t = Target(world, "public" if target == "none" else target)
    built = row.build(world, t)
    status, answer = call(world, method, built, world.people[caller])
    want = expected(row, caller, target)
    assert status == want, f"{method} {built[0]} as {caller} on {target}: {status}, expected {want}: {answer}"
    if status >= 400:
        assert isinstance(answer, dict) and set(answer["error"]) >= {"code", "message"}, answer
    # whatever the status: no id or slug of another debate, except those the caller sent itself
    home = None if target == "none" else t.slug
    supplied = built[3] if len(built) > 3 else []
    if row.own_data and world.people[caller]:
        supplied = [*supplied, own_items_text(world.people[caller].user_id)]
    text, sent = _text(answer), json.dumps([*built[:2], supplied], ensure_ascii=False)
    leaked = sorted(s for s in world.foreign_strings(home) if s in text and s not in sent)
    assert not leaked, f"{method} {built[0]} as {caller} on {target} shows another debate's ids: {leaked}"
    # and nobody's email but the caller's own, unless the caller organises this debate
    if not (caller == "organiser" and target != "none"):
        own = world.people[caller].email if world.people[caller] else None
        emails = sorted(p.email for p in world.people.values() if p and p.email != own and p.email in text)
        assert not emails, f"{method} {built[0]} as {caller} on {target} shows other people's emails: {emails}"


def own_items_text(user_id: str) -> str:
    """Every item that is the person's own (their member partitions, their U# items, what they wrote or harvested,
    the audit entries of what they did or of roles given to them), as text: what their own data may name."""
    import boto3

    from chalicelib.config import settings

    client = boto3.client("dynamodb", region_name=settings().region)
    parts, start = [], None
    while True:
        page = client.scan(TableName=settings().table_name, **({"ExclusiveStartKey": start} if start else {}))
        for item in page["Items"]:
            pk = item["pk"]["S"]
            mine = pk.endswith(f"#M#{user_id}") or pk == f"U#{user_id}" or user_id in (
                item.get(name, {}).get("S") for name in ("author_id", "harvester_id", "actor_id", "target"))
            if mine:
                parts.append(json.dumps(item, default=repr))
        start = page.get("LastEvaluatedKey")
        if not start:
            return "\n".join(parts)


def debate_items(slug: str) -> dict[tuple[str, str], str]:
    """Every item of one debate, raw (all its keys start with D#{slug})."""
    import boto3

    from chalicelib.config import settings

    client = boto3.client("dynamodb", region_name=settings().region)
    items, start = {}, None
    while True:
        page = client.scan(TableName=settings().table_name, **({"ExclusiveStartKey": start} if start else {}))
        for item in page["Items"]:
            pk = item["pk"]["S"]
            if pk == f"D#{slug}" or pk.startswith(f"D#{slug}#"):
                items[(pk, item["sk"]["S"])] = json.dumps(item, sort_keys=True, default=repr)
        start = page.get("LastEvaluatedKey")
        if not start:
            return items


@pytest.fixture(scope="module", autouse=True)
def _snapshot_other(sec_world):
    sec_world._other_snapshot = debate_items(OTHER)
    yield


def test_zz_nothing_was_written_to_the_other_debate(sec_world):
    """Runs after the matrix cases (same module, defined last): no case wrote into sec-other, whatever it
    answered."""
    now = debate_items(OTHER)
    before = sec_world._other_snapshot
    changed = sorted(k for k in set(now) | set(before) if now.get(k) != before.get(k))
    assert not changed, f"items of {OTHER} changed by the matrix: {changed[:10]}"


if __name__ == "__main__":  # the expected statuses, as a table
    print("| route | target | " + " | ".join(CALLERS) + " |")
    print("|---|---|" + "---|" * len(CALLERS))
    for method, path in sorted(app_routes(), key=lambda k: (k[1], k[0])):
        row = ROW_BY_KEY.get((method, path))
        for target in row.targets() if row else ["<no row>"]:
            cells = [str(expected(row, c, target)) if row else "?" for c in CALLERS]
            print(f"| {method} {path} | {target} | " + " | ".join(cells) + " |")
