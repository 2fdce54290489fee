"""A real person's journey in Debian's Chromium against the real local stack (`palabre run` with the imported
Polis conversation): reading the debate, signing in through the e-mail link, posting a statement, reacting,
taking a stance, replying, switching language; axe-core, CSP and console checks on every page; phone width and
keyboard use.

Playwright matches accessible names by substring: the reaction "Pas d'accord" and the stance "Pas d'accord"
share a name, so every button is looked up inside its group and with an anchored regex."""
from __future__ import annotations

import json
import re
import time
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e

TITLE = "ScoopNZ Hivemind on affordable housing"
# A browser tab is new for each test, but localStorage (the chosen language) is shared by the whole browser
# context: each new tab starts in French whatever an earlier test chose.
FRESH_TAB = """
    if (!sessionStorage.getItem('__e2e_tab')) {
        sessionStorage.setItem('__e2e_tab', '1');
        localStorage.removeItem('palabre.lang');
    }
"""


def number(n: int) -> str:
    """A regex for n as any locale writes it: 14995, 14 995 (narrow no-break space), 14,995."""
    return f"{n:,}".replace(",", r"[\s\u00a0\u202f,.]?")


def exact(label: str, count: int | None = None) -> re.Pattern:
    """An anchored accessible name: `J'aime (1)`, or any count when count is None."""
    tail = r"\d[\d\s\u00a0\u202f,.]*" if count is None else number(count)
    return re.compile(rf"^{re.escape(label)} \({tail}\)$")


def fresh_email(tag: str) -> str:
    return f"e2e-{tag}-{uuid.uuid4().hex[:10]}@example.org"


class Watch:
    """Console errors, uncaught exceptions and CSP violations of one tab, checked page after page."""

    def __init__(self, page: Page):
        self.page = page
        self.errors: list[str] = []
        page.on("console", lambda message: message.type == "error" and self.errors.append(
            f"console: {message.text} @ {message.location.get('url')}"))
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def clean(self, where: str) -> None:
        violations = self.page.evaluate("window.__cspViolations")
        assert violations == [], f"CSP violations on {where}: {violations}"
        assert self.errors == [], f"console errors on {where}: {self.errors}"

    def accessible(self, where: str) -> None:
        violations = axe_violations(self.page)
        assert violations == [], f"axe violations on {where}: {json.dumps(violations, indent=1)}"
        self.clean(where)


# Web-first assertions wait up to this long (a wait, never a timing assertion): on the local stack a write may
# queue behind others in the embedded DynamoDB, which serves one request at a time.
WAIT_MS = 30_000


@pytest.fixture
def tab(page: Page):
    page.add_init_script(FRESH_TAB)
    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    yield page
    expect.set_options(timeout=5_000)  # Playwright's default


@pytest.fixture(scope="module")
def idea_id(stack) -> str:
    """The idea the Polis import created (titled like the conversation); other tests may add ideas."""
    status, ideas = stack.request("GET", f"/debates/{stack.slug}/ideas")
    assert status == 200, ideas
    return next(idea["id"] for idea in ideas["items"] if TITLE in idea["title"].values())


def counts(stack) -> dict:
    status, debate = stack.request("GET", f"/debates/{stack.slug}")
    assert status == 200, debate
    return debate["counts"]


def heading(page: Page, name: str):
    """The page's h1 once loaded (a transient "Chargement…" h1 comes first)."""
    title = page.get_by_role("heading", level=1, name=name)
    expect(title).to_be_visible()
    return title


def sign_in_by_link(page: Page, stack, email: str, next_hash: str) -> None:
    """Ask for a link through the API, then open it in the tab, as a person clicking it in their mailbox."""
    started = time.time() - 1
    status, _ = stack.request("POST", "/auth/email-link", {"email": email, "next": next_hash})
    assert status == 202
    page.goto(stack.latest_link(email, started))
    expect(page.get_by_role("button", name=re.compile("^(Se déconnecter|Sign out)$"))).to_be_visible()


def session_token(page: Page) -> str:
    return page.evaluate("JSON.parse(sessionStorage.getItem('palabre.session')).token")


