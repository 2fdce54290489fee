"""`palabre bench votes`: can a token budget be overspent by parallel requests, and how many DynamoDB requests do
the vote routes make?

1. Overspend: a session with one token category (budget 10) and five proposals; 50 participants each send 20
   ballots at the same instant (threads, through HTTP, on the local stack started here or given with --api),
   with more tokens than their budget. It prints the accepted and rejected counts, reads everything back through
   the API (results, every participant's session and purse, the per-voter export) and ends with the line
   `overspent=N mismatched=M`: tokens placed beyond a budget, and figures (tally totals, voter counts, purses)
   that differ from the sum of the ballots accepted. Both must be 0.
2. Requests: the DynamoDB requests of each vote route, counted in process (request_counter.counting) on a session
   of 10 voters and one of 10,000 voters. They must be equal; a ballot makes one write call (TransactWriteItems).
"""
from __future__ import annotations

import csv
import io
import json
import os
import random
import socket
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from chalicelib.cli.bench_report import measured_on, write_section
from chalicelib.cli.request_counter import LIMIT_COUNTER


BUDGET = 10
PROPOSALS = 5
SIZES = (10, 10_000)


def add_parser(bench_sub) -> None:
    votes = bench_sub.add_parser("votes", help="parallel overspend attempts and DynamoDB requests of the vote routes")
    votes.add_argument("--out", help="markdown file to update with the results (between bench:votes markers)")
    votes.add_argument("--api", help="URL of a running stack (`palabre run`); default: start one in this process")
    votes.add_argument("--outbox", help="with --api: the stack's mail outbox folder (default: the local stage's)")
    votes.add_argument("--organiser", default=os.environ.get("ORGANISER_EMAIL", "organiser@example.org"),
                       help="with --api: a platform organiser's email")
    votes.add_argument("--participants", type=int, default=50)
    votes.add_argument("--ballots", type=int, default=20, help="parallel ballots per participant")
    votes.add_argument("--waves", type=int, default=5, help="participants sending their ballots at the same time")


# --- HTTP -------------------------------------------------------------------------------------------------------

class Http:
    def __init__(self, base: str):
        self.base = base.rstrip("/")

    def request(self, method: str, path: str, body=None, token: str | None = None, headers=None,
                raw: bool = False, attempts: int = 6):
        """(status, JSON or bytes). Connection failures are retried; ballots carry an Idempotency-Key, so a retry
        of a request that was carried out changes nothing."""
        data = json.dumps(body).encode() if body is not None else None
        for attempt in range(attempts):
            request = urllib.request.Request(self.base + path, data=data, method=method)
            request.add_header("Content-Type", "application/json")
            request.add_header("Accept", "*/*")
            if token:
                request.add_header("Authorization", f"Bearer {token}")
            for name, value in (headers or {}).items():
                request.add_header(name, value)
            try:
                with urllib.request.urlopen(request, timeout=120) as response:
                    payload = response.read()
                    return response.status, payload if raw else json.loads(payload or b"null")
            except urllib.error.HTTPError as error:
                payload = error.read()
                return error.code, json.loads(payload or b"null")
            except (ConnectionError, urllib.error.URLError, socket.timeout, TimeoutError):
                if attempt == attempts - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
        raise AssertionError("unreachable")

    def ok(self, method: str, path: str, body=None, token: str | None = None, expect=(200, 201)):
        status, data = self.request(method, path, body, token)
        if status not in expect:
            raise RuntimeError(f"{method} {path} answered {status}: {data}")
        return data


# --- the overspend scenario ---------------------------------------------------------------------------------------

@dataclass
class Report:
    participants: int
    ballots: int
    seconds: float = 0.0
    outcomes: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    overspent: int = 0
    mismatched: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.outcomes["accepted"]

    @property
    def rejected(self) -> int:
        return sum(n for code, n in self.outcomes.items() if code != "accepted")

    def lines(self) -> list[str]:
        codes = ", ".join(f"{code} {n}" for code, n in sorted(self.outcomes.items()) if code != "accepted")
        lines = [f"{self.participants} participants x {self.ballots} parallel ballots = "
                 f"{self.participants * self.ballots} requests in {self.seconds:.1f} s "
                 f"({self.participants * self.ballots / max(self.seconds, 1e-9):.0f} ballots/s)",
                 f"accepted={self.accepted} rejected={self.rejected} ({codes or 'none'})"]
        if self.errors:
            lines.append(f"unexpected answers: {len(self.errors)}, first: {self.errors[0]}")
        lines += [f"  problem: {p}" for p in self.problems[:10]]
        return lines


