"""API fuzzing with schemathesis (4.x) against the running local stack (`stack`): every operation of the OpenAPI
document, a bounded number of generated requests (valid and invalid), a fixed seed, no shrinking.

* The document fuzzed is the app's own (chalicelib/api/openapi.py, loaded at collection so that each operation is
  one test case); `test_the_stack_serves_this_document` checks that the stack's GET /openapi.json is that document.
* Half of the examples carry an organiser's bearer token (the other half none), and two thirds of the path
  parameters are swapped for ids that exist (a debate of this module, its idea, post, extract, draft, vote
  session...), so that generated bodies reach the code behind the 404s.
* Checks: no 5xx (`not_a_server_error`), every status code documented (`status_code_conformance`), the content
  type documented (`content_type_conformance`), error bodies as documented (`response_schema_conformance`).

Budget: FUZZ_EXAMPLES examples per operation — 10 by default, so that `make security` stays near 5 minutes of CPU;
`FUZZ_EXAMPLES=25 make security` is the deeper run (about 2.5 minutes more)."""
from __future__ import annotations

import os
import random
import uuid

import pytest
from hypothesis import HealthCheck, Phase, settings

# Pinned in requirements-dev.txt (schemathesis==4.32.5); skipped, visibly, where it is not installed yet.
schemathesis = pytest.importorskip("schemathesis", minversion="4.0")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (content_type_conformance, response_schema_conformance,  # noqa: E402
                                                status_code_conformance)

pytestmark = pytest.mark.e2e

import app as _app  # noqa: E402,F401  (registers every route, so that the document lists them all)
from chalicelib.api.openapi import document  # noqa: E402

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
SEED = 20260107
CONFIG = schemathesis.Config.from_dict({
    "seed": SEED,
    "generation": {"max-examples": EXAMPLES, "no-shrink": True, "deterministic": True,
                   "mode": "all"},
    "phases": {"examples": {"enabled": False}, "coverage": {"enabled": False}, "stateful": {"enabled": False},
               "fuzzing": {"enabled": True}},
})
schema = schemathesis.openapi.from_dict(document(), config=CONFIG)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

# Routes whose successful answer is not JSON (declared with `produces=`): their bodies are not checked against a
# JSON schema; their content type is, here and by test_non_json_answers_are_documented.
NOT_JSON = sorted((method.upper(), path) for path, operations in document()["paths"].items()
                  for method, operation in operations.items()
                  if set(operation["responses"][min(operation["responses"])]["content"]) != {"application/json"})


def known_bug(item) -> str | None:
    """None left: non-JSON answers are declared (`produces=`), query errors are documented (422)."""
    return None


# Never point these at a real debate: archiving writes files on the host (the stack's .local/archives).
NO_REAL_IDS = {("POST", "/debates/{slug}/archive")}


@pytest.fixture(scope="module")
def fuzz_world(stack):
    """A debate of this module with one of everything, and an organiser's token."""
    token = stack.sign_in("organiser@example.org")

    def call(method, path, body=None, expect=None):
        status, data = stack.request(method, path, body, token=token)
        if expect is not None:
            assert status == expect, (method, path, status, data)
        return data

    slug = f"fuzz-{uuid.uuid4().hex[:8]}"
    call("POST", "/debates", {"slug": slug, "languages": ["fr"], "default_language": "fr", "title": {"fr": "Fuzz"},
                              "phases": [{"name": {"fr": "Ouvert"}, "start": "2026-01-01T00:00:00+00:00"}]}, 201)
    base = f"/debates/{slug}"
    debate = call("GET", base, expect=200)
    idea = call("POST", f"{base}/ideas", {"title": {"fr": "Idée"}}, 201)["id"]
    post = call("POST", f"{base}/ideas/{idea}/posts", {"body": "Un message à récolter.", "statement": True}, 201)["id"]
    reply = call("POST", f"{base}/posts/{post}/replies", {"body": "Une réponse."}, 201)["id"]
    extract = call("POST", f"{base}/posts/{post}/extracts",
                   {"idea_id": idea, "start": 3, "end": 10, "nature": "proposal"}, 201)["id"]
    draft = call("POST", f"{base}/synthesis-drafts", {"title": {"fr": "S"}, "sections": [
        {"idea_id": idea, "text": {"fr": "Un message [1]."}, "citations": [extract]}]}, 201)["id"]
    session = call("POST", f"{base}/vote-sessions", {"idea_id": idea, "phase_id": debate["phases"][0]["id"],
                                                     "title": {"fr": "Vote"}}, 201)["id"]
    proposal = call("POST", f"{base}/vote-sessions/{session}/proposals", {"title": {"fr": "P"}}, 201)["id"]
    module = call("POST", f"{base}/vote-sessions/{session}/modules", {"kind": "binary"}, 201)["id"]
    me = call("GET", "/me", expect=200)["user"]["id"]
    values = {"slug": [slug], "idea_id": [idea], "post_id": [post, reply], "extract_id": [extract],
              "synthesis_id": [draft], "number": ["1"], "session_id": [session], "proposal_id": [proposal],
              "module_id": [module], "user_id": [me], "kind": ["like", "more_info"]}
    return {"token": token, "values": values, "base_url": stack.api,
            "unsubscribe_token": _unsubscribe_token(stack, call, base, draft)}


