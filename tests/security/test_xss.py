"""Script injection, end to end: every vector of tests/security/xss_corpus.py is submitted through the API of the
real local stack (`stack`) as a post body, a reply, an idea title, a display name, an extract (paraphrase and
quotation), a debate title and description, synthesis texts and titles; then the pages that show them are
rendered in Debian's Chromium. On every page:

* no script ran: `alert`, `confirm`, `prompt` and `print` are replaced by recorders before the app loads
  (`window.__xss` stays empty), and no `script-src` Content-Security-Policy violation was reported (one would mean
  that markup reached the DOM in an executable form and only the CSP stopped it);
* the DOM holds nothing executable: no `on*` attribute, no javascript:/vbscript:/data: URL in a link, source or
  action, no foreign <script>, and post bodies only hold the tags the sanitiser allows;
* the text is still readable: each post still shows a recognisable part of its payload, titles and names show as
  typed.

Off the browser: the emails of the outbox are plain text (no HTML part) with one-line subjects, and the Atom feed
is well-formed XML with the vectors escaped. Efficient by design: many vectors per thread, a handful of pages."""
from __future__ import annotations

import glob
import json
import os
import re
import time
import unicodedata
import urllib.request
import uuid
import xml.etree.ElementTree as ET

import pytest

from tests.security.xss_corpus import SHORT, VECTORS
from tests.security.world import UNLIMITED_WRITES

pytestmark = pytest.mark.e2e

ATOM = "{http://www.w3.org/2005/Atom}"

HOOK = """
(() => {
  window.__xss = [];
  const record = (kind) => function (...args) { window.__xss.push(kind + ':' + args.map(String).join(',')); };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    try { Object.defineProperty(window, name, { value: record(name), writable: false, configurable: false }); }
    catch (e) { window[name] = record(name); }
  }
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
    { directive: e.violatedDirective, effective: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }));
})();
"""

SCAN = r"""
() => {
  const problems = [];
  const norm = (v) => v.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u205f\u3000\ufeff]/g, '');
  const dangerous = /^(javascript|vbscript|livescript|data):/i;
  const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'background', 'poster', 'srcset',
                    'lowsrc', 'dynsrc', 'codebase', 'cite', 'longdesc', 'usemap', 'ping'];
  const where = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.closest('[data-post-id]') ? ' in post ' + el.closest('[data-post-id]').getAttribute('data-post-id') : '');
  for (const el of document.querySelectorAll('*')) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(`event handler ${name}="${attr.value}" on ${where(el)}`);
      if (name === 'srcdoc') problems.push(`srcdoc on ${where(el)}`);
      if (urlAttrs.includes(name)) {
        const value = norm(attr.value);
        if (dangerous.test(value) && !/^data:image\/(png|gif|jpe?g|webp|avif);/i.test(value)) {
          problems.push(`${name}="${attr.value}" on ${where(el)}`);
        }
      }
      if (name === 'style' && /expression|javascript|url\s*\(/i.test(attr.value)) {
        problems.push(`style="${attr.value}" on ${where(el)}`);
      }
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (!s.src || new URL(s.src, location.href).origin !== location.origin) {
      problems.push(`foreign script: ${s.src || s.textContent.slice(0, 80)}`);
    }
  }
  const allowed = new Set(['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'a', 'ul', 'ol', 'li', 'blockquote', 'h2',
                           'h3', 'h4', 'code', 'pre', 'img', 'mark', 'span', 'hr']);
  for (const el of document.querySelectorAll('[data-post-body] *, .post-body *')) {
    if (!allowed.has(el.tagName.toLowerCase())) problems.push(`unexpected <${el.tagName.toLowerCase()}> in a post body (${where(el)})`);
  }
  for (const tag of ['iframe', 'object', 'embed', 'base', 'frame', 'applet', 'portal']) {
    for (const el of document.querySelectorAll(tag)) problems.push(`<${tag}> in the page (${where(el)})`);
  }
  for (const el of document.querySelectorAll('meta[http-equiv]')) problems.push(`<meta http-equiv> ${el.outerHTML}`);
  return problems;
}
"""

BODIES = """
() => Array.from(document.querySelectorAll('[data-post-body]')).map((el) => el.innerText)
"""


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()