def create_session(http: Http, organiser: str, *, proposals: int = PROPOSALS, budget: int = BUDGET,
                   slug: str | None = None) -> dict:
    """A new public debate whose phase is open now, an idea, a session with one token category and proposals."""
    slug = slug or f"bench-votes-{uuid.uuid4().hex[:8]}"
    now = datetime.now(timezone.utc)
    http.ok("POST", "/debates", {"slug": slug, "languages": ["fr", "en"], "default_language": "fr",
                                 "title": {"fr": "Banc d'essai des votes", "en": "Votes test bench"},
                                 "phases": [{"name": {"fr": "Vote"}, "start": (now - timedelta(hours=1)).isoformat(),
                                             "end": (now + timedelta(days=1)).isoformat()}],
                                 # every simulated participant shares the loopback address: no limit per address
                                 "write_limits": {"ip_per_minute": 100_000, "ip_per_hour": 100_000}}, organiser)
    debate = http.ok("GET", f"/debates/{slug}", token=organiser)
    idea = http.ok("POST", f"/debates/{slug}/ideas", {"title": {"fr": "Budget participatif"}}, organiser)
    session = http.ok("POST", f"/debates/{slug}/vote-sessions", {
        "idea_id": idea["id"], "phase_id": debate["phases"][0]["id"], "title": {"fr": "Répartir 10 jetons"},
        "results_visibility": "live"}, organiser)
    path = f"/debates/{slug}/vote-sessions/{session['id']}"
    proposal_ids = [http.ok("POST", f"{path}/proposals", {"title": {"fr": f"Projet n°{n + 1}"}}, organiser)["id"]
                    for n in range(proposals)]
    module = http.ok("POST", f"{path}/modules", {"kind": "tokens", "title": {"fr": "Jetons"}, "categories": [
        {"name": {"fr": "Soutien"}, "colour": "#2ca02c", "budget": budget, "max_per_proposal": budget}]}, organiser)
    return {"slug": slug, "path": path, "session_id": session["id"], "proposals": proposal_ids,
            "module": module["id"], "category": module["categories"][0]["id"]}