def _unsubscribe_token(stack, call, base: str, draft: str) -> str:
    """A real one-click link: follow the debate, publish a synthesis, read the notification in the outbox."""
    import glob
    import json
    import re
    import time

    call("PUT", f"{base}/follow", expect=200)
    started = time.time() - 1
    call("POST", f"{base}/synthesis-drafts/{draft}/publish", {"version": 1}, 201)
    deadline = time.time() + 30
    while time.time() < deadline:
        for path in glob.glob(os.path.join(stack.outbox, "*.json")):
            if os.path.getmtime(path) < started:
                continue
            with open(path, encoding="utf-8") as handle:
                found = re.search(r"/unsubscribe\?token=([\w.-]+)", json.load(handle)["text"])
            if found:
                return found.group(1)
        time.sleep(0.3)
    raise AssertionError("no synthesis notification with an unsubscribe link in the outbox")


def test_the_stack_serves_this_document(stack):
    import json
    import urllib.request

    with urllib.request.urlopen(f"{stack.api}/openapi.json", timeout=30) as response:
        served = json.loads(response.read())
    assert served == json.loads(json.dumps(document())), "the stack's /openapi.json is not the document fuzzed here"


_counters: dict[str, int] = {}


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=list(HealthCheck), database=None)
def test_fuzz(case, fuzz_world):
    key = (case.method.upper(), case.path)
    n = _counters[case.operation.label] = _counters.get(case.operation.label, 0) + 1
    chooser = random.Random(f"{SEED}:{case.operation.label}:{n}")
    if key not in NO_REAL_IDS and case.path_parameters:
        for name in list(case.path_parameters):
            if name in fuzz_world["values"] and chooser.random() < 2 / 3:
                case.path_parameters[name] = chooser.choice(fuzz_world["values"][name])
    headers = {"Authorization": f"Bearer {fuzz_world['token']}"} if n % 2 == 0 else None
    checks = CHECKS
    if key in NOT_JSON:
        checks = [c for c in checks if c is not response_schema_conformance]
    case.call_and_validate(base_url=fuzz_world["base_url"], headers=headers, checks=checks, timeout=60)


@pytest.mark.parametrize("route", [" ".join(k) for k in NOT_JSON])
def test_non_json_answers_are_documented(route, fuzz_world, stack):
    """A successful answer's Content-Type is one the document declares for that status."""
    import urllib.request

    method, path = route.split(" ", 1)
    values = fuzz_world["values"]
    if path == "/unsubscribe":
        url = f"{stack.api}/unsubscribe?token={fuzz_world['unsubscribe_token']}"
    else:
        url = stack.api + path.format(**{name: values[name][0] for name in ("slug", "session_id")})
    request = urllib.request.Request(url, method=method, headers={"Authorization": f"Bearer {fuzz_world['token']}",
                                                                  "Accept": "*/*"})
    with urllib.request.urlopen(request, timeout=30) as response:
        status, content_type = response.status, response.headers["Content-Type"].split(";")[0].strip()
    operation = document()["paths"][path][method.lower()]
    declared = set(operation["responses"].get(str(status), {}).get("content", {}))
    assert content_type in declared, f"{route} answers {status} {content_type}; the document says {declared}"


def _query_routes() -> list[str]:
    return [f"{method.upper()} {path}" for path, operations in document()["paths"].items()
            for method, operation in operations.items()
            if any(p["in"] == "query" for p in operation.get("parameters", []))]


@pytest.mark.parametrize("route", _query_routes())
def test_query_errors_are_documented(route, fuzz_world, stack):
    """Every query parameter set to an over-long value: the answer's status is one the document lists."""
    import urllib.error
    import urllib.parse
    import urllib.request

    method, path = route.split(" ", 1)
    operation = document()["paths"][path][method.lower()]
    values = fuzz_world["values"]
    url = stack.api + path.format(**{name: values[name][0] for name in values if "{" + name + "}" in path})
    query = {p["name"]: "9" * 3000 for p in operation["parameters"] if p["in"] == "query"}
    request = urllib.request.Request(f"{url}?{urllib.parse.urlencode(query)}", method=method,
                                     headers={"Authorization": f"Bearer {fuzz_world['token']}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    assert status < 500 and str(status) in operation["responses"], \
        f"{route} answers {status}; the document lists {sorted(operation['responses'])}"
