"""Curating the table of ideas: move a thread to another idea, split an idea, merge one idea into another.
Every move keeps each idea's posts, contributors, reactions and extracts counts exact (one transaction per
thread or extract, conditioned on what was read)."""
from __future__ import annotations

from chalicelib.domain import clock, ids, ideas as tree
from chalicelib.domain.extracts import STATES as EXTRACT_LISTS
from chalicelib.errors import Conflict, NotFound, Unprocessable
from chalicelib.services import access as access_service
from chalicelib.services.identity import Caller
from chalicelib.services.presenters import idea_view, post_view
from chalicelib.storage import extracts_repo, ideas_repo, posts_repo
from chalicelib.storage.models import Idea, Post
from chalicelib.storage.transactions import ConditionFailed, retrying

MAX_THREAD_AUTHORS = 45  # 3 + 2 items per author must fit DynamoDB's 100-item transaction
MERGE_BATCH = 100


def _idea(slug: str, idea_id: str, field: str = "idea_id") -> Idea:
    idea = ideas_repo.get_idea(slug, idea_id) if ids.is_id(idea_id) else None
    if idea is None or idea.merged_into:
        raise Unprocessable(f"{field}: no such idea in this debate",
                            details={"fields": [{"field": field, "message": "no such idea in this debate"}]})
    return idea


def _move_one_thread(slug: str, root: Post, to_idea: str) -> None:
    for _ in range(5):
        root = posts_repo.get_post(slug, root.post_id, consistent=True)
        if root.idea_id == to_idea:
            return
        thread = posts_repo.load_subtree(slug, root)
        authors = {p.author_id for p in thread if p.state == "published"}
        if len(authors) > MAX_THREAD_AUTHORS:
            raise Conflict(f"This thread has {len(authors)} contributors; threads of more than {MAX_THREAD_AUTHORS} "
                           "cannot be moved atomically.", code="thread_too_large")
        pairs = [(idea, a) for a in authors for idea in (root.idea_id, to_idea)]
        counts = ideas_repo.contributor_counts(slug, pairs)
        try:
            retrying(lambda: posts_repo.move_thread(slug, root, thread, to_idea, counts))
            return
        except ConditionFailed:
            continue  # a post was added or moved meanwhile: read again
    raise Conflict("This thread is changing right now; try again.", code="concurrent_change")


def move_thread(slug: str, caller: Caller | None, post_id: str, to_idea: str) -> dict:
    access = access_service.load(slug, caller)
    access.require("manage_ideas")
    root = posts_repo.get_post(slug, post_id, consistent=True) if ids.is_id(post_id) else None
    if root is None:
        raise NotFound("No post has this id in this debate (only a thread's first post can be moved).")
    _idea(slug, to_idea)
    _move_one_thread(slug, root, to_idea)
    return post_view(posts_repo.get_post(slug, post_id, consistent=True))


def _move_extract(slug: str, extract, from_idea: str, to_idea: str, attempts: int = 5) -> None:
    """Move an extract between ideas as it is now: a harvester may confirm, reject or move it meanwhile (the write
    is conditioned on the state and idea read; on a change, read it again and move that)."""
    current = extract
    for _ in range(attempts):
        if current is None or current.idea_id != from_idea:
            return  # deleted, or moved elsewhere by someone else meanwhile
        try:
            retrying(lambda: extracts_repo.change_extract(slug, current, [], new_idea_id=to_idea))
            return
        except ConditionFailed:
            current = extracts_repo.get_extract(slug, current.extract_id)
    raise Conflict("This extract keeps changing; try again.", code="concurrent_change")


