"""`palabre import an-consultation FOLDER`: the Assemblée nationale 2016 consultation (with Regards Citoyens'
crowd analysis) becomes a French debate.

Each theme becomes an idea (its question as description), each contribution a post, each volunteer synthesis a
paraphrase extract of its contribution, with its `affirmation` as nature, authored by one pseudonymous harvester
standing for the volunteers. Respondents become pseudonymous participants numbered in order of appearance (the
source's opaque keys are not shown). Ids derive from the source, so a re-run creates nothing new."""
from __future__ import annotations

import os
import re
import time

from chalicelib.domain import clock, ids, text
from chalicelib.services.imports.common import (ImportFailed, ImportSummary, debate_slug, put_new, read_csv,
                                                write_batches)
from chalicelib.storage import debates_repo, keys, members_repo, posts_repo, summaries_repo
from chalicelib.storage.summary_models import imported_event
from chalicelib.storage.models import Debate, Extract, Idea, IdeaContributor, Phase, Post, User

ANALYSES = "crowdsource_resultat_analyses.csv"
SYNTHESES = "crowdsource_resultat_syntheses.csv"
NATURES = {
    "des analyses ou proposition d'ordre général": "argument",
    "des propositions de nouvelles mesures": "proposal",
    "une description d'un problème": "issue",
    "l'évocation d'expérience(s) personnelle(s)": "experience",
    "une analyse des causes du problème": "cause",
    "des prises de position contre une mesure existante": "position_against",
    "des prises de position pour une mesure existante": "position_for",
    "des questions ou demandes d'information": "question",
}
ATTRIBUTION = ("Données : Assemblée nationale, consultation citoyenne Égalité femmes-hommes (2016), Licence Ouverte ; "
               "analyse collaborative : Regards Citoyens et les rapporteurs citoyens, ODbL 1.0 "
               "(https://github.com/regardscitoyens/consultation_an).")
TITLE = "Consultation citoyenne de l’Assemblée nationale : égalité entre les femmes et les hommes (2016)"
# The consultation ran in 2016; the source gives no per-answer time. Posts are dated at the export's commit.
EXPORT_DATE_MS = 1480032000000  # 2016-11-25T00:00:00Z


def fix_text(value: str) -> str:
    """The source stored apostrophes as U+0092 (a cp1252 decoding slip): restore them."""
    return (value or "").replace("\u0092", "\u2019").replace("\u0096", "\u2013").replace("\u009c", "\u0153")


def idea_title(question: str) -> str:
    """'Si vous avez d'autres informations ... pour améliorer la place ..., vous pouvez ...' -> 'Améliorer la place ...'."""
    match = re.search(r"\bpour (.+?), vous pouvez", question)
    title = match.group(1) if match else question
    title = text.clean_line(title)
    return (title[:1].upper() + title[1:])[:200]


