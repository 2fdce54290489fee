"""A small world for the security suites, in-process (chalice.test.Client under moto): three debates and the
people of the authorization matrix.

* `sec-public`  public debate; organiser O, moderator M, harvester H, participant P (all invited members);
* `sec-private` private debate; the same people with the same roles;
* `sec-other`   private debate of another organiser OO with its own member OM; its ids are the "foreign ids" the
                matrix puts in paths and bodies under `sec-public`.

Each debate gets the same furniture (ideas, a statement post and a reply, an extract, a draft and a publication,
a vote session open now with live results and one that opens later), so a route can be called on any of them.
Every id created in a debate is recorded in `World.ids[slug]`, so that a response about one debate can be searched
for the ids of the others."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from tests.helpers import Api, Person, sign_in

PUBLIC, PRIVATE, OTHER = "sec-public", "sec-private", "sec-other"


def iso(**delta) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat()


# The suites make thousands of writes as a few people within minutes; write limits are tested on their own
# (tests/api/test_rate_limits.py).
UNLIMITED_WRITES = {"user_per_minute": 100_000, "user_per_hour": 100_000, "ip_per_minute": 100_000,
                    "ip_per_hour": 100_000}


def debate_input(slug: str, visibility: str) -> dict:
    return {"slug": slug, "languages": ["fr", "en"], "default_language": "fr",
            "title": {"fr": f"Débat {slug}", "en": f"Debate {slug}"}, "description": {"fr": "Consultation."},
            "visibility": visibility, "timezone": "Europe/Paris",
            "phases": [{"name": {"fr": "Contributions et vote"}, "start": iso(days=-1), "end": iso(days=30)},
                       {"name": {"fr": "Vote final"}, "start": iso(days=31), "end": iso(days=40)}],
            "write_limits": UNLIMITED_WRITES}


def expect(result, status: int):
    code, data = result
    assert code == status, (code, data)
    return data


@dataclass
class DebateCtx:
    """One debate and the ids of its furniture."""
    slug: str
    organiser: Person
    participant: Person
    harvester: Person | None = None
    moderator: Person | None = None
    idea: str = ""
    idea2: str = ""
    post: str = ""          # a published statement by the participant
    reply: str = ""         # a reply by the organiser
    extract: str = ""       # a quotation of `post`, harvested into `idea`
    draft: str = ""
    publication: int = 0
    phase_open: str = ""
    phase_later: str = ""
    session: str = ""       # open now, live results
    proposal: str = ""
    module: str = ""        # binary
    session_up: str = ""    # opens later: its settings may still change
    proposal_up: str = ""
    module_up: str = ""
    summary: str = ""       # a periodic summary (its id is an instant: not recorded as an id of the debate)


@dataclass
class World:
    api: Api
    people: dict[str, Person | None]
    debates: dict[str, DebateCtx] = field(default_factory=dict)
    ids: dict[str, set[str]] = field(default_factory=dict)

    def record(self, slug: str, *values) -> None:
        for value in values:
            if value:
                self.ids.setdefault(slug, set()).add(str(value))

    def foreign_strings(self, home: str | None) -> set[str]:
        """Ids and slugs of every debate but `home` (None: of every private debate)."""
        out = set()
        for slug, values in self.ids.items():
            if slug == home or (home is None and slug == PUBLIC):
                continue
            out |= values
        return out

    # --- fresh objects (for routes that destroy or consume what they act on) ---------------------------------

    def new_post(self, ctx: DebateCtx, body: str = "Une contribution de plus, avec des mots.", who=None,
                 idea: str | None = None, statement: bool = False) -> str:
        payload = {"body": body, **({"statement": True} if statement else {})}
        post = expect(self.api.post(f"/debates/{ctx.slug}/ideas/{idea or ctx.idea}/posts", payload,
                                    who=who or ctx.participant), 201)
        self.record(ctx.slug, post["id"])
        return post["id"]

    def new_idea(self, ctx: DebateCtx, title: str = "Idée") -> str:
        idea = expect(self.api.post(f"/debates/{ctx.slug}/ideas", {"title": {"fr": title}}, who=ctx.organiser), 201)
        self.record(ctx.slug, idea["id"])
        return idea["id"]

    def new_extract(self, ctx: DebateCtx, post: str | None = None) -> str:
        extract = expect(self.api.post(f"/debates/{ctx.slug}/posts/{post or ctx.post}/extracts",
                                       {"idea_id": ctx.idea, "paraphrase": f"Reformulation {uuid.uuid4().hex}",
                                        "nature": "proposal"}, who=ctx.organiser), 201)
        self.record(ctx.slug, extract["id"])
        return extract["id"]

    def new_suggestion(self, ctx: DebateCtx) -> str:
        """A machine-suggested extract waiting for review (as the summariser writes them)."""
        from chalicelib.domain import clock
        from chalicelib.services.extracts import build_extract
        from chalicelib.storage import extracts_repo, posts_repo

        post = posts_repo.get_post(ctx.slug, ctx.post)
        extract = build_extract(ctx.slug, post, idea_id=ctx.idea, kind="paraphrase",
                                body=f"Suggestion {uuid.uuid4().hex}", start=None, end=None, nature="proposal",
                                action=None, important=False, tags=[], state="submitted", machine=True,
                                harvester_id="summarizer", harvester_name="Palabre", created_at=clock.now_iso(),
                                salt=uuid.uuid4().hex)
        extracts_repo.insert_extract(ctx.slug, extract)
        self.record(ctx.slug, extract.extract_id)
        return extract.extract_id

    def new_draft(self, ctx: DebateCtx, citations: list[str] | None = None) -> str:
        citations = citations if citations is not None else [ctx.extract]
        draft = expect(self.api.post(f"/debates/{ctx.slug}/synthesis-drafts", {
            "title": {"fr": "Synthèse"}, "introduction": {"fr": "Introduction."},
            "sections": [{"idea_id": ctx.idea, "text": {"fr": "Des trains de nuit [1]."}, "citations": citations}]},
            who=ctx.organiser), 201)
        self.record(ctx.slug, draft["id"])
        return draft["id"]

    def draft_version(self, ctx: DebateCtx, draft: str) -> int:
        return expect(self.api.get(f"/debates/{ctx.slug}/synthesis-drafts/{draft}", who=ctx.organiser), 200)["version"]

    def new_proposal(self, ctx: DebateCtx, session: str | None = None) -> str:
        proposal = expect(self.api.post(f"/debates/{ctx.slug}/vote-sessions/{session or ctx.session_up}/proposals",
                                        {"title": {"fr": "Proposition"}}, who=ctx.organiser), 201)
        self.record(ctx.slug, proposal["id"])
        return proposal["id"]

    def new_module(self, ctx: DebateCtx, session: str | None = None) -> str:
        module = expect(self.api.post(f"/debates/{ctx.slug}/vote-sessions/{session or ctx.session_up}/modules",
                                      {"kind": "binary", "title": {"fr": "Pour ou contre"}}, who=ctx.organiser), 201)
        self.record(ctx.slug, module["id"])
        return module["id"]

    def proposal_ids(self, ctx: DebateCtx, session: str) -> list[str]:
        data = expect(self.api.get(f"/debates/{ctx.slug}/vote-sessions/{session}", who=ctx.organiser), 200)
        return [p["id"] for p in data["proposals"]]

    # --- furniture --------------------------------------------------------------------------------------------

    def furnish(self, ctx: DebateCtx) -> None:
        api, slug, org = self.api, ctx.slug, ctx.organiser
        base = f"/debates/{slug}"
        debate = expect(api.get(base, who=org), 200)
        ctx.phase_open, ctx.phase_later = debate["phases"][0]["id"], debate["phases"][1]["id"]
        self.record(slug, slug, ctx.phase_open, ctx.phase_later)
        ctx.idea = self.new_idea(ctx, "Transports")
        ctx.idea2 = self.new_idea(ctx, "Logement")
        ctx.post = self.new_post(ctx, "Des trains de nuit entre les grandes villes.", statement=True)
        ctx.reply = expect(api.post(f"{base}/posts/{ctx.post}/replies", {"body": "Et des vélos dans les trains."},
                                    who=org), 201)["id"]
        self.record(slug, ctx.reply)
        extract = expect(api.post(f"{base}/posts/{ctx.post}/extracts",
                                  {"idea_id": ctx.idea, "start": 4, "end": 18, "nature": "proposal"}, who=org), 201)
        ctx.extract = extract["id"]
        self.record(slug, ctx.extract)
        published = self.new_draft(ctx)
        pub = expect(api.post(f"{base}/synthesis-drafts/{published}/publish", {"version": 1}, who=org), 201)
        ctx.publication = pub["number"]
        ctx.draft = self.new_draft(ctx)
        for attr, phase, results in (("session", ctx.phase_open, "live"), ("session_up", ctx.phase_later, "live")):
            session = expect(api.post(f"{base}/vote-sessions", {
                "idea_id": ctx.idea, "phase_id": phase, "title": {"fr": "Vote"}, "results_visibility": results},
                who=org), 201)
            setattr(ctx, attr, session["id"])
            self.record(slug, session["id"])
        ctx.proposal = self.new_proposal(ctx, ctx.session)
        ctx.module = self.new_module(ctx, ctx.session)
        ctx.proposal_up = self.new_proposal(ctx, ctx.session_up)
        ctx.module_up = self.new_module(ctx, ctx.session_up)
        expect(api.put(f"{base}/vote-sessions/{ctx.session}/proposals/{ctx.proposal}/ballots/{ctx.module}",
                       {"value": "for"}, who=ctx.participant), 200)
        from chalicelib.services.summaries import summarize_debate

        summarize_debate(slug, force=True)
        ctx.summary = expect(api.get(f"{base}/summaries", who=org), 200)["items"][0]["id"]


def build_world(api: Api, slugs: tuple[str, ...] = (PUBLIC, PRIVATE, OTHER)) -> World:
    """Called inside an active moto mock and a Chalice test client; `slugs`: which of the three debates to make."""
    from chalicelib.services import identity

    people = {"anonymous": None}
    for name in ("organiser", "moderator", "harvester", "participant", "other_organiser", "other_member"):
        people[name] = sign_in(f"matrix-{name.replace('_', '-')}@example.org")
    identity.grant_platform_organiser(people["organiser"].email)
    identity.grant_platform_organiser(people["other_organiser"].email)
    world = World(api, people)
    for slug, visibility, org in ((PUBLIC, "public", people["organiser"]), (PRIVATE, "private", people["organiser"]),
                                  (OTHER, "private", people["other_organiser"])):
        if slug not in slugs:
            continue
        expect(api.post("/debates", debate_input(slug, visibility), who=org), 201)
        if slug == OTHER:
            roles = {"other_member": ["participant"]}
            ctx = DebateCtx(slug, org, people["other_member"])
        else:
            roles = {"participant": ["participant"], "harvester": ["harvester"], "moderator": ["moderator"]}
            ctx = DebateCtx(slug, org, people["participant"], people["harvester"], people["moderator"])
        for name, role in roles.items():
            expect(api.post(f"/debates/{slug}/members", {"email": people[name].email, "roles": role}, who=org), 200)
        world.debates[slug] = ctx
        world.furnish(ctx)
    return world
