"""The participation dashboard in Debian's Chromium against the real local stack: `palabre run` imports the Polis
conversation and summarizes it once; the dashboard then shows its participation curve, opinion groups, consensus
statements and keywords, with the charts' data in tables; axe-core finds nothing, the CSP is not violated, and it
works at phone width and in English. A harvester then confirms one of the machine-suggested extracts."""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_violations

pytestmark = pytest.mark.e2e

WAIT_MS = 30_000


@pytest.fixture
def tab(page: Page):
    page.add_init_script("""
        if (!sessionStorage.getItem('__e2e_tab')) {
            sessionStorage.setItem('__e2e_tab', '1');
            localStorage.removeItem('palabre.lang');
        }
    """)
    page.set_default_timeout(WAIT_MS)
    expect.set_options(timeout=WAIT_MS)
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    expect.set_options(timeout=5_000)


def clean(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe violations on {where}: {json.dumps(violations, indent=1)}"
    assert page.evaluate("window.__cspViolations") == [], f"CSP violations on {where}"
    assert page.errors == [], f"console errors on {where}: {page.errors}"


def test_the_dashboard_shows_the_imported_conversation(tab: Page, stack):
    status, summary = stack.request("GET", f"/debates/{stack.slug}/summaries/latest")
    assert status == 200, summary  # written by `palabre run` right after the import
    groups = summary["groups"]
    assert groups["available"] and groups["k"] >= 2

    tab.goto(f"{stack.web}/#/d/{stack.slug}")
    tab.get_by_role("link", name=re.compile("^Tableau de bord")).click()
    expect(tab.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()
    expect(tab).to_have_url(re.compile(rf"#/d/{re.escape(stack.slug)}/dashboard$"))

    # participation over time: the chart (an image with a name) and its table, one row per day of 2017
    participation = tab.get_by_role("region", name="Participation dans le temps")
    chart = participation.get_by_role("img", name=re.compile("^Graphique : participation par jour"))
    expect(chart).to_be_visible()
    expect(chart.locator("path").first).to_be_attached()  # the lines are drawn
    participation.get_by_text("Voir les données du graphique").click()
    rows = participation.get_by_role("table", name="Participation par jour").locator("tbody tr")
    expect(rows).to_have_count(len(summary["participation"]["days"]))
    expect(rows.first).to_contain_text("2017")

    # the opinion-group map, its table (one row per group), consensus, divisive and representative statements
    map_region = tab.get_by_role("region", name="Groupes d’opinion")
    expect(map_region.get_by_role("img", name=re.compile("^Carte des groupes d’opinion : Groupe A"))).to_be_visible()
    expect(map_region.locator("svg circle").first).to_be_attached()
    group_rows = map_region.get_by_role("table", name="Groupes d’opinion et nombre de participants").locator("tbody tr")
    expect(group_rows).to_have_count(groups["k"])
    expect(group_rows.first).to_contain_text("Groupe A")
    consensus = tab.get_by_role("region", name="Ce qui rassemble")
    expect(consensus.get_by_role("listitem").first).to_be_visible()
    first_consensus = (groups["consensus"]["agree"] or groups["consensus"]["disagree"])[0]["statement"]
    expect(consensus.get_by_role("link", name=groups["statements"][first_consensus]["text"][:40])).to_have_attribute(
        "href", f"#/d/{stack.slug}/posts/{first_consensus}")
    expect(tab.get_by_role("region", name="Ce qui divise").get_by_role("listitem").first).to_be_visible()
    representative = tab.get_by_role("region", name="Ce qui caractérise chaque groupe")
    expect(representative.get_by_role("heading", level=3)).to_have_count(groups["k"])

    # keywords and summary sentences per idea, each sentence linked to its post
    keywords = tab.get_by_role("region", name="Mots-clés et résumés par idée")
    expect(keywords.get_by_role("listitem").filter(has_text="housing").first).to_be_visible()
    sentence = summary["ideas"][0]["summary"][0]
    expect(keywords.get_by_role("link", name="lire la contribution").first).to_have_attribute(
        "href", f"#/d/{stack.slug}/posts/{sentence['post_id']}")
    clean(tab, "the dashboard")

    # in English, tick labels and numbers localised
    tab.get_by_role("button", name="English").click()
    expect(tab.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()
    expect(tab.get_by_role("region", name="Participation over time").get_by_role(
        "img", name=re.compile("^Chart: participation per day"))).to_be_visible()
    ticks = tab.get_by_role("region", name="Participation over time").locator("svg text")
    expect(ticks.filter(has_text=re.compile(r"^(Jun|Jul) \d+$")).first).to_be_attached()
    clean(tab, "the dashboard in English")


def test_the_dashboard_at_phone_width(tab: Page, stack):
    tab.set_viewport_size({"width": 360, "height": 740})
    tab.goto(f"{stack.web}/#/d/{stack.slug}/dashboard")
    expect(tab.get_by_role("heading", level=1, name="Tableau de bord")).to_be_visible()
    chart = tab.get_by_role("region", name="Groupes d’opinion").get_by_role("img")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box and box["width"] <= 360 and box["width"] > 200, box
    overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 360px"
    clean(tab, "the dashboard at 360px")


def test_a_harvester_confirms_a_suggested_extract(stack):
    """The summary run after the import proposed extracts; a harvester confirms one through the API the idea
    page's review buttons use."""
    token = stack.sign_in("organiser@example.org")  # organiser (and moderator) of the imported debate
    status, ideas = stack.request("GET", f"/debates/{stack.slug}/ideas")
    assert status == 200
    idea = ideas["items"][0]["id"]
    status, listed = stack.request("GET", f"/debates/{stack.slug}/ideas/{idea}/extracts?state=submitted&limit=100",
                                  token=token)
    assert status == 200, listed
    suggested = [e for e in listed["items"] if e["machine"] and e["state"] == "submitted"]
    assert suggested, listed
    status, confirmed = stack.request("POST", f"/debates/{stack.slug}/extracts/{suggested[0]['id']}/review",
                                      {"decision": "confirm"}, token=token)
    assert status == 200 and confirmed["state"] == "published", confirmed
    status, public = stack.request("GET", f"/debates/{stack.slug}/ideas/{idea}/extracts?limit=100")
    assert suggested[0]["id"] in [e["id"] for e in public["items"]]
