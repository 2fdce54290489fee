"""Use cases on syntheses: drafts with optimistic concurrency, publication as an immutable numbered snapshot
whose every sentence cites its sources, the public list and the Atom feed."""
from __future__ import annotations

import json
import logging
from xml.sax.saxutils import escape

from chalicelib.config import settings
from chalicelib.domain import clock, ids, synthesis as rules, text
from chalicelib.errors import Conflict, NotFound, Unprocessable
from chalicelib.services import access as access_service
from chalicelib.services.identity import Caller
from chalicelib.storage import accounts_repo, extracts_repo, ideas_repo, keys, posts_repo, syntheses_repo
from chalicelib.storage.models import NotificationJob, Publication, SynthesisDraft
from chalicelib.storage.transactions import ConditionFailed

log = logging.getLogger("palabre.syntheses")

MAX_ITEM_BYTES = 350_000  # DynamoDB's item limit is 400 KB; keep room for attribute names


def _texts(value) -> dict[str, str]:
    return dict(value.as_dict() if hasattr(value, "as_dict") else (value or {}))


def _clean_map(values: dict[str, str]) -> dict[str, str]:
    return {lang: text.clean_paragraphs(v) for lang, v in values.items() if text.clean_paragraphs(v)}


def draft_view(draft: SynthesisDraft) -> dict:
    return {"id": draft.synthesis_id, "version": int(draft.version), "title": _texts(draft.title),
            "introduction": _texts(draft.introduction), "conclusion": _texts(draft.conclusion),
            "sections": [{"idea_id": s["idea_id"], "text": dict(s.get("text") or {}),
                          "citations": list(s.get("citations") or [])} for s in (_plain(x) for x in draft.sections)],
            "updated_at": draft.updated_at, "updated_by": draft.updated_by,
            "updated_by_name": draft.updated_by_name,
            "published_number": int(draft.published_number) if draft.published_number else None}


def _plain(section) -> dict:
    return section.as_dict() if hasattr(section, "as_dict") else dict(section)


def shown_sections(slug: str, publication: Publication) -> list[dict]:
    """The snapshot's sections with the quotations of posts no longer published withdrawn (one BatchGetItem per
    100 cited posts: bounded by the synthesis, not by the debate)."""
    sections = [_plain(s) for s in publication.sections]
    cited = rules.cited_posts(sections)
    published = {post_id for post_id, (state, _) in extracts_repo.quoted_posts(slug, sorted(cited)).items()
                 if state == "published"}
    return rules.withdraw_citations(sections, cited - published)


def withdraw_erased_quotations(slug: str, pseudonym: str) -> int:
    """Account deletion, policy remove: in every published synthesis of the debate, the citations of the posts
    erased under this pseudonym lose their text in the stored snapshot too (not only when shown). The publications
    are read page by page (bounded by the debate's editorial work), their cited posts by BatchGetItem."""
    changed, start = 0, None
    while True:
        page, start = syntheses_repo.list_publications(slug, 20, start)
        for publication in page:
            sections = [_plain(s) for s in publication.sections]
            cited = sorted(rules.cited_posts(sections))
            posts = accounts_repo.batch_posts([posts_repo.post_key(slug, p) for p in cited])
            erased = {p.post_id for p in posts.values() if p.state == "deleted" and p.author_id == pseudonym}
            if any(c.get("post_id") in erased and not c.get("withdrawn") for s in sections
                   for c in s.get("citations") or []):
                syntheses_repo.withdraw_quotations(publication, rules.withdraw_citations(sections, erased))
                changed += 1
        if not start:
            return changed


def publication_view(publication: Publication, *, summary: bool = False, slug: str | None = None) -> dict:
    """slug: the citations are checked against their posts (withdrawn when no longer published)."""
    view = {"number": int(publication.number), "synthesis_id": publication.synthesis_id,
            "title": _texts(publication.title), "introduction": _texts(publication.introduction),
            "published_at": publication.published_at}
    if not summary:
        view["conclusion"] = _texts(publication.conclusion)
        view["sections"] = (shown_sections(slug, publication) if slug else
                            rules.withdraw_citations([_plain(s) for s in publication.sections], set()))
    else:
        view["section_count"] = len(publication.sections)
    return view


def _sections(slug: str, sections) -> list[dict]:
    idea_ids = {i.idea_id for i in ideas_repo.list_ideas(slug)}
    result = []
    for index, section in enumerate(sections):
        if section.idea_id not in idea_ids:
            raise Unprocessable(f"sections.{index}.idea_id: no such idea in this debate",
                                details={"fields": [{"field": f"sections.{index}.idea_id",
                                                     "message": "no such idea in this debate"}]})
        result.append({"idea_id": section.idea_id, "text": _clean_map(section.text),
                       "citations": list(dict.fromkeys(section.citations))})
    return result


