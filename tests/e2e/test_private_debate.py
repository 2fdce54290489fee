"""Issue 6's organiser flow as a new user walks it on `make run`, in Debian's Chromium against the real local stack:

1. the operator makes an organiser with the real `palabre grant-organiser EMAIL` (a subprocess writing to the
   running stack's embedded DynamoDB, as from a second terminal);
2. the organiser signs in with the emailed link and creates, through the web form, a private debate in French and
   English with two phases whose dates are typed in Europe/Paris time (the API then holds them in UTC: +01:00 in
   winter, +02:00 in summer), inviting a participant by email; then adds an idea;
3. the invited participant signs in on the home page, finds the private debate under "Mes débats" (badge
   *Privé*, their role), opens it from there, reads it and posts in it;
4. an outsider (signed in, not invited) and an anonymous visitor get 404 for the debate, its ideas and its posts,
   the web app shows "Page introuvable" without the title, and the debate is not listed (nor in the outsider's
   "Mes débats");
5. in the settings page, the organiser invites one more person, who opens the debate; then removes them
   (confirming in a dialog): they get the not-found page and 404, and leave the invite list;
6. the organiser closes the debate (a new post is then refused: `debate_closed`) and archives it, both in the
   settings page;
7. the archive opens from a plain static file server, with every other request refused: its pages show the idea
   and the posts under pseudonyms, its open-data JSON holds them, and nothing asked the API. axe-core finds
   nothing on the archive's pages."""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import threading
import uuid
from datetime import datetime, timezone

import pytest
from playwright.sync_api import Page, expect

from tests.browser import new_page
from tests.e2e.test_browser_journey import FRESH_TAB, WAIT_MS, Watch, fresh_email, heading, sign_in_by_link

pytestmark = pytest.mark.e2e

SIGN_OUT = re.compile("^(Se déconnecter|Sign out)$")
TITLE_FR = "Consultation privée sur les mobilités"
TITLE_EN = "Private consultation on mobility"
IDEA_FR, IDEA_EN = "Vélo et marche", "Cycling and walking"
# Typed in the form, read in Europe/Paris; what the API must hold (UTC)
PHASES = [
    {"fr": "Contributions", "en": "Contributions",
     "start": ("2026-11-02T09:00", "2026-11-02T08:00:00+00:00"),   # winter: UTC+1
     "end": ("2027-04-30T18:00", "2027-04-30T16:00:00+00:00")},    # summer: UTC+2
    {"fr": "Synthèse", "en": "Synthesis",
     "start": ("2027-05-03T09:30", "2027-05-03T07:30:00+00:00"),
     "end": ("2027-06-30T18:00", "2027-06-30T16:00:00+00:00")},
]


@pytest.fixture
def tabs(browser_context):
    """New tabs on the shared browser: each has its own sessionStorage, so its own signed-in person."""
    opened = []

    def new_tab() -> Page:
        page = new_page(browser_context)
        page.add_init_script(FRESH_TAB)
        page.set_default_timeout(WAIT_MS)
        opened.append(page)
        return page

    expect.set_options(timeout=WAIT_MS)
    yield new_tab
    expect.set_options(timeout=5_000)
    for page in opened:
        page.close()


@pytest.fixture
def static_archive_server(stack):
    """A plain static file server over the stack's archive folder: no API, no application, just files."""
    handler = functools.partial(QuietFiles, directory=stack.archives)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def token_of(page: Page) -> str:
    return page.evaluate("JSON.parse(sessionStorage.getItem('palabre.session')).token")


