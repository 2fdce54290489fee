"""Access patterns on the table of ideas (one partition per debate)."""
from __future__ import annotations

from chalicelib.storage import keys
from chalicelib.storage.models import Idea
from chalicelib.storage.transactions import conditional


def list_ideas(slug: str) -> list[Idea]:
    """One Query on D#{slug}#IDEAS (paginated by PynamoDB if it ever exceeds 1 MB)."""
    return list(Idea.query(keys.ideas(slug)))


def get_idea(slug: str, idea_id: str) -> Idea | None:
    try:
        return Idea.get(keys.ideas(slug), keys.idea_sk(idea_id))
    except Idea.DoesNotExist:
        return None


def new_idea(slug: str, idea_id: str, **fields) -> Idea:
    return Idea(keys.ideas(slug), keys.idea_sk(idea_id), idea_id=idea_id, **fields)


def create_idea(idea: Idea) -> None:
    with conditional():
        idea.save(condition=Idea.pk.does_not_exist())


def update_idea(slug: str, idea_id: str, **fields) -> None:
    """UpdateItem of the given attributes (title, description, parent_id, order), only if the idea exists."""
    actions = []
    for name, value in fields.items():
        attribute = getattr(Idea, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    with conditional():
        Idea(keys.ideas(slug), keys.idea_sk(idea_id)).update(actions=actions, condition=Idea.pk.exists())


def post_count_update(slug: str, idea_id: str, delta: int):
    """(model, actions, condition) for transactions that add or remove a listed post."""
    return (Idea(keys.ideas(slug), keys.idea_sk(idea_id)), [Idea.post_count.add(delta)], Idea.pk.exists())
