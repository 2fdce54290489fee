"""Archive at close: a static, read-only export of a closed debate — HTML pages and a JSON open-data file of its
ideas, posts, extracts, syntheses and vote results, pseudonymised — written to the frontend bucket (locally, a
folder served by `palabre run`), which opens in a browser with no API. Then, optionally, the live items are deleted."""
from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field

from chalicelib.config import settings
from chalicelib.domain import clock, text
from chalicelib.errors import Conflict
from chalicelib.services import access as access_service
from chalicelib.services.extracts import present as shown
from chalicelib.services.identity import Caller
from chalicelib.services.syntheses import shown_sections
from chalicelib.storage import debates_repo, extracts_repo, ideas_repo, posts_repo, syntheses_repo
from chalicelib.storage.models import Debate

_CSS = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;line-height:1.5;color:#1b1b1b}
a{color:#0b4f9c}article{border-left:3px solid #ccc;padding:.25rem .75rem;margin:.75rem 0}
article article{margin-left:1rem}.meta{color:#555;font-size:.9rem}blockquote{margin:0;padding-left:1rem;
border-left:3px solid #888}footer{margin-top:2rem;color:#555;font-size:.9rem}
table{border-collapse:collapse}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}"""


@dataclass
class Export:
    files: dict[str, bytes] = field(default_factory=dict)

    def add(self, path: str, content: str) -> None:
        self.files[path] = content.encode("utf-8")


def _pick(values, language: str) -> str:
    values = dict(values.as_dict() if hasattr(values, "as_dict") else (values or {}))
    return values.get(language) or next(iter(values.values()), "")


def _page(title: str, body: str, language: str, attribution: str | None, depth: int = 0) -> str:
    up = "../" * depth
    credit = f"<p>{html.escape(attribution)}</p>" if attribution else ""
    return (f'<!doctype html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{html.escape(title)}</title>'
            f'<link rel="stylesheet" href="{up}style.css"></head><body><main>{body}</main>'
            f'<footer><p>Archive en lecture seule / read-only archive — <a href="{up}open-data.json">données ouvertes '
            f'(JSON)</a> — <a href="{up}index.html">accueil</a></p>{credit}</footer></body></html>')


# The archive's own words, in the debate's default language (English for the languages not listed).
WORDS = {
    "fr": {"extracts": "Extraits", "messages": "Messages", "ideas": "Idées", "syntheses": "Synthèses",
           "votes": "Votes", "deleted": "Message supprimé", "withdrawn": "Citation retirée (message retiré)"},
    "en": {"extracts": "Extracts", "messages": "Messages", "ideas": "Ideas", "syntheses": "Syntheses",
           "votes": "Votes", "deleted": "Message deleted", "withdrawn": "Quotation withdrawn (message withdrawn)"},
}  # a vote page's table speaks as the results export does (vote_exports.vocabulary)


def _words(language: str) -> dict:
    return WORDS.get(language, WORDS["en"])


class Pseudonyms:
    """Authors become 'Participant N', numbered in order of first appearance in the archive."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, user_id: str) -> str:
        return f"Participant {self.numbers.setdefault(user_id, len(self.numbers) + 1)}"


def build_export(debate: Debate) -> Export:
    slug, language = debate.slug, debate.default_language
    export = Export()
    name = Pseudonyms()
    ideas = sorted((i for i in ideas_repo.list_ideas(slug) if not i.merged_into), key=lambda i: float(i.order))
    data = {"debate": {"slug": slug, "title": _pick(debate.title, language),
                       "description": _pick(debate.description, language), "language": language,
                       "phases": [{"name": _pick(p.name, language), "start": p.start, "end": p.end}
                                  for p in debate.phases or []],
                       "attribution": debate.attribution, "archived_at": clock.now_iso()},
            "ideas": [], "posts": [], "extracts": [], "syntheses": [], "votes": []}
    idea_links = []
    for idea in ideas:
        title = _pick(idea.title, language)
        data["ideas"].append({"id": idea.idea_id, "parent_id": idea.parent_id, "title": title,
                              "description": _pick(idea.description, language)})
        threads, start = [], None
        while True:
            page, start = posts_repo.list_idea_posts(slug, idea.idea_id, 100, start)
            threads += page
            if not start:
                break
        blocks = []
        for root in sorted(threads, key=lambda p: p.created_at):
            posts = [p for p in posts_repo.load_subtree(slug, root) if p.state in ("published", "deleted")]
            depth0 = root.lsi1sk.count("/")
            opened = []
            for post in posts:
                depth = post.lsi1sk.count("/") - depth0
                while len(opened) > depth:
                    blocks.append("</article>")
                    opened.pop()
                author = name(post.author_id) if post.state == "published" else ""
                body = (text.sanitize_html(post.body_html) if post.state == "published"
                        else f"<p><em>{_words(language)['deleted']}</em></p>")
                blocks.append(f'<article id="p-{html.escape(post.post_id)}"><p class="meta">{html.escape(author)} — '
                              f'{html.escape(post.created_at[:10])}</p>{body}')
                opened.append(post.post_id)
                if post.state == "published":
                    data["posts"].append({"id": post.post_id, "idea_id": idea.idea_id, "parent_id": post.parent_id,
                                          "author": author, "created_at": post.created_at, "language": post.language,
                                          "text": post.body_text, "reactions": {k: int(getattr(post, f"r_{k}") or 0)
                                                                                for k in ("like", "disagree",
                                                                                          "dont_understand",
                                                                                          "more_info")},
                                          "stances": {k: int(getattr(post, f"s_{k}") or 0)
                                                      for k in ("agree", "disagree", "pass")}})
            blocks += ["</article>"] * len(opened)
        extract_items, start = [], None
        while True:
            page, start = extracts_repo.extracts_of_idea(slug, idea.idea_id, 100, start)
            quoted = extracts_repo.quoted_posts(slug, {e.post_id for e in page})
            # the rule of the live pages: only while the post is published and still holds the words
            extract_items += [view for view in (shown(e, *quoted.get(e.post_id, (None, None)), staff=False)
                                                for e in page) if view is not None]
            if not start:
                break
        extract_html = "".join(f"<li><blockquote>{html.escape(e['text'])}</blockquote> "
                               f'<a href="#p-{html.escape(e["post_id"])}">→</a></li>' for e in extract_items)
        for e in extract_items:
            data["extracts"].append({"id": e["id"], "post_id": e["post_id"], "idea_id": e["idea_id"],
                                     "kind": e["kind"], "text": e["text"], "start": e["start"], "end": e["end"],
                                     "nature": e["nature"], "important": e["important"]})
        body = (f"<h1>{html.escape(title)}</h1><p>{html.escape(_pick(idea.description, language))}</p>"
                + (f"<h2>{_words(language)['extracts']}</h2><ul>{extract_html}</ul>" if extract_html else "")
                + f"<h2>{_words(language)['messages']}</h2>" + "".join(blocks))
        export.add(f"ideas/{idea.idea_id}.html", _page(title, body, language, debate.attribution, depth=1))
        idea_links.append(f'<li><a href="ideas/{html.escape(idea.idea_id)}.html">{html.escape(title)}</a> '
                          f"({int(idea.post_count or 0)})</li>")
    synthesis_links = []
    publications, start = [], None
    while True:
        page, start = syntheses_repo.list_publications(slug, 20, start)
        publications += page
        if not start:
            break
    for pub in sorted(publications, key=lambda p: int(p.number)):
        number = int(pub.number)
        sections = shown_sections(slug, pub)  # quotations of posts no longer published are withdrawn
        data["syntheses"].append({"number": number, "title": _pick(pub.title, language),
                                  "introduction": _pick(pub.introduction, language),
                                  "conclusion": _pick(pub.conclusion, language), "published_at": pub.published_at,
                                  "sections": sections})
        parts = [f"<h1>{html.escape(_pick(pub.title, language))}</h1>",
                 f"<p>{html.escape(_pick(pub.introduction, language))}</p>"]
        for section in sections:
            parts.append(f"<h2>{html.escape(_pick(section.get('idea_title') or {}, language))}</h2>")
            parts.append(f"<p>{html.escape(_pick(section.get('text') or {}, language))}</p><ol>")
            for citation in section.get("citations") or []:
                parts.append(f"<li><em>{_words(language)['withdrawn']}</em></li>" if citation.get("withdrawn") else
                             f"<li><blockquote>{html.escape(citation.get('text') or '')}</blockquote></li>")
            parts.append("</ol>")
        parts.append(f"<p>{html.escape(_pick(pub.conclusion, language))}</p>")
        export.add(f"syntheses/{number}.html", _page(_pick(pub.title, language), "".join(parts), language,
                                                     debate.attribution, depth=1))
        synthesis_links.append(f'<li><a href="syntheses/{number}.html">{html.escape(_pick(pub.title, language))}</a>'
                               f" ({html.escape(pub.published_at[:10])})</li>")
    vote_links = _vote_pages(debate, language, export, data)
    title, words = _pick(debate.title, language), _words(language)
    body = (f"<h1>{html.escape(title)}</h1><p>{html.escape(_pick(debate.description, language))}</p>"
            f"<h2>{words['ideas']}</h2><ul>{''.join(idea_links)}</ul>"
            + (f"<h2>{words['syntheses']}</h2><ul>{''.join(synthesis_links)}</ul>" if synthesis_links else "")
            + (f"<h2>{words['votes']}</h2><ul>{''.join(vote_links)}</ul>" if vote_links else ""))
    export.add("index.html", _page(title, body, language, debate.attribution))
    export.add("style.css", _CSS)
    export.add("open-data.json", json.dumps(data, ensure_ascii=False, indent=1))
    return export


def _vote_pages(debate: Debate, language: str, export: Export, data: dict) -> list[str]:
    """Each vote session's final results: in the open data as the results API gives them (totals per category,
    distributions, means, medians, for and against, voters: no ballot, no voter), and a page with the same table as
    the results export. Returns the index's links."""
    from chalicelib.services import vote_exports, votes

    links = []
    for loaded, state in votes.closed_debate_sessions(debate):
        session = loaded.session
        title = _pick(session.title, language)
        data["votes"].append({"id": session.session_id, "idea_id": session.idea_id, "title": title,
                              "results": votes.compute_results(loaded, state)})
        words = vote_exports.vocabulary(language)
        head = "".join(f'<th scope="col">{html.escape(name)}</th>' for name in words["results"][:SHOWN_COLUMNS])
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(_shown(cell))}</td>" for cell in
                                        vote_exports.localised_result_row(row, words)[:SHOWN_COLUMNS]) + "</tr>"
                       for row in vote_exports.result_rows(loaded, state, language))
        body = f"<h1>{html.escape(title)}</h1><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        export.add(f"votes/{session.session_id}.html", _page(title, body, language, debate.attribution, depth=1))
        links.append(f'<li><a href="votes/{html.escape(session.session_id)}.html">{html.escape(title)}</a></li>')
    return links


