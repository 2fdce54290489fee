"""domain/ideas.py: the table of ideas is a tree, siblings ordered by a number, moves never make a cycle."""
from __future__ import annotations

import pytest

from chalicelib.domain.ideas import (InvalidMove, Node, check_move, descendants, needs_renumbering, order_at,
                                     renumbered)

#   a            e
#   ├── b
#   │   └── c
#   └── d
TREE = [Node("a", None, 1.0), Node("b", "a", 1.0), Node("c", "b", 1.0), Node("d", "a", 2.0), Node("e", None, 2.0)]


def siblings_after(nodes: list[Node], parent_id, moving_id: str, order: float) -> list[str]:
    moved = [Node(n.id, parent_id, order) if n.id == moving_id else n for n in nodes]
    return [n.id for n in sorted((n for n in moved if n.parent_id == parent_id), key=lambda n: n.order)]


def test_first_child_gets_a_starting_order():
    assert order_at([], None, 0) == 1.0
    assert order_at(TREE, "c", 5) == 1.0  # c has no children


ROOTS = [Node("r1", None, 1.0), Node("r2", None, 2.0), Node("r3", None, 3.0), Node("x", "r1", 10.0)]


@pytest.mark.parametrize("position, expected", [
    (0, ["new", "r1", "r2", "r3"]),
    (1, ["r1", "new", "r2", "r3"]),
    (2, ["r1", "r2", "new", "r3"]),
    (3, ["r1", "r2", "r3", "new"]),
    (99, ["r1", "r2", "r3", "new"]),  # clamped to the end
])
def test_order_at_puts_a_new_idea_at_the_position(position, expected):
    order = order_at(ROOTS, None, position)
    nodes = ROOTS + [Node("new", None, order)]
    assert siblings_after(nodes, None, "new", order) == expected


@pytest.mark.parametrize("moving, position, expected", [
    ("r3", 0, ["r3", "r1", "r2"]),
    ("r1", 2, ["r2", "r3", "r1"]),
    ("r1", 1, ["r2", "r1", "r3"]),
    ("r2", 1, ["r1", "r2", "r3"]),  # already there: stays
    ("r2", 0, ["r2", "r1", "r3"]),
    ("r1", 50, ["r2", "r3", "r1"]),
])
def test_order_at_moves_within_siblings_ignoring_the_moving_idea(moving, position, expected):
    order = order_at(ROOTS, None, position, moving_id=moving)
    assert siblings_after(ROOTS, None, moving, order) == expected


def test_order_at_only_looks_at_the_target_parents_children():
    assert order_at(ROOTS, "r1", 0) == 9.0
    assert order_at(ROOTS, "r1", 1) == 11.0


def test_successive_reorders_keep_every_position_consistent():
    nodes = [Node(f"n{i}", None, float(i)) for i in range(6)]
    expected = [n.id for n in nodes]
    for moving, position in [("n5", 0), ("n0", 3), ("n2", 5), ("n5", 2), ("n3", 1), ("n1", 0)]:
        order = order_at(nodes, None, position, moving_id=moving)
        nodes = [Node(n.id, None, order) if n.id == moving else n for n in nodes]
        expected.remove(moving)
        expected.insert(min(position, len(expected)), moving)
        assert [n.id for n in sorted(nodes, key=lambda n: n.order)] == expected


def test_many_inserts_at_the_same_position_keep_distinct_orders():
    """Halving the gap runs out of float precision after ~50 inserts at one place: the services renumber the
    siblings first whenever needs_renumbering says so (services/ideas._nodes), as here."""
    nodes = [Node("first", None, 1.0), Node("last", None, 2.0)]
    renumberings = 0
    for i in range(200):
        if needs_renumbering(nodes, None):
            orders = renumbered(nodes, None)
            nodes = [Node(n.id, n.parent_id, orders.get(n.id, n.order)) for n in nodes]
            renumberings += 1
        nodes.append(Node(f"n{i}", None, order_at(nodes, None, 1)))
    assert len({n.order for n in nodes}) == len(nodes)
    ordered = [n.id for n in sorted(nodes, key=lambda n: n.order)]
    assert ordered[0] == "first" and ordered[1] == "n199" and ordered[-1] == "last"
    assert ordered[1:-1] == [f"n{i}" for i in reversed(range(200))]  # each insert went right after "first"
    assert 1 <= renumberings <= 10


def test_descendants():
    assert descendants(TREE, "a") == {"b", "c", "d"}
    assert descendants(TREE, "b") == {"c"}
    assert descendants(TREE, "e") == set()


def test_descendants_terminates_on_corrupt_cyclic_data():
    looped = [Node("p", "q", 1.0), Node("q", "p", 1.0)]
    assert descendants(looped, "p") == {"p", "q"}


@pytest.mark.parametrize("moving, new_parent", [("a", "a"), ("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"),
                                                ("b", "b")])
def test_moves_under_itself_or_a_descendant_are_refused(moving, new_parent):
    with pytest.raises(InvalidMove):
        check_move(TREE, moving, new_parent)


@pytest.mark.parametrize("moving, new_parent", [("a", None), ("c", None), ("c", "a"), ("c", "e"), ("a", "e"),
                                                ("b", "d"), ("d", "c"), ("e", "c")])
def test_other_moves_are_allowed(moving, new_parent):
    check_move(TREE, moving, new_parent)


def test_unknown_ideas_are_refused():
    with pytest.raises(InvalidMove):
        check_move(TREE, "zz", None)
    with pytest.raises(InvalidMove):
        check_move(TREE, "a", "zz")
