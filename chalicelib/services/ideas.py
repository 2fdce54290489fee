"""Use cases on the table of ideas."""
from __future__ import annotations

from chalicelib.api import schemas
from chalicelib.domain import clock, ids, ideas as tree
from chalicelib.domain.text import clean_texts, clean_titles
from chalicelib.errors import NotFound, Unprocessable
from chalicelib.services import access as access_service
from chalicelib.services.identity import Caller
from chalicelib.services.presenters import idea_view
from chalicelib.storage import idempotency_repo, ideas_repo, keys
from chalicelib.storage.transactions import ConditionFailed


def _nodes(slug: str, parent_id: str | None = None, moving_id: str | None = None) -> list[tree.Node]:
    """The tree; if the siblings under parent_id have run out of room between their orders, renumber them."""
    nodes = [tree.Node(i.idea_id, i.parent_id, float(i.order)) for i in ideas_repo.list_ideas(slug)]
    if tree.needs_renumbering(nodes, parent_id, moving_id):
        orders = tree.renumbered(nodes, parent_id)
        for idea_id, order in orders.items():
            ideas_repo.update_idea(slug, idea_id, order=order)
        nodes = [tree.Node(n.id, n.parent_id, orders.get(n.id, n.order)) for n in nodes]
    return nodes


def list_ideas(slug: str, caller: Caller | None) -> dict:
    access_service.load(slug, caller)
    items = sorted((i for i in ideas_repo.list_ideas(slug) if not i.merged_into),
                   key=lambda i: (i.parent_id or "", float(i.order)))
    return {"items": [idea_view(i) for i in items]}


def create_idea(slug: str, caller: Caller | None, data: schemas.IdeaInput,
                idempotency_key: str | None = None) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("manage_ideas")
    nodes = _nodes(slug, data.parent_id)
    if data.parent_id is not None and data.parent_id not in {n.id for n in nodes}:
        raise Unprocessable("parent_id: no such idea in this debate",
                            details={"fields": [{"field": "parent_id", "message": "no such idea in this debate"}]})
    idea = ideas_repo.new_idea(slug, ids.new_id(), parent_id=data.parent_id,
                               order=tree.order_at(nodes, data.parent_id, len(nodes)),
                               title=clean_titles(data.title), description=clean_texts(data.description),
                               post_count=0,
                               created_at=clock.now_iso())
    if idempotency_key is None:
        ideas_repo.create_idea(idea)
        return idea_view(idea)
    pk = keys.member(slug, me.user_id)
    asked = idempotency_repo.fingerprint("idea", data.model_dump_json())
    try:
        ideas_repo.create_idea(idea, idempotency_repo.new_record(pk, keys.idempotency_sk(idempotency_key),
                                                                 idea.idea_id, asked))
    except ConditionFailed as failure:
        record = idempotency_repo.get(pk, idempotency_key) if "idempotency" in failure.failed else None
        if record is None:
            raise
        if record.fingerprint != asked:
            raise Unprocessable("This Idempotency-Key was already used for another request; use a new key for each "
                                "new idea.", code="idempotency_key_reused") from None
        earlier = ideas_repo.get_idea(slug, record.result_ref)
        if earlier is None:
            raise NotFound("The idea created by the first request no longer exists.") from None
        return idea_view(earlier)
    return idea_view(idea)


def update_idea(slug: str, caller: Caller | None, idea_id: str, data: schemas.IdeaPatch) -> dict:
    access = access_service.load(slug, caller)
    access.require("manage_ideas")
    fields = {name: value for name, value in (("title", clean_titles(data.title) if data.title else None),
                                              ("description", clean_texts(data.description)
                                               if data.description is not None else None))
              if value is not None}
    if ideas_repo.get_idea(slug, idea_id) is None:
        raise NotFound("No idea has this id in this debate.")
    if fields:
        ideas_repo.update_idea(slug, idea_id, **fields)
    return idea_view(ideas_repo.get_idea(slug, idea_id))


def move_idea(slug: str, caller: Caller | None, idea_id: str, data: schemas.IdeaMove) -> dict:
    access = access_service.load(slug, caller)
    access.require("manage_ideas")
    nodes = _nodes(slug, data.parent_id, idea_id)
    if idea_id not in {n.id for n in nodes}:
        raise NotFound("No idea has this id in this debate.")
    try:
        tree.check_move(nodes, idea_id, data.parent_id)
    except tree.InvalidMove as error:
        raise Unprocessable(f"parent_id: {error}",
                            details={"fields": [{"field": "parent_id", "message": str(error)}]}) from None
    order = tree.order_at(nodes, data.parent_id, data.position, moving_id=idea_id)
    ideas_repo.update_idea(slug, idea_id, parent_id=data.parent_id, order=order)
    return idea_view(ideas_repo.get_idea(slug, idea_id))
