"""The table of ideas is a tree: siblings ordered by a number, moves never create a cycle."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Node:
    id: str
    parent_id: str | None
    order: float


class InvalidMove(ValueError):
    pass


def descendants(nodes: list[Node], root_id: str) -> set[str]:
    children: dict[str | None, list[str]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node.id)
    found, stack = set(), [root_id]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def order_at(nodes: list[Node], parent_id: str | None, position: int, moving_id: str | None = None) -> float:
    """An order value that puts an idea at `position` among the children of `parent_id`."""
    siblings = sorted((n for n in nodes if n.parent_id == parent_id and n.id != moving_id), key=lambda n: n.order)
    position = min(position, len(siblings))
    if not siblings:
        return 1.0
    if position == 0:
        return siblings[0].order - 1.0
    if position == len(siblings):
        return siblings[-1].order + 1.0
    return (siblings[position - 1].order + siblings[position].order) / 2.0


MIN_GAP = 1e-6


def needs_renumbering(nodes: list[Node], parent_id: str | None, moving_id: str | None = None) -> bool:
    """After many inserts at one place, halving gaps runs out of float precision: renumber first."""
    orders = sorted(n.order for n in nodes if n.parent_id == parent_id and n.id != moving_id)
    return any(b - a < MIN_GAP for a, b in zip(orders, orders[1:]))


def renumbered(nodes: list[Node], parent_id: str | None) -> dict[str, float]:
    """New, evenly spaced orders for the children of parent_id, keeping their order."""
    siblings = sorted((n for n in nodes if n.parent_id == parent_id), key=lambda n: (n.order, n.id))
    return {n.id: float(index + 1) for index, n in enumerate(siblings)}


def check_move(nodes: list[Node], moving_id: str, new_parent_id: str | None) -> None:
    ids = {n.id for n in nodes}
    if moving_id not in ids:
        raise InvalidMove("idea not found")
    if new_parent_id is None:
        return
    if new_parent_id not in ids:
        raise InvalidMove("the new parent idea does not exist")
    if new_parent_id == moving_id or new_parent_id in descendants(nodes, moving_id):
        raise InvalidMove("an idea cannot move under itself or one of its descendants")
