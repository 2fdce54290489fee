"""`palabre`: the command-line tool (local stack, imports, operator tasks)."""
from __future__ import annotations

import argparse
import os
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="palabre", description="Palabre command-line tool")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="start the local stack: embedded DynamoDB, import, API and web servers")
    run.add_argument("--data", help="a consultation folder to import (Polis or AN format)")
    run.add_argument("--slug", help="debate slug for the import (default: from the folder name)")
    run.add_argument("--api-port", type=int, default=int(os.environ.get("API_PORT", 8000)))
    run.add_argument("--web-port", type=int, default=int(os.environ.get("WEB_PORT", 8080)))
    run.add_argument("--db-port", type=int, default=int(os.environ.get("DB_PORT", 5055)))
    run.add_argument("--frontend", default="frontend/dist", help="built frontend folder")
    run.add_argument("--organiser", default=os.environ.get("ORGANISER_EMAIL", "organiser@example.org"),
                     help="email given the organiser role on the platform and on the imported debate")

    db = sub.add_parser("dynamodb", help="serve the embedded DynamoDB (moto) on loopback")
    db.add_argument("--port", type=int, default=5055)

    imp = sub.add_parser("import", help="import a real consultation")
    imp_sub = imp.add_subparsers(dest="format", required=True)
    polis = imp_sub.add_parser("polis", help="a Polis open-data conversation folder")
    polis.add_argument("folder")
    polis.add_argument("--slug")
    an = imp_sub.add_parser("an-consultation", help="a folder in the Assemblée nationale consultation format")
    an.add_argument("folder")
    an.add_argument("--slug")
    for p in (polis, an):
        p.add_argument("--db-port", type=int, default=int(os.environ.get("DB_PORT", 5055)))

    bench = sub.add_parser("bench", help="benchmarks (see docs/benchmarks.md)")
    bench_sub = bench.add_subparsers(dest="bench", required=True)
    routes = bench_sub.add_parser("routes", help="DynamoDB requests per route, latency, import throughput")
    routes.add_argument("--out", help="markdown file to update with the results")
    routes.add_argument("--rounds", type=int, default=200)
    from chalicelib.cli import bench_votes  # `palabre bench votes`: its options live with its code

    bench_votes.add_parser(bench_sub)

    ev = sub.add_parser("eval", help="compare our algorithms with real references (see docs/evaluation.md)")
    ev_sub = ev.add_subparsers(dest="kind", required=True)
    groups = ev_sub.add_parser("groups", help="opinion groups vs Polis's group-id in a Polis folder")
    groups.add_argument("folder")
    groups.add_argument("--once", action="store_true", help="one run on the final votes, no replay of the history")
    groups.add_argument("--every", type=float, default=15, help="minutes between replayed incremental runs")
    ev_sub.add_parser("extracts", help="suggested extracts vs volunteers' syntheses (AN format)").add_argument("folder")

    arch = sub.add_parser("archive", help="write the static read-only archive of a closed debate")
    arch.add_argument("slug")
    arch.add_argument("--delete-live", action="store_true", help="then delete the debate's live items")
    arch.add_argument("--publish", action="store_true",
                      help="a private debate: publish its archive anyway (the archive is public)")
    arch.add_argument("--db-port", type=int, default=int(os.environ.get("DB_PORT", 5055)))
    arch.add_argument("--web-port", type=int, default=int(os.environ.get("WEB_PORT", 8080)),
                      help="the running stack's web port: the archive's address is recorded on the debate")

    summ = sub.add_parser("summarize", help="summarize a debate now (the scheduled summarizer's handler)")
    summ.add_argument("slug")
    summ.add_argument("--if-active", action="store_true", help="only if it had activity since its last summary")
    summ.add_argument("--db-port", type=int, default=int(os.environ.get("DB_PORT", 5055)))

    from chalicelib.cli import grant  # `palabre grant-organiser`: local stack or deployed table

    grant.add_parser(sub)

    backfill = sub.add_parser("index-personal-data",
                              help="once, after upgrading: index the personal data written before GDPR self-service")
    backfill.add_argument("--db-port", type=int, default=int(os.environ.get("DB_PORT", 5055)))

    delete = sub.add_parser("delete-user", help="delete this person's account (or finish an interrupted deletion)")
    delete.add_argument("email")
    delete.add_argument("--db-port", type=int, default=int(os.environ.get("DB_PORT", 5055)))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from chalicelib.cli.localenv import PROJECT_ROOT, apply_local_stage

    sys.path.insert(0, PROJECT_ROOT)
    if args.command == "dynamodb":
        from chalicelib.cli.embedded_db import make_db_server

        print(f"Embedded DynamoDB (moto) on http://127.0.0.1:{args.port}", flush=True)
        make_db_server(args.port).serve_forever()
        return 0
    if args.command == "eval":  # no local stack, no database
        from chalicelib.cli import evaluate

        return evaluate.run(args.kind, args.folder, once=getattr(args, "once", False),
                            every_minutes=getattr(args, "every", 15))
    if args.command == "bench" and args.bench == "votes":
        from chalicelib.cli import bench_votes

        return bench_votes.run(args)
    if args.command == "bench":
        from chalicelib.cli import bench

        return bench.run(args.out, args.rounds)
    if args.command == "grant-organiser":  # chooses its stage itself (local, or a deployed table)
        from chalicelib.cli import grant

        return grant.run(args)
    apply_local_stage(db_port=args.db_port, api_port=getattr(args, "api_port", None),
                      web_port=getattr(args, "web_port", None))
    if args.command == "run":
        from chalicelib.cli.run import run_local_stack

        return run_local_stack(args)
    from botocore.exceptions import BotoCoreError
    from pynamodb.exceptions import PynamoDBException

    from chalicelib.cli.localenv import LOCAL_DB_HINT
    from chalicelib.storage.models import create_table

    try:
        create_table()
    except (PynamoDBException, BotoCoreError) as error:
        print(f"palabre {args.command}: could not reach the local stack's database on 127.0.0.1:{args.db_port}: "
              f"{error}\n  {LOCAL_DB_HINT}", file=sys.stderr)
        return 1
    if args.command == "import":
        return import_folder(args.folder, args.slug, args.format)
    if args.command == "archive":
        from chalicelib.services import archive
        from chalicelib.storage.debates_repo import get_debate

        debate = get_debate(args.slug)
        if debate is None:
            print(f"palabre archive: no debate '{args.slug}'", file=sys.stderr)
            return 2
        if debate.status != "closed":
            print(f"palabre archive: close '{args.slug}' first (organiser: PATCH status closed)", file=sys.stderr)
            return 2
        if debate.visibility == "private" and not args.publish:
            print(f"palabre archive: '{args.slug}' is private and its archive would be public (anyone with the "
                  "address reads it); add --publish to publish it", file=sys.stderr)
            return 2
        print(f"Archive written: {archive.write_and_link(debate)}")
        if args.delete_live:
            print(f"Deleted {archive.delete_live_items(args.slug)} live items of '{args.slug}'.")
        return 0
    if args.command == "summarize":
        import json

        from chalicelib.services.summaries import summarize_debate

        result = summarize_debate(args.slug, force=not args.if_active)
        print(json.dumps(result.as_dict(), indent=2))
        return 0 if result.processed or result.reason in ("no_new_activity", "no_new_events") else 2
    if args.command == "delete-user":
        return delete_user(args.email)
    if args.command == "index-personal-data":
        from chalicelib.domain import clock
        from chalicelib.storage.accounts_repo import backfill_personal_index

        counts = backfill_personal_index(clock.now_iso())
        print(f"Indexed {counts['debates']} person x debate pairs, {counts['posts']} posts, "
              f"{counts['extracts']} extracts.")
        return 0
    return 2


