"""A vote from start to end in Debian's Chromium against the real local stack, as issue 4's "Done when" tells it:
the organiser creates a session on the imported idea through the editor (tokens with a budget and a gauge), a
participant votes with the keyboard, changes the vote, watches the remaining budget and is refused beyond it; the
phase then closes (its end set in the past through the API) and the results page shows exact totals, its charts
saying what its tables say; the CSV export keeps its byte-order mark and its accents. axe-core finds nothing on
the editor, the vote page and the results page."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_browser_journey import (  # noqa: F401  (tab is a fixture)
    Watch, fresh_email, heading, sign_in_by_link, tab)

pytestmark = pytest.mark.e2e

ORGANISER = "organiser@example.org"
SESSION_TITLE = "Budget participatif du quartier"
CYCLE = "Pistes cyclables élargies"  # accents must survive the CSV export
GARDENS = "Jardins partagés"
LANGUAGE_NAMES = {"en": "anglais", "fr": "français"}


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


@pytest.fixture
def vote_phase(stack, imported_counts):
    """The imported conversation's phase ends a minute ago and a "Vote" phase follows it, open for two hours;
    the debate's phases are put back afterwards (the vote's phase, which its session keeps, moved before them)."""
    organiser = stack.sign_in(ORGANISER)
    status, debate = stack.request("GET", f"/debates/{stack.slug}")
    assert status == 200, debate
    original = [{k: p[k] for k in ("id", "name", "start", "end")} for p in debate["phases"]]
    start = datetime.now(timezone.utc) - timedelta(minutes=1)
    phases = [{**p, "end": p["end"] or iso(start)} for p in original]
    # names in the debate's languages only (the server refuses others)
    phases.append({"name": {lang: "Vote" for lang in debate["languages"]}, "start": iso(start),
                   "end": iso(start + timedelta(hours=2))})
    status, debate = stack.request("PATCH", f"/debates/{stack.slug}", {"phases": phases}, token=organiser)
    assert status == 200, debate
    phase = next(p for p in debate["phases"] if "Vote" in p["name"].values())
    yield {"organiser": organiser, "phase": phase, "phases": debate["phases"], "debate": debate}
    # a phase with a vote session stays, and its start may only move earlier: before the restored phases
    first = min(datetime.fromisoformat(p["start"].replace("Z", "+00:00")) for p in original)
    kept = {"id": phase["id"], "name": phase["name"], "start": iso(first - timedelta(hours=2)),
            "end": iso(first - timedelta(hours=1))}
    status, body = stack.request("PATCH", f"/debates/{stack.slug}", {"phases": [kept, *original]}, token=organiser)
    assert status == 200, body


def expected_refusals(watch: Watch, code: int) -> None:
    """Chromium logs every 4xx answer as a console error: the ones the test provoked are expected."""
    unexpected = [e for e in watch.errors if f"status of {code}" not in e]
    assert unexpected == [], unexpected
    watch.errors.clear()


def type_count(page: Page, field, value: str) -> None:
    """Replace a number field's value with the keyboard, then leave it (the change is sent on leaving)."""
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Tab")


def purse(page: Page):
    return page.locator(".vote-purse-left")


def press(page: Page, key: str, left: str) -> None:
    """One key on the focused control, then the purse as the server answered it: "Il vous reste …"."""
    page.keyboard.press(key)
    expect(purse(page)).to_have_text(f"Il vous reste {left} (sur 5)")


