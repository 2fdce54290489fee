"""Fault injection, in-process (chalice.test.Client under moto): DynamoDB throttles, a transaction is cancelled
(TransactionConflict, or ConditionalCheckFailed on one of its items), or a call times out — before the request
reaches DynamoDB, or after DynamoDB committed it and only the answer was lost — at each write step of posting,
replying, reacting, taking a stance, harvesting, publishing a synthesis and voting.

Faults are raised from `pynamodb.connection.base.Connection.dispatch`, above botocore's own retries, exactly as
PynamoDB would raise them (VerboseClientError with cancellation reasons; botocore timeouts). "persistent" faults
hit every call from the chosen write on (what reaches the app once the SDK has given up), "transient" ones hit
that call only (what the app's own retries must absorb).

For every case:
* the client gets a success, or a clear JSON error: a 4xx, or 503 `temporarily_unavailable` (retry later);
* nothing is half-written or counted twice: every counter of the debate is recounted from the items themselves
  (debate posts/participants/stances/extracts, each idea's posts/contributors/reactions/extracts, each post's
  replies/reactions/stances, each vote tally) and must match;
* the client then retries the same request (same Idempotency-Key where the API takes one) with the fault gone:
  the action has happened exactly once."""
from __future__ import annotations

import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import pytest
from botocore.exceptions import ConnectTimeoutError, ReadTimeoutError
from pynamodb.connection.base import Connection
from pynamodb.exceptions import CancellationReason, VerboseClientError

from tests.security.world import PUBLIC, World