MANIFEST = "manifest.json"  # the files of the last archive, so that archiving again removes the pages now gone


class _Folder:
    """Where an archive's files go: the frontend bucket under archives/{slug}/ on AWS, locally
    PALABRE_ARCHIVE_DIR/{slug}/ (default .local/archives)."""

    def __init__(self, slug: str) -> None:
        self.bucket = os.environ.get("PALABRE_ARCHIVE_BUCKET")
        self.prefix = f"archives/{slug}/"
        self.root = os.path.join(os.environ.get("PALABRE_ARCHIVE_DIR") or os.path.join(os.getcwd(), ".local",
                                                                                         "archives"), slug)
        if self.bucket:
            import boto3

            self.s3 = boto3.client("s3", region_name=settings().region)

    def read(self, path: str) -> bytes | None:
        if self.bucket:
            from botocore.exceptions import ClientError

            try:
                return self.s3.get_object(Bucket=self.bucket, Key=self.prefix + path)["Body"].read()
            except ClientError as error:  # without s3:ListBucket (not granted), S3 answers 403 for a missing key
                if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "AccessDenied"):
                    return None
                raise
        try:
            with open(os.path.join(self.root, path), "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    def write(self, path: str, content: bytes) -> None:
        if self.bucket:
            kind = ("text/html; charset=utf-8" if path.endswith(".html") else "text/css" if path.endswith(".css")
                    else "application/json")
            self.s3.put_object(Bucket=self.bucket, Key=self.prefix + path, Body=content, ContentType=kind)
            return
        target = os.path.join(self.root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as handle:
            handle.write(content)

    def delete(self, path: str) -> None:
        if self.bucket:
            self.s3.delete_object(Bucket=self.bucket, Key=self.prefix + path)
            return
        try:
            os.remove(os.path.join(self.root, path))
        except FileNotFoundError:
            pass


SHOWN_COLUMNS = 7  # a vote page shows the results export's columns but the ids


def _shown(cell) -> str:
    """No value (the mean of a gauge nobody used) is an empty cell."""
    return "" if cell is None else str(cell)


def write_export(slug: str, export: Export) -> str:
    """Writes the pages, then the manifest, then removes the previous archive's pages that are not in this one (an
    idea merged since, a post deleted by its author): at every moment the index links only to pages that exist."""
    folder = _Folder(slug)
    previous = folder.read(MANIFEST)
    try:
        before = set(json.loads(previous)["files"]) if previous else set()
    except (ValueError, KeyError, TypeError):
        before = set()
    for path, content in export.files.items():
        folder.write(path, content)
    folder.write(MANIFEST, json.dumps({"files": sorted(export.files)}).encode())
    for path in sorted(before - set(export.files) - {MANIFEST}):
        if not os.path.isabs(path) and ".." not in path.split("/"):  # only files of this archive's own folder
            folder.delete(path)
    return f"{settings().web_url}/archives/{slug}/index.html"


def archive(slug: str, caller: Caller | None, *, publish: bool = False) -> dict:
    """The organiser's request: the debate must be closed first, and a private debate's archive published knowingly
    (the archive is a static site in the public web bucket: anyone with its address reads it)."""
    access = access_service.load(slug, caller)
    me = access.require("administer")
    if access.debate.status != "closed":
        raise Conflict("Close the debate before archiving it.", code="debate_open")
    check_publishable(access.debate, publish)
    url = write_and_link(access.debate)
    from chalicelib.services.moderation import record

    record(slug, me.user_id, "archive", slug, {"url": url})
    return {"url": url}


def write_and_link(debate: Debate) -> str:
    """Writes the archive and notes its address on the debate (its pages link to it from then on)."""
    url = write_export(debate.slug, build_export(debate))
    debates_repo.set_archive_url(debate.slug, url)
    return url


def check_publishable(debate, publish: bool) -> None:
    if debate.visibility == "private" and not publish:
        raise Conflict("The archive is public: anyone with its address can read it. This debate is private; archive "
                       "it with publish=true to publish its content, pseudonymised.", code="archive_would_publish")


def delete_live_items(slug: str) -> int:
    """Delete every item of the debate, and each member's U#{user} / DEB#{slug} entry (their personal-data index
    and "My debates"), leaving one tombstone D#{slug} / ARCHIVED: the slug stays reserved, so that no new debate
    takes the address and overwrites the public archive. This is the one Scan in Palabre:
    a maintenance step run by the operator after archiving (never on a request path); it reads the whole table
    once, filtered on the debate's keys."""
    from chalicelib.storage import keys
    from chalicelib.storage.models import ArchivedSlug, Entity, Member, UserDebate

    debate = debates_repo.get_debate(slug)
    if debate is not None:  # first: from now on the slug is refused to a new debate (even if the scan stops midway)
        debates_repo.reserve_archived_slug(slug, clock.now_iso(), debate.archive_url)
    deleted = 0
    condition = Entity.pk.startswith(f"D#{slug}#") | (Entity.pk == f"D#{slug}")
    with Entity.batch_write() as batch:
        for item in Entity.scan(condition):
            if isinstance(item, ArchivedSlug):
                continue
            batch.delete(item)
            deleted += 1
            if isinstance(item, Member):
                batch.delete(UserDebate(keys.user(item.user_id), keys.user_debate_sk(slug)))
    return deleted
