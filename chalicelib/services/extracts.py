"""Use cases on extracts: harvest a quotation or write a paraphrase, curate, confirm machine suggestions."""
from __future__ import annotations

from chalicelib.domain import clock, extracts as rules, ids, text
from chalicelib.errors import Conflict, NotFound, Unprocessable
from chalicelib.services import access as access_service
from chalicelib.services.access import Access
from chalicelib.services.identity import Caller
from chalicelib.services.presenters import extract_view
from chalicelib.storage import extracts_repo, ideas_repo, keys, posts_repo
from chalicelib.storage.models import Extract, Post
from chalicelib.storage.transactions import ConditionFailed, retrying


def _field_error(field: str, message: str) -> Unprocessable:
    return Unprocessable(f"{field}: {message}", details={"fields": [{"field": field, "message": message}]})


def visible(access: Access, extract: Extract) -> bool:
    """On the stored record alone (the extract's own routes, for harvesters); what a listing shows is `present`."""
    if access.can("harvest"):
        return True
    return extract.state == "published" and not extract.orphaned


def present(extract: Extract, post_state: str | None, post_text: str | None, *, staff: bool) -> dict | None:
    """The one rule of every surface that shows extracts (a post's extracts, its thread, an idea's list, the
    archive): the extract measured against its post as it is now. Readers see a published extract only while its
    post is published and its words are still in the post's text; harvesters (staff) also see suggestions and
    orphaned quotations, but never those of a post rejected, deleted or erased. None: not shown."""
    standing = rules.standing(extract.kind, extract.text, extract.start, post_state, post_text)
    shown = standing.shown_to_harvesters() if staff else standing.shown_to_readers(extract.state)
    return extract_view(extract, standing=standing) if shown else None


def _load(access: Access, extract_id: str) -> Extract:
    post_id, sep, digest = extract_id.partition("~")
    thread_id, own = posts_repo.split_post_id(post_id)
    if not sep or not ids.is_id(thread_id) or not ids.is_id(own) or len(digest) != 16:
        raise NotFound("No extract has this id in this debate.")
    extract = extracts_repo.get_extract(access.slug, extract_id)
    if extract is None or not visible(access, extract):
        raise NotFound("No extract has this id in this debate.")
    return extract


def _require_idea(slug: str, idea_id: str) -> None:
    idea = ideas_repo.get_idea(slug, idea_id) if ids.is_id(idea_id) else None
    if idea is None:
        raise _field_error("idea_id", "no such idea in this debate")
    if idea.merged_into:  # off the table of ideas: an extract there could not be reached
        raise _field_error("idea_id", f"this idea was merged into {idea.merged_into}; harvest into that one")


def build_extract(slug: str, post: Post, *, idea_id: str, kind: str, body: str, start: int | None,
                  end: int | None, nature: str, action: str | None, important: bool, tags: list[str], state: str,
                  machine: bool, harvester_id: str, harvester_name: str, created_at: str, salt: str = "") -> Extract:
    digest = (rules.quote_hash(post.post_id, start, end, body) if kind == "quote"
              else rules.paraphrase_hash(post.post_id, body, salt))
    extract_id = f"{post.post_id}~{digest}"
    _, own = posts_repo.split_post_id(post.post_id)
    return Extract(post.pk, keys.extract_sk(own, digest), extract_id=extract_id, post_id=post.post_id,
                   idea_id=idea_id, kind=kind, text=body, start=start, end=end, orphaned=False, nature=nature,
                   action=action, important=important, tags=tags, state=state, machine=machine,
                   harvester_id=harvester_id, harvester_name=harvester_name, language=post.language,
                   created_at=created_at, gsi1pk=keys.extract_listing(slug, idea_id, state),
                   gsi1sk=f"{created_at}#{extract_id}")