def test_organiser_creates_a_vote_and_a_participant_votes_with_the_keyboard(tab: Page, stack, vote_phase):
    slug = stack.slug
    debate = vote_phase["debate"]
    lang = LANGUAGE_NAMES[debate["default_language"]]
    status, ideas = stack.request("GET", f"/debates/{slug}/ideas")
    idea = ideas["items"][0]
    watch = Watch(tab)

    # --- the organiser, from the debate page to the editor --------------------------------------------------
    sign_in_by_link(tab, stack, ORGANISER, f"#/d/{slug}")
    tab.get_by_role("navigation", name="Gestion du débat").get_by_role("link", name="Sessions de vote").click()
    heading(tab, "Sessions de vote")
    form = tab.get_by_role("region", name="Nouvelle session de vote")
    form.get_by_role("button", name="Créer la session de vote").click()
    # checked in the browser first: three fields to correct, named next to each field, the first one focused
    expect(form.get_by_role("alert")).to_have_text("Le formulaire contient 3 erreur(s) : corrigez les champs signalés.")
    expect(tab.get_by_label("Idée concernée")).to_be_focused()
    expect(tab.get_by_label("Idée concernée")).to_have_attribute("aria-invalid", "true")
    expect(form.get_by_text("Choisissez une phase.")).to_be_visible()
    watch.accessible("the vote sessions page with errors")

    tab.get_by_label("Idée concernée").select_option(idea["id"])
    tab.get_by_label("Phase pendant laquelle le vote est ouvert").select_option(vote_phase["phase"]["id"])
    tab.get_by_label(f"Titre ({lang})").fill(SESSION_TITLE)
    expect(tab.get_by_role("radio", name="Cachés jusqu’à la clôture du vote")).to_be_checked()
    form.get_by_role("button", name="Créer la session de vote").click()
    heading(tab, f"Modifier le vote : {SESSION_TITLE}")
    expect(tab.get_by_role("status").filter(has_text="Session de vote créée")).to_be_visible()
    session_id = re.search(r"/votes/([^/]+)/edit$", tab.url).group(1)

    # proposals, then the order changed with the buttons
    proposals = tab.get_by_role("region", name="Propositions")
    for title in (CYCLE, GARDENS):
        proposals.get_by_label(f"Titre de la proposition ({lang})").fill(title)
        proposals.get_by_role("button", name="Ajouter la proposition").click()
        expect(proposals.get_by_role("status")).to_have_text(f"Proposition « {title} » ajoutée.")
    proposals.get_by_role("button", name=f"Descendre « {CYCLE} »").click()
    expect(proposals.get_by_role("status")).to_have_text(f"Proposition « {CYCLE} » déplacée en position 2 sur 2.")
    expect(proposals.get_by_role("heading", level=3)).to_have_text([GARDENS, CYCLE, "Nouvelle proposition"])

    # a token module: one category, 5 tokens each, at most 3 on a proposal
    modules = tab.get_by_role("region", name="Modules de vote")
    expect(modules.get_by_role("radio", name="Jetons (budget à répartir)")).to_be_checked()
    modules.get_by_label(f"Nom du module ({lang})").fill("Jetons")
    modules.get_by_label(f"Nom de la catégorie 1 ({lang})").fill("Budget")
    modules.get_by_label("Budget par participant, catégorie 1").fill("5")
    modules.get_by_label("Maximum par proposition, catégorie 1").fill("3")
    modules.get_by_role("button", name="Ajouter ce module").click()
    expect(modules.get_by_role("status")).to_have_text("Module « Jetons » ajouté.")
    expect(modules.get_by_text("Jetons : « Budget » 5 par participant, 3 au plus par proposition")).to_be_visible()

    # a gauge of three labelled choices
    modules.get_by_role("radio", name="Jauge (échelle)").check()
    modules.get_by_label(f"Nom du module ({lang})").fill("Impact")
    modules.get_by_role("button", name="Supprimer le choix 5").click()
    modules.get_by_role("button", name="Supprimer le choix 4").click()
    for n, label in enumerate(("Faible", "Moyen", "Fort"), start=1):
        modules.get_by_label(f"Libellé du choix {n} ({lang})").fill(label)
    modules.get_by_role("button", name="Ajouter ce module").click()
    expect(modules.get_by_role("status")).to_have_text("Module « Impact » ajouté.")
    expect(modules.get_by_text("Jauge : 1 = Faible, 2 = Moyen, 3 = Fort")).to_be_visible()
    watch.accessible("the vote session editor")

    # the vote is open: the API refuses to remove a proposal, and says why, in words
    tab.once("dialog", lambda dialog: dialog.accept())
    proposals.get_by_role("button", name=f"Supprimer « {GARDENS} »").click()
    expect(proposals.get_by_role("alert")).to_contain_text(
        "Le vote a commencé : ce changement invaliderait des votes déjà exprimés.")
    expected_refusals(watch, 409)

    status, session = stack.request("GET", f"/debates/{slug}/vote-sessions/{session_id}",
                                    token=vote_phase["organiser"])
    assert status == 200, session
    assert session["idea_id"] == idea["id"] and session["phase"]["id"] == vote_phase["phase"]["id"]
    assert session["state"] == "open" and session["results_visibility"] == "after_close"
    assert [p["title"][debate["default_language"]] for p in session["proposals"]] == [GARDENS, CYCLE]
    tokens, gauge = session["modules"]
    assert tokens["categories"][0]["budget"] == 5 and tokens["categories"][0]["max_per_proposal"] == 3
    assert [c["value"] for c in gauge["choices"]] == [1, 2, 3]
    ids = {p["title"][debate["default_language"]]: p["id"] for p in session["proposals"]}

    # the vote page links an organiser back to the editor
    tab.goto(f"{stack.web}/#/d/{slug}/votes/{session_id}")
    heading(tab, SESSION_TITLE)
    expect(tab.get_by_role("link", name="Modifier ce vote (organisateurs)")).to_have_attribute(
        "href", f"#/d/{slug}/votes/{session_id}/edit")
    tab.get_by_role("button", name="Se déconnecter").click()

    # --- another participant votes through the API ----------------------------------------------------------
    other = stack.sign_in(fresh_email("voter-api"))
    base = f"/debates/{slug}/vote-sessions/{session_id}/proposals"
    category = tokens["categories"][0]["id"]
    for proposal, module, body in ((GARDENS, tokens, {"tokens": {category: 1}}),
                                   (CYCLE, tokens, {"tokens": {category: 2}}),
                                   (GARDENS, gauge, {"value": 3})):
        status, answer = stack.request("PUT", f"{base}/{ids[proposal]}/ballots/{module['id']}", body, token=other)
        assert status == 200, answer

    # --- a participant, with the keyboard ---------------------------------------------------------------------
    sign_in_by_link(tab, stack, fresh_email("voter"), f"#/d/{slug}/votes/{session_id}")
    heading(tab, SESSION_TITLE)
    expect(tab.get_by_role("link", name="Modifier ce vote (organisateurs)")).to_have_count(0)
    expect(purse(tab)).to_have_text("Il vous reste 5 jetons (sur 5)")

    add_gardens = tab.get_by_role("button", name=f"Ajouter un jeton à « {GARDENS} »")
    add_gardens.focus()
    press(tab, "Enter", "4 jetons")
    press(tab, "Enter", "3 jetons")

    cycle_count = tab.get_by_label(f"Nombre de jetons pour « {CYCLE} »")
    type_count(tab, cycle_count, "3")
    expect(purse(tab)).to_have_text("Il vous reste 0 jeton (sur 5)")

    # beyond the budget: the server refuses, and the page says so next to the proposal
    gardens_count = tab.get_by_label(f"Nombre de jetons pour « {GARDENS} »")
    type_count(tab, gardens_count, "3")
    gardens_tokens = tab.get_by_role("group", name=f"Jetons pour « {GARDENS} »")
    expect(gardens_tokens.get_by_role("alert")).to_have_text("Plus assez de jetons : il vous en reste 0.")
    expect(purse(tab)).to_have_text("Il vous reste 0 jeton (sur 5)")
    expected_refusals(watch, 409)

    # changing the vote: two tokens back from the cycle lanes (Space on "−"), one more on the gardens
    remove_cycle = tab.get_by_role("button", name=f"Retirer un jeton de « {CYCLE} »")
    remove_cycle.focus()
    press(tab, "Space", "1 jeton")
    press(tab, "Space", "2 jetons")
    add_gardens.focus()
    press(tab, "Enter", "1 jeton")
    expect(gardens_tokens.get_by_role("alert")).to_have_text("")
    expect(gardens_count).to_have_value("3")
    expect(cycle_count).to_have_value("1")

    # the gauge: Space picks a choice, the arrow keys move to the next one (each choice is saved)
    impact_gardens = tab.get_by_role("group", name=f"Impact : « {GARDENS} »")
    impact_gardens.get_by_role("radio", name="Faible").focus()
    tab.keyboard.press("Space")
    expect(impact_gardens.get_by_role("radio", name="Faible")).to_be_checked()
    expect(tab.get_by_role("status").filter(has_text="Vote enregistré.")).to_be_attached()
    tab.keyboard.press("ArrowRight")
    expect(impact_gardens.get_by_role("radio", name="Moyen")).to_be_checked()
    tab.keyboard.press("ArrowRight")
    expect(impact_gardens.get_by_role("radio", name="Fort")).to_be_checked()
    tab.get_by_role("group", name=f"Impact : « {CYCLE} »").get_by_role("radio", name="Faible").check()
    watch.accessible("the vote page")

    me = stack.request("GET", f"/debates/{slug}/vote-sessions/{session_id}",
                       token=tab.evaluate("JSON.parse(sessionStorage.getItem('palabre.session')).token"))[1]
    mine = {(b["proposal_id"], b["module_id"]): b for b in me["mine"]["ballots"]}
    assert mine[(ids[GARDENS], tokens["id"])]["tokens"] == {category: 3}
    assert mine[(ids[CYCLE], tokens["id"])]["tokens"] == {category: 1}
    assert mine[(ids[GARDENS], gauge["id"])]["value"] == 3 and mine[(ids[CYCLE], gauge["id"])]["value"] == 1
    assert me["mine"]["purses"][0]["categories"][0]["remaining"] == 1

    # results stay hidden until the close
    expect(tab.get_by_role("link", name="Voir les résultats")).to_have_count(0)
    tab.goto(f"{stack.web}/#/d/{slug}/votes/{session_id}/results")
    expect(tab.get_by_text("Les résultats seront publiés à la clôture du vote")).to_be_visible()
    expected_refusals(watch, 403)

    # --- the phase closes (its end, a UTC instant, in the past) ----------------------------------------------
    phases = [{k: p[k] for k in ("id", "name", "start", "end")} for p in vote_phase["phases"]]
    for p in phases:
        if p["id"] == vote_phase["phase"]["id"]:
            p["end"] = iso(datetime.now(timezone.utc))
    status, body = stack.request("PATCH", f"/debates/{slug}", {"phases": phases}, token=vote_phase["organiser"])
    assert status == 200, body
    status, body = stack.request("PUT", f"{base}/{ids[CYCLE]}/ballots/{tokens['id']}", {"tokens": {category: 2}},
                                 token=other)
    assert (status, body["error"]["code"]) == (409, "vote_closed"), body

    # --- results: exact totals, the charts say what the tables say -------------------------------------------
    tab.reload()
    heading(tab, f"Résultats : {SESSION_TITLE}")
    expect(tab.get_by_text("Résultats définitifs.")).to_be_visible()
    expected = {  # (proposal, module) -> rows of the table, then the number of voters
        (GARDENS, "Jetons"): ({"Budget": 1 + 3}, 2),
        (CYCLE, "Jetons"): ({"Budget": 2 + 1}, 2),
        (GARDENS, "Impact"): ({"Faible": 0, "Moyen": 0, "Fort": 2}, 2),
        (CYCLE, "Impact"): ({"Faible": 1, "Moyen": 0, "Fort": 0}, 1),
    }
    for (proposal, module), (rows, voters) in expected.items():
        table = tab.get_by_role("table", name=f"{module} : « {proposal} »")
        body_rows = table.locator("tbody tr")
        expect(body_rows).to_have_count(len(rows) + (1 if module == "Jetons" else 0))
        for label, count in rows.items():
            expect(table.get_by_role("row", name=re.compile(rf"^{label} ")).get_by_role("cell")).to_have_text(str(count))
        expect(table.get_by_role("row", name=re.compile("^Votants ")).get_by_role("cell")).to_have_text(str(voters))
        summary = ", ".join(f"{label} {count}" for label, count in rows.items())
        expect(tab.get_by_role("img", name=f"Graphique, {module} : « {proposal} » : {summary}")).to_be_visible()
    status, results = stack.request("GET", f"/debates/{slug}/vote-sessions/{session_id}/results")
    assert status == 200 and results["final"], results
    by_title = {p["title"][debate["default_language"]]: p for p in results["proposals"]}
    assert by_title[GARDENS]["modules"][0]["categories"][0]["total"] == 4
    assert by_title[CYCLE]["modules"][0]["categories"][0]["total"] == 3
    assert by_title[GARDENS]["modules"][1]["mean"] == 3
    watch.accessible("the results page")

    # --- the CSV: UTF-8 with a byte-order mark, accents intact ----------------------------------------------
    with tab.expect_download() as download:
        tab.get_by_role("link", name="Résultats (CSV)").click()
    raw = open(download.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), raw[:10]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))  # as a French Excel reads it
    assert rows[0][:3] == ["Ordre d'affichage", "Proposition", "Module"]
    tokens_rows = {(r[1], r[5]): r[6] for r in rows[1:] if r[4] == "jetons"}
    assert tokens_rows == {(GARDENS, "Budget"): "4", (CYCLE, "Budget"): "3"}, tokens_rows
    assert CYCLE.encode("utf-8") in raw
    watch.clean("after the download")