def overspend_scenario(api: str, organiser: str, participants: list[str], *, ballots_each: int = 20,
                       waves: int = 5, seed: int = 2027) -> Report:
    """Every participant fires `ballots_each` ballots at once (tokens 1 to 5 each, on the five proposals in turn:
    about three times the budget), `waves` participants at a time. Then everything is read back."""
    http = Http(api)
    ctx = create_session(http, organiser)
    report = Report(len(participants), ballots_each)
    generator = random.Random(seed)
    plans = [[(ctx["proposals"][n % PROPOSALS], generator.randint(1, 5)) for n in range(ballots_each)]
             for _ in participants]
    lock = threading.Lock()

    def send(token: str, proposal: str, tokens: int, barrier: threading.Barrier) -> None:
        try:
            barrier.wait(timeout=60)
            status, data = http.request(
                "PUT", f"{ctx['path']}/proposals/{proposal}/ballots/{ctx['module']}",
                {"tokens": {ctx["category"]: tokens}}, token, headers={"Idempotency-Key": uuid.uuid4().hex})
            code = "accepted" if status == 200 else (data or {}).get("error", {}).get("code", str(status))
            with lock:
                report.outcomes[code] += 1
                if status >= 500 or code not in ("accepted", "budget_exceeded", "concurrent_change"):
                    report.errors.append(f"{status} {data}")
        except Exception as error:  # noqa: BLE001 - counted and reported
            with lock:
                report.outcomes["transport_error"] += 1
                report.errors.append(repr(error))

    started = time.monotonic()
    for first in range(0, len(participants), waves):
        group = list(range(first, min(first + waves, len(participants))))
        barrier = threading.Barrier(sum(len(plans[i]) for i in group))
        threads = [threading.Thread(target=send, args=(participants[i], proposal, tokens, barrier))
                   for i in group for proposal, tokens in plans[i]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
    report.seconds = time.monotonic() - started
    check_against_ballots(http, organiser, participants, ctx, report)
    return report


def check_against_ballots(http: Http, organiser: str, participants: list[str], ctx: dict, report: Report) -> None:
    """overspent: tokens beyond the budget, per voter (from the per-voter export and from each purse);
    mismatched: tally totals and voter counts that differ from the ballots, and purses that differ from their
    owner's ballots."""
    # in English: the columns this reads by name, comma-separated
    status, body = http.request("GET", f"{ctx['path']}/exports/ballots.csv?lang=en", token=organiser, raw=True)
    if status != 200:
        raise RuntimeError(f"ballots export answered {status}")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    per_voter: Counter = Counter()
    per_proposal: Counter = Counter()
    voters_per_proposal: Counter = Counter()
    for row in rows:
        tokens = int(row["Value"])
        per_voter[row["Voter"]] += tokens
        per_proposal[row["Proposal id"]] += tokens
        voters_per_proposal[row["Proposal id"]] += 1
    for voter, placed in per_voter.items():
        if placed > BUDGET:
            report.overspent += placed - BUDGET
            report.problems.append(f"{voter} placed {placed} tokens")
    for token in participants:
        session = http.ok("GET", ctx["path"], token=token)
        placed = sum(b["tokens"].get(ctx["category"], 0) for b in session["mine"]["ballots"])
        spent = session["mine"]["purses"][0]["categories"][0]["spent"]
        report.overspent += max(0, spent - BUDGET)
        if spent != placed:
            report.mismatched += 1
            report.problems.append(f"a purse says {spent} spent for {placed} tokens placed")
    results = http.ok("GET", f"{ctx['path']}/results", token=organiser)
    for proposal in results["proposals"]:
        [module] = proposal["modules"]
        total = module["categories"][0]["total"]
        if total != per_proposal[proposal["id"]]:
            report.mismatched += 1
            report.problems.append(f"proposal {proposal['id']}: tally {total}, ballots {per_proposal[proposal['id']]}")
        if module["voters"] != voters_per_proposal[proposal["id"]]:
            report.mismatched += 1
            report.problems.append(f"proposal {proposal['id']}: {module['voters']} voters counted, "
                                   f"{voters_per_proposal[proposal['id']]} ballots")


# --- DynamoDB requests per route -----------------------------------------------------------------------------------

def _gateway_call(gateway, method: str, path: str, token: str | None, body=None, headers=None):
    all_headers = {"content-type": "application/json", "accept": "*/*", **(headers or {})}
    if token:
        all_headers["authorization"] = f"Bearer {token}"
    response = gateway.handle_request(method, path, all_headers, json.dumps(body).encode() if body else None)
    if response["statusCode"] >= 400:
        raise RuntimeError(f"{method} {path} answered {response['statusCode']}: {response['body']}")
    return response


class _GatewayHttp(Http):
    """The Http interface over Chalice's in-process LocalGateway (no server, no thread)."""

    def __init__(self, gateway):
        self.gateway = gateway

    def request(self, method, path, body=None, token=None, headers=None, raw=False, attempts=1):
        response = _gateway_call(self.gateway, method, path, token, body, headers)
        payload = response["body"]
        if isinstance(payload, str):
            payload = payload.encode()
        return response["statusCode"], payload if raw else json.loads(payload or b"null")


def seed_voters(ctx: dict, voters: int, seed: int = 7) -> None:
    """`voters` people with one ballot each (1 to 10 tokens on one proposal), their purses and the tally shards
    those ballots add up to, written in bulk."""
    from chalicelib.domain import clock, ids
    from chalicelib.storage import keys, vote_keys, votes_repo
    from chalicelib.storage.vote_models import VoteBallot

    generator = random.Random(seed)
    now = clock.now_iso()
    slug, session_id, module_id, category = ctx["slug"], ctx["session_id"], ctx["module"], ctx["category"]
    ballots, purses = [], []
    shards: dict[tuple[str, int], Counter] = defaultdict(Counter)
    for _ in range(voters):
        user_id, proposal = ids.new_id(), generator.choice(ctx["proposals"])
        tokens = generator.randint(1, BUDGET)
        ballots.append(VoteBallot(keys.member(slug, user_id), vote_keys.ballot_sk(session_id, module_id, proposal),
                                  session_id=session_id, module_id=module_id, proposal_id=proposal, user_id=user_id,
                                  kind="tokens", ballot_json=json.dumps({"tokens": {category: tokens}}), rev=1,
                                  created_at=now, updated_at=now,
                                  gsi1pk=vote_keys.ballots_index(slug, session_id, vote_keys.voter_shard(user_id)),
                                  gsi1sk=vote_keys.ballots_index_sk(user_id, module_id, proposal)))
        purses.append((keys.member(slug, user_id), vote_keys.purse_sk(session_id, module_id), {category: tokens}))
        shard = shards[(proposal, vote_keys.random_shard())]
        shard["voters"] += 1
        shard[f"tok_{category}"] += tokens
    votes_repo.bulk_load(ballots, purses, [(p, module_id, n, dict(c)) for (p, n), c in shards.items()],
                         slug=slug, session_id=session_id)


def count_requests(gateway, organiser: str, participants: list[str]) -> dict[int, dict[str, Counter]]:
    """{voters: {route: Counter(operation -> requests)}} for sessions of 10 and 10,000 voters."""
    from chalicelib.cli.request_counter import counting
    from chalicelib.services import votes as vote_service

    http = _GatewayHttp(gateway)
    counts: dict[int, dict[str, Counter]] = {}
    for size in SIZES:
        ctx = create_session(http, organiser)
        seed_voters(ctx, size)
        me = participants[0]
        ballot = f"{ctx['path']}/proposals/{ctx['proposals'][0]}/ballots/{ctx['module']}"
        steps = [
            ("PUT …/ballots/{module_id} (first ballot)", "PUT", ballot, {"tokens": {ctx["category"]: 2}}, me, None),
            ("PUT …/ballots/{module_id} (change)", "PUT", ballot, {"tokens": {ctx["category"]: 3}}, me, None),
            ("PUT …/ballots/{module_id} (change, Idempotency-Key)", "PUT", ballot, {"tokens": {ctx["category"]: 4}},
             me, {"idempotency-key": "bench-" + uuid.uuid4().hex}),
            ("DELETE …/ballots/{module_id}", "DELETE", ballot, None, me, None),
            ("GET …/vote-sessions/{session_id} (participant)", "GET", ctx["path"], None, me, None),
            ("GET …/results", "GET", f"{ctx['path']}/results", None, organiser, None),
            ("GET …/exports/results.csv", "GET", f"{ctx['path']}/exports/results.csv", None, organiser, None),
        ]
        counts[size] = {}
        for label, method, path, body, token, headers in steps:
            vote_service.forget_settings()  # measure the cold case: settings read from the table
            with counting() as counter:
                _gateway_call(gateway, method, path, token, body, headers)
            counts[size][label] = Counter(counter)
        results = http.ok("GET", f"{ctx['path']}/results", token=organiser)
        voters = sum(p["modules"][0]["voters"] for p in results["proposals"])
        if voters != size:
            raise RuntimeError(f"the {size}-voter session counts {voters} voters")
    return counts


def _ops(counter: Counter) -> str:
    return ", ".join(f"{name} {n}" for name, n in sorted(counter.items()))


# --- the command ---------------------------------------------------------------------------------------------------

def _tokens_via_outbox(http: Http, outbox: str, emails: list[str]) -> list[str]:
    """Sign in through the running stack, reading the links it writes to its outbox (the local mailbox)."""
    import glob

    tokens = []
    for email in emails:
        started = time.time() - 1
        http.ok("POST", "/auth/email-link", {"email": email}, expect=(202,))
        link = None
        deadline = time.time() + 15
        while link is None and time.time() < deadline:
            for path in sorted(glob.glob(os.path.join(outbox, "*.json")), reverse=True):
                if os.path.getmtime(path) < started:
                    continue
                with open(path, encoding="utf-8") as handle:
                    message = json.load(handle)
                if message["to"] == email:
                    link = next(line for line in message["text"].splitlines() if "token=" in line)
                    break
            time.sleep(0.05)
        if link is None:
            raise RuntimeError(f"no sign-in link for {email} in {outbox}")
        tokens.append(http.ok("POST", "/auth/session", {"token": link.split("token=", 1)[1].strip()})["access_token"])
    return tokens


def run(args) -> int:
    emails = [f"bench-voter-{n}@example.org" for n in range(args.participants)]
    counts = None
    if args.api:
        from chalicelib.cli.localenv import apply_local_stage

        apply_local_stage()
        outbox = args.outbox or os.environ["PALABRE_OUTBOX_DIR"]
        http = Http(args.api)
        print(f"Signing in {len(emails) + 1} people through {args.api} ...", flush=True)
        organiser, *participants = _tokens_via_outbox(http, outbox, [args.organiser, *emails])
        report = overspend_scenario(args.api, organiser, participants, ballots_each=args.ballots, waves=args.waves)
    else:
        from chalicelib.cli.localenv import apply_local_stage
        from chalicelib.cli.embedded_db import free_port, start_in_thread

        db_port = free_port()
        os.environ.pop("AWS_ENDPOINT_URL_DYNAMODB", None)
        apply_local_stage(db_port=db_port)
        db = start_in_thread(db_port)
        from chalice.config import Config
        from chalice.local import LocalGateway

        from app import app
        from chalicelib.auth.tokens import issue_access_token
        from chalicelib.cli.devserver import make_api_server, serve_in_thread
        from chalicelib.services import identity
        from chalicelib.storage.models import create_table

        create_table()
        organiser = issue_access_token(identity.grant_platform_organiser("bench-organiser@example.org"))[0]
        participants = [issue_access_token(identity.user_for_email(e))[0] for e in emails]
        api_port = free_port()
        server = make_api_server(api_port)
        serve_in_thread(server, "bench-votes-api")
        print(f"{len(participants)} participants send {args.ballots} parallel ballots each ...", flush=True)
        report = overspend_scenario(f"http://127.0.0.1:{api_port}", organiser, participants,
                                    ballots_each=args.ballots, waves=args.waves)
        server.shutdown()
        gateway = LocalGateway(app, Config.create(chalice_stage="local", app_name="palabre", chalice_app=app))
        print(f"Counting DynamoDB requests on sessions of {' and '.join(f'{s:,}' for s in SIZES)} voters ...",
              flush=True)
        counts = count_requests(gateway, organiser, participants)
        db.shutdown()
    markdown, equal = render(report, counts)
    print(markdown)
    if args.out and counts is not None:
        write_section(args.out, "votes", "Votes (`palabre bench votes`)", markdown)
    print(f"overspent={report.overspent} mismatched={report.mismatched}")
    return 0 if report.overspent == 0 and report.mismatched == 0 and not report.errors and equal else 1


def render(report: Report, counts: dict[int, dict[str, Counter]] | None) -> tuple[str, bool]:
    lines = [measured_on("embedded DynamoDB (moto_server, one request at a time, as atomic as DynamoDB) on loopback"),
             "",
             f"### Parallel overspend attempts (budget {BUDGET}, {PROPOSALS} proposals)", "",
             *[f"- {line}" for line in report.lines()],
             f"- overspent={report.overspent} mismatched={report.mismatched}", ""]
    equal = True
    if counts is not None:
        small, large = SIZES
        lines += ["### DynamoDB requests of the vote routes", "",
                  f"| Route | {small:,} voters | {large:,} voters | equal | requests at {large:,} voters |",
                  "|---|---:|---:|:---:|---|"]
        for label in counts[small]:
            a, b = sum(counts[small][label].values()), sum(counts[large][label].values())
            equal &= a == b and counts[small][label] == counts[large][label]
            lines.append(f"| `{label}` | {a} | {b} | {'yes' if a == b else '**NO**'} | "
                         f"{_ops(counts[large][label])} |")
        writes = {label: c.get("TransactWriteItems", 0) + c.get("PutItem", 0) + c.get("UpdateItem", 0)
                  + c.get("DeleteItem", 0) + c.get("BatchWriteItem", 0)
                  for label, c in counts[large].items() if "ballots" in label}
        limits = {c.get(LIMIT_COUNTER, 0) for label, c in counts[large].items() if "ballots" in label}
        lines += ["", f"Write calls per ballot: {', '.join(f'{n}' for n in writes.values())} "
                      "(one TransactWriteItems each; a person's first write in a debate, here the first ballot, adds "
                      "one more, once, that indexes their personal data: docs/data-model.md pattern 40), plus "
                      f"{' or '.join(map(str, sorted(limits)))} conditional "
                      "UpdateItem of the write limits (the person's and the network address's counters, "
                      "docs/api.md), kept out of the ballot's transaction on purpose: every ballot from one network "
                      "address updates the same counter, and in concurrent transactions that shared item would make "
                      "voters behind one address cancel each other (TransactionConflict). Counts equal at both "
                      "sizes: "
                      f"**{'yes' if equal else 'NO'}**.",
                  "Settings are read cold (cache cleared) for every measure; a warm container sends the same "
                  "number of requests with fewer keys in the BatchGetItem.", ""]
    return "\n".join(lines), equal


