"""Harvest -> synthesis -> citation, in real Chromium against the real local stack: a harvester selects words of a
post and harvests them into an idea; a synthesis citing that extract is published; its public page links the
citation to the post with the passage highlighted; the follower gets exactly one email."""
import glob
import json
import os
import re
import time

from playwright.sync_api import Page, expect

from tests.e2e.test_browser_journey import WAIT_MS, Watch, fresh_email, heading, sign_in_by_link, tab  # noqa: F401

ORGANISER = "organiser@example.org"  # organiser and moderator of the imported debate (palabre run)


def emails_about_syntheses(stack, to: str) -> list[dict]:
    found = []
    for path in glob.glob(os.path.join(stack.outbox, "*.json")):
        with open(path, encoding="utf-8") as handle:
            message = json.load(handle)
        if message["to"] == to and "synth" in message["subject"].lower():
            found.append(message)
    return found


def test_harvest_then_synthesis_then_citation(tab: Page, stack):  # noqa: F811
    watch = Watch(tab)
    slug = stack.slug
    _, ideas = stack.request("GET", f"/debates/{slug}/ideas")
    idea = ideas["items"][0]
    # A fresh post to harvest from, written by a participant.
    author = stack.sign_in(fresh_email("harvested"))
    words = "Councils should build rental homes on public land near stations."
    status, post = stack.request("POST", f"/debates/{slug}/ideas/{idea['id']}/posts",
                                 {"body": f"First point. {words} Last point."}, token=author)
    assert status == 201, post
    follower = fresh_email("follower")
    assert stack.request("PUT", f"/debates/{slug}/follow", token=stack.sign_in(follower))[0] == 200

    # The harvester (the organiser) selects the words in the thread page and harvests them.
    sign_in_by_link(tab, stack, ORGANISER, f"#/d/{slug}/posts/{post['id']}")
    tab.goto(f"{stack.web}/#/d/{slug}/posts/{post['id']}")
    body = tab.locator(f'[data-post-body="{post["id"]}"]')
    expect(body).to_contain_text(words)
    tab.evaluate("""([id, words]) => {
        const body = document.querySelector(`[data-post-body="${id}"]`);
        const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.textContent.indexOf(words);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const selection = document.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return;
            }
        }
        throw new Error('words not found in the post body');
    }""", [post["id"], words])
    tab.get_by_role("button", name=re.compile("^(Récolter dans une idée…|Harvest into an idea…)$")).click()
    dialog = tab.get_by_role("dialog", name=re.compile("Récolter un extrait|Harvest an extract"))
    expect(dialog).to_be_visible()
    dialog.get_by_label(re.compile("^(Idée|Idea)$")).select_option(idea["id"])
    dialog.get_by_label(re.compile("^Nature$")).select_option("proposal")
    dialog.get_by_role("button", name=re.compile("^(Enregistrer l'extrait|Save the extract)$")).click()
    expect(dialog).to_be_hidden()
    expect(tab.locator("mark.extract-mark").first).to_be_visible()
    watch.accessible("thread page with a highlighted extract")

    _, extracts = stack.request("GET", f"/debates/{slug}/posts/{post['id']}/extracts")
    [extract] = extracts["items"]
    assert extract["text"] == words and extract["kind"] == "quote"

    # A synthesis citing the extract, drafted and published by the moderator.
    token = stack.sign_in(ORGANISER)
    title = f"Synthèse {extract['id'][-6:]}"
    status, draft = stack.request("POST", f"/debates/{slug}/synthesis-drafts", {
        "title": {"en": title}, "introduction": {"en": "What participants said."},
        "sections": [{"idea_id": idea["id"], "text": {"en": "Build on public land near stations [1]."},
                      "citations": [extract["id"]]}]}, token=token)
    assert status == 201, draft
    status, publication = stack.request("POST", f"/debates/{slug}/synthesis-drafts/{draft['id']}/publish",
                                        {"version": draft["version"]}, token=token)
    assert status == 201, publication

    # The public page: the citation opens the post at the highlighted passage.
    tab.goto(f"{stack.web}/#/d/{slug}/syntheses/{publication['number']}")
    heading(tab, title)
    watch.accessible("synthesis page")
    tab.get_by_role("link", name="[1]").first.click()
    tab.get_by_role("link", name=re.compile("^(Voir dans la discussion|See in the discussion|View in the discussion)$")).first.click()
    mark = tab.locator("mark.extract-mark").first
    expect(mark).to_be_visible()
    expect(mark).to_contain_text("public land")
    expect(tab.locator(f"#extract-{re.escape(extract['id'])}, [id^='extract-']").first).to_be_focused()
    watch.clean("citation opened in the thread")

    # Exactly one email for the follower, even after the scheduled job runs again.
    deadline = time.time() + WAIT_MS / 1000
    while not emails_about_syntheses(stack, follower) and time.time() < deadline:
        time.sleep(0.5)
    time.sleep(16)  # one more tick of the local scheduler (every 15 s) must not send it again
    assert len(emails_about_syntheses(stack, follower)) == 1


def test_moderator_hides_a_post_in_the_thread_then_publishes_it_again(tab: Page, stack):  # noqa: F811
    watch = Watch(tab)
    slug = stack.slug
    _, ideas = stack.request("GET", f"/debates/{slug}/ideas")
    idea = ideas["items"][0]
    author = stack.sign_in(fresh_email("hidden"))
    words = "A message the moderator will hide for a while."
    status, post = stack.request("POST", f"/debates/{slug}/ideas/{idea['id']}/posts", {"body": words}, token=author)
    assert status == 201, post

    sign_in_by_link(tab, stack, ORGANISER, f"#/d/{slug}/posts/{post['id']}")
    tab.goto(f"{stack.web}/#/d/{slug}/posts/{post['id']}")
    article = tab.locator(f"#post-{post['id']}")
    expect(article.locator(f'[data-post-body="{post["id"]}"]')).to_contain_text(words)
    article.get_by_role("button", name=re.compile("^(Masquer|Hide)$")).click()
    dialog = tab.get_by_role("dialog", name=re.compile("^(Masquer ce message|Hide this message)$"))
    expect(dialog).to_be_visible()
    watch.accessible("the Masquer dialog")
    dialog.get_by_label(re.compile("Motif de la décision|Reason for the decision")).fill("Hors charte")
    dialog.get_by_role("button", name=re.compile("^(Masquer le message|Hide the message)$")).click()
    expect(dialog).to_be_hidden()
    expect(article).to_contain_text(re.compile("Refusé par la modération|Rejected by moderation"))
    expect(article.get_by_role("button", name=re.compile("^(J'aime|Like)"))).to_have_count(0)
    watch.accessible("thread page with a hidden post")
    _, hidden = stack.request("GET", f"/debates/{slug}/posts/{post['id']}", token=author)
    assert hidden["state"] == "rejected"

    article.get_by_role("button", name=re.compile("^(Publier de nouveau|Publish again)$")).click()
    expect(article.locator(f'[data-post-body="{post["id"]}"]')).to_contain_text(words)
    _, shown = stack.request("GET", f"/debates/{slug}/posts/{post['id']}")
    assert shown["state"] == "published"
    watch.accessible("thread page after publishing again")
