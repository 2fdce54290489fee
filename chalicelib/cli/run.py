"""`palabre run`: the whole local stack in one process; Ctrl-C stops everything it started."""
from __future__ import annotations

import os
import signal
import sys
import time

from chalicelib.cli.localenv import PROJECT_ROOT


def _port_free(port: int) -> bool:
    import socket

    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_scheduler():
    """`chalice local` runs no scheduled functions: run the same handlers here, in a thread, on their schedule."""
    import threading

    from chalicelib.api import jobs

    stop = threading.Event()
    last_run = {handler: time.monotonic() for handler, _ in jobs.LOCAL_SCHEDULE}

    def loop() -> None:
        while not stop.wait(jobs.LOCAL_INTERVAL_SECONDS):
            for handler, every in jobs.LOCAL_SCHEDULE:
                if time.monotonic() - last_run[handler] < every - 1:
                    continue
                last_run[handler] = time.monotonic()
                try:
                    handler()
                except Exception as error:  # keep the local stack alive; the next tick tries again
                    print(f"[scheduler] {handler.__name__}: {error}", file=sys.stderr, flush=True)

    threading.Thread(target=loop, name="scheduler", daemon=True).start()
    return stop


def summarize_now(slug: str) -> None:
    """One summary right after the import, so that the dashboard has something to show at once (the scheduler then
    runs every few minutes). The embedded database starts empty, so state objects of earlier runs are orphans."""
    import shutil

    from chalicelib.services.summaries import summarize_debate

    state_dir = os.environ.get("PALABRE_STATE_DIR")
    if state_dir:
        shutil.rmtree(os.path.join(state_dir, "summaries", slug), ignore_errors=True)
    print(f"Summarizing {slug} ...", flush=True)
    started = time.monotonic()
    try:
        result = summarize_debate(slug, force=True)
    except Exception as error:  # the stack is still useful without a summary
        print(f"[summaries] {slug}: {error}", file=sys.stderr, flush=True)
        return
    print(f"  {result.events} events, {result.suggested} suggested extracts, {time.monotonic() - started:.1f} s",
          flush=True)


def run_local_stack(args) -> int:
    for name, port in (("API_PORT", args.api_port), ("WEB_PORT", args.web_port), ("DB_PORT", args.db_port)):
        if not _port_free(port):
            print(f"palabre run: port {port} is in use; set {name}=another port", file=sys.stderr)
            return 2
    from chalicelib.cli.devserver import make_api_server, make_web_server, serve_in_thread
    from chalicelib.cli.embedded_db import start_in_thread

    db = start_in_thread(args.db_port)
    from chalicelib.storage.models import create_table

    create_table()
    from chalicelib.services.identity import grant_platform_organiser

    organiser_id = grant_platform_organiser(args.organiser)
    slug = None
    if args.data:
        from chalicelib.cli.main import import_folder
        from chalicelib.services.imports.common import slug_from_folder

        print(f"Importing {args.data} ...", flush=True)
        if import_folder(args.data, args.slug) != 0:
            db.shutdown()
            return 2
        slug = args.slug or slug_from_folder(args.data)
        from chalicelib.storage import members_repo
        from chalicelib.domain import clock

        members_repo.set_roles(slug, organiser_id, ["participant", "moderator", "organiser"], clock.now_iso())
        summarize_now(slug)

    api_url = f"http://127.0.0.1:{args.api_port}"
    web_url = f"http://127.0.0.1:{args.web_port}"
    frontend = os.path.join(PROJECT_ROOT, args.frontend) if not os.path.isabs(args.frontend) else args.frontend
    api = make_api_server(args.api_port)
    web = make_web_server(args.web_port, frontend, api_url,
                          extra_roots={"/archives/": os.environ.get("PALABRE_ARCHIVE_DIR", ".local/archives")})
    serve_in_thread(api, "api")
    serve_in_thread(web, "web")
    scheduler = start_scheduler()
    outbox = os.environ.get("PALABRE_OUTBOX_DIR")
    print(f"""
Palabre is running.
  Web app   {web_url}/{f'#/d/{slug}' if slug else ''}
  API       {api_url}   (OpenAPI: {api_url}/openapi.json)
  DynamoDB  http://127.0.0.1:{args.db_port}  (embedded moto_server, in memory)

Sign in: open the web app, choose "Se connecter / Sign in" and enter any email address. The sign-in link is
printed below and written to {os.path.relpath(outbox, PROJECT_ROOT) if outbox else 'the outbox'}.
  {args.organiser} is an organiser (can create debates{', and moderates ' + slug if slug else ''}).
Ctrl-C stops everything.
""", flush=True)
    stop = {"now": False}

    def _stop(*_):
        stop["now"] = True

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    while not stop["now"]:
        time.sleep(0.2)
    print("Stopping...", flush=True)
    scheduler.set()
    for server in (web, api, db):
        server.shutdown()
    return 0
