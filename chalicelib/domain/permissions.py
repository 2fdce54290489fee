"""Who may do what in a debate. Roles always come from the server-side Member record."""
from __future__ import annotations

ROLES = ("participant", "harvester", "moderator", "organiser")

_PARTICIPANT = {"read", "post", "react", "take_stance", "edit_own_post", "delete_own_post"}
_HARVESTER = _PARTICIPANT | {"harvest"}
_MODERATOR = _HARVESTER | {"manage_ideas", "moderate", "delete_any_post", "see_staff", "edit_synthesis",
                           "publish_synthesis"}
_ORGANISER = _MODERATOR | {"administer", "assign_roles"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "participant": frozenset(_PARTICIPANT),
    "harvester": frozenset(_HARVESTER),
    "moderator": frozenset(_MODERATOR),
    "organiser": frozenset(_ORGANISER),
}

# What a signed-in person who is not (yet) a member may do in a public debate: join by contributing.
SELF_REGISTERED = ROLE_PERMISSIONS["participant"]
# Writes that need the debate to be open. Harvesting and syntheses go on after a consultation closes.
WRITE_PERMISSIONS = frozenset({"post", "react", "take_stance", "edit_own_post"})
# Participants' writes counted against the debate's write limits (posts, replies, edits, deletions, reactions,
# flags, stances, ballots). Staff actions are not: organisers chose their staff.
RATE_LIMITED_PERMISSIONS = WRITE_PERMISSIONS | {"delete_own_post"}
UNLIMITED_ROLES = frozenset({"harvester", "moderator", "organiser"})
# Contributions need the person's consent to the debate's terms, when the debate has terms; an edit publishes new
# text, so it is one too (deleting one's own post is not).
CONTRIBUTIONS = frozenset({"post", "react", "take_stance", "edit_own_post"})
# Other writes that put items naming the person under their member partition (the index must exist first).
OWN_DATA_WRITES = frozenset({"harvest"})


def permissions_for(roles: list[str] | tuple[str, ...]) -> frozenset[str]:
    granted: set[str] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS.get(role, frozenset())
    return frozenset(granted)


def normalise_roles(roles: list[str]) -> list[str]:
    """Roles in canonical order; every member is at least a participant."""
    wanted = set(roles) | {"participant"}
    return [role for role in ROLES if role in wanted]