def _check_size(item) -> None:
    size = len(json.dumps(item.serialize(), ensure_ascii=False).encode())
    if size > MAX_ITEM_BYTES:
        raise Unprocessable(f"This synthesis is too large ({size // 1000} kB; at most {MAX_ITEM_BYTES // 1000} kB): "
                            "shorten its texts or split it.", code="synthesis_too_large")


def create_draft(slug: str, caller: Caller | None, data) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("edit_synthesis")
    synthesis_id = ids.new_id()
    draft = SynthesisDraft(keys.syntheses(slug), keys.draft_sk(synthesis_id), synthesis_id=synthesis_id,
                           title=text.clean_titles(data.title), introduction=_clean_map(data.introduction),
                           conclusion=_clean_map(data.conclusion), sections=_sections(slug, data.sections),
                           version=1, updated_at=clock.now_iso(), updated_by=me.user_id,
                           updated_by_name=me.user.display_name)
    _check_size(draft)
    syntheses_repo.create_draft(draft)
    return draft_view(draft)


def list_drafts(slug: str, caller: Caller | None) -> dict:
    access = access_service.load(slug, caller)
    access.require("edit_synthesis")
    drafts = sorted(syntheses_repo.list_drafts(slug), key=lambda d: d.updated_at, reverse=True)
    return {"items": [draft_view(d) for d in drafts]}


def _load_draft(slug: str, synthesis_id: str) -> SynthesisDraft:
    draft = syntheses_repo.get_draft(slug, synthesis_id) if ids.is_id(synthesis_id) else None
    if draft is None:
        raise NotFound("No synthesis draft has this id in this debate.")
    return draft


def get_draft(slug: str, caller: Caller | None, synthesis_id: str) -> dict:
    access = access_service.load(slug, caller)
    access.require("edit_synthesis")
    return draft_view(_load_draft(slug, synthesis_id))


def _stale(current: SynthesisDraft) -> Conflict:
    return Conflict("Someone saved this synthesis after you loaded it. Your text was not saved: merge it with the "
                    "current version below and save again.", code="stale_version",
                    details={"current": draft_view(current)})


def save_draft(slug: str, caller: Caller | None, synthesis_id: str, data) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("edit_synthesis")
    current = _load_draft(slug, synthesis_id)
    if current.published_number:
        raise Conflict("This synthesis is published and can no longer change; start a new draft.",
                       code="already_published")
    if int(current.version) != data.version:
        raise _stale(current)
    draft = SynthesisDraft(current.pk, current.sk, synthesis_id=synthesis_id, title=text.clean_titles(data.title),
                           introduction=_clean_map(data.introduction), conclusion=_clean_map(data.conclusion),
                           sections=_sections(slug, data.sections), version=data.version + 1,
                           updated_at=clock.now_iso(), updated_by=me.user_id, updated_by_name=me.user.display_name)
    _check_size(draft)
    try:
        syntheses_repo.save_draft(draft, data.version)
    except ConditionFailed:
        raise _stale(_load_draft(slug, synthesis_id)) from None
    return draft_view(draft)


def _resolve_citations(slug: str, sections: list[dict]) -> dict[str, dict]:
    wanted = {eid for s in sections for eid in s["citations"]}
    keys_wanted, bad = [], []
    for extract_id in wanted:
        post_id, sep, digest = extract_id.partition("~")
        if not sep or len(digest) != 16:
            bad.append(extract_id)
            continue
        keys_wanted.append(extracts_repo.extract_key(slug, extract_id))
    found = {e.extract_id: e for e in syntheses_repo.get_extracts(slug, keys_wanted)}
    bad += [eid for eid in wanted if eid not in found or found[eid].state != "published"]
    if bad:
        # Where, not which: the ids may belong to another debate and are not repeated back.
        where = [{"section": i + 1, "number": n + 1} for i, section in enumerate(sections)
                 for n, eid in enumerate(section["citations"]) if eid in bad]
        raise Unprocessable(f"{len(where)} citation(s) point to extracts that are not published in this debate "
                            f"(first: section {where[0]['section']}, [{where[0]['number']}]).",
                            code="unknown_citation", details={"citations": where})
    return {eid: {"extract_id": eid, "post_id": e.post_id, "kind": e.kind, "text": e.text,
                  "start": None if e.start is None else int(e.start), "end": None if e.end is None else int(e.end),
                  "orphaned": bool(e.orphaned), "nature": e.nature} for eid, e in found.items()}


