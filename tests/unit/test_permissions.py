"""domain/permissions.py: the role matrix."""
from __future__ import annotations

import pytest

from chalicelib.domain import permissions as p

#                   participant harvester moderator organiser
MATRIX = {
    "read":              (1, 1, 1, 1),
    "post":              (1, 1, 1, 1),
    "react":             (1, 1, 1, 1),
    "take_stance":       (1, 1, 1, 1),
    "edit_own_post":     (1, 1, 1, 1),
    "delete_own_post":   (1, 1, 1, 1),
    "harvest":           (0, 1, 1, 1),
    "manage_ideas":      (0, 0, 1, 1),
    "moderate":          (0, 0, 1, 1),
    "delete_any_post":   (0, 0, 1, 1),
    "see_staff":         (0, 0, 1, 1),
    "edit_synthesis":    (0, 0, 1, 1),
    "publish_synthesis": (0, 0, 1, 1),
    "administer":        (0, 0, 0, 1),
    "assign_roles":      (0, 0, 0, 1),
}


@pytest.mark.parametrize("role_index, role", list(enumerate(p.ROLES)))
@pytest.mark.parametrize("permission", sorted(MATRIX))
def test_role_matrix(role_index, role, permission):
    assert (permission in p.permissions_for([role])) == bool(MATRIX[permission][role_index])


def test_no_role_grants_anything_outside_the_matrix():
    for role in p.ROLES:
        assert p.permissions_for([role]) <= set(MATRIX), role


def test_roles_are_cumulative():
    granted = [p.permissions_for([role]) for role in p.ROLES]
    for lower, higher in zip(granted, granted[1:]):
        assert lower < higher


def test_several_roles_union_and_unknown_roles_grant_nothing():
    assert p.permissions_for(["participant", "harvester"]) == p.permissions_for(["harvester"])
    assert p.permissions_for(["admin", "root"]) == frozenset()
    assert p.permissions_for([]) == frozenset()
    assert p.permissions_for(("organiser", "nonsense")) == p.permissions_for(["organiser"])


def test_self_registered_people_are_participants():
    assert p.SELF_REGISTERED == p.permissions_for(["participant"])


def test_writes_that_need_an_open_debate():
    assert {"post", "react", "take_stance"} <= p.WRITE_PERMISSIONS
    assert "read" not in p.WRITE_PERMISSIONS and "administer" not in p.WRITE_PERMISSIONS


@pytest.mark.parametrize("given, expected", [
    ([], ["participant"]),
    (["moderator"], ["participant", "moderator"]),
    (["organiser", "harvester", "organiser"], ["participant", "harvester", "organiser"]),
    (["participant"], ["participant"]),
    (["admin", "moderator"], ["participant", "moderator"]),
])
def test_normalise_roles(given, expected):
    assert p.normalise_roles(given) == expected