def harvest(slug: str, caller: Caller | None, post_id: str, data) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("harvest")
    post = posts_repo.get_post(slug, post_id, consistent=True) if _post_id_ok(post_id) else None
    if post is None or post.state not in rules.QUOTABLE_STATES:
        raise NotFound("No post has this id in this debate.")
    _require_idea(slug, data.idea_id)
    if data.paraphrase is not None:
        if data.start is not None or data.end is not None or data.quote is not None:
            raise _field_error("paraphrase", "a paraphrase has no offsets or quote")
        kind, body, start, end = "paraphrase", text.clean_paragraphs(data.paraphrase), None, None
        if not body:
            raise _field_error("paraphrase", "must not be empty")
    else:
        if data.start is None or data.end is None:
            raise _field_error("start", "give start and end offsets of the selection (or a paraphrase)")
        try:
            anchor, body = rules.anchor_new(post.body_text, data.start, data.end, data.quote)
        except rules.InvalidAnchor as error:
            raise _field_error("start", str(error)) from None
        kind, start, end = "quote", anchor.start, anchor.end
    extract = build_extract(slug, post, idea_id=data.idea_id, kind=kind, body=body, start=start, end=end,
                            nature=data.nature, action=data.action, important=data.important,
                            tags=sorted({text.clean_line(t) for t in data.tags if text.clean_line(t)}),
                            state="published", machine=False, harvester_id=me.user_id,
                            harvester_name=me.user.display_name, created_at=clock.now_iso())
    try:
        retrying(lambda: extracts_repo.insert_extract(slug, extract))
    except ConditionFailed as failure:
        if "extract" in failure.failed:
            existing = extracts_repo.get_extract(slug, extract.extract_id)
            raise Conflict("This passage is already harvested.", code="duplicate_extract",
                           details={"extract": extract_view(existing) if existing else None}) from None
        if "post" in failure.failed:
            raise NotFound("No post has this id in this debate.") from None
        raise _field_error("idea_id", "no such idea in this debate") from None
    return extract_view(extract)


def _post_id_ok(post_id: str) -> bool:
    thread_id, own = posts_repo.split_post_id(post_id)
    return ids.is_id(thread_id) and ids.is_id(own) and post_id.count(".") <= 1


LIST_READS = 4  # Query + BatchGetItem pairs one page of an idea's extracts may take at most


def list_for_idea(slug: str, caller: Caller | None, idea_id: str, limit: int, start_key: dict | None,
                  state: str = "published"):
    """One page of one of the idea's lists: its published extracts (everybody; harvesters also see the orphaned
    quotations they fix), or with state submitted the harvesters' queue of suggestions to confirm or reject. Each
    list is its own gsi1 partition, so a page is only thinned by `present` (a post withdrawn or edited since)."""
    access = access_service.load(slug, caller)
    if state == "submitted":
        access.require("harvest")
    if not ids.is_id(idea_id) or ideas_repo.get_idea(slug, idea_id) is None:
        raise NotFound("No idea has this id in this debate.")
    staff = access.can("harvest")
    views: list[dict] = []
    last = start_key
    # extracts of posts hidden since thin a page: read on (a bounded number of times) rather than answer an empty
    # page with a cursor
    for _ in range(LIST_READS):
        items, last = extracts_repo.extracts_of_idea(slug, idea_id, limit - len(views), last, state=state)
        posts = extracts_repo.quoted_posts(slug, {e.post_id for e in items})  # one BatchGetItem per read
        views += [v for v in (present(e, *posts.get(e.post_id, (None, None)), staff=staff) for e in items)
                  if v is not None]
        if len(views) >= limit or last is None:
            break
    return views, last


def list_for_post(slug: str, caller: Caller | None, post_id: str) -> dict:
    access = access_service.load(slug, caller)
    post = posts_repo.get_post(slug, post_id) if _post_id_ok(post_id) else None
    if post is None or post.state not in ("published", "deleted") and not access.can("moderate"):
        raise NotFound("No post has this id in this debate.")
    staff = access.can("harvest")
    views = [present(e, post.state, post.body_text, staff=staff) for e in extracts_repo.extracts_of_post(slug, post_id)]
    return {"items": in_text_order([v for v in views if v is not None])}


def in_text_order(views: list[dict]) -> list[dict]:
    return sorted(views, key=lambda v: (v["post_id"], v["start"] if v["start"] is not None else -1, v["id"]))


def update(slug: str, caller: Caller | None, extract_id: str, data) -> dict:
    access = access_service.load(slug, caller)
    access.require("harvest")
    extract = _load(access, extract_id)
    actions = []
    if data.nature is not None:
        actions.append(Extract.nature.set(data.nature))
    if data.action is not None:
        actions.append(Extract.action.set(data.action))
    if data.important is not None:
        actions.append(Extract.important.set(data.important))
    if data.tags is not None:
        actions.append(Extract.tags.set(sorted({text.clean_line(t) for t in data.tags if text.clean_line(t)})))
    new_idea = None
    if data.idea_id is not None and data.idea_id != extract.idea_id:
        _require_idea(slug, data.idea_id)
        new_idea = data.idea_id
    if actions or new_idea:
        try:
            retrying(lambda: extracts_repo.change_extract(slug, extract, actions, new_idea_id=new_idea))
        except ConditionFailed:
            raise Conflict("This extract changed meanwhile; reload it and try again.", code="concurrent_change") from None
    return extract_view(extracts_repo.get_extract(slug, extract_id))