def statement_post(stack, idea: str, tag: str) -> tuple[str, str]:
    """A statement by a fresh author, created through the API; returns (post id, text)."""
    token = stack.sign_in(fresh_email(f"author-{tag}"))
    text = f"Statement {tag} {uuid.uuid4().hex[:8]}: build more social housing near transport."
    status, post = stack.request("POST", f"/debates/{stack.slug}/ideas/{idea}/posts",
                                 {"body": text, "statement": True}, token=token)
    assert status == 201, post
    return post["id"], text


def test_debate_page_shows_the_imported_consultation(tab: Page, stack, imported_counts, idea_id):
    assert imported_counts == {"posts": 119, "participants": 381, "stances": 14995}
    now = counts(stack)  # other tests of the session may have written since the import
    watch = Watch(tab)
    tab.goto(f"{stack.web}/#/d/{stack.slug}")

    heading(tab, TITLE)
    expect(tab.locator("html")).to_have_attribute("lang", "fr")
    expect(tab).to_have_title(re.compile(f"^{re.escape(TITLE)}"))
    figures = tab.get_by_role("region", name="En chiffres").get_by_role("listitem")
    expect(figures.nth(0)).to_have_text(re.compile(rf"^{number(now['posts'])} contributions$"))
    expect(figures.nth(1)).to_have_text(re.compile(rf"^{number(now['participants'])} participants$"))
    expect(figures.nth(2)).to_have_text(re.compile(rf"^{number(now['stances'])} positions exprimées$"))
    # French groups thousands with a (narrow) no-break space, so "14 995" never breaks across lines
    expect(figures.nth(2)).to_have_text(re.compile(r"^\d{1,3}(?:[\u202f\u00a0]\d{3})+ positions exprimées$"))

    attribution = tab.get_by_role("region", name="Source des données")
    expect(attribution).to_contain_text("CC BY 4.0")
    expect(attribution).to_contain_text("The Computational Democracy Project")
    expect(attribution).to_contain_text("https://compdemocracy.org/case-studies/2017-scoop-hivemind-affordable-housing")

    ideas = tab.get_by_role("region", name="Table des idées")
    link = ideas.get_by_role("link", name=TITLE, exact=True)
    expect(link).to_have_attribute("href", f"#/d/{stack.slug}/ideas/{idea_id}")
    status, listed = stack.request("GET", f"/debates/{stack.slug}/ideas")
    idea_posts = next(idea["counts"]["posts"] for idea in listed["items"] if idea["id"] == idea_id)
    expect(ideas.get_by_role("listitem").filter(has=tab.get_by_role("link", name=TITLE, exact=True))).to_contain_text(
        re.compile(rf"{re.escape(TITLE)} \({number(idea_posts)} contributions\)"))

    # anonymous visitors are invited to sign in, in the header
    expect(tab.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Se connecter", exact=True)).to_be_visible()
    watch.accessible("the debate page")


def test_sign_in_post_react_take_a_stance_and_reply(tab: Page, stack, imported_counts, idea_id):
    before = counts(stack)
    watch = Watch(tab)
    email = fresh_email("journey")
    tab.goto(f"{stack.web}/#/d/{stack.slug}")
    heading(tab, TITLE)

    # Sign in through the interface: header link, e-mail form, then the link from the (local) mailbox
    nav = tab.get_by_role("navigation", name="Navigation principale")
    nav.get_by_role("link", name="Se connecter", exact=True).click()
    heading(tab, "Connexion")
    expect(tab).to_have_url(re.compile(r"#/signin\?next="))
    watch.accessible("the sign-in page")
    started = time.time() - 1
    tab.get_by_label("Adresse e-mail").fill(email)
    tab.get_by_role("button", name="Recevoir un lien de connexion").click()
    expect(tab.get_by_role("status")).to_contain_text("Vérifiez votre boîte de réception")
    watch.accessible("the sign-in page, link sent")
    tab.goto(stack.latest_link(email, started))
    heading(tab, TITLE)  # back where the person started
    expect(tab).to_have_url(re.compile(rf"#/d/{re.escape(stack.slug)}$"))
    status, me = stack.request("GET", "/me", token=session_token(tab))
    assert status == 200 and me["user"]["email"] == email, me
    name = me["user"]["display_name"]
    expect(nav).to_contain_text(name)  # the display name in the header
    expect(nav.get_by_role("button", name="Se déconnecter")).to_be_visible()
    expect(nav.get_by_role("link", name="Se connecter")).to_have_count(0)
    watch.clean("the debate page, signed in")

    # The idea page and its composer
    tab.get_by_role("region", name="Table des idées").get_by_role("link", name=TITLE, exact=True).click()
    heading(tab, TITLE)
    expect(tab).to_have_url(re.compile(rf"#/d/{re.escape(stack.slug)}/ideas/{idea_id}$"))
    expect(tab.locator("article[data-post-id]").first).to_be_visible()
    watch.accessible("the idea page")

    text = f"Journey statement {uuid.uuid4().hex[:8]}: rent caps protect tenants."
    tab.get_by_label("Votre message").fill(text)
    tab.get_by_label("Affirmation courte que les autres peuvent approuver ou non").check()
    tab.get_by_role("button", name="Publier", exact=True).click()
    expect(tab.get_by_role("status").filter(has_text="Votre message a été publié.")).to_be_visible()
    post = tab.locator("article[data-post-id]", has_text=text)
    expect(post).to_have_count(1)
    expect(post).to_be_focused()  # the new post takes the focus
    expect(post.get_by_role("heading", name=name)).to_be_visible()
    expect(tab.get_by_label("Votre message")).to_have_value("")
    post_id = post.get_attribute("data-post-id")
    assert tab.locator("article[data-post-id]").first.get_attribute("data-post-id") == post_id  # newest first

    # React "J'aime": the count and the pressed state change at once
    reactions = post.get_by_role("group", name="Réactions", exact=True)
    like = reactions.get_by_role("button", name=exact("J'aime"))
    expect(like).to_have_accessible_name(exact("J'aime", 0))
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(like).to_have_accessible_name(exact("J'aime", 1))
    expect(like).to_have_attribute("aria-pressed", "true")
    reaction_disagree = reactions.get_by_role("button", name=exact("Pas d'accord"))
    expect(reaction_disagree).to_have_accessible_name(exact("Pas d'accord", 0))
    expect(reaction_disagree).to_have_attribute("aria-pressed", "false")

    # Take the stance "D'accord" on the statement
    stances = post.get_by_role("group", name="Votre avis sur cette affirmation", exact=True)
    agree = stances.get_by_role("button", name=exact("D'accord"))
    agree.click()
    expect(agree).to_have_accessible_name(exact("D'accord", 1))
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(stances.get_by_role("button", name=exact("Pas d'accord"))).to_have_accessible_name(exact("Pas d'accord", 0))
    expect(stances.get_by_role("button", name=exact("Passer"))).to_have_accessible_name(exact("Passer", 0))
    # the reaction with the same label did not move
    expect(reaction_disagree).to_have_accessible_name(exact("Pas d'accord", 0))
    watch.accessible("the idea page after posting, reacting and taking a stance")

    # What the browser shows is what the API stored
    status, stored = stack.request("GET", f"/debates/{stack.slug}/posts/{post_id}", token=session_token(tab))
    assert status == 200, stored
    assert stored["statement"] is True and stored["body_text"] == text
    assert stored["reactions"]["like"] == 1 and stored["stances"] == {"agree": 1, "disagree": 0, "pass": 0}
    assert stored["mine"] == {"reactions": ["like"], "stance": "agree"}

    # Its thread: reply
    post.get_by_role("link", name=re.compile(r"^Voir la discussion")).click()
    heading(tab, "Discussion")
    expect(tab).to_have_url(re.compile(rf"#/d/{re.escape(stack.slug)}/posts/{post_id}$"))
    root = tab.locator(f'article[data-post-id="{post_id}"]')
    expect(root).to_contain_text(text)
    # the thread page shows the same state, read again from the API
    expect(root.get_by_role("group", name="Réactions", exact=True).get_by_role("button", name=exact("J'aime"))
           ).to_have_attribute("aria-pressed", "true")
    reply_toggle = root.get_by_role("button", name="Répondre", exact=True)
    expect(reply_toggle).to_have_attribute("aria-expanded", "false")
    reply_toggle.click()
    expect(reply_toggle).to_have_attribute("aria-expanded", "true")
    box = tab.get_by_label("Votre message")
    expect(box).to_be_focused()
    reply_text = f"Reply {uuid.uuid4().hex[:8]}: and build faster."
    box.fill(reply_text)
    tab.get_by_role("button", name="Publier", exact=True).click()
    expect(tab.get_by_role("status").filter(has_text="Votre réponse a été publiée.")).to_be_visible()
    reply = tab.locator("article[data-post-id]", has_text=reply_text)
    expect(reply).to_have_count(1)
    expect(reply).to_be_focused()
    assert reply.get_attribute("data-post-id").startswith(f"{post_id}.")
    expect(tab.locator("article[data-post-id]")).to_have_count(2)
    expect(tab.get_by_label("Votre message")).to_have_count(0)  # the reply composer closed
    watch.accessible("the thread page")

    # The debate's figures moved by exactly this person's contributions: 2 posts, 1 participant, 1 stance
    after = counts(stack)
    assert (after["posts"] - before["posts"], after["participants"] - before["participants"],
            after["stances"] - before["stances"]) == (2, 1, 1), (before, after)
    if all(before[name] == imported_counts[name] for name in imported_counts):  # the usual order: nothing else wrote
        assert (after["posts"], after["participants"], after["stances"]) == (121, 382, 14996)

    # The same page in English
    nav.get_by_role("button", name="English", exact=True).click()
    expect(tab.locator("html")).to_have_attribute("lang", "en")
    heading(tab, "Discussion")
    nav = tab.get_by_role("navigation", name="Main navigation", exact=True)
    expect(nav).to_contain_text(name)
    expect(nav.get_by_role("button", name="Sign out", exact=True)).to_be_visible()
    root_reactions = root.get_by_role("group", name="Reactions", exact=True)
    expect(root_reactions.get_by_role("button", name=exact("Like", 1))).to_have_attribute("aria-pressed", "true")
    expect(root.get_by_role("group", name="Your view on this statement", exact=True)
           .get_by_role("button", name=exact("Agree", 1))).to_have_attribute("aria-pressed", "true")
    expect(root.get_by_role("button", name="Reply", exact=True)).to_be_visible()
    expect(tab.get_by_role("link", name="Skip to main content")).to_be_attached()
    watch.accessible("the thread page in English")
    tab.get_by_role("link", name=TITLE, exact=True).first.click()  # the breadcrumb
    heading(tab, TITLE)
    figures = tab.get_by_role("region", name="Key figures").get_by_role("listitem")
    expect(figures.nth(0)).to_have_text(re.compile(rf"^{number(after['posts'])} contributions$"))
    expect(figures.nth(1)).to_have_text(re.compile(rf"^{number(after['participants'])} participants$"))
    expect(figures.nth(2)).to_have_text(re.compile(rf"^{number(after['stances'])} stances$"))
    expect(figures.nth(2)).to_have_text(re.compile(r"^\d{1,3}(?:,\d{3})+ stances$"))
    expect(tab.get_by_role("region", name="Table of ideas")).to_be_visible()
    expect(tab.get_by_role("region", name="Data source")).to_contain_text("CC BY 4.0")
    watch.accessible("the debate page in English")
    # back to French: the language choice is remembered by the browser
    nav.get_by_role("button", name="Français", exact=True).click()
    expect(tab.locator("html")).to_have_attribute("lang", "fr")
    expect(tab.get_by_role("region", name="En chiffres")).to_be_visible()
    watch.clean("the debate page back in French")


def test_phone_width_has_no_horizontal_scroll_and_the_composer_works(tab: Page, stack, imported_counts, idea_id):
    watch = Watch(tab)
    tab.set_viewport_size({"width": 360, "height": 740})
    tab.goto(f"{stack.web}/#/d/{stack.slug}")
    heading(tab, TITLE)
    expect(tab.get_by_role("region", name="Source des données")).to_be_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360, "the debate page scrolls sideways at 360 px"
    watch.clean("the debate page at 360 px")

    sign_in_by_link(tab, stack, fresh_email("phone"), f"#/d/{stack.slug}/ideas/{idea_id}")
    heading(tab, TITLE)
    expect(tab.locator("article[data-post-id]").first).to_be_visible()
    box = tab.get_by_label("Votre message")
    box.scroll_into_view_if_needed()
    expect(box).to_be_in_viewport()
    area = box.bounding_box()
    assert area["x"] >= 0 and area["x"] + area["width"] <= 360 and area["height"] >= 40, area
    text = f"Phone post {uuid.uuid4().hex[:8]}: small flats near the station."
    box.click()
    tab.keyboard.type(text)
    publish = tab.get_by_role("button", name="Publier", exact=True)
    button = publish.bounding_box()
    assert button["x"] >= 0 and button["x"] + button["width"] <= 360, button
    publish.click()
    post = tab.locator("article[data-post-id]", has_text=text)
    expect(post).to_have_count(1)
    expect(post).to_be_in_viewport()
    like = post.get_by_role("group", name="Réactions", exact=True).get_by_role("button", name=exact("J'aime"))
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360, "the idea page scrolls sideways at 360 px"
    watch.accessible("the idea page at 360 px")


def test_keyboard_skip_link_first_and_reactions_toggle_with_enter_and_space(tab: Page, stack, imported_counts,
                                                                             idea_id):
    post_id, _ = statement_post(stack, idea_id, "keyboard")
    watch = Watch(tab)
    tab.goto(f"{stack.web}/#/d/{stack.slug}")
    heading(tab, TITLE)
    tab.keyboard.press("Tab")
    skip = tab.locator(":focus")
    expect(skip).to_have_text("Aller au contenu principal")
    expect(skip).to_have_attribute("href", "#main")
    expect(skip).to_be_in_viewport()  # it shows itself when focused
    tab.keyboard.press("Enter")
    expect(tab.get_by_role("heading", level=1, name=TITLE)).to_be_focused()
    expect(tab).to_have_url(re.compile(rf"#/d/{re.escape(stack.slug)}$"))  # the hash route did not change
    watch.clean("the debate page, keyboard")

    sign_in_by_link(tab, stack, fresh_email("keyboard"), f"#/d/{stack.slug}/ideas/{idea_id}")
    heading(tab, TITLE)
    post = tab.locator(f'article[data-post-id="{post_id}"]')
    like = post.get_by_role("group", name="Réactions", exact=True).get_by_role("button", name=exact("J'aime"))
    expect(like).to_have_attribute("aria-pressed", "false")
    like.focus()
    tab.keyboard.press("Enter")
    expect(like).to_have_accessible_name(exact("J'aime", 1))
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like).to_be_focused()  # the focus stays on the button after the update
    tab.keyboard.press("Space")
    expect(like).to_have_accessible_name(exact("J'aime", 0))
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(like).to_be_focused()
    # Tab moves on to the next reaction, then Space takes it
    tab.keyboard.press("Tab")
    disagree = post.get_by_role("group", name="Réactions", exact=True).get_by_role(
        "button", name=exact("Pas d'accord"))
    expect(disagree).to_be_focused()
    tab.keyboard.press("Space")
    expect(disagree).to_have_attribute("aria-pressed", "true")
    # and a stance with the keyboard too
    passer = post.get_by_role("group", name="Votre avis sur cette affirmation", exact=True).get_by_role(
        "button", name=exact("Passer"))
    passer.focus()
    tab.keyboard.press("Enter")
    expect(passer).to_have_accessible_name(exact("Passer", 1))
    expect(passer).to_have_attribute("aria-pressed", "true")
    status, stored = stack.request("GET", f"/debates/{stack.slug}/posts/{post_id}", token=session_token(tab))
    assert status == 200
    assert stored["reactions"] == {"like": 0, "disagree": 1, "dont_understand": 0, "more_info": 0}
    assert stored["mine"] == {"reactions": ["disagree"], "stance": "pass"}
    watch.clean("the idea page, keyboard")