WRITES = {"TransactWriteItems", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"}
# A condition on one of these items fails because the same request (same Idempotency-Key) committed meanwhile:
# the injector then lets the transaction through, as that twin, and answers this one as cancelled.
TWIN_KEYS = ("IDEM#", "VI#")


def _sk(transact_item: dict) -> str:
    body = next(iter(transact_item.values()))
    key = body.get("Key") or body.get("Item") or {}
    return key.get("sk", {}).get("S", "")


def _realistic_condition(transact_item: dict) -> bool:
    """A condition a concurrent request can make fail. Not so: "this brand-new post id is free" (ids are 48-bit
    time + 32 random bits; a collision is not a fault DynamoDB injects)."""
    op_type, body = next(iter(transact_item.items()))
    if "ConditionExpression" not in body:
        return False
    return not (op_type == "Put" and _sk(transact_item).startswith("P#")
                and "attribute_not_exists" in body["ConditionExpression"])
SLUG = PUBLIC


# --- the injector -------------------------------------------------------------------------------------------------

def _client_error(code: str, operation: str, reasons: list[dict] | None = None) -> VerboseClientError:
    response = {"Error": {"Code": code, "Message": f"injected {code}"}}
    if reasons is not None:
        response["CancellationReasons"] = reasons
    return VerboseClientError(response, operation, {"table_name": "palabre-test"},
                              cancellation_reasons=[
                                  None if r["Code"] == "None" else CancellationReason(code=r["Code"],
                                                                                       message=r.get("Message"))
                                  for r in (reasons or [])])


@dataclass
class Fault:
    kind: str                   # throttle | conflict | condition | timeout_before | timeout_after
    persistent: bool
    step: int                   # the n-th write call of the request (1-based)
    item: int | None = None     # condition: the index of the transaction item whose condition fails
    writes: int = 0
    fired: int = 0
    items_seen: list = field(default_factory=list)

    def before(self, operation: str, kwargs: dict):
        if operation in WRITES:
            self.writes += 1
        hit = operation in WRITES and self.writes == self.step
        if not hit and not (self.persistent and self.fired):
            return None
        if self.kind == "timeout_after":
            return "after" if hit else None
        self.fired += 1
        if self.kind == "throttle":
            return _client_error("ProvisionedThroughputExceededException", operation)
        if self.kind == "timeout_before":
            return ConnectTimeoutError(endpoint_url="https://dynamodb.eu-west-3.amazonaws.com")
        items = kwargs.get("TransactItems")
        if operation != "TransactWriteItems" or not items:
            # not a transaction: a conflict/condition cannot happen here; a throttle stands in for it
            return _client_error("ProvisionedThroughputExceededException", operation)
        if self.kind == "conflict":
            return _client_error("TransactionCanceledException", operation, [
                {"Code": "TransactionConflict", "Message": "Transaction is ongoing for the item"} for _ in items])
        reasons = [{"Code": "None"} for _ in items]
        reasons[self.item] = {"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}
        error = _client_error("TransactionCanceledException", operation, reasons)
        if _sk(items[self.item]).startswith(TWIN_KEYS):
            return ("twin", error)  # an idempotency record: its twin request committed first
        return error


@pytest.fixture
def inject(monkeypatch):
    original = Connection.dispatch
    state = {"fault": None, "log": []}

    def dispatch(self, operation_name, operation_kwargs):
        fault: Fault | None = state["fault"]
        state["log"].append((operation_name, operation_kwargs.get("TransactItems")))
        if fault is None:
            return original(self, operation_name, operation_kwargs)
        decision = fault.before(operation_name, operation_kwargs)
        if isinstance(decision, Exception):
            raise decision
        if isinstance(decision, tuple):  # ("twin", error): commit as the twin, answer this request as cancelled
            original(self, operation_name, operation_kwargs)
            raise decision[1]
        result = original(self, operation_name, operation_kwargs)
        if decision == "after":
            fault.fired += 1
            raise ReadTimeoutError(endpoint_url="https://dynamodb.eu-west-3.amazonaws.com")
        return result

    monkeypatch.setattr(Connection, "dispatch", dispatch)
    return state


# --- the recount --------------------------------------------------------------------------------------------------

_CLIENT = {}


def _items(slug: str) -> list[dict]:
    """Every item of the debate, raw (one Scan; a boto3 client per moto mock, made once)."""
    import boto3

    from chalicelib.config import settings

    client = _CLIENT.get("dynamodb")
    if client is None:
        client = _CLIENT["dynamodb"] = boto3.client("dynamodb", region_name=settings().region)
    found, start = [], None
    while True:
        page = client.scan(TableName=settings().table_name, **({"ExclusiveStartKey": start} if start else {}))
        for item in page["Items"]:
            pk = item["pk"]["S"]
            if pk == f"D#{slug}" or pk.startswith(f"D#{slug}#"):
                found.append(item)
        start = page.get("LastEvaluatedKey")
        if not start:
            return found


def _s(item, name, default=None):
    value = item.get(name)
    if value is None:
        return default
    return value.get("S", value.get("N", value.get("BOOL", default)))


def _n(item, name) -> int:
    value = item.get(name)
    return int(value["N"]) if value and "N" in value else 0


def recount_problems(slug: str) -> list[str]:
    """Every stored counter of the debate against a recount of the items it counts."""
    items = _items(slug)
    by_type: dict[str, list[dict]] = {}
    for item in items:
        by_type.setdefault(_s(item, "type", "?"), []).append(item)
    posts = {_s(p, "post_id"): p for p in by_type.get("Post", [])}
    published = {pid: p for pid, p in posts.items() if _s(p, "state") == "published"}

    def thread_idea(post):
        root = posts.get(_s(post, "thread_id"))
        return _s(root, "idea_id") if root else _s(post, "idea_id")

    marks = by_type.get("Mark", [])
    stance_marks = [m for m in marks if m["sk"]["S"].endswith("#stance")]
    extracts = [e for e in by_type.get("Extract", []) if _s(e, "state") == "published"]
    problems = []

    counters = Counter()
    for shard in by_type.get("Counter", []):
        for name in ("posts", "participants", "stances", "extracts"):
            counters[name] += _n(shard, name)
    members = [m for m in by_type.get("Member", []) if m["sk"]["S"] == "MEMBER"]
    expected = {"posts": len(published), "stances": len(stance_marks), "extracts": len(extracts),
                "participants": sum(1 for m in members if _s(m, "contributed_at"))}
    for name, value in expected.items():
        if counters[name] != value:
            problems.append(f"debate {name}: counter {counters[name]}, items {value}")

    contributors = Counter()
    for post in published.values():
        contributors[(thread_idea(post), _s(post, "author_id"))] += 1
    for ic in by_type.get("IdeaContributor", []):
        _, idea_id, user_id = ic["sk"]["S"].split("#")
        if _n(ic, "n") != contributors.get((idea_id, user_id), 0):
            problems.append(f"contributor {user_id} in idea {idea_id}: n={_n(ic, 'n')}, "
                            f"posts {contributors.get((idea_id, user_id), 0)}")
    for idea in by_type.get("Idea", []):
        idea_id = _s(idea, "idea_id")
        want = {
            "post_count": sum(1 for p in published.values() if thread_idea(p) == idea_id),
            "contributor_count": sum(1 for (i, _), n in contributors.items() if i == idea_id and n > 0),
            "extract_count": sum(1 for e in extracts if _s(e, "idea_id") == idea_id),
            "reaction_count": sum(_n(p, f"r_{k}") for p in posts.values() if thread_idea(p) == idea_id
                                  for k in ("like", "disagree", "dont_understand", "more_info")),
        }
        for name, value in want.items():
            if _n(idea, name) != value:
                problems.append(f"idea {idea_id} {name}: {_n(idea, name)}, items {value}")

    replies = Counter(_s(p, "parent_id") for p in published.values() if _s(p, "parent_id"))
    reactions = Counter((m["sk"]["S"][2:].rsplit("#", 1)[0], m["sk"]["S"].rsplit("#", 1)[1]) for m in marks
                        if not m["sk"]["S"].endswith("#stance"))
    stances = Counter((m["sk"]["S"][2:].rsplit("#", 1)[0], _s(m, "value")) for m in stance_marks)
    for pid, post in posts.items():
        if _n(post, "reply_count") != replies.get(pid, 0):
            problems.append(f"post {pid} reply_count {_n(post, 'reply_count')}, replies {replies.get(pid, 0)}")
        for kind in ("like", "disagree", "dont_understand", "more_info"):
            if _n(post, f"r_{kind}") != reactions.get((pid, kind), 0):
                problems.append(f"post {pid} r_{kind} {_n(post, f'r_{kind}')}, marks {reactions.get((pid, kind), 0)}")
        for value in ("agree", "disagree", "pass"):
            if _n(post, f"s_{value}") != stances.get((pid, value), 0):
                problems.append(f"post {pid} s_{value} {_n(post, f's_{value}')}, marks {stances.get((pid, value), 0)}")

    tallies = Counter()
    for tally in by_type.get("VoteTally", []):
        session = tally["pk"]["S"].split("#VS#", 1)[1].split("#T#")[0]
        for name, value in tally.items():
            if name in ("voters", "b_for", "b_against"):
                tallies[(session, _s(tally, "proposal_id"), _s(tally, "module_id"), name)] += int(value["N"])
    ballots = Counter()
    for ballot in by_type.get("VoteBallot", []):
        key = (_s(ballot, "session_id"), _s(ballot, "proposal_id"), _s(ballot, "module_id"))
        stored = json.loads(_s(ballot, "ballot_json"))
        ballots[key + ("voters",)] += 1
        if "choice" in stored:
            ballots[key + (f"b_{stored['choice']}",)] += 1
    for key in set(tallies) | set(ballots):
        if tallies.get(key, 0) != ballots.get(key, 0):
            problems.append(f"vote tally {key}: {tallies.get(key, 0)}, ballots {ballots.get(key, 0)}")
    return problems


# --- the operations -----------------------------------------------------------------------------------------------

@dataclass
class Op:
    """prepare(world) -> state; request(world, state) -> (method, path, body, headers, who);
    once(world, state) -> problems after the retry (the action happened exactly once)."""
    prepare: Callable
    request: Callable
    once: Callable


def _count_posts_with(world: World, body: str) -> int:
    return sum(1 for item in _items(SLUG) if _s(item, "type") == "Post" and _s(item, "body_source") == body
               and _s(item, "state") == "published")


def _post_prepare(world):
    ctx = world.debates[SLUG]
    return {"body": f"Message {uuid.uuid4().hex}", "key": uuid.uuid4().hex, "who": world.people["other_member"],
            "idea": world.new_idea(ctx)}


def _post_request(world, s):
    return ("POST", f"/debates/{SLUG}/ideas/{s['idea']}/posts", {"body": s["body"]}, {"Idempotency-Key": s["key"]},
            s["who"])


def _reply_prepare(world):
    ctx = world.debates[SLUG]
    return {"body": f"Réponse {uuid.uuid4().hex}", "key": uuid.uuid4().hex, "who": world.people["other_member"],
            "parent": world.new_post(ctx)}


def _reply_request(world, s):
    return ("POST", f"/debates/{SLUG}/posts/{s['parent']}/replies", {"body": s["body"]},
            {"Idempotency-Key": s["key"]}, s["who"])


def _exactly_one_post(world, s):
    n = _count_posts_with(world, s["body"])
    return [] if n == 1 else [f"{n} published posts with the body, not 1"]


def _react_prepare(world):
    ctx = world.debates[SLUG]
    return {"post": world.new_post(ctx), "who": world.people["other_member"]}


def _react_request(world, s):
    return "PUT", f"/debates/{SLUG}/posts/{s['post']}/reactions/like", None, None, s["who"]


def _one_like(world, s):
    status, post = world.api.get(f"/debates/{SLUG}/posts/{s['post']}", who=s["who"])
    ok = status == 200 and post["reactions"]["like"] == 1 and post["mine"]["reactions"] == ["like"]
    return [] if ok else [f"after the retry: {status} {post.get('reactions')} {post.get('mine')}"]


def _stance_prepare(world):
    ctx = world.debates[SLUG]
    post = world.new_post(ctx, statement=True)
    who = world.people["other_member"]
    assert world.api.put(f"/debates/{SLUG}/posts/{post}/stance", {"value": "disagree"}, who=who)[0] == 200
    return {"post": post, "who": who}


def _stance_request(world, s):
    return "PUT", f"/debates/{SLUG}/posts/{s['post']}/stance", {"value": "agree"}, None, s["who"]


def _one_stance(world, s):
    status, post = world.api.get(f"/debates/{SLUG}/posts/{s['post']}", who=s["who"])
    ok = status == 200 and post["stances"] == {"agree": 1, "disagree": 0, "pass": 0} and post["mine"]["stance"] == "agree"
    return [] if ok else [f"after the retry: {status} {post.get('stances')} {post.get('mine')}"]


def _harvest_prepare(world):
    ctx = world.debates[SLUG]
    return {"post": world.new_post(ctx, body="Des bus toutes les dix minutes, même le dimanche."),
            "who": world.people["harvester"], "idea": ctx.idea}


def _harvest_request(world, s):
    return ("POST", f"/debates/{SLUG}/posts/{s['post']}/extracts",
            {"idea_id": s["idea"], "start": 0, "end": 7, "nature": "proposal"}, None, s["who"])


def _one_extract(world, s):
    status, data = world.api.get(f"/debates/{SLUG}/posts/{s['post']}/extracts", who=s["who"])
    n = len(data["items"]) if status == 200 else -1
    return [] if n == 1 else [f"{n} extracts on the post, not 1"]


def _publish_prepare(world):
    ctx = world.debates[SLUG]
    return {"draft": world.new_draft(ctx), "who": ctx.organiser}


def _publish_request(world, s):
    return "POST", f"/debates/{SLUG}/synthesis-drafts/{s['draft']}/publish", {"version": 1}, None, s["who"]


def _one_publication(world, s):
    items = _items(SLUG)
    publications = [i for i in items if _s(i, "type") == "Publication" and _s(i, "synthesis_id") == s["draft"]]
    numbers = sorted(_n(i, "number") for i in items if _s(i, "type") == "Publication")
    sequence = next((_n(i, "last") for i in items if _s(i, "type") == "Sequence"), None)
    problems = [] if len(publications) == 1 else [f"{len(publications)} publications of the draft, not 1"]
    if numbers != list(range(1, len(numbers) + 1)):
        problems.append(f"publication numbers have gaps or twins: {numbers}")
    if sequence is not None and sequence != len(numbers):
        problems.append(f"sequence {sequence} for {len(numbers)} publications")
    return problems


def _vote_prepare(world):
    ctx = world.debates[SLUG]
    proposal = world.new_proposal(ctx, ctx.session)
    return {"proposal": proposal, "key": uuid.uuid4().hex, "who": world.people["other_member"]}


def _vote_request(world, s):
    ctx = world.debates[SLUG]
    return ("PUT", f"/debates/{SLUG}/vote-sessions/{ctx.session}/proposals/{s['proposal']}/ballots/{ctx.module}",
            {"value": "for"}, {"Idempotency-Key": s["key"]}, s["who"])


def _one_ballot(world, s):
    ctx = world.debates[SLUG]
    status, results = world.api.get(f"/debates/{SLUG}/vote-sessions/{ctx.session}/results", who=ctx.organiser)
    entry = next(p for p in results["proposals"] if p["id"] == s["proposal"])
    text = json.dumps(entry["modules"])
    return [] if '"voters": 1' in text else [f"after the retry, the tally is {text}"]


OPS = {
    "post": Op(_post_prepare, _post_request, _exactly_one_post),
    "reply": Op(_reply_prepare, _reply_request, _exactly_one_post),
    "react": Op(_react_prepare, _react_request, _one_like),
    "stance": Op(_stance_prepare, _stance_request, _one_stance),
    "harvest": Op(_harvest_prepare, _harvest_request, _one_extract),
    "publish": Op(_publish_prepare, _publish_request, _one_publication),
    "vote": Op(_vote_prepare, _vote_request, _one_ballot),
}
FAULTS = {
    "throttle, persistent": ("throttle", True),
    "throttle, transient": ("throttle", False),
    "transaction conflict, transient": ("conflict", False),
    "condition failed, transient": ("condition", False),
    "connect timeout (not sent)": ("timeout_before", False),
    "read timeout (sent and committed)": ("timeout_after", False),
}


@pytest.fixture(scope="module")
def fault_world():
    from tests.security.conftest import moto_app
    from tests.security.world import build_world

    with moto_app() as api:
        _CLIENT.clear()
        yield build_world(api, slugs=(PUBLIC,))
        _CLIENT.clear()


def _write_steps(world, op: Op, inject) -> list[list | None]:
    """The write calls the request makes when nothing fails (the TransactItems of each, None for single writes)."""
    state = op.prepare(world)
    method, path, body, headers, who = op.request(world, state)
    inject["log"].clear()
    status, answer = world.api.call(method, path, body, who=who, headers=headers)
    assert status < 300, (status, answer)
    return [items for name, items in inject["log"] if name in WRITES]


def _conditioned(items: list | None) -> list[int]:
    return [i for i, item in enumerate(items or []) if _realistic_condition(item)]


TIMEOUT_BUG = ("a botocore timeout (ConnectTimeoutError/ReadTimeoutError, wrapped by PynamoDB with no response "
               "code) reaches api/http._handle as a PynamoDBException that is not a throttle: 500 internal_error "
               "instead of 503 temporarily_unavailable, so clients do not know they may retry")


def known_bug(item) -> str | None:
    """Fixed: timeouts are now 503 temporarily_unavailable (storage/transactions.error_code)."""
    return None


def test_the_recount_holds_before_any_fault(fault_world):
    assert recount_problems(SLUG) == []


@pytest.mark.parametrize("fault_name", list(FAULTS))
@pytest.mark.parametrize("op_name", list(OPS))
def test_fault(fault_world, inject, op_name, fault_name):
    world, op = fault_world, OPS[op_name]
    kind, persistent = FAULTS[fault_name]
    steps = _write_steps(world, op, inject)
    assert steps, f"{op_name} makes no write"
    cases = []
    for step, items in enumerate(steps, start=1):
        if kind == "condition":
            cases += [(step, index) for index in _conditioned(items)]
        elif kind == "conflict" and items is None:
            continue  # not a transaction
        else:
            cases.append((step, None))
    problems = []
    for step, item in cases:
        where = f"{op_name}, {fault_name}, write {step}/{len(steps)}" + (f", item {item}" if item is not None else "")
        state = op.prepare(world)
        method, path, body, headers, who = op.request(world, state)
        inject["fault"] = Fault(kind, persistent, step, item)
        try:
            status, answer = world.api.call(method, path, body, who=who, headers=headers)
        finally:
            inject["fault"] = None
        if status >= 500 and status != 503:
            problems.append(f"{where}: {status} {answer}")
        elif status >= 400:
            if not (isinstance(answer, dict) and isinstance(answer.get("error"), dict) and answer["error"].get("code")):
                problems.append(f"{where}: {status} without a JSON error body: {answer}")
            if status == 503 and answer["error"]["code"] != "temporarily_unavailable":
                problems.append(f"{where}: 503 with code {answer['error']['code']}")
        problems += [f"{where}: after the fault: {p}" for p in recount_problems(SLUG)]
        # the client retries the same request once the fault is gone
        retry_status, retry_answer = world.api.call(method, path, body, who=who, headers=headers)
        if retry_status >= 500 or (retry_status >= 400 and op_name != "harvest"):
            problems.append(f"{where}: the retry got {retry_status} {retry_answer}")
        problems += [f"{where}: after the retry: {p}" for p in recount_problems(SLUG) + op.once(world, state)]
    assert not problems, "\n".join(problems)