def delete_user(email: str) -> int:
    """An operator's deletion: the same resumable deletion as DELETE /me, run to the end."""
    from chalicelib.errors import ApiError
    from chalicelib.services.accounts import delete_account
    from chalicelib.services.identity import normalise_email, user_for_email

    try:
        user_id = user_for_email(normalise_email(email), create=False)
    except ApiError as error:
        print(f"palabre delete-user: {error}", file=sys.stderr)
        return 2
    if user_id is None:
        print("palabre delete-user: no account has this email address (or its deletion has finished).")
        return 0
    result = delete_account(user_id)
    print(f"Account of {email}: {result['status']}.")
    return 0 if result["status"] == "deleted" else 1


def import_folder(folder: str, slug: str | None, kind: str | None = None) -> int:
    """Import a folder; with no kind given, the format is recognised from its files."""
    from chalicelib.services.imports import an_consultation
    from chalicelib.services.imports.common import ImportFailed
    from chalicelib.services.imports.polis import import_polis

    if kind is None:
        kind = "an-consultation" if an_consultation.looks_like(folder) else "polis"
    try:
        if kind == "an-consultation":
            summary = an_consultation.import_an_consultation(folder, slug)
        else:
            summary = import_polis(folder, slug)
    except ImportFailed as error:
        print(f"palabre import: {error}", file=sys.stderr)
        return 2
    print("\n".join(summary.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
