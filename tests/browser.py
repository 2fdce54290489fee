"""The real local stack for browser and concurrency tests: `palabre run` in a subprocess on free loopback
ports (embedded DynamoDB, the Chalice app through the local server, the built frontend), and Debian's
Chromium driven by Playwright."""
from __future__ import annotations

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pytest

from tests.conftest import ROOT

DATA = os.environ.get("PALABRE_E2E_DATA", os.path.join(ROOT, "..", "shared", "data", "polis",
                                                        "scoop-hivemind.affordable-housing"))
AXE = os.path.join(ROOT, "frontend", "node_modules", "axe-core", "axe.min.js")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    def __init__(self, api: str, web: str, outbox: str, slug: str, log_path: str, db_port: int | None = None,
                 env: dict | None = None):
        self.api, self.web, self.outbox, self.slug, self.log_path = api, web, outbox, slug, log_path
        self.db_port, self.env = db_port, env or {}
        self.archives = self.env.get("PALABRE_ARCHIVE_DIR")  # where `palabre run` writes the static archives

    def palabre(self, *args: str) -> subprocess.CompletedProcess:
        """The `palabre` command, run as an operator would in another terminal, against this stack's database."""
        return subprocess.run([os.path.join(os.path.dirname(sys.executable), "palabre"), *args,
                               "--db-port", str(self.db_port)], cwd=ROOT, env=self.env, capture_output=True,
                              text=True, timeout=60)

    def request(self, method: str, path: str, body=None, token: str | None = None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.api + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def latest_link(self, email: str, after: float = 0.0) -> str:
        """The newest sign-in link sent to this address (the local outbox stands in for the mailbox)."""
        deadline = time.time() + 10
        while time.time() < deadline:
            for path in sorted(glob.glob(os.path.join(self.outbox, "*.json")), reverse=True):
                if os.path.getmtime(path) < after:
                    continue
                with open(path, encoding="utf-8") as handle:
                    message = json.load(handle)
                if message["to"] == email:
                    return next(line for line in message["text"].splitlines() if "#/signin?token=" in line).strip()
            time.sleep(0.1)
        raise AssertionError(f"no sign-in link for {email} in {self.outbox}")

    def sign_in(self, email: str) -> str:
        started = time.time() - 1
        status, _ = self.request("POST", "/auth/email-link", {"email": email})
        assert status == 202
        token = self.latest_link(email, started).split("token=", 1)[1]
        status, session = self.request("POST", "/auth/session", {"token": token})
        assert status == 200, session
        return session["access_token"]


@pytest.fixture(scope="session")
def stack():
    if not os.path.isfile(os.path.join(ROOT, "frontend", "dist", "index.html")):
        pytest.fail("frontend/dist is missing: run `make test` (it builds the frontend first)")
    scratch = tempfile.mkdtemp(prefix="palabre-e2e-")
    ports = {"api": _free_port(), "web": _free_port(), "db": _free_port()}
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PALABRE_", "AWS_", "POWERTOOLS_"))}
    env.update({"PALABRE_OUTBOX_DIR": os.path.join(scratch, "outbox"),
                "PALABRE_JWT_SECRET_FILE": os.path.join(scratch, "jwt-secret"),
                "PALABRE_STATE_DIR": os.path.join(scratch, "state"),
                "PALABRE_ARCHIVE_DIR": os.path.join(scratch, "archives"),
                # the suites sign the same few addresses in again and again (limits: tests/api/test_rate_limits.py)
                "PALABRE_SIGNIN_EMAIL_PER_MINUTE": "1000", "PALABRE_SIGNIN_EMAIL_PER_HOUR": "10000",
                "PYTHONUNBUFFERED": "1"})
    log_path = os.path.join(scratch, "stack.log")
    log = open(log_path, "w")
    process = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "palabre"), "run", "--data", DATA,
         "--api-port", str(ports["api"]), "--web-port", str(ports["web"]), "--db-port", str(ports["db"])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{ports['api']}"
    deadline = time.time() + 120
    while True:
        try:
            with urllib.request.urlopen(api + "/health", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.time() > deadline:
                if process.poll() is None:  # too slow: stop it, or it outlives the session (own process group)
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                log.close()
                message = open(log_path).read()[-4000:]
                shutil.rmtree(scratch, ignore_errors=True)
                pytest.fail("the local stack did not start:\n" + message)
            time.sleep(0.3)
    from chalicelib.services.imports.common import slug_from_folder

    yield Stack(api, f"http://127.0.0.1:{ports['web']}", env["PALABRE_OUTBOX_DIR"], slug_from_folder(DATA),
                log_path, ports["db"], env)
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log.close()
    shutil.rmtree(scratch, ignore_errors=True)


def _chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Debian's chromium is not installed: `make test` installs it (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser_context():
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="palabre-chromium-")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=_chromium(), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield context
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def new_page(browser_context):
    """A tab that records the Content-Security-Policy violations of its pages in `window.__cspViolations`."""
    page = browser_context.new_page()
    page.add_init_script("""
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(e.violatedDirective));
    """)
    return page


@pytest.fixture
def page(browser_context):
    page = new_page(browser_context)
    yield page
    page.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA) in the page; evaluated through DevTools so the strict CSP does not block it."""
    with open(AXE, encoding="utf-8") as handle:
        page.evaluate(handle.read())
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
    }""")
    return result


@pytest.fixture(scope="session")
def imported_counts(stack) -> dict:
    """The debate's counts as imported, read once per session before any e2e test writes to it. Every test
    that writes to the shared debate requests this fixture, so it is read first whatever the test order."""
    status, debate = stack.request("GET", f"/debates/{stack.slug}")
    assert status == 200, debate
    return {name: debate["counts"][name] for name in ("posts", "participants", "stances")}
