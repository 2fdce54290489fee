"""`palabre bench routes`: DynamoDB requests per route at two debate sizes (they must be equal), latency of
the main read routes on the local stack over a kept-alive connection, and import throughput.

Debates are built from real statements of the shared Polis data, repeated with new ids (no invented text)."""
from __future__ import annotations

import csv
import glob
import http.client
import json
import os
import statistics
import time
from datetime import datetime, timezone

from chalicelib.cli.bench_report import measured_on, write_section
from chalicelib.cli.localenv import PROJECT_ROOT

SHARED_POLIS = os.path.join(PROJECT_ROOT, "..", "shared", "data", "polis")
SIZES = (100, 10_000)


def real_statements() -> list[str]:
    texts = []
    for path in sorted(glob.glob(os.path.join(SHARED_POLIS, "*", "comments.csv"))):
        with open(path, encoding="utf-8", newline="") as handle:
            texts += [row["comment-body"] for row in csv.DictReader(handle) if row["comment-body"].strip()]
    return texts


INVITED = 120  # more than one page (100) of the invite list at both sizes


def seed_debate(slug: str, n_posts: int, texts: list[str], organiser_id: str, invited: list[str]) -> dict:
    """A debate of n_posts posts (half top posts, half replies) over 10 ideas, written in bulk, and an invite list
    of the given people (the organiser named them as participants)."""
    from chalicelib.domain import clock, ids, text
    from chalicelib.storage import debates_repo, keys, members_repo, posts_repo
    from chalicelib.storage.models import Debate, Idea, Mark, Post

    now = clock.now_iso()
    debates_repo.create_debate(Debate(keys.debate(slug), keys.DEBATE_META, slug=slug, title={"en": slug},
                                      description={"en": "benchmark"}, languages=["en"], default_language="en",
                                      visibility="public", status="open", timezone="UTC", phases=[],
                                      created_at=now, gsi1pk=keys.PUBLIC_DEBATES, gsi1sk=f"{now}#{slug}"))
    members_repo.set_roles(slug, organiser_id, ["participant", "moderator", "organiser"], now)
    for user_id in invited:
        members_repo.set_roles(slug, user_id, ["participant"], now)
    idea_ids = [ids.new_id() for _ in range(10)]
    items = [Idea(keys.ideas(slug), keys.idea_sk(i), idea_id=i, parent_id=None, order=float(n),
                  title={"en": f"Idea {n}"}, description={"en": ""}, post_count=0, created_at=now)
             for n, i in enumerate(idea_ids)]
    base_ms = int(time.time() * 1000) - n_posts * 1000
    tops = []
    for n in range(n_posts // 2):
        body = texts[n % len(texts)]
        html = text.plain_to_html(body)
        pid = ids.new_id(base_ms + n * 1000)
        created = clock.from_ms(base_ms + n * 1000)
        idea_id = idea_ids[n % len(idea_ids)]
        post = Post(keys.thread(slug, pid), keys.post_sk(pid), post_id=pid, thread_id=pid, idea_id=idea_id,
                    author_id=organiser_id, author_name="bench", body_source=body, body_html=html,
                    body_text=text.html_to_text(html), language="en", statement=True, state="published",
                    created_at=created, lsi1sk=pid, reply_count=1, gsi1pk=keys.idea_posts(slug, idea_id),
                    gsi1sk=f"{created}#{pid}")
        tops.append(post)
        own = ids.new_id(base_ms + n * 1000 + 500)
        reply_body = texts[(n + 7) % len(texts)]
        reply_html = text.plain_to_html(reply_body)
        items += [post, Post(post.pk, keys.post_sk(own), post_id=f"{pid}.{own}", thread_id=pid, parent_id=pid,
                             idea_id=idea_id, author_id=organiser_id, author_name="bench", body_source=reply_body,
                             body_html=reply_html, body_text=text.html_to_text(reply_html), language="en",
                             statement=False, state="published", created_at=created, lsi1sk=f"{pid}/{own}")]
        items.append(Mark(keys.member(slug, organiser_id), keys.mark_sk(pid, "stance"), value="agree", at=created))
    posts_repo.batch_write(items)
    debates_repo.set_import_counter(slug, "bench", posts=n_posts, participants=1, stances=len(tops))
    return {"slug": slug, "idea": idea_ids[0], "other_idea": idea_ids[1], "post": tops[-1].post_id,
            "posts": [t.post_id for t in tops[-40:] if t.idea_id == idea_ids[0]] + [t.post_id for t in tops[-40:]],
            "all_ideas": idea_ids, "tops": tops, "invited": invited}


def _scenarios(ctx: dict) -> list[tuple[str, str, str, object, str]]:
    """(route label, method, path, body, who) — who: anon | organiser | participant."""
    s, idea, post = ctx["slug"], ctx["idea"], ctx["post"]
    fresh = ctx["posts"]
    uniq = ctx["uniq"]
    return [
        ("GET /health/db", "GET", "/health/db", None, "anon"),
        ("GET /debates", "GET", "/debates", None, "anon"),
        ("GET /me/debates", "GET", "/me/debates", None, "participant"),  # the participant has a place in each size
        ("GET /debates/{slug}", "GET", f"/debates/{s}", None, "participant"),
        ("GET /debates/{slug}/ideas", "GET", f"/debates/{s}/ideas", None, "anon"),
        ("GET /debates/{slug}/ideas/{idea_id}/posts", "GET", f"/debates/{s}/ideas/{idea}/posts", None, "participant"),
        ("GET /debates/{slug}/posts/{post_id}", "GET", f"/debates/{s}/posts/{post}", None, "participant"),
        ("GET /debates/{slug}/posts/{post_id}/thread", "GET", f"/debates/{s}/posts/{post}/thread", None,
         "participant"),
        ("POST /debates/{slug}/ideas/{idea_id}/posts", "POST", f"/debates/{s}/ideas/{idea}/posts",
         {"body": "Benchmark post about housing supply", "statement": True}, "participant"),
        ("POST /debates/{slug}/posts/{post_id}/replies", "POST", f"/debates/{s}/posts/{fresh[uniq]}/replies",
         {"body": "A reply"}, "participant"),
        ("PUT /debates/{slug}/posts/{post_id}/reactions/{kind}", "PUT",
         f"/debates/{s}/posts/{fresh[uniq + 1]}/reactions/like", None, "participant"),
        ("DELETE /debates/{slug}/posts/{post_id}/reactions/{kind}", "DELETE",
         f"/debates/{s}/posts/{fresh[uniq + 1]}/reactions/like", None, "participant"),
        ("PUT /debates/{slug}/posts/{post_id}/stance", "PUT", f"/debates/{s}/posts/{fresh[uniq + 2]}/stance",
         {"value": "agree"}, "participant"),
        ("PUT /debates/{slug}/posts/{post_id}/stance (change)", "PUT",
         f"/debates/{s}/posts/{fresh[uniq + 2]}/stance", {"value": "disagree"}, "participant"),
        ("POST /debates/{slug}/ideas", "POST", f"/debates/{s}/ideas", {"title": {"en": "New idea"}}, "organiser"),
        ("POST /debates/{slug}/ideas/{idea_id}/move", "POST", f"/debates/{s}/ideas/{idea}/move",
         {"parent_id": None, "position": 3}, "organiser"),
        ("PATCH /debates/{slug}", "PATCH", f"/debates/{s}", {"premoderation": False}, "organiser"),
        ("POST /debates/{slug}/posts/{post_id}/moderation", "POST", f"/debates/{s}/posts/{fresh[uniq + 3]}/moderation",
         {"state": "rejected", "reason": "bench"}, "organiser"),
        ("DELETE /debates/{slug}/posts/{post_id}", "DELETE", f"/debates/{s}/posts/{fresh[uniq + 4]}", None,
         "organiser"),
        ("POST /debates/{slug}/posts/{post_id}/extracts", "POST", f"/debates/{s}/posts/{fresh[uniq + 5]}/extracts",
         {"idea_id": idea, "start": 0, "end": 8, "nature": "proposal"}, "organiser"),
        ("GET /debates/{slug}/posts/{post_id}/extracts", "GET", f"/debates/{s}/posts/{fresh[uniq + 5]}/extracts",
         None, "participant"),
        ("GET /debates/{slug}/ideas/{idea_id}/extracts", "GET", f"/debates/{s}/ideas/{idea}/extracts", None,
         "participant"),
        ("POST /debates/{slug}/posts/{post_id}/move", "POST", f"/debates/{s}/posts/{fresh[uniq + 6]}/move",
         {"idea_id": ctx["other_idea"]}, "organiser"),
        ("PUT /debates/{slug}/follow", "PUT", f"/debates/{s}/follow", None, "participant"),
        ("GET /debates/{slug}/syntheses", "GET", f"/debates/{s}/syntheses", None, "participant"),
        ("GET /debates/{slug}/members?group=invited (a page of 100)", "GET", f"/debates/{s}/members?group=invited",
         None, "organiser"),
        ("DELETE /debates/{slug}/members/{user_id}", "DELETE", f"/debates/{s}/members/{ctx['invited'][uniq]}", None,
         "organiser"),
    ]


def count_requests(gateway, ctx: dict, tokens: dict[str, str], by_operation: dict | None = None) -> dict[str, int]:
    from chalicelib.cli.request_counter import counting

    results = {}
    for round_ in range(2):  # the first round warms up (first contribution); the second is measured
        ctx["uniq"] = round_ * 5
        for label, method, path, body, who in _scenarios(ctx):
            headers = {"content-type": "application/json"}
            if who != "anon":
                headers["authorization"] = f"Bearer {tokens[who]}"
            with counting() as counter:
                response = gateway.handle_request(method, path, headers, json.dumps(body).encode() if body else None)
            if response["statusCode"] >= 400:
                raise RuntimeError(f"{label} answered {response['statusCode']}: {response['body']}")
            results[label] = sum(counter.values())
            if by_operation is not None:
                by_operation[label] = dict(counter)
    return results


def latency(api_port: int, ctx: dict, token: str, rounds: int) -> dict[str, dict[str, float]]:
    s, idea, post = ctx["slug"], ctx["idea"], ctx["post"]
    routes = {"GET /health/db (one GetItem)": "/health/db", "GET /me/debates": "/me/debates",
              "GET /debates/{slug}": f"/debates/{s}",
              "GET /debates/{slug}/ideas": f"/debates/{s}/ideas",
              "GET /debates/{slug}/ideas/{idea_id}/posts": f"/debates/{s}/ideas/{idea}/posts",
              "GET /debates/{slug}/posts/{post_id}/thread": f"/debates/{s}/posts/{post}/thread"}
    connection = http.client.HTTPConnection("127.0.0.1", api_port, timeout=30)
    samples: dict[str, list[float]] = {label: [] for label in routes}
    for _ in range(rounds):  # interleaved, so that drift affects every route alike
        for label, path in routes.items():
            started = time.perf_counter()
            connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
            response = connection.getresponse()
            response.read()
            samples[label].append((time.perf_counter() - started) * 1000)
            assert response.status == 200, (label, response.status)
    connection.close()
    return {label: {"p50": statistics.median(v), "p95": sorted(v)[int(len(v) * 0.95) - 1]}
            for label, v in samples.items()}


def run(out: str | None, rounds: int = 200) -> int:
    from chalicelib.cli.embedded_db import free_port, start_in_thread

    db_port = free_port()
    from chalicelib.cli.localenv import apply_local_stage

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
    organiser = identity.grant_platform_organiser("bench-organiser@example.org")
    participant = identity.user_for_email("bench-participant@example.org")
    tokens = {"organiser": issue_access_token(organiser)[0], "participant": issue_access_token(participant)[0]}
    texts = real_statements()
    invited = [identity.user_for_email(f"bench-invited-{n}@example.org") for n in range(INVITED)]
    print(f"Seeding debates of {', '.join(map(str, SIZES))} posts from {len(texts)} real statements...", flush=True)
    contexts = {}
    for size in SIZES:
        started = time.monotonic()
        contexts[size] = seed_debate(f"bench-{size}", size, texts, organiser, invited)
        print(f"  {size} posts seeded in {time.monotonic() - started:.1f} s", flush=True)
    gateway = LocalGateway(app, Config.create(chalice_stage="local", app_name="palabre", chalice_app=app))
    operations: dict[str, dict[str, int]] = {}
    counts = {size: count_requests(gateway, contexts[size], tokens, operations if size == SIZES[-1] else None)
              for size in SIZES}

    publish = publish_cost(gateway, contexts[SIZES[-1]], tokens["organiser"])

    api_port = free_port()
    api = make_api_server(api_port)
    serve_in_thread(api, "bench-api")
    lat = latency(api_port, contexts[SIZES[-1]], tokens["participant"], rounds)
    api.shutdown()

    from chalicelib.services.imports.polis import import_polis

    folder = os.path.join(SHARED_POLIS, "scoop-hivemind.affordable-housing")
    summary = import_polis(folder, "bench-import", progress=False)
    import_rate = summary.rows_read / summary.seconds
    db.shutdown()

    equal = all(counts[SIZES[0]][label] == counts[SIZES[-1]][label] for label in counts[SIZES[0]])
    lines = ["| Route | DynamoDB requests, 100 posts | 10,000 posts | equal |", "|---|---:|---:|:---:|"]
    for label in counts[SIZES[0]]:
        a, b = counts[SIZES[0]][label], counts[SIZES[-1]][label]
        lines.append(f"| `{label}` | {a} | {b} | {'yes' if a == b else '**NO**'} |")
    lat_lines = ["| Route (10,000-post debate, kept-alive connection) | p50 ms | p95 ms |", "|---|---:|---:|"]
    for label, value in lat.items():
        lat_lines.append(f"| `{label}` | {value['p50']:.1f} | {value['p95']:.1f} |")
    report = "\n".join([
        measured_on(),
        "", "### DynamoDB requests per route", "", *lines, "",
        f"Budgets equal at both sizes: **{'yes' if equal else 'NO'}**.", "",
        f"### Latency ({rounds} requests per route, interleaved)", "", *lat_lines, "",
        "### Publishing a synthesis of 50 ideas and 500 citations", "",
        f"`POST /debates/{{slug}}/synthesis-drafts/{{id}}/publish`: **{publish['requests']} DynamoDB requests** "
        f"({', '.join(f'{k} {v}' for k, v in sorted(publish['by_operation'].items()))}); the snapshot item is "
        f"{publish['bytes'] / 1000:.0f} kB.", "",
        "### Import throughput", "",
        f"`palabre import polis` of scoop-hivemind.affordable-housing: {summary.rows_read} rows in "
        f"{summary.seconds:.1f} s = **{import_rate:,.0f} rows/s**.", ""])
    print(report)
    if out:
        write_section(out, "routes", "Routes", report)
        results_dir = os.path.join(PROJECT_ROOT, "docs", "bench")
        os.makedirs(results_dir, exist_ok=True)
        with open(os.path.join(results_dir, "routes.json"), "w", encoding="utf-8") as handle:
            json.dump({"measured_at": datetime.now(timezone.utc).isoformat(), "requests": counts[SIZES[-1]],
                       "operations": operations, "publish_synthesis": publish, "latency_ms": lat,
                       "import_rows_per_s": import_rate}, handle,
                      indent=2)
    return 0 if equal else 1


def publish_cost(gateway, ctx: dict, organiser_token: str) -> dict:
    """Draft a synthesis of 50 sections (ideas) citing 500 extracts, then count the requests of publishing it."""
    from chalicelib.cli.request_counter import counting
    from chalicelib.domain import clock
    from chalicelib.services.extracts import build_extract
    from chalicelib.storage import ideas_repo, keys, posts_repo
    from chalicelib.storage.models import Idea

    slug = ctx["slug"]
    ideas = [ideas_repo.new_idea(slug, f"{n:016d}".replace("0", "a")[:16], parent_id=None, order=100.0 + n,
                                 title={"en": f"Synthesis idea {n}"}, description={"en": ""}, post_count=0,
                                 created_at=clock.now_iso()) for n in range(50)]
    posts_repo.batch_write(ideas)
    tops = ctx["tops"]
    extracts = []
    for n in range(500):
        post = tops[n % len(tops)]
        extracts.append(build_extract(slug, post, idea_id=ideas[n // 10].idea_id, kind="paraphrase",
                                      body=f"{post.body_text[:80]} ({n})", start=None, end=None, nature="argument",
                                      action=None, important=False, tags=[], state="published", machine=False,
                                      harvester_id="bench", harvester_name="bench", created_at=clock.now_iso()))
    posts_repo.batch_write(extracts)
    sections = [{"idea_id": ideas[i].idea_id,
                 "text": {"en": " ".join(f"Point {k} [{k + 1}]." for k in range(10))},
                 "citations": [e.extract_id for e in extracts[i * 10:(i + 1) * 10]]} for i in range(50)]
    headers = {"content-type": "application/json", "authorization": f"Bearer {organiser_token}"}
    body = {"title": {"en": "Benchmark synthesis"}, "introduction": {"en": "Fifty ideas."}, "sections": sections}
    response = gateway.handle_request("POST", f"/debates/{slug}/synthesis-drafts", headers, json.dumps(body).encode())
    draft = json.loads(response["body"])
    if response["statusCode"] != 201:
        raise RuntimeError(f"draft: {response['body']}")
    with counting() as counter:
        response = gateway.handle_request("POST", f"/debates/{slug}/synthesis-drafts/{draft['id']}/publish", headers,
                                          json.dumps({"version": draft["version"]}).encode())
    if response["statusCode"] != 201:
        raise RuntimeError(f"publish: {response['body']}")
    del Idea, keys
    return {"requests": sum(counter.values()), "by_operation": dict(counter), "bytes": len(response["body"])}