def import_an_consultation(folder: str, slug: str | None = None, *, progress: bool = True) -> ImportSummary:
    started = time.monotonic()
    if not os.path.isdir(folder):
        raise ImportFailed(f"{folder}: not a folder")
    analyses = read_csv(folder, ANALYSES, {"document_id", "question", "source", "text", "theme"})
    syntheses = read_csv(folder, SYNTHESES, {"document_id", "synthese", "affirmation", "theme"})
    slug = debate_slug(folder, slug)
    summary = ImportSummary(slug)
    summary.rows_read = len(analyses) + len(syntheses)
    if not analyses:
        raise ImportFailed(f"{os.path.join(folder, ANALYSES)}: no contributions")

    existing = debates_repo.get_debate(slug)
    folder_name = os.path.basename(os.path.normpath(folder))
    if existing is not None and (existing.source.as_dict() if existing.source else {}).get("folder") != folder_name:
        raise ImportFailed(f"debate '{slug}' already exists and was not imported from this folder; use --slug")
    created_at = clock.from_ms(EXPORT_DATE_MS)
    debate = Debate(keys.debate(slug), keys.DEBATE_META, slug=slug, title={"fr": TITLE},
                    description={"fr": "Réponses libres des citoyens à la consultation de l’Assemblée nationale sur "
                                       "l’évaluation de la loi pour l’égalité réelle entre les femmes et les hommes, "
                                       "avec les synthèses rédigées par les rapporteurs citoyens de Regards Citoyens."},
                    languages=["fr"], default_language="fr", visibility="public", status="open",
                    timezone="Europe/Paris",
                    phases=[Phase(id=ids.stable_id(EXPORT_DATE_MS, slug, "phase"),
                                  name={"fr": "Consultation"}, start=created_at, end=None)],
                    attribution=ATTRIBUTION, source={"kind": "an-consultation", "folder": folder_name,
                                                     "url": "https://github.com/regardscitoyens/consultation_an"},
                    premoderation=False, created_at=created_at, gsi1pk=keys.PUBLIC_DEBATES,
                    gsi1sk=f"{created_at}#{slug}")
    summary.created["debates"] = int(posts_repo.put_if_absent(debate))
    summary.totals["debates"] = 1

    # Themes -> ideas.
    themes: dict[str, str] = {}
    for row in analyses:
        themes.setdefault(row["theme"].strip(), fix_text(row["question"]))
    idea_ids = {theme: ids.stable_id(EXPORT_DATE_MS, slug, "theme", theme) for theme in themes}
    contributions = {}
    for row in analyses:
        contributions[row["document_id"].strip()] = row
    unknown = {r["document_id"].strip() for r in syntheses} - set(contributions)
    if unknown:
        raise ImportFailed(f"{os.path.join(folder, SYNTHESES)}: document_id(s) not in {ANALYSES}: "
                           f"{', '.join(sorted(unknown)[:5])}")
    published_per_theme: dict[str, int] = {}
    extracts_per_theme: dict[str, int] = {}
    for row in contributions.values():
        published_per_theme[row["theme"].strip()] = published_per_theme.get(row["theme"].strip(), 0) + 1
    for row in syntheses:
        extracts_per_theme[row["theme"].strip()] = extracts_per_theme.get(row["theme"].strip(), 0) + 1
    new_ideas = 0
    for order, (theme, question) in enumerate(sorted(themes.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit()
                                                     else 0)):
        idea = Idea(keys.ideas(slug), keys.idea_sk(idea_ids[theme]), idea_id=idea_ids[theme], parent_id=None,
                    order=float(order + 1), title={"fr": idea_title(question)},
                    description={"fr": text.clean_paragraphs(question)},
                    post_count=published_per_theme.get(theme, 0), extract_count=extracts_per_theme.get(theme, 0),
                    contributor_count=len({r["source"].split("/")[0] for r in analyses if r["theme"].strip() == theme}),
                    created_at=created_at)
        new_ideas += int(posts_repo.put_if_absent(idea))
    summary.created["ideas"], summary.totals["ideas"] = new_ideas, len(themes)

    # Respondents -> pseudonymous participants, numbered in order of first appearance.
    respondent_numbers: dict[str, int] = {}
    for row in analyses:
        respondent_numbers.setdefault(row["source"].split("/")[0], len(respondent_numbers) + 1)
    people = []
    user_ids = {}
    for key, number in respondent_numbers.items():
        uid = ids.stable_id(0, slug, "respondent", key)
        user_ids[key] = uid
        people.append(User(keys.user(uid), keys.USER_SK, user_id=uid, display_name=f"Répondant·e {number}",
                           email=None, platform_roles=[], created_at=created_at, imported=True))
        people.append(members_repo.member_for_import(slug, uid, created_at))
    harvester_id = ids.stable_id(0, slug, "rapporteurs-citoyens")
    people.append(User(keys.user(harvester_id), keys.USER_SK, user_id=harvester_id,
                       display_name="Rapporteurs citoyens (Regards Citoyens)", email=None, platform_roles=[],
                       created_at=created_at, imported=True))
    harvester_member = members_repo.member_for_import(slug, harvester_id, created_at)
    harvester_member.roles = ["participant", "harvester"]
    harvester_member.contributed_at = None
    people.append(harvester_member)
    per_idea_author: dict[tuple[str, str], int] = {}
    for row in analyses:
        pair = (idea_ids[row["theme"].strip()], user_ids[row["source"].split("/")[0]])
        per_idea_author[pair] = per_idea_author.get(pair, 0) + 1
    people += [IdeaContributor(keys.ideas(slug), keys.idea_contributor_sk(i, u), n=n)
               for (i, u), n in per_idea_author.items()]
    posts_repo.batch_write(people)
    summary.totals["participants"] = len(respondent_numbers)

    # Syntheses first (extracts), then the posts: a post exists once its extracts are written.
    posts: dict[str, Post] = {}
    for index, row in enumerate(analyses):
        document = row["document_id"].strip()
        respondent = row["source"].split("/")[0]
        post_id = ids.stable_id(EXPORT_DATE_MS + index, slug, "contribution", document)
        body = fix_text(row["text"])
        html = text.plain_to_html(body)
        posts[document] = Post(keys.thread(slug, post_id), keys.post_sk(post_id), post_id=post_id, thread_id=post_id,
                               idea_id=idea_ids[row["theme"].strip()], author_id=user_ids[respondent],
                               author_name=f"Répondant·e {respondent_numbers[respondent]}", body_source=body,
                               body_html=html, body_text=text.html_to_text(html), language="fr", statement=False,
                               state="published", created_at=clock.from_ms(EXPORT_DATE_MS + index), lsi1sk=post_id,
                               gsi1pk=keys.idea_posts(slug, idea_ids[row["theme"].strip()]),
                               gsi1sk=f"{clock.from_ms(EXPORT_DATE_MS + index)}#{post_id}")
    from chalicelib.services.extracts import build_extract

    extracts: list[Extract] = []
    for index, row in enumerate(syntheses):
        post = posts[row["document_id"].strip()]
        nature = NATURES.get(fix_text(row["affirmation"]).replace("\u2019", "'").strip(), "argument")
        paraphrase = text.clean_paragraphs(fix_text(row["synthese"]))[:500] or "(vide)"
        at = clock.from_ms(EXPORT_DATE_MS + 10_000_000 + index)
        extracts.append(build_extract(slug, post, idea_id=post.idea_id, kind="paraphrase", body=paraphrase,
                                      start=None, end=None, nature=nature, action=None, important=False, tags=[],
                                      state="published", machine=False, harvester_id=harvester_id,
                                      harvester_name="Rapporteurs citoyens (Regards Citoyens)", created_at=at,
                                      salt=f"an-row-{row.get('', index)}-{index}"))
    write_batches(extracts, "extracts", progress)
    summary.totals["extracts"] = len(extracts)

    created_posts = put_new(list(posts.values()), "posts", progress)
    summary.created["posts"], summary.totals["posts"] = created_posts, len(posts)
    events = [imported_event(slug, "post", post.author_id, post.created_at, idea_id=post.idea_id,
                             thread_id=post.thread_id, post_id=post.post_id) for post in posts.values()]
    write_batches(events, "events", progress, batch=1000)
    now = clock.now_iso()
    summaries_repo.record_import(slug, "an-consultation", {e.pk.split("#")[3] for e in events}, now)
    debates_repo.set_import_counter(slug, "an-consultation", posts=len(posts), participants=len(respondent_numbers),
                                    stances=0, extracts=len(extracts), last_activity=now)
    summary.seconds = time.monotonic() - started
    return summary


def looks_like(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, ANALYSES)) and os.path.isfile(os.path.join(folder, SYNTHESES))
