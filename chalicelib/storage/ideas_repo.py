"""Access patterns on the table of ideas (one partition per debate)."""
from __future__ import annotations

from chalicelib.storage import idempotency_repo, keys
from chalicelib.storage.models import IdempotencyRecord, Idea, IdeaContributor
from chalicelib.storage.transactions import conditional, transaction


def list_ideas(slug: str) -> list[Idea]:
    """One Query on D#{slug}#IDEAS (paginated by PynamoDB if it ever exceeds 1 MB)."""
    return list(Idea.query(keys.ideas(slug), Idea.sk.startswith("I#")))


def get_idea(slug: str, idea_id: str) -> Idea | None:
    try:
        return Idea.get(keys.ideas(slug), keys.idea_sk(idea_id))
    except Idea.DoesNotExist:
        return None


def new_idea(slug: str, idea_id: str, **fields) -> Idea:
    return Idea(keys.ideas(slug), keys.idea_sk(idea_id), idea_id=idea_id, **fields)


def create_idea(idea: Idea, idempotency: IdempotencyRecord | None = None) -> None:
    """With an idempotency record, one transaction: a retry fails on the record ("idempotency")."""
    if idempotency is None:
        with conditional():
            idea.save(condition=Idea.pk.does_not_exist())
        return
    with transaction() as tx:
        tx.put("idea", idea, condition=Idea.pk.does_not_exist())
        idempotency_repo.put_in(tx, idempotency)


def update_idea(slug: str, idea_id: str, **fields) -> None:
    """UpdateItem of the given attributes (title, description, parent_id, order), only if the idea exists."""
    actions = []
    for name, value in fields.items():
        attribute = getattr(Idea, name)
        actions.append(attribute.remove() if value is None else attribute.set(value))
    with conditional():
        Idea(keys.ideas(slug), keys.idea_sk(idea_id)).update(actions=actions, condition=Idea.pk.exists())


def counts_update(slug: str, idea_id: str, *, posts: int = 0, contributors: int = 0, reactions: int = 0,
                  extracts: int = 0):
    """(model, actions, condition) moving an idea's counts inside a transaction."""
    actions = []
    for attribute, delta in ((Idea.post_count, posts), (Idea.contributor_count, contributors),
                             (Idea.reaction_count, reactions), (Idea.extract_count, extracts)):
        if delta:
            actions.append(attribute.add(delta))
    return Idea(keys.ideas(slug), keys.idea_sk(idea_id)), actions, Idea.pk.exists()


def contributor_counts(slug: str, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], int | None]:
    """BatchGet of (idea, user) contributor items: how many published posts each person has in each idea
    (None when the item does not exist)."""
    found = {(ic.sk.split("#")[1], ic.sk.split("#")[2]): int(ic.n)
             for ic in IdeaContributor.batch_get([(keys.ideas(slug), keys.idea_contributor_sk(i, u)) for i, u in pairs])}
    return {pair: found.get(pair) for pair in pairs}


def contributor_update(tx, slug: str, idea_id: str, user_id: str, delta: int, old: int | None, name: str) -> int:
    """Within a transaction: move a person's post count in an idea, conditioned on the value read.
    Returns the change of the idea's contributor_count (+1 when it leaves zero, -1 when it reaches it)."""
    item = IdeaContributor(keys.ideas(slug), keys.idea_contributor_sk(idea_id, user_id))
    condition = IdeaContributor.pk.does_not_exist() if old is None else (IdeaContributor.n == old)
    tx.update(name, item, [IdeaContributor.type.set(IdeaContributor), IdeaContributor.n.add(delta)],
              condition=condition)
    before = old or 0
    return (1 if before + delta > 0 else 0) - (1 if before > 0 else 0)