def split(slug: str, caller: Caller | None, idea_id: str, data) -> dict:
    """A new idea beside this one, taking the chosen threads and extracts with it."""
    access = access_service.load(slug, caller)
    access.require("manage_ideas")
    source = _idea(slug, idea_id)
    roots = []
    for post_id in data.post_ids:
        root = posts_repo.get_post(slug, post_id, consistent=True) if ids.is_id(post_id) else None
        if root is None or root.idea_id != idea_id:
            raise Unprocessable(f"post_ids: {post_id} is not a thread of this idea",
                                details={"fields": [{"field": "post_ids", "message": f"{post_id} is not a thread "
                                                                                     "of this idea"}]})
        roots.append(root)
    extracts = []
    for extract_id in data.extract_ids:
        extract = extracts_repo.get_extract(slug, extract_id) if "~" in extract_id else None
        if extract is None or extract.idea_id != idea_id:
            raise Unprocessable(f"extract_ids: {extract_id} is not an extract of this idea",
                                details={"fields": [{"field": "extract_ids", "message": f"{extract_id} is not an "
                                                                                        "extract of this idea"}]})
        extracts.append(extract)
    nodes = [tree.Node(i.idea_id, i.parent_id, float(i.order)) for i in ideas_repo.list_ideas(slug)]
    siblings = sorted((n for n in nodes if n.parent_id == source.parent_id), key=lambda n: n.order)
    position = next(i for i, n in enumerate(siblings) if n.id == idea_id) + 1
    new = ideas_repo.new_idea(slug, ids.new_id(), parent_id=source.parent_id,
                              order=tree.order_at(nodes, source.parent_id, position), title=data.title,
                              description=data.description, post_count=0, created_at=clock.now_iso())
    ideas_repo.create_idea(new)
    for root in roots:
        _move_one_thread(slug, root, new.idea_id)
    for extract in extracts:
        _move_extract(slug, extract, idea_id, new.idea_id)
    return {"idea": idea_view(ideas_repo.get_idea(slug, new.idea_id)),
            "source": idea_view(ideas_repo.get_idea(slug, idea_id))}


def merge(slug: str, caller: Caller | None, idea_id: str, into_id: str) -> tuple[dict, bool]:
    """Merge this idea into another: its sub-ideas, threads and extracts move there, then it disappears from the
    table. Large ideas move in batches: call again until `done` (each call is bounded; calls are idempotent)."""
    access = access_service.load(slug, caller)
    access.require("manage_ideas")
    if idea_id == into_id:
        raise Unprocessable("into_id: an idea cannot merge into itself",
                            details={"fields": [{"field": "into_id", "message": "must be another idea"}]})
    source = ideas_repo.get_idea(slug, idea_id) if ids.is_id(idea_id) else None
    if source is None:
        raise NotFound("No idea has this id in this debate.")
    if source.merged_into and source.merged_into != into_id:
        raise Conflict("This idea was merged into another idea already.", code="already_merged")
    target = _idea(slug, into_id, "into_id")
    nodes = [tree.Node(i.idea_id, i.parent_id, float(i.order)) for i in ideas_repo.list_ideas(slug)]
    if into_id in tree.descendants(nodes, idea_id):
        raise Unprocessable("into_id: an idea cannot merge into one of its own sub-ideas",
                            details={"fields": [{"field": "into_id", "message": "is a sub-idea of this idea"}]})
    if not source.merged_into:
        ideas_repo.update_idea(slug, idea_id, merged_into=into_id)  # no new posts land in it from now on
    for child in (n for n in nodes if n.parent_id == idea_id):
        ideas_repo.update_idea(slug, child.id, parent_id=target.idea_id,
                               order=tree.order_at(nodes, target.idea_id, 10**6, moving_id=child.id))
    roots, _ = posts_repo.list_idea_posts(slug, idea_id, MERGE_BATCH, None)
    for root in roots:
        _move_one_thread(slug, root, into_id)
    extracts = []
    for state in EXTRACT_LISTS:  # each state is its own list: published, the suggestions, the rejected ones
        if len(extracts) < MERGE_BATCH:
            page, _ = extracts_repo.extracts_of_idea(slug, idea_id, MERGE_BATCH - len(extracts), None, state=state)
            extracts += page
    for extract in extracts:
        _move_extract(slug, extract, idea_id, into_id)
    done = len(roots) < MERGE_BATCH and len(extracts) < MERGE_BATCH
    return {"done": done, "moved_posts": len(roots), "moved_extracts": len(extracts),
            "into": idea_view(ideas_repo.get_idea(slug, into_id))}, done