def utc(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


def only_expected_404s(watch: Watch) -> None:
    """Chromium logs the API's 404 answers as console errors: those are the point of the check."""
    unexpected = [e for e in watch.errors if "status of 404" not in e]
    assert unexpected == [], unexpected
    watch.errors.clear()


def assert_not_found_page(page: Page, url: str, watch: Watch, where: str) -> None:
    page.goto(url)
    heading(page, "Page introuvable")
    body = page.locator("body")
    for secret in (TITLE_FR, TITLE_EN, IDEA_FR, IDEA_EN):
        expect(body).not_to_contain_text(secret)
    assert TITLE_FR not in page.title() and TITLE_EN not in page.title(), page.title()
    only_expected_404s(watch)
    watch.clean(where)


def create_debate_in_the_form(page: Page, slug: str, participant: str) -> None:
    page.get_by_role("link", name="Créer un débat", exact=True).click()
    heading(page, "Créer un débat")
    page.get_by_label("Anglais", exact=True).check()
    page.get_by_label("Titre (français)", exact=True).fill(TITLE_FR)
    page.get_by_label("Titre (anglais)", exact=True).fill(TITLE_EN)
    page.get_by_label("Description (français)", exact=True).fill("Réservée aux personnes invitées.")
    page.get_by_label("Description (anglais)", exact=True).fill("For invited people only.")
    page.get_by_label("Adresse du débat", exact=True).fill(slug)
    page.get_by_label("Privé", exact=True).check()
    expect(page.get_by_label("Fuseau horaire", exact=True)).to_have_value("Europe/Paris")
    for n, phase in enumerate(PHASES, start=1):
        page.get_by_role("button", name="Ajouter une phase", exact=True).click()
        row = page.get_by_role("group", name=f"Phase {n}", exact=True)
        row.get_by_label("Nom de la phase (français)", exact=True).fill(phase["fr"])
        row.get_by_label("Nom de la phase (anglais)", exact=True).fill(phase["en"])
        row.get_by_label("Début", exact=True).fill(phase["start"][0])
        row.get_by_label("Fin (facultatif)", exact=True).fill(phase["end"][0])
    # the form tells the offset of each typed date: winter and summer time in Paris
    first = page.get_by_role("group", name="Phase 1", exact=True)
    expect(first.get_by_text("Fuseau horaire Europe/Paris (UTC+1 à cette date).")).to_be_visible()
    expect(first.get_by_text("Fuseau horaire Europe/Paris (UTC+2 à cette date).")).to_be_visible()
    page.get_by_role("button", name="Ajouter une invitation", exact=True).click()
    page.get_by_label("Adresse e-mail (invitation 1)", exact=True).fill(participant)
    expect(page.get_by_label("Rôle (invitation 1)", exact=True)).to_have_value("participant")
    page.get_by_role("button", name="Créer le débat", exact=True).click()
    heading(page, "Débat créé")
    expect(page.get_by_role("region", name="Invitations")).to_contain_text(
        f"{participant} (Participant) : rôle attribué, invitation envoyée par e-mail.")


def add_idea(page: Page) -> None:
    ideas = page.get_by_role("region", name="Table des idées")
    ideas.get_by_role("button", name="Modifier la table des idées").click()
    new = page.get_by_role("region", name="Nouvelle idée")
    new.get_by_label("Titre (français)", exact=True).fill(IDEA_FR)
    new.get_by_label("Titre (anglais)", exact=True).fill(IDEA_EN)
    new.get_by_role("button", name="Créer l'idée", exact=True).click()
    expect(page.get_by_text(f"Idée « {IDEA_FR} » créée.")).to_be_visible()
    ideas.get_by_role("button", name="Modifier la table des idées").click()  # back to the plain tree
    expect(ideas.get_by_role("link", name=IDEA_FR, exact=True)).to_be_visible()


def post_in_the_idea(page: Page, text: str) -> str:
    page.get_by_label("Votre message").fill(text)
    page.get_by_role("button", name="Publier", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="Votre message a été publié.")).to_be_visible()
    post = page.locator("article[data-post-id]", has_text=text)
    expect(post).to_have_count(1)
    return post.get_attribute("data-post-id")


def my_debates(page: Page, name: str = "Mes débats"):
    """The home page's "Mes débats" section, once its list (or its empty message) is there."""
    section = page.get_by_role("region", name=name, exact=True)
    expect(section.get_by_role("list").or_(section.locator("p.empty"))).to_be_visible()
    return section


def public_slugs(stack, token: str | None = None) -> set[str]:
    slugs, cursor = set(), None
    while True:
        status, listed = stack.request("GET", "/debates" + (f"?cursor={cursor}" if cursor else ""), token=token)
        assert status == 200, listed
        slugs |= {d["slug"] for d in listed["items"]}
        cursor = listed.get("next_cursor")
        if not cursor:
            return slugs


