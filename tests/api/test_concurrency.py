"""Concurrent writes on one post: counts stay exact.

The Chalice test client is not thread-safe (`app.current_request` is shared), so the threads call the service
functions directly, inside the same moto mock.

moto's in-memory DynamoDB is not thread-safe either: `transact_write_items` deep-copies the table while other
threads write to it and fails with "RuntimeError: dictionary changed size during iteration" (moto 5.2.5,
moto/dynamodb/models/__init__.py). Real DynamoDB executes each request atomically, so the `serialised_moto` fixture
gives moto that guarantee (one request at a time) and nothing more: requests from different threads still
interleave freely between one another, which is what the application's conditions and retries must survive.
"""
from __future__ import annotations

import threading
import traceback

import pytest

from tests.api.cast_snapshot import cast  # noqa: F401,F811 - the same cast, restored from a snapshot (faster)
from tests.api.support import debate_counts, get_post, new_post
from tests.helpers import sign_in

THREADS = 20


@pytest.fixture
def serialised_moto(monkeypatch):
    from moto.core.botocore_stubber import BotocoreStubber

    lock = threading.Lock()
    original = BotocoreStubber.process_request

    def one_request_at_a_time(self, request):
        with lock:
            return original(self, request)

    monkeypatch.setattr(BotocoreStubber, "process_request", one_request_at_a_time)


def run_together(functions) -> list[str]:
    barrier = threading.Barrier(len(functions))
    errors: list[str] = []

    def run(function):
        try:
            barrier.wait(timeout=10)
            function()
        except Exception:  # noqa: BLE001 - reported below with the traceback
            errors.append(traceback.format_exc())

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread is stuck"
    return errors


def callers(people):
    from chalicelib.services import identity

    return [identity.caller_from_header(f"Bearer {person.token}") for person in people]


def test_twenty_people_react_and_take_a_stance_at_once(api, cast, serialised_moto):
    from chalicelib.services import posts

    statement = new_post(api, cast["participant"], cast["idea"]["id"], "Une affirmation", statement=True)
    people = callers([sign_in(f"crowd{i}@example.org") for i in range(THREADS)])
    values = ["agree", "disagree", "pass", "agree"]

    def work(caller, i):
        def go():
            posts.set_reaction("climat-2027", caller, statement["id"], "like")
            posts.set_stance("climat-2027", caller, statement["id"], values[i % 4])
        return go

    errors = run_together([work(c, i) for i, c in enumerate(people)])
    assert errors == [], errors[0] if errors else None
    post = get_post(api, statement["id"])
    assert post["reactions"] == {"like": THREADS, "disagree": 0, "dont_understand": 0, "more_info": 0}
    assert post["stances"] == {"agree": 10, "disagree": 5, "pass": 5}
    assert debate_counts(api) == {"posts": 1, "participants": THREADS + 1, "stances": THREADS}


def test_one_person_racing_with_themself_counts_once(api, cast, serialised_moto):
    from chalicelib.services import posts

    statement = new_post(api, cast["participant"], cast["idea"]["id"], "Une affirmation", statement=True)
    [me] = callers([cast["other"]])
    values = ["agree", "disagree", "pass"]
    jobs = []
    for i in range(12):
        jobs.append(lambda: posts.set_reaction("climat-2027", me, statement["id"], "like"))
        jobs.append(lambda i=i: posts.set_stance("climat-2027", me, statement["id"], values[i % 3]))
    errors = run_together(jobs)
    # a request may give up with 409 concurrent_change after repeated conflicts; counts must be exact regardless
    unexpected = [e for e in errors if "concurrent_change" not in e]
    assert unexpected == [], unexpected[0] if unexpected else None
    post = get_post(api, statement["id"], who=cast["other"])
    assert post["reactions"]["like"] == 1
    assert sum(post["stances"].values()) == 1
    assert post["stances"][post["mine"]["stance"]] == 1
    assert debate_counts(api) == {"posts": 1, "participants": 2, "stances": 1}


def test_first_contributions_at_once_count_each_person_once(api, cast, serialised_moto):
    from chalicelib.api import schemas
    from chalicelib.services import posts

    people = callers([sign_in(f"first{i}@example.org") for i in range(5)])
    idea = cast["idea"]["id"]
    jobs = [lambda c=c, n=n: posts.create_post("climat-2027", c, idea, schemas.PostInput(body=f"Message {n}"), None)
            for c in people for n in range(3)]
    errors = run_together(jobs)
    assert errors == [], errors[0] if errors else None
    assert debate_counts(api) == {"posts": 15, "participants": 5, "stances": 0}


def test_concurrent_retries_with_one_idempotency_key_create_one_post(api, cast, serialised_moto):
    from chalicelib.api import schemas
    from chalicelib.services import posts

    [me] = callers([cast["participant"]])
    results: list[str] = []
    idea = cast["idea"]["id"]

    def retry():
        results.append(posts.create_post("climat-2027", me, idea, schemas.PostInput(body="Une fois"),
                                         "same-key-for-all-1")["id"])

    errors = run_together([retry for _ in range(8)])
    assert errors == [], errors[0] if errors else None
    assert len(set(results)) == 1 and len(results) == 8
    assert debate_counts(api) == {"posts": 1, "participants": 1, "stances": 0}


def test_parallel_retries_of_an_idea_creation_with_one_idempotency_key_create_one_idea(api, cast, serialised_moto):
    from chalicelib.api.schemas import IdeaInput
    from chalicelib.services import ideas

    [moderator] = callers([cast["moderator"]])
    before = len(api.get("/debates/climat-2027/ideas")[1]["items"])
    answers: list[dict] = []

    def retry():
        answers.append(ideas.create_idea("climat-2027", moderator, IdeaInput(title={"fr": "Une seule fois"}),
                                         "retry-of-one-idea"))

    assert run_together([retry for _ in range(THREADS)]) == []
    assert len({answer["id"] for answer in answers}) == 1 and len(answers) == THREADS
    items = api.get("/debates/climat-2027/ideas")[1]["items"]
    assert len(items) == before + 1
