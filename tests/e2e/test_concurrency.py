"""Many people acting on one statement at the same moment, through the running API (real HTTP, the threaded
local server, the embedded DynamoDB): the counts on the post and on the debate must come out exact."""
from __future__ import annotations

import collections
import json
import random
import threading
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = pytest.mark.e2e

PEOPLE = 20
CLEARING = 10
STANCES = ("agree", "disagree", "pass")
# The embedded DynamoDB serves one request at a time, so a request may wait behind all the others:
# a generous timeout, never a timing assertion.
TIMEOUT = 600


def call(stack, method: str, path: str, token: str | None = None, body=None) -> tuple[int, dict]:
    """One HTTP request on its own connection (urllib), as a separate client would send it."""
    request = urllib.request.Request(stack.api + path, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def debate_counts(stack) -> dict:
    status, debate = call(stack, "GET", f"/debates/{stack.slug}")
    assert status == 200, debate
    return debate["counts"]


def run_together(count: int, work) -> list:
    """Runs work(i) in `count` threads released together by a barrier; returns the results in order,
    raising the first exception a thread met."""
    barrier = threading.Barrier(count)

    def start(i):
        barrier.wait(timeout=60)
        return work(i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(start, range(count)))


def plans(rng: random.Random) -> list[list[str]]:
    """Each person's stances in order: most take one, some change their mind twice (three stances, each
    different from the one before). The last one is the one that counts."""
    changing = set(rng.sample(range(PEOPLE), PEOPLE * 2 // 5))
    result = []
    for i in range(PEOPLE):
        values = [rng.choice(STANCES)]
        if i in changing:
            for _ in range(2):
                values.append(rng.choice([v for v in STANCES if v != values[-1]]))
        result.append(values)
    return result


def test_twenty_people_react_and_take_stances_on_one_statement_at_once(stack, imported_counts):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    context = f"(seed {seed})"
    status, ideas = call(stack, "GET", f"/debates/{stack.slug}/ideas")
    assert status == 200, ideas
    idea_id = ideas["items"][0]["id"]  # any idea of the debate will do
    run = uuid.uuid4().hex[:8]

    author = stack.sign_in(f"e2e-concurrency-author-{run}@example.org")
    status, post = call(stack, "POST", f"/debates/{stack.slug}/ideas/{idea_id}/posts", author,
                        {"body": f"Concurrency statement {run}: councils should build homes.", "statement": True})
    assert status == 201, post
    post_path = f"/debates/{stack.slug}/posts/{post['id']}"

    # Twenty distinct people (one after the other: stack.sign_in waits 30 s at most per request)
    tokens = [stack.sign_in(f"e2e-concurrency-{run}-{i:02d}@example.org") for i in range(PEOPLE)]
    assert len(set(tokens)) == PEOPLE
    stance_plans = plans(rng)
    before = debate_counts(stack)

    def act(i: int) -> list[tuple[str, int, dict]]:
        """Like twice (the two PUTs racing each other), and take the stances one after the other."""
        token, answers = tokens[i], []
        duplicate = {}
        twin = threading.Thread(target=lambda: duplicate.update(
            answer=call(stack, "PUT", f"{post_path}/reactions/like", token)))
        twin.start()
        answers.append(("like",) + call(stack, "PUT", f"{post_path}/reactions/like", token))
        for value in stance_plans[i]:
            answers.append((f"stance {value}",) + call(stack, "PUT", f"{post_path}/stance", token,
                                                       {"value": value}))
        twin.join(TIMEOUT)
        answers.append(("like again",) + duplicate["answer"])
        return answers

    results = run_together(PEOPLE, act)
    refused = [(i, what, status, body) for i, answers in enumerate(results) for what, status, body in answers
               if status != 200]
    assert refused == [], f"{context} some requests were refused: {refused}"
    for i, answers in enumerate(results):
        for what, _, body in answers:
            # each answer shows the person's own marks: the like (the first PUT of the chain, or its twin),
            # and the stance just taken
            assert body["mine"]["reactions"] == ["like"], (context, i, what, body["mine"])
            if what.startswith("stance"):
                assert body["mine"]["stance"] == what.split()[1], (context, i, what, body["mine"])
        assert answers[-2][2]["mine"]["stance"] == stance_plans[i][-1], (context, i)  # the last one stays

    status, stored = call(stack, "GET", post_path)
    assert status == 200, stored
    last = collections.Counter(plan[-1] for plan in stance_plans)
    assert stored["reactions"] == {"like": PEOPLE, "disagree": 0, "dont_understand": 0, "more_info": 0}, context
    assert sum(stored["stances"].values()) == PEOPLE, (context, stored["stances"])
    assert stored["stances"] == {value: last[value] for value in STANCES}, (context, stance_plans)

    # Twenty new participants (a stance is each one's first contribution) and twenty new stances, exactly
    after = debate_counts(stack)
    assert (after["posts"] - before["posts"], after["participants"] - before["participants"],
            after["stances"] - before["stances"]) == (0, PEOPLE, PEOPLE), (context, before, after)

    # Ten of them withdraw their "like" at the same time, each sending the DELETE twice
    def clear(i: int) -> list[tuple[int, dict]]:
        duplicate = {}
        twin = threading.Thread(target=lambda: duplicate.update(
            answer=call(stack, "DELETE", f"{post_path}/reactions/like", tokens[i])))
        twin.start()
        first = call(stack, "DELETE", f"{post_path}/reactions/like", tokens[i])
        twin.join(TIMEOUT)
        return [first, duplicate["answer"]]

    cleared = run_together(CLEARING, clear)
    refused = [(i, status, body) for i, answers in enumerate(cleared) for status, body in answers if status != 200]
    assert refused == [], f"{context} some withdrawals were refused: {refused}"
    status, stored = call(stack, "GET", post_path)
    assert status == 200, stored
    assert stored["reactions"]["like"] == PEOPLE - CLEARING, context
    assert stored["stances"] == {value: last[value] for value in STANCES}, context
    # both answers each of the ten received show their like gone and their stance kept
    for i, answers in enumerate(cleared):
        for _, body in answers:
            assert body["mine"] == {"reactions": [], "stance": stance_plans[i][-1]}, (context, i, body["mine"])
    status, other = call(stack, "GET", post_path, tokens[PEOPLE - 1])  # someone who kept theirs
    assert status == 200 and other["mine"] == {"reactions": ["like"], "stance": stance_plans[-1][-1]}, context
    assert debate_counts(stack) == after, context
