"""GDPR self-service in real Chromium against the real local stack: a person signs in, posts, downloads their data
from "Mon profil", deletes their account through the confirmation dialog, and their post then reads "Participant
supprimé" (the imported debate keeps contributions: on_account_deletion defaults to anonymise). Also: a debate's
terms of participation are accepted from the debate page before a first contribution."""
import json
import re

from playwright.sync_api import Page, expect

from tests.e2e.test_browser_journey import WAIT_MS, Watch, fresh_email, heading, sign_in_by_link, session_token, tab  # noqa: F401

ORGANISER = "organiser@example.org"


def test_download_my_data_then_delete_my_account(tab: Page, stack):  # noqa: F811
    watch = Watch(tab)
    slug = stack.slug
    email = fresh_email("gdpr")
    sign_in_by_link(tab, stack, email, "#/me")
    token = session_token(tab)
    _, ideas = stack.request("GET", f"/debates/{slug}/ideas")
    words = "Please build homes above the new tram depot."
    status, post = stack.request("POST", f"/debates/{slug}/ideas/{ideas['items'][0]['id']}/posts", {"body": words},
                                 token=token)
    assert status == 201, post

    tab.goto(f"{stack.web}/#/me")
    expect(heading(tab, "Mon profil")).to_be_visible(timeout=WAIT_MS)
    name = tab.get_by_label("Nom affiché")
    name.fill("Camille Effacée")
    tab.get_by_role("button", name="Enregistrer le nom").click()
    expect(tab.get_by_text("Votre nom affiché est maintenant « Camille Effacée ».")).to_be_visible(timeout=WAIT_MS)
    watch.accessible("the profile page")

    # Download my data: one JSON file with the profile and the post.
    with tab.expect_download(timeout=WAIT_MS) as info:
        tab.get_by_role("button", name="Télécharger mes données").click()
    download = info.value
    assert re.fullmatch(r"palabre-mes-donnees-\d{4}-\d{2}-\d{2}\.json", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["user"]["email"] == email and data["user"]["display_name"] == "Camille Effacée"
    [debate] = [d for d in data["debates"] if d["slug"] == slug]
    assert [p["body_text"] for p in debate["posts"]] == [words]
    expect(tab.get_by_text("Le fichier de vos données est téléchargé.")).to_be_visible()

    # Delete my account: a dialog, confirmed by typing the email address.
    opener = tab.get_by_role("button", name="Supprimer mon compte…")
    opener.click()
    dialog = tab.get_by_role("dialog", name="Supprimer définitivement votre compte ?")
    expect(dialog).to_be_visible()
    field = dialog.get_by_label("Pour confirmer, saisissez votre adresse e-mail")
    expect(field).to_be_focused()
    watch.accessible("the account deletion dialog")
    tab.keyboard.press("Escape")  # Escape closes it and gives the focus back
    expect(dialog).to_be_hidden()
    expect(opener).to_be_focused()
    opener.click()
    field.fill("someone-else@example.org")
    dialog.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(dialog.get_by_text("Ce n'est pas l'adresse e-mail de ce compte.")).to_be_visible()
    field.fill(email)
    dialog.get_by_role("button", name="Supprimer définitivement mon compte").click()
    expect(heading(tab, "Compte supprimé")).to_be_visible(timeout=WAIT_MS)
    expect(tab.get_by_text("Votre compte est supprimé. Vous avez été déconnecté.")).to_be_visible()
    expect(tab.get_by_role("link", name=re.compile("^(Se connecter|Sign in)$")).first).to_be_visible()
    watch.accessible("the page after the deletion")

    # The old token is refused; the post stays, signed "Participant supprimé".
    assert stack.request("GET", "/me", token=token)[0] == 401
    tab.goto(f"{stack.web}/#/d/{slug}/posts/{post['id']}")
    article = tab.locator(f'[data-post-body="{post["id"]}"]')
    expect(article).to_contain_text(words, timeout=WAIT_MS)
    expect(tab.get_by_text("Participant supprimé").first).to_be_visible()
    assert tab.get_by_text("Camille Effacée").count() == 0
    watch.clean("the thread after the deletion")


def test_terms_are_accepted_before_a_first_contribution(tab: Page, stack):  # noqa: F811
    watch = Watch(tab)
    slug = stack.slug
    organiser = stack.sign_in(ORGANISER)
    terms = {"version": "e2e-1", "url": "https://example.org/conditions",
             "text": {"fr": "Vos contributions sont publiques et peuvent être citées."}}
    status, _ = stack.request("PATCH", f"/debates/{slug}", {"terms": terms}, token=organiser)
    assert status == 200
    try:
        email = fresh_email("consent")
        sign_in_by_link(tab, stack, email, f"#/d/{slug}")
        tab.goto(f"{stack.web}/#/d/{slug}")
        section = tab.get_by_role("region", name="Conditions de participation")
        expect(section).to_contain_text("Vos contributions sont publiques", timeout=WAIT_MS)
        token = session_token(tab)
        _, ideas = stack.request("GET", f"/debates/{slug}/ideas")
        path = f"/debates/{slug}/ideas/{ideas['items'][0]['id']}/posts"
        status, refused = stack.request("POST", path, {"body": "Before consenting"}, token=token)
        assert status == 403 and refused["error"]["code"] == "consent_required"
        watch.accessible("the debate page with terms")
        section.get_by_role("button", name="J'accepte les conditions de participation").click()
        expect(section.get_by_text("Merci : vous pouvez maintenant contribuer.")).to_be_visible(timeout=WAIT_MS)
        expect(section).to_contain_text("Vous avez accepté la version e2e-1")
        assert stack.request("POST", path, {"body": "After consenting"}, token=token)[0] == 201
        watch.clean("the debate page after consenting")
        # the organiser's settings form shows the terms and the account-deletion rule
        sign_in_by_link(tab, stack, ORGANISER, f"#/d/{slug}/settings")
        tab.goto(f"{stack.web}/#/d/{slug}/settings")
        expect(tab.get_by_label("Version des conditions de participation")).to_have_value("e2e-1", timeout=WAIT_MS)
        expect(tab.get_by_label("Adresse des conditions (facultatif)")).to_have_value("https://example.org/conditions")
        expect(tab.get_by_role("radio", name="restent, signés « Participant supprimé » (par défaut)")).to_be_checked()
        watch.accessible("the settings form with terms")
    finally:  # the other browser tests contribute without terms
        assert stack.request("PATCH", f"/debates/{slug}", {"terms": None}, token=organiser)[0] == 200