def publish(slug: str, caller: Caller | None, synthesis_id: str, version: int) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("publish_synthesis")
    draft = _load_draft(slug, synthesis_id)
    if draft.published_number:  # a retried publish: the same publication, nothing new
        return publication_view(syntheses_repo.get_publication(slug, int(draft.published_number)), slug=slug)
    if int(draft.version) != version:
        raise _stale(draft)
    sections = [_plain(s) for s in draft.sections]
    if not sections:
        raise Unprocessable("A synthesis needs at least one section to be published.", code="empty_synthesis")
    if not _texts(draft.title):
        raise Unprocessable("A synthesis needs a title to be published.", code="missing_title")
    missing, bad = rules.check_sources(sections)
    if bad:
        b = bad[0]
        raise Unprocessable(f"Section {b.section + 1} ({b.language}) cites [{b.number}], which is not in its list "
                            "of cited extracts.", code="bad_citation",
                            details={"problems": [vars(x) for x in bad]})
    if missing:
        m = missing[0]
        raise Unprocessable(f"Section {m.section + 1} ({m.language}), sentence {m.sentence + 1} has no source: "
                            f"\u201c{m.text}\u201d. Cite an extract with [n].", code="unsourced_sentence",
                            details={"problems": [vars(x) for x in missing]})
    citations = _resolve_citations(slug, sections)
    ideas = {i.idea_id: i for i in ideas_repo.list_ideas(slug)}
    snapshot_sections = []
    for section in sections:
        idea = ideas.get(section["idea_id"])
        snapshot_sections.append({
            "idea_id": section["idea_id"],
            "idea_title": _texts(idea.title) if idea else {},
            "text": section["text"],
            "citations": [{"number": n + 1, **citations[eid]} for n, eid in enumerate(section["citations"])],
        })
    now = clock.now_iso()
    for _ in range(5):
        number = syntheses_repo.get_sequence(slug) + 1
        publication = Publication(keys.syntheses(slug), keys.publication_sk(number), number=number,
                                  synthesis_id=synthesis_id, title=_texts(draft.title),
                                  introduction=_texts(draft.introduction), conclusion=_texts(draft.conclusion),
                                  sections=snapshot_sections, published_at=now, published_by=me.user_id)
        _check_size(publication)
        job = NotificationJob(keys.syntheses(slug), keys.job_sk(number), number=number, created_at=now, sent=0,
                              gsi1pk=keys.PENDING_JOBS, gsi1sk=f"{now}#{slug}#{number:06d}")
        try:
            syntheses_repo.publish(slug, draft, version, publication, job)
            break
        except ConditionFailed as failure:
            if "draft" in failure.failed:
                current = _load_draft(slug, synthesis_id)
                if current.published_number:
                    return publication_view(syntheses_repo.get_publication(slug, int(current.published_number)),
                                            slug=slug)
                raise _stale(current) from None
            # "sequence": another synthesis was published at the same moment; take the next number
    else:
        raise Conflict("Several syntheses are being published at once; try again.", code="concurrent_change")
    from chalicelib.services import notifications

    try:
        notifications.process_job(slug, number, budget_seconds=5.0)
    except Exception:  # published: the job stays pending and the scheduled notifier finishes it
        log.exception("notifying the followers of %s #%s failed; the scheduled job will retry", slug, number)
    return publication_view(publication, slug=slug)


def list_published(slug: str, caller: Caller | None, limit: int, start_key: dict | None):
    access_service.load(slug, caller)
    items, last = syntheses_repo.list_publications(slug, limit, start_key)
    return [publication_view(p, summary=True) for p in items], last


def get_published(slug: str, caller: Caller | None, number: int) -> dict:
    access_service.load(slug, caller)
    publication = syntheses_repo.get_publication(slug, number)
    if publication is None:
        raise NotFound("No published synthesis has this number in this debate.")
    return publication_view(publication, slug=slug)


def atom_feed(slug: str, caller: Caller | None) -> str:
    access = access_service.load(slug, caller)
    debate = access.debate
    language = debate.default_language
    items, _ = syntheses_repo.list_publications(slug, 20, None)
    web = settings().web_url
    title = _texts(debate.title).get(language) or next(iter(_texts(debate.title).values()), slug)
    updated = items[0].published_at if items else debate.created_at

    def pick(values) -> str:
        values = _texts(values)
        return values.get(language) or next(iter(values.values()), "")

    entries = []
    for p in items:
        link = f"{web}/#/d/{slug}/syntheses/{int(p.number)}"
        entries.append(
            "<entry>"
            f"<id>{escape(f'{web}/#/d/{slug}/syntheses/{int(p.number)}')}</id>"
            f"<title>{escape(pick(p.title))}</title>"
            f"<updated>{escape(p.published_at)}</updated>"
            f'<link rel="alternate" type="text/html" href="{escape(link, {chr(34): "&quot;"})}"/>'
            f"<summary>{escape(pick(p.introduction))}</summary>"
            "</entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>'
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(language)}">'
            f"<id>{escape(f'{web}/#/d/{slug}/syntheses')}</id>"
            f"<title>{escape(title)}</title>"
            f"<updated>{escape(updated)}</updated>"
            f'<link rel="alternate" type="text/html" href="{escape(f"{web}/#/d/{slug}/syntheses")}"/>'
            + "".join(entries) + "</feed>")