def test_private_bilingual_debate_from_grant_to_archive(stack, tabs, static_archive_server):
    tag = uuid.uuid4().hex[:8]
    slug = f"prive-{tag}"
    organiser_email = f"organisatrice-{tag}@example.org"
    participant_email = fresh_email("invited")
    base = f"/debates/{slug}"

    # 1. The operator grants the role with the real command, against the running stack's database; twice is fine
    for _ in range(2):
        done = stack.palabre("grant-organiser", organiser_email)
        assert done.returncode == 0, done.stderr
        assert f"{organiser_email} (user " in done.stdout and "can now create debates" in done.stdout, done.stdout
    refused = stack.palabre("grant-organiser", "not-an-email")
    assert refused.returncode == 2 and "not a valid email address" in refused.stderr, refused

    # 2. The organiser signs in with the emailed link and creates the debate in the form
    organiser = tabs()
    watch_organiser = Watch(organiser)
    sign_in_by_link(organiser, stack, organiser_email, "#/")
    heading(organiser, "Débats")
    create_debate_in_the_form(organiser, slug, participant_email)
    watch_organiser.accessible("the created page")
    organiser.get_by_role("link", name="Voir le débat", exact=True).click()
    heading(organiser, TITLE_FR)
    timeline = organiser.get_by_role("region", name="Calendrier")
    expect(timeline.get_by_role("listitem")).to_have_count(2)
    expect(timeline).to_contain_text("Contributions")
    expect(timeline).to_contain_text("Synthèse")
    add_idea(organiser)
    watch_organiser.accessible("the new debate's page")

    organiser_token = token_of(organiser)
    status, debate = stack.request("GET", base, token=organiser_token)
    assert status == 200, debate
    assert debate["visibility"] == "private" and debate["status"] == "open", debate
    assert debate["languages"] == ["fr", "en"] and debate["default_language"] == "fr", debate
    assert debate["title"] == {"fr": TITLE_FR, "en": TITLE_EN}, debate
    assert debate["timezone"] == "Europe/Paris", debate
    assert [p["name"] for p in debate["phases"]] == [{"fr": p["fr"], "en": p["en"]} for p in PHASES]
    for stored, typed in zip(debate["phases"], PHASES):
        for which in ("start", "end"):
            assert utc(stored[which]) == datetime.fromisoformat(typed[which][1]), (which, stored, typed)
    status, ideas = stack.request("GET", f"{base}/ideas", token=organiser_token)
    assert status == 200, ideas
    idea_id = next(i["id"] for i in ideas["items"] if i["title"] == {"fr": IDEA_FR, "en": IDEA_EN})
    welcome = f"Bienvenue {tag} : que faut-il changer pour se déplacer à vélo ?"
    status, first_post = stack.request("POST", f"{base}/ideas/{idea_id}/posts", {"body": welcome},
                                       token=organiser_token)
    assert status == 201, first_post

    # 3. The invited participant signs in on the home page, finds the debate in "Mes débats" and opens it
    participant = tabs()
    watch_participant = Watch(participant)
    sign_in_by_link(participant, stack, participant_email, "#/")
    heading(participant, "Débats")
    mine = my_debates(participant)
    entry = mine.get_by_role("listitem").filter(has_text=TITLE_FR)
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("Privé")
    expect(entry).to_contain_text("Vos rôles : Participant")
    watch_participant.accessible("the home page with the invited participant's debates")
    participant.get_by_role("button", name="English", exact=True).click()  # the title in the interface language
    expect(my_debates(participant, "My debates").get_by_role("link", name=TITLE_EN, exact=True)).to_be_visible()
    expect(my_debates(participant, "My debates").get_by_role("listitem").filter(has_text=TITLE_EN)).to_contain_text(
        "Private")
    participant.get_by_role("button", name="Français", exact=True).click()
    my_debates(participant).get_by_role("link", name=TITLE_FR, exact=True).click()
    heading(participant, TITLE_FR)
    assert participant.url.endswith(f"#/d/{slug}"), participant.url
    expect(participant.get_by_text("Réservée aux personnes invitées.")).to_be_visible()
    expect(participant.locator("main .badge-private")).to_have_text(
        "Privé : seules les personnes invitées peuvent lire ce débat et y participer.")
    participant.get_by_role("region", name="Table des idées").get_by_role("link", name=IDEA_FR, exact=True).click()
    heading(participant, IDEA_FR)
    expect(participant.locator("article[data-post-id]", has_text=welcome)).to_be_visible()
    reply_text = f"Des pistes cyclables continues {tag}, séparées des voitures."
    participant_post = post_in_the_idea(participant, reply_text)
    watch_participant.accessible("the private idea page, as the invited participant")
    participant_token = token_of(participant)
    status, me = stack.request("PATCH", "/me", {"display_name": f"Camille {tag}"}, token=participant_token)
    assert status == 200, me

    # 4. Outsiders: 404 everywhere, nothing listed, a not-found page without the title
    outsider_token = stack.sign_in(fresh_email("outsider"))
    for who, token in (("outsider", outsider_token), ("anonymous", None)):
        for path in (base, f"{base}/ideas", f"{base}/ideas/{idea_id}/posts", f"{base}/posts/{participant_post}",
                     f"{base}/posts/{participant_post}/thread", f"{base}/summaries"):
            status, body = stack.request("GET", path, token=token)
            assert status == 404 and body["error"]["code"] == "not_found", (who, path, status, body)
            assert TITLE_FR not in json.dumps(body, ensure_ascii=False), body
        status, body = stack.request("POST", f"{base}/ideas/{idea_id}/posts", {"body": "Je veux entrer."},
                                     token=token)
        assert status in (401, 404), (who, status, body)
        assert slug not in public_slugs(stack, token), who
    outsider = tabs()
    watch_outsider = Watch(outsider)
    sign_in_by_link(outsider, stack, fresh_email("outsider-ui"), "#/")
    heading(outsider, "Débats")
    expect(my_debates(outsider)).to_contain_text("apparaîtront ici")  # nothing of anyone else's
    expect(outsider.get_by_role("main")).not_to_contain_text(TITLE_FR)
    watch_outsider.accessible("the home page of someone with no debate yet")
    assert_not_found_page(outsider, f"{stack.web}/#/d/{slug}", watch_outsider, "the private debate, outsider")
    assert_not_found_page(outsider, f"{stack.web}/#/d/{slug}/ideas/{idea_id}", watch_outsider,
                          "the private idea, outsider")
    anonymous = tabs()
    watch_anonymous = Watch(anonymous)
    assert_not_found_page(anonymous, f"{stack.web}/#/d/{slug}", watch_anonymous, "the private debate, anonymous")
    watch_anonymous.accessible("the not-found page")
    anonymous.goto(f"{stack.web}/#/")
    heading(anonymous, "Débats")
    expect(anonymous.get_by_role("region", name="Consultations publiques", exact=True)).to_be_visible()
    expect(anonymous.get_by_role("main")).not_to_contain_text(TITLE_FR)

    # 5. In the settings page, the organiser invites someone, who reads the debate; then removes them: the page is
    # gone for them (404), and they are off the invite list
    organiser.get_by_role("link", name="Paramètres du débat", exact=True).click()
    heading(organiser, "Paramètres du débat")
    invited_list = organiser.get_by_role("list", name=re.compile("Participants invités"))
    expect(invited_list).to_contain_text(participant_email)
    removed_email = fresh_email("removed")
    organiser.get_by_label("Adresse e-mail de la personne", exact=True).fill(removed_email)
    organiser.get_by_label("Rôle", exact=True).select_option("participant")
    organiser.get_by_role("button", name="Inviter", exact=True).click()
    expect(organiser.get_by_role("status").filter(has_text=f"{removed_email} a maintenant le rôle")).to_be_visible()
    expect(invited_list).to_contain_text(removed_email)
    removed = tabs()
    watch_removed = Watch(removed)
    sign_in_by_link(removed, stack, removed_email, f"#/d/{slug}")
    heading(removed, TITLE_FR)
    removed_card = invited_list.get_by_role("listitem").filter(has_text=removed_email)
    removed_card.get_by_role("button", name=re.compile("^Retirer du débat")).click()
    dialog = organiser.get_by_role("dialog")
    expect(dialog).to_contain_text("ne pourra plus le lire")
    watch_organiser.accessible("the dialog that removes a person")
    dialog.get_by_role("button", name="Retirer", exact=True).click()
    expect(organiser.get_by_role("status").filter(has_text="n'a plus de place dans ce débat")).to_be_visible()
    expect(invited_list).not_to_contain_text(removed_email)
    expect(invited_list).to_contain_text(participant_email)
    assert_not_found_page(removed, f"{stack.web}/#/d/{slug}/ideas/{idea_id}", watch_removed,
                          "the private debate, after the removal")
    status, body = stack.request("GET", base, token=token_of(removed))
    assert status == 404 and body["error"]["code"] == "not_found", body

    # 6. The organiser closes the debate, then archives it, in the settings page
    organiser.get_by_role("button", name="Clore le débat", exact=True).click()
    expect(organiser.get_by_role("status").filter(has_text="Le débat est clos.")).to_be_visible()
    status, body = stack.request("POST", f"{base}/ideas/{idea_id}/posts", {"body": "Trop tard ?"},
                                 token=participant_token)
    assert status == 409 and body["error"]["code"] == "debate_closed", body
    participant.reload()
    heading(participant, IDEA_FR)
    expect(participant.get_by_text("Cette consultation est terminée : il n'est plus possible d'y contribuer."
                                   ).first).to_be_visible()
    expect(participant.get_by_label("Votre message")).to_have_count(0)
    # a private debate's archive is public: first refused, then published knowingly
    organiser.get_by_role("button", name="Archiver le débat", exact=True).click()
    expect(organiser.get_by_role("alert").filter(has_text="cochez la case pour confirmer")).to_be_visible()
    assert not os.path.exists(os.path.join(stack.archives, slug)), "nothing published without the confirmation"
    organiser.get_by_label("Ce débat est privé : je comprends que son archive (pseudonymisée) sera lisible par toute "
                           "personne qui en connaît l'adresse.").check()
    organiser.get_by_role("button", name="Archiver le débat", exact=True).click()
    expect(organiser.get_by_role("status").filter(has_text="L'archive du débat est publiée.")).to_be_visible()
    archive_link = organiser.get_by_role("link", name="Ouvrir l'archive du débat", exact=True)
    expect(archive_link).to_have_attribute("href", f"{stack.web}/archives/{slug}/index.html")
    watch_organiser.accessible("the settings page, closed and archived")
    watch_participant.clean("the participant's tab")

    # 7. The archive from a static file server only: any other request is refused, and none is made
    reader = tabs()
    archive_origin = static_archive_server
    asked, refused_urls = [], []
    reader.on("request", lambda request: asked.append(request.url))

    def only_the_files(route):
        if route.request.url.startswith(archive_origin + "/"):
            route.continue_()
        else:
            refused_urls.append(route.request.url)
            route.abort()

    reader.route("**/*", only_the_files)
    watch_reader = Watch(reader)
    reader.goto(f"{archive_origin}/{slug}/index.html")
    expect(reader.get_by_role("heading", level=1, name=TITLE_FR)).to_be_visible()
    expect(reader.locator("body")).to_contain_text("Réservée aux personnes invitées.")
    watch_reader.accessible("the archive's home page")
    reader.get_by_role("link", name=IDEA_FR, exact=True).click()
    expect(reader.get_by_role("heading", level=1, name=IDEA_FR)).to_be_visible()
    posts = reader.locator("article")
    expect(posts.filter(has_text=welcome)).to_contain_text("Participant 1")
    expect(posts.filter(has_text=reply_text)).to_contain_text("Participant 2")
    page_text = reader.locator("body").inner_text()
    for private in (organiser_email, participant_email, f"Camille {tag}", me["user"]["id"]):
        assert private not in page_text, private
    watch_reader.accessible("the archive's idea page")
    data = reader.evaluate("fetch('../open-data.json').then((r) => r.json())")
    assert data["debate"]["slug"] == slug and data["debate"]["title"] == TITLE_FR, data["debate"]
    assert [utc(p["start"]) for p in data["debate"]["phases"]] == [
        datetime.fromisoformat(p["start"][1]) for p in PHASES]
    assert [i["title"] for i in data["ideas"]] == [IDEA_FR]
    assert {(p["author"], p["text"]) for p in data["posts"]} == {("Participant 1", welcome),
                                                                 ("Participant 2", reply_text)}
    dump = json.dumps(data, ensure_ascii=False)
    for private in (organiser_email, participant_email, f"Camille {tag}", me["user"]["id"]):
        assert private not in dump, private
    assert refused_urls == [], refused_urls
    assert asked and all(url.startswith(archive_origin + "/") for url in asked), asked
    assert not any(url.startswith(stack.api) for url in asked), asked
    watch_reader.clean("the archive")
    refused = stack.palabre("archive", slug)  # the operator's command asks for the same confirmation
    assert refused.returncode == 2 and "--publish" in refused.stderr, refused
    again = stack.palabre("archive", slug, "--publish")  # and then writes the same archive
    assert again.returncode == 0 and f"/archives/{slug}/index.html" in again.stdout, again
