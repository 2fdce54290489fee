"""Scale benchmark of the summarizer (chalicelib/services/summaries.py) on debates of 10,000 and 100,000 posts.

Each debate is built by resampling the shared Assemblée nationale consultation (real contributions, real
respondents): the 593 contributions are copied under new ids until the size is reached, each copy's respondents
becoming new pseudonymous participants; nothing is invented. It is imported with `palabre import an-consultation`
(into the embedded DynamoDB, served by this process), then:

1. a full run (`summarize_debate(slug, force=True)`, the first summary of the debate),
2. 1 % new activity through the services, as people would make it (new posts and replies, copies of real
   contributions, by new participants, with reactions),
3. an incremental run (`summarize_debate(slug)`, from the stored state and watermark).

Each run happens in a child process talking to the embedded DynamoDB over HTTP, so its peak RSS (VmHWM) is what a
Lambda invocation would see; the time includes the DynamoDB calls to the local moto server, which are far slower
than DynamoDB's (see docs/benchmarks.md). The 1,000,000-participant stance matrix is measured by
scripts/bench_summary_state.py and scripts/bench_opinion_groups.py (no moto table could hold 10 M stances).

    .venv/bin/python scripts/bench_summaries.py [--posts 10000 100000] [--data ../shared/data/an-consultation-…]
                                                [--out docs/benchmarks.md]   (make bench-summaries)
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.join(ROOT, "scripts"))

from bench_summary_state import rss_mb  # noqa: E402

DEFAULT_DATA = os.path.join(ROOT, "..", "shared", "data", "an-consultation-egalite-2016")
ANALYSES = "crowdsource_resultat_analyses.csv"
SYNTHESES = "crowdsource_resultat_syntheses.csv"


def resample(source: str, target: str, posts: int) -> int:
    """An AN-format folder of `posts` contributions: the real ones, then copies under new document and respondent
    ids (the respondent key gets the copy number, so each copy brings its own participants). Syntheses are not
    copied: the copies are posts nobody harvested yet, the summarizer's backlog."""
    with open(os.path.join(source, ANALYSES), encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    unique = list({row["document_id"].strip(): row for row in rows}.values())
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, ANALYSES), "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for n in range(posts):
            copy, row = divmod(n, len(unique))
            original = unique[row]
            respondent, _, rest = original["source"].partition("/")
            writer.writerow({**original, "document_id": f"{original['document_id'].strip()}-{copy}",
                             "source": f"{respondent}-{copy}/{rest}"})
    with open(os.path.join(source, SYNTHESES), encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    with open(os.path.join(target, SYNTHESES), "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(header)
    return len(unique)


def new_activity(slug: str, source_folder: str, count: int) -> dict[str, int]:
    """`count` contributions through the services: top posts and replies (copies of real contributions) by new
    participants, each also reacting to another's post."""
    from chalicelib.api import schemas
    from chalicelib.auth import tokens
    from chalicelib.services import identity, posts
    from chalicelib.services.imports.an_consultation import fix_text
    from chalicelib.storage import ideas_repo

    with open(os.path.join(source_folder, ANALYSES), encoding="utf-8", newline="") as handle:
        texts = [fix_text(row["text"]) for row in csv.DictReader(handle) if row["text"].strip()]
    ideas = [idea.idea_id for idea in ideas_repo.list_ideas(slug)]
    made = {"posts": 0, "replies": 0, "reactions": 0}
    last_post = None
    for n in range(count):
        person = identity.open_session(tokens.issue_signin_token(f"bench-summaries-{n}@example.org", None))
        caller = identity.caller_from_header(f"Bearer {person['access_token']}")
        body = texts[n % len(texts)][:4000] or "…"
        if last_post is not None and n % 3 == 2:
            posts.reply(slug, caller, last_post, schemas.ReplyInput(body=body), None)
            made["replies"] += 1
        else:
            created = posts.create_post(slug, caller, ideas[n % len(ideas)], schemas.PostInput(body=body), None)
            made["posts"] += 1
            if last_post is not None:
                posts.set_reaction(slug, caller, last_post, "like")
                made["reactions"] += 1
            last_post = created["id"]
    return made


def child(slug: str, force: bool) -> None:
    from chalicelib.cli.request_counter import counting, waiting
    from chalicelib.services import summaries

    out = {"baseline_rss_mb": round(rss_mb(), 1)}
    started = time.perf_counter()
    with counting() as requests, waiting() as waited:
        result = summaries.summarize_debate(slug, force=force)
    seconds = time.perf_counter() - started
    out.update(seconds=round(seconds, 1), dynamodb_seconds=round(waited[0], 1),
               compute_seconds=round(seconds - waited[0], 1), requests=dict(requests),
               peak_rss_mb=round(rss_mb(), 1), processed=result.processed, reason=result.reason,
               events=result.events, suggested=result.suggested, caught_up=result.caught_up)
    print(json.dumps(out))


def run_child(slug: str, force: bool) -> dict:
    command = [sys.executable, __file__, "--child", slug] + (["--force"] if force else [])
    result = subprocess.run(command, capture_output=True, text=True, env=os.environ.copy())
    if result.returncode:
        raise SystemExit(result.stderr[-4000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench(posts: int, data: str, scratch: str) -> dict:
    from chalicelib.services.imports.an_consultation import import_an_consultation

    slug = f"bench-summaries-{posts}"
    folder = os.path.join(scratch, slug)
    originals = resample(data, folder, posts)
    started = time.perf_counter()
    imported = import_an_consultation(folder, slug, progress=False)
    report = {"posts": posts, "copies_of": originals, "participants": imported.totals.get("participants"),
              "import_seconds": round(time.perf_counter() - started, 1)}
    report["full"] = run_child(slug, force=True)
    started = time.perf_counter()
    report["activity"] = new_activity(slug, data, max(1, posts // 100))
    report["activity_seconds"] = round(time.perf_counter() - started, 1)
    report["incremental"] = run_child(slug, force=False)
    return report


def render(reports: list[dict]) -> str:
    from chalicelib.cli.bench_report import measured_on

    lines = [measured_on("embedded DynamoDB (moto_server, one request at a time) on loopback, served by the "
                         "benchmark's process; each run in a child process"), "",
             "| Debate | Run | Events read | Seconds | of which waiting for DynamoDB (moto) | computing | "
             "DynamoDB requests | Peak RSS (MB) |", "|---|---|---:|---:|---:|---:|---|---:|"]
    for report in reports:
        name = (f"{report['posts']:,} posts, {report['participants']:,} participants "
                f"(the {report['copies_of']} AN contributions resampled)")
        activity = report["activity"]
        for label, run in (("full (first summary)", report["full"]),
                           (f"incremental, after 1 % new activity ({activity['posts']} posts, {activity['replies']} "
                            f"replies, {activity['reactions']} reactions)", report["incremental"])):
            requests = ", ".join(f"{op} {n}" for op, n in sorted(run["requests"].items()))
            lines.append(f"| {name} | {label} | {run['events']:,} | {run['seconds']} | {run['dynamodb_seconds']} | "
                         f"{run['compute_seconds']} | {requests} | {run['peak_rss_mb']} |")
    lines += ["", "Import of each debate (`palabre import an-consultation`): " + ", ".join(
        f"{r['posts']:,} posts in {r['import_seconds']} s" for r in reports) + "."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--data", default=DEFAULT_DATA)
    parser.add_argument("--out", help="write the table into this Markdown file's summaries section")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--force", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.force)
        return 0
    from chalicelib.cli.embedded_db import free_port, start_in_thread
    from chalicelib.cli.localenv import apply_local_stage

    with tempfile.TemporaryDirectory(prefix="palabre-bench-summaries-") as scratch:
        port = free_port()
        os.environ.update(PALABRE_STATE_DIR=os.path.join(scratch, "state"), PALABRE_OUTBOX_DIR=os.path.join(
            scratch, "outbox"), PALABRE_SUMMARY_SETTLE_SECONDS="0", PALABRE_STAGE="local")
        apply_local_stage(db_port=port)
        start_in_thread(port)
        from chalicelib.storage.models import create_table

        create_table()
        reports = []
        for posts in args.posts:
            reports.append(bench(posts, args.data, scratch))
            print(json.dumps(reports[-1]), flush=True)
    print(render(reports))
    if args.out:
        from chalicelib.cli.bench_report import write_section

        write_section(args.out, "summaries", "Summaries (`scripts/bench_summaries.py`)", render(reports))
    return 0


if __name__ == "__main__":
    sys.exit(main())