def review(slug: str, caller: Caller | None, extract_id: str, decision: str) -> dict:
    """A harvester confirms (publishes) or rejects a machine-suggested extract."""
    access = access_service.load(slug, caller)
    me = access.require("harvest")
    extract = _load(access, extract_id)
    if extract.state != "submitted":
        if extract.state == ("published" if decision == "confirm" else "rejected"):
            return extract_view(extract)  # the same decision again: nothing to do
        raise Conflict("Only suggested extracts are confirmed or rejected.", code="not_submitted")
    new_state = "published" if decision == "confirm" else "rejected"
    if decision == "confirm":
        post = posts_repo.get_post(slug, extract.post_id, consistent=True)
        _check_confirmable(extract, post.state if post else None, post.body_text if post else None)
    now = clock.now_iso()
    record = Extract.reviewed.set({"by": me.user_id, "at": now, "decision": decision})
    try:
        retrying(lambda: extracts_repo.change_extract(slug, extract, [record], new_state=new_state,
                                                      reviewer_id=me.user_id, now=now,
                                                      quotable=decision == "confirm"))
    except ConditionFailed as failure:
        if "post" in failure.failed:
            raise _post_unavailable() from None
        current = extracts_repo.get_extract(slug, extract_id)
        if current is not None and current.state == new_state:
            return extract_view(current)
        if current is not None and decision == "confirm" and current.orphaned:
            raise _orphaned() from None
        raise Conflict("Another harvester decided on this extract meanwhile.", code="concurrent_change") from None
    return extract_view(extracts_repo.get_extract(slug, extract_id))


def _post_unavailable() -> Conflict:
    return Conflict("The post this suggestion quotes is no longer published (rejected by a moderator, deleted or "
                    "erased): it cannot be confirmed; reject the suggestion.", code="post_unavailable")


def _orphaned() -> Conflict:
    return Conflict("The words this suggestion quotes are no longer in the post (it was edited): it cannot be "
                    "confirmed; reject it and harvest the passage again.", code="extract_orphaned")


def _check_confirmable(extract: Extract, post_state: str | None, post_text: str | None) -> None:
    """A suggestion is confirmed under the rule of a harvest: its post may still be quoted and holds its words (the
    review's transaction checks the post's state and the stored orphaned flag again)."""
    standing = rules.standing(extract.kind, extract.text, extract.start, post_state, post_text)
    if not standing.post_quotable:
        raise _post_unavailable()
    if standing.orphaned:
        raise _orphaned()


def delete(slug: str, caller: Caller | None, extract_id: str) -> dict:
    access = access_service.load(slug, caller)
    access.require("harvest")
    extract = _load(access, extract_id)
    try:
        retrying(lambda: extracts_repo.delete_extract(slug, extract))
    except ConditionFailed:
        raise Conflict("This extract changed meanwhile; reload it and try again.", code="concurrent_change") from None
    return {"deleted": extract_id}


def reanchor_after_edit(slug: str, post: Post) -> None:
    """Called after a post's text changed: move each quotation onto its words, or orphan it."""
    changes = []
    for extract in extracts_repo.extracts_of_post(slug, post.post_id):
        if extract.kind != "quote":
            continue
        anchor = rules.reanchor(post.body_text, extract.text, int(extract.start or 0))
        if anchor is None:
            if not extract.orphaned:
                changes.append((extract, None, None, True))
        elif (anchor.start, anchor.end) != (extract.start, extract.end) or extract.orphaned:
            changes.append((extract, anchor.start, anchor.end, False))
    if changes:
        retrying(lambda: extracts_repo.save_anchors(post, changes))


def erase_of_post(slug: str, post_id: str) -> int:
    """A post erased by its author's account deletion (policy remove): every extract quoting or paraphrasing it,
    published, suggested or rejected, is deleted with the counts it holds, so its words are readable nowhere. Run
    after the post's erasure (from then on nothing can be harvested from it), so a retry finds the rest."""
    deleted = 0
    for extract in extracts_repo.extracts_of_post(slug, post_id):
        for _ in range(5):
            try:
                extracts_repo.delete_extract(slug, extract)
                deleted += 1
                break
            except ConditionFailed:  # its state changed meanwhile (a review): delete it as it is now
                extract = extracts_repo.get_extract(slug, extract.extract_id)
                if extract is None:
                    break
    return deleted