def tag(n: int) -> str:
    return f"XSS{n:03d}"


class Client:
    """The stack's JSON API with one retry policy (429 Retry-After, 503)."""

    def __init__(self, stack):
        self.stack = stack

    def __call__(self, method, path, body=None, token=None, expect=None):
        for _ in range(20):
            status, data = self.stack.request(method, path, body, token=token)
            if status in (429, 503):
                time.sleep(min(5.0, float((data or {}).get("error", {}).get("details", {}).get("retry_after", 1))))
                continue
            break
        if expect is not None:
            assert status == expect, (method, path, status, data)
        return status, data


@pytest.fixture(scope="module")
def xss(stack):
    """One debate full of vectors on the local stack; what the pages must show."""
    api = Client(stack)
    organiser = stack.sign_in("organiser@example.org")
    slug = f"xss-{uuid.uuid4().hex[:8]}"
    debate_title = SHORT[0][0] + " Débat"
    api("POST", "/debates", {"slug": slug, "languages": ["fr", "en"], "default_language": "fr",
                             "title": {"fr": debate_title, "en": debate_title},  # a title in each language
                             "description": {"fr": VECTORS[3][0] + "\n\n" + VECTORS[70][0]},
                             "phases": [{"name": {"fr": SHORT[5][0][:200]}, "start": "2026-01-01T00:00:00+00:00"}],
                             "write_limits": UNLIMITED_WRITES},
        organiser, 201)
    base = f"/debates/{slug}"
    _, main_idea = api("POST", f"{base}/ideas", {"title": {"fr": "Idée principale " + SHORT[1][0]}}, organiser, 201)
    idea = main_idea["id"]
    title_vectors = [p for p, _ in SHORT[10:40]]
    ideas = {}
    for payload in title_vectors:
        _, created = api("POST", f"{base}/ideas", {"title": {"fr": payload[:200]},
                                                   "description": {"fr": payload}, "parent_id": idea}, organiser, 201)
        ideas[created["id"]] = created["title"]["fr"]
    ideas[idea] = main_idea["title"]["fr"]
    # people whose display names are vectors
    names = [p for p, _ in SHORT[40:52]]
    people = []
    for i, name in enumerate(names):
        token = stack.sign_in(f"xss-{i}-{uuid.uuid4().hex[:6]}@example.org")
        _, me = api("PATCH", "/me", {"display_name": name}, token, 200)
        people.append((token, me["user"]["display_name"]))
    # the thread: a root post and every vector as a reply; the first 18 vectors also as top posts of the idea
    _, root = api("POST", f"{base}/ideas/{idea}/posts", {"body": f"{tag(999)}\n\nRacine du fil."}, organiser, 201)
    replies = {}
    for n, (payload, marker) in enumerate(VECTORS):
        token = people[n % len(people)][0]
        status, reply = api("POST", f"{base}/posts/{root['id']}/replies", {"body": f"{tag(n)}\n\n{payload}"}, token)
        assert status == 201, (n, payload, reply)
        replies[n] = reply
    top = {}
    for n, (payload, marker) in enumerate(VECTORS[:18]):
        _, post = api("POST", f"{base}/ideas/{idea}/posts", {"body": f"{tag(n)}\n\n{payload}"}, people[0][0], 201)
        top[n] = post
    # extracts: paraphrases that are vectors, and quotations of whole replies (highlighted on the thread page)
    extracts = []
    for payload, _ in VECTORS[:40]:
        status, extract = api("POST", f"{base}/posts/{root['id']}/extracts",
                              {"idea_id": idea, "paraphrase": payload[:500], "nature": "proposal"}, organiser)
        assert status == 201, (payload, extract)
        extracts.append(extract)
    for n in range(0, len(VECTORS), 5):
        body_text = replies[n]["body_text"]
        status, extract = api("POST", f"{base}/posts/{replies[n]['id']}/extracts",
                              {"idea_id": idea, "start": 0, "end": len(body_text), "nature": "fact"}, organiser)
        assert status == 201, (n, extract)
        extracts.append(extract)
    # a synthesis whose every text is made of vectors (each sentence cites an extract, as publishing requires)
    from chalicelib.domain.synthesis import split_sentences

    def cited(payload: str) -> str:
        return " ".join(f"{sentence} [1]" for sentence in split_sentences(payload)) or "[1]"

    sections = []
    for start in range(0, len(VECTORS), 26):
        chunk = VECTORS[start:start + 26]
        sections.append({"idea_id": idea, "text": {"fr": "\n".join(cited(p) for p, _ in chunk)},
                         "citations": [extracts[start // 26]["id"]]})
    api("PUT", f"{base}/follow", None, organiser, 200)
    api("PUT", f"{base}/follow", None, people[1][0], 200)
    synthesis_title = SHORT[2][0]
    _, draft = api("POST", f"{base}/synthesis-drafts", {
        "title": {"fr": synthesis_title}, "introduction": {"fr": "\n\n".join(p for p, _ in VECTORS[100:110])},
        "conclusion": {"fr": "\n\n".join(p for p, _ in VECTORS[120:130])}, "sections": sections}, organiser, 201)
    published_at = time.time() - 1
    status, publication = api("POST", f"{base}/synthesis-drafts/{draft['id']}/publish", {"version": draft["version"]},
                              organiser)
    assert status == 201, publication
    # the moderation queue and the audit log: replies flagged by the organiser, some rejected with a vector reason
    flagged = [replies[n] for n in range(0, len(VECTORS), 8)][:20]
    for reply in flagged:
        api("PUT", f"{base}/posts/{reply['id']}/flag", {"reason": "abuse"}, organiser, 200)
    for n, reply in enumerate(flagged[:6]):
        api("POST", f"{base}/posts/{reply['id']}/moderation", {"state": "rejected", "reason": SHORT[60 + n][0]},
            organiser, 200)
    # staff whose display names are vectors (the members list, the audit log)
    for token, name in people[:4]:
        _, me = api("GET", "/me", None, token, 200)
        api("POST", f"{base}/members", {"email": me["user"]["email"], "roles": ["harvester"]}, organiser, 200)
    # a vote session whose texts are vectors
    _, session = api("POST", f"{base}/vote-sessions", {
        "idea_id": idea, "phase_id": stored_phase(api, base, organiser), "title": {"fr": SHORT[70][0]},
        "instructions": {"fr": VECTORS[5][0]}, "results_visibility": "live"}, organiser, 201)
    proposals = []
    for payload, _ in SHORT[71:81]:
        _, proposal = api("POST", f"{base}/vote-sessions/{session['id']}/proposals",
                          {"title": {"fr": payload[:200]}, "description": {"fr": payload}}, organiser, 201)
        proposals.append(proposal)
    api("POST", f"{base}/vote-sessions/{session['id']}/modules",
        {"kind": "binary", "title": {"fr": SHORT[81][0]}, "instructions": {"fr": VECTORS[6][0]}}, organiser, 201)
    _, me = api("GET", "/me", None, organiser, 200)
    _, stored_debate = api("GET", base, None, organiser, 200)
    return {"slug": slug, "organiser": organiser, "organiser_user": me["user"], "idea": idea, "ideas": ideas,
            "root": root, "replies": replies, "top": top, "people": people, "extracts": extracts,
            "draft": draft, "publication": publication, "published_at": published_at, "session": session,
            "proposals": proposals, "flagged": flagged,
            "debate_title": stored_debate["title"]["fr"]}


def stored_phase(api, base: str, token: str) -> str:
    return api("GET", base, None, token, 200)[1]["phases"][0]["id"]


def open_page(page, stack, hash_: str, wait_for: str, session=None) -> None:
    page.add_init_script(HOOK)
    if session is not None:
        page.add_init_script("sessionStorage.setItem('palabre.session', %s);" % json.dumps(json.dumps(session)))
    page.goto(f"{stack.web}/{hash_}")
    page.wait_for_selector(wait_for, timeout=60_000)
    page.wait_for_load_state("networkidle", timeout=60_000)
    page.wait_for_timeout(300)  # late effects (a lazily loaded sanitiser re-rendering the bodies)


def page_problems(page, where: str) -> list[str]:
    problems = []
    ran = page.evaluate("window.__xss")
    if ran:
        problems.append(f"{where}: script ran: {ran[:10]}")
    violations = page.evaluate("window.__violations")
    scripts = [v for v in violations if str(v.get("effective") or v.get("directive")).startswith("script-src")]
    if scripts:
        problems.append(f"{where}: script-src CSP violations (markup that would have run): {scripts[:10]}")
    problems += [f"{where}: {p}" for p in page.evaluate(SCAN)]
    return problems


def session_of(xss) -> dict:
    return {"token": xss["organiser"], "expiresAt": None, "user": xss["organiser_user"]}


def test_the_detectors_see_an_injection(stack, page, xss):
    """The checks are not vacuous: markup injected behind the app's back is reported by the CSP listener and the
    DOM scan, and a call to alert() is recorded."""
    open_page(page, stack, f"#/d/{xss['slug']}", "main h1")
    page.evaluate("""() => {
        const box = document.createElement('div');
        box.innerHTML = '<img src="x" onerror="alert(1)"><a href="javascript:alert(2)">x</a>';
        document.body.appendChild(box);
        window.alert('direct');
    }""")
    page.wait_for_timeout(500)
    problems = page_problems(page, "self-test")
    assert any("script ran" in p for p in problems), problems
    assert any("script-src" in p for p in problems), problems
    assert any("onerror" in p for p in problems) and any("javascript:alert(2)" in p for p in problems), problems


def test_posts_and_names_on_the_thread_page(stack, page, xss):
    open_page(page, stack, f"#/d/{xss['slug']}/posts/{xss['root']['id']}", "[data-post-body]", session_of(xss))
    page.wait_for_function("n => document.querySelectorAll('[data-post-body]').length >= n", arg=len(VECTORS) - 5,
                           timeout=60_000)
    problems = page_problems(page, "thread page")
    bodies = page.evaluate(BODIES)
    by_tag = {}
    for text in bodies:
        found = re.search(r"XSS\d{3}", text)
        if found:
            by_tag[found.group(0)] = text
    rejected = {r["id"] for r in xss["flagged"][:6]}  # rejected by a moderator: shown without their text
    for n, (payload, marker) in enumerate(VECTORS):
        if xss["replies"][n]["id"] in rejected:
            continue
        text = by_tag.get(tag(n))
        if text is None:
            problems.append(f"thread page: the reply {tag(n)} ({payload!r}) is not shown")
        elif marker.lower() not in fold(text):
            problems.append(f"thread page: {tag(n)} no longer reads {marker!r}: {text!r} (payload {payload!r})")
    visible = fold(page.evaluate("document.body.innerText"))
    for _, name in xss["people"]:
        if fold(name) not in visible:
            problems.append(f"thread page: the display name {name!r} is not shown as typed")
    assert not problems, "\n".join(problems)


def test_top_posts_titles_and_extracts_on_the_idea_page(stack, page, xss):
    open_page(page, stack, f"#/d/{xss['slug']}/ideas/{xss['idea']}", "[data-post-body]", session_of(xss))
    problems = page_problems(page, "idea page")
    bodies = page.evaluate(BODIES)
    for n, post in xss["top"].items():
        text = next((b for b in bodies if tag(n) in b), None)
        if text is None:
            problems.append(f"idea page: the post {tag(n)} is not shown")
        elif VECTORS[n][1].lower() not in fold(text):
            problems.append(f"idea page: {tag(n)} no longer reads {VECTORS[n][1]!r}: {text!r}")
    visible = fold(page.evaluate("document.body.innerText"))
    if fold(xss["ideas"][xss["idea"]]) not in visible:
        problems.append(f"idea page: the idea title {xss['ideas'][xss['idea']]!r} is not shown as typed")
    paraphrases = [e["text"] for e in xss["extracts"] if e["kind"] == "paraphrase"]
    shown = [p for p in paraphrases if fold(p) in visible]
    if not shown:
        problems.append("idea page: none of the harvested paraphrases is readable")
    assert not problems, "\n".join(problems)


def test_idea_titles_and_debate_texts_on_the_debate_pages(stack, page, xss):
    problems = []
    open_page(page, stack, f"#/d/{xss['slug']}", "main h1", session_of(xss))
    page.wait_for_function("t => document.body.innerText.includes(t)", arg="Idée principale", timeout=60_000)
    problems += page_problems(page, "debate page")
    visible = fold(page.evaluate("document.body.innerText"))
    for idea_id, title in xss["ideas"].items():
        if fold(title) not in visible:
            problems.append(f"debate page: the idea title {title!r} is not shown as typed")
    if fold(xss["debate_title"]) not in visible:
        problems.append(f"debate page: the debate title {xss['debate_title']!r} is not shown as typed")
    open_page(page, stack, "#/", "main h1")
    page.wait_for_timeout(500)
    problems += page_problems(page, "debate list")
    assert not problems, "\n".join(problems)


def test_synthesis_pages(stack, page, xss):
    problems = []
    number = xss["publication"]["number"]
    open_page(page, stack, f"#/d/{xss['slug']}/syntheses/{number}", "main h1")
    page.wait_for_function("t => document.body.innerText.includes(t)", arg="alert(", timeout=60_000)
    problems += page_problems(page, "synthesis page")
    visible = fold(page.evaluate("document.body.innerText"))
    publication = xss["publication"]
    if fold(publication["title"]["fr"]) not in visible:
        problems.append(f"synthesis page: the title {publication['title']['fr']!r} is not shown as typed")
    for n, (payload, marker) in enumerate(VECTORS):
        if marker.lower() not in visible:
            problems.append(f"synthesis page: {marker!r} of vector {n} is not readable")
    open_page(page, stack, f"#/d/{xss['slug']}/syntheses", "main h1")
    page.wait_for_timeout(500)
    problems += page_problems(page, "synthesis list")
    # the editor, as the organiser: the draft list and the published draft
    open_page(page, stack, f"#/d/{xss['slug']}/syntheses/edit", "main h1", session_of(xss))
    page.wait_for_timeout(500)
    problems += page_problems(page, "synthesis drafts")
    open_page(page, stack, f"#/d/{xss['slug']}/syntheses/edit/{xss['draft']['id']}", "main h1", session_of(xss))
    page.wait_for_timeout(800)
    problems += page_problems(page, "synthesis editor")
    assert not problems, "\n".join(problems)


def test_staff_pages(stack, page, xss):
    """The moderation queue (flagged vectors), the audit log (vector reasons, vector names), the members list."""
    problems = []
    open_page(page, stack, f"#/d/{xss['slug']}/moderation", ".post-body", session_of(xss))
    problems += page_problems(page, "moderation queue")
    texts = page.evaluate("() => Array.from(document.querySelectorAll('.post-body')).map((el) => el.innerText)")
    shown = {m.group(0) for t in texts for m in [re.search(r"XSS\d{3}", t)] if m}
    pending = [r for r in xss["flagged"][6:]]
    for reply in pending:
        n = int(re.search(r"XSS(\d{3})", reply["body_text"]).group(1))
        text = next((t for t in texts if tag(n) in t), None)
        if text is None:
            problems.append(f"moderation queue: the flagged {tag(n)} is not shown")
        elif VECTORS[n][1].lower() not in fold(text):
            problems.append(f"moderation queue: {tag(n)} no longer reads {VECTORS[n][1]!r}: {text!r}")
    if not shown:
        problems.append("moderation queue: no flagged post shown")
    open_page(page, stack, f"#/d/{xss['slug']}/audit", "main h1", session_of(xss))
    page.wait_for_timeout(800)
    problems += page_problems(page, "audit log")
    open_page(page, stack, f"#/d/{xss['slug']}/settings", "main h1", session_of(xss))
    page.wait_for_timeout(800)
    problems += page_problems(page, "settings and members")
    visible = fold(page.evaluate("document.body.innerText"))
    for _, name in xss["people"][:4]:
        if fold(name) not in visible:
            problems.append(f"settings and members: the display name {name!r} is not shown as typed")
    open_page(page, stack, "#/me", "main h1", session_of(xss))
    page.wait_for_timeout(500)
    problems += page_problems(page, "profile")
    open_page(page, stack, f"#/d/{xss['slug']}/dashboard", "main h1", session_of(xss))
    page.wait_for_timeout(800)
    problems += page_problems(page, "dashboard")
    assert not problems, "\n".join(problems)


def test_vote_pages(stack, page, xss):
    problems = []
    session = xss["session"]["id"]
    for hash_, where in ((f"#/d/{xss['slug']}/votes/{session}", "vote page"),
                         (f"#/d/{xss['slug']}/votes/{session}/results", "vote results"),
                         (f"#/d/{xss['slug']}/votes/{session}/edit", "vote editor")):
        open_page(page, stack, hash_, "main h1", session_of(xss))
        page.wait_for_timeout(800)
        problems += page_problems(page, where)
        visible = fold(page.evaluate("document.body.innerText"))
        for proposal in xss["proposals"]:
            if fold(proposal["title"]["fr"]) not in visible:
                problems.append(f"{where}: the proposal {proposal['title']['fr']!r} is not shown as typed")
    open_page(page, stack, f"#/d/{xss['slug']}/settings/votes", "main h1", session_of(xss))
    page.wait_for_timeout(800)
    problems += page_problems(page, "vote sessions")
    if fold(xss["session"]["title"]["fr"]) not in fold(page.evaluate("document.body.innerText")):
        problems.append("vote sessions: the session's title is not shown as typed")
    assert not problems, "\n".join(problems)


def _outbox_since(stack, since: float) -> list[dict]:
    messages = []
    for path in sorted(glob.glob(os.path.join(stack.outbox, "*.json"))):
        if os.path.getmtime(path) >= since:
            with open(path, encoding="utf-8") as handle:
                messages.append(json.load(handle))
    return messages


def test_emails_are_plain_text(stack, xss):
    deadline = time.time() + 30
    title = xss["publication"]["title"]["fr"]
    mails = []
    while time.time() < deadline:
        mails = [m for m in _outbox_since(stack, xss["published_at"]) if "synth" in m["subject"].lower()]
        if len(mails) >= 2:
            break
        time.sleep(0.5)
    assert len(mails) >= 2, f"no synthesis notification in {stack.outbox}"
    for mail in mails:
        assert set(mail) == {"to", "from", "subject", "text"}, f"an email has more than a plain-text body: {set(mail)}"
        assert "\n" not in mail["subject"] and "\r" not in mail["subject"], mail["subject"]
        assert title in mail["subject"] + mail["text"], "the title is not in the email as typed (plain text)"


def test_a_title_with_a_line_break_gives_a_one_line_subject(stack, xss):
    api = Client(stack)
    base = f"/debates/{xss['slug']}"
    _, draft = api("POST", f"{base}/synthesis-drafts", {
        "title": {"fr": "Synthèse\nBcc: victime@example.org"},
        "sections": [{"idea_id": xss["idea"], "text": {"fr": "Un texte [1]."},
                      "citations": [xss["extracts"][0]["id"]]}]}, xss["organiser"], 201)
    since = time.time() - 1
    api("POST", f"{base}/synthesis-drafts/{draft['id']}/publish", {"version": draft["version"]}, xss["organiser"], 201)
    deadline = time.time() + 30
    mails = []
    while time.time() < deadline and not mails:
        mails = [m for m in _outbox_since(stack, since) if "Bcc" in m["subject"] or "Bcc" in m["text"]]
        time.sleep(0.3)
    assert mails, "no notification for the second synthesis"
    for mail in mails:
        assert "\n" not in mail["subject"] and "\r" not in mail["subject"], repr(mail["subject"])


def test_atom_feed_is_well_formed_and_escaped(stack, xss):
    with urllib.request.urlopen(f"{stack.api}/debates/{xss['slug']}/syntheses.atom", timeout=30) as response:
        assert response.headers["Content-Type"].startswith("application/atom+xml")
        raw = response.read().decode("utf-8")
    feed = ET.fromstring(raw)  # well-formed, or this raises
    assert feed.tag == f"{ATOM}feed"
    known = {f"{ATOM}{name}" for name in ("feed", "id", "title", "updated", "link", "entry", "summary")}
    unexpected = sorted({el.tag for el in feed.iter()} - known)
    assert not unexpected, f"elements injected into the feed: {unexpected}"
    assert not re.search(r"<\s*(script|img|svg|iframe)", raw, re.I), "a vector reached the feed unescaped"
    entries = feed.findall(f"{ATOM}entry")
    titles = {e.findtext(f"{ATOM}title") for e in entries}
    assert xss["publication"]["title"]["fr"] in titles, titles
    summaries = {e.findtext(f"{ATOM}summary") for e in entries}
    assert xss["publication"]["introduction"]["fr"] in summaries  # the vectors, read back intact
    assert feed.findtext(f"{ATOM}title") == xss["debate_title"]


# --- the static archive of a closed debate (an export opened as HTML, with no CSP to fall back on) ---------------

@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory):
    """A debate full of vectors, closed and archived in-process (moto): the archive's files in a folder."""
    from chalicelib.domain.synthesis import split_sentences
    from chalicelib.services import archive, identity
    from chalicelib.storage import debates_repo
    from tests.helpers import sign_in
    from tests.security.conftest import moto_app

    out = tmp_path_factory.mktemp("archive")
    with moto_app() as api:
        organiser = sign_in("archive-organiser@example.org")
        identity.grant_platform_organiser(organiser.email)
        slug = "xss-archive"

        def ok(result, status):
            assert result[0] == status, result
            return result[1]

        ok(api.post("/debates", {"slug": slug, "languages": ["fr"], "default_language": "fr",
                                 "title": {"fr": SHORT[0][0]}, "description": {"fr": VECTORS[70][0]},
                                 "write_limits": UNLIMITED_WRITES}, who=organiser),
           201)
        base = f"/debates/{slug}"
        idea = ok(api.post(f"{base}/ideas", {"title": {"fr": SHORT[1][0]}, "description": {"fr": VECTORS[71][0]}},
                           who=organiser), 201)["id"]
        for payload, _ in SHORT[10:20]:
            ok(api.post(f"{base}/ideas", {"title": {"fr": payload[:200]}, "parent_id": idea}, who=organiser), 201)
        author = sign_in("archive-author@example.org")
        ok(api.patch("/me", {"display_name": SHORT[40][0]}, who=author), 200)
        root = ok(api.post(f"{base}/ideas/{idea}/posts", {"body": f"{tag(999)}\n\nRacine."}, who=author), 201)
        for n, (payload, _) in enumerate(VECTORS):
            ok(api.post(f"{base}/posts/{root['id']}/replies", {"body": f"{tag(n)}\n\n{payload}"}, who=author), 201)
        extracts = [ok(api.post(f"{base}/posts/{root['id']}/extracts", {"idea_id": idea, "paraphrase": p[:500],
                                                                         "nature": "fact"}, who=organiser), 201)["id"]
                    for p, _ in VECTORS[:20]]
        sections = [{"idea_id": idea, "citations": [extracts[0]], "text": {"fr": "\n".join(
            " ".join(f"{s} [1]" for s in split_sentences(p)) or "[1]" for p, _ in VECTORS[i:i + 40])}}
            for i in range(0, len(VECTORS), 40)]
        draft = ok(api.post(f"{base}/synthesis-drafts", {"title": {"fr": SHORT[2][0]},
                                                          "introduction": {"fr": VECTORS[100][0]},
                                                          "conclusion": {"fr": VECTORS[120][0]}, "sections": sections},
                            who=organiser), 201)
        ok(api.post(f"{base}/synthesis-drafts/{draft['id']}/publish", {"version": draft["version"]}, who=organiser),
           201)
        ok(api.patch(base, {"status": "closed"}, who=organiser), 200)
        export = archive.build_export(debates_repo.get_debate(slug))
    for path, content in export.files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return out


def test_the_archive_pages(page, archive_dir):
    problems = []
    pages = sorted(p for p in archive_dir.rglob("*.html"))
    assert len(pages) >= 3, pages
    page.add_init_script(HOOK)
    for path in pages:
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        where = f"archive {path.relative_to(archive_dir)}"
        problems += page_problems(page, where)
        if "XSS000" in path.read_text(encoding="utf-8"):  # the idea page holding the thread
            texts = page.evaluate("""() => Array.from(document.querySelectorAll('article')).map((a) => {
                const own = a.cloneNode(true);
                own.querySelectorAll('article').forEach((inner) => inner.remove());
                return own.textContent;
            })""")
            by_tag = {m.group(0): text for text in texts for m in [re.search(r"XSS\d{3}", text)] if m}
            for n, (payload, marker) in enumerate(VECTORS):
                text = by_tag.get(tag(n))
                if text is None:
                    problems.append(f"{where}: the post {tag(n)} is missing")
                elif marker.lower() not in fold(text):
                    problems.append(f"{where}: {tag(n)} no longer reads {marker!r}: {text!r}")
    assert not problems, "\n".join(problems)
