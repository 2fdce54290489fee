"""A caller's access to one debate: loads the debate and the caller's Member record, decides permissions.
A private debate is 404 to anyone who is not a member, so its existence does not leak."""
from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.domain import permissions
from chalicelib.domain.rate_limits import write_limits
from chalicelib.services import rate_limits
from chalicelib.errors import Conflict, Forbidden, NotFound, Unauthorized
from chalicelib.services.identity import Caller
from chalicelib.storage import debates_repo, members_repo
from chalicelib.storage.models import Debate, Member


@dataclass
class Access:
    debate: Debate
    caller: Caller | None
    member: Member | None
    counts: dict[str, int] = field(default_factory=dict)
    _counted: bool = field(default=False, repr=False)

    @property
    def slug(self) -> str:
        return self.debate.slug

    @property
    def roles(self) -> list[str]:
        if self.member is not None:
            return list(self.member.roles)
        return []

    @property
    def granted(self) -> frozenset[str]:
        if self.caller is None:
            return frozenset({"read"}) if self.debate.visibility == "public" else frozenset()
        if self.has_place:
            return permissions.permissions_for(self.member.roles)
        # no Member record, one whose place an organiser took away (no roles), or, in a private debate, one no
        # organiser named (someone who took part while the debate was public): anyone signed in
        if self.debate.visibility == "public":
            return permissions.SELF_REGISTERED
        return frozenset()

    @property
    def has_place(self) -> bool:
        """Roles that count here: in a private debate, only those an organiser gave (members_repo.has_place)."""
        return self.member is not None and members_repo.has_place(self.member, self.debate.visibility)

    def can(self, permission: str) -> bool:
        return permission in self.granted

    def require(self, permission: str, *, ballot: bool = False) -> Caller:
        """ballot: the write is a ballot, counted in the ballots' own allowance."""
        if self.caller is None:
            raise Unauthorized("Sign in to do this.")
        if permission not in self.granted:
            raise Forbidden("Your role in this debate does not allow this.")
        if permission in permissions.WRITE_PERMISSIONS and self.debate.status != "open":
            raise Conflict("This debate is closed to new contributions.", code="debate_closed")
        if permission in permissions.CONTRIBUTIONS and self.consent_needed:
            raise Forbidden("Accept this debate's terms before contributing.", code="consent_required")
        if permission in permissions.RATE_LIMITED_PERMISSIONS and not self._counted:
            self._count_write(ballot)
        if permission in permissions.WRITE_PERMISSIONS or permission in permissions.OWN_DATA_WRITES:
            self.anchor()
        return self.caller

    def _count_write(self, ballot: bool) -> None:
        """Once per request, before anything is written: a refused request writes nothing else."""
        self._counted = True
        if permissions.UNLIMITED_ROLES & set(self.roles):
            return
        rate_limits.consume_write(self.slug, write_limits(self.debate.write_limit_overrides), self.caller.user_id,
                                  self.caller.source_ip, ballot=ballot)

    @property
    def terms_version(self) -> str | None:
        terms = self.debate.terms
        if not terms:
            return None
        return (terms.as_dict() if hasattr(terms, "as_dict") else dict(terms)).get("version")

    @property
    def consent_needed(self) -> bool:
        """The debate has terms and the Member record (already read) has not accepted this version of them."""
        version = self.terms_version
        return version is not None and (self.member is None or self.member.consent_version != version)

    def anchor(self) -> None:
        """Before the caller's first write into their member partition of this debate: the Member record and the
        U#{user} / DEB#{slug} index item (docs/data-model.md, "Personal data"). One write, once per person."""
        if self.caller is None or (self.member is not None and self.member.indexed):
            return
        from chalicelib.domain import clock

        from chalicelib.storage import keys

        now = clock.now_iso()
        members_repo.anchor(self.slug, self.caller.user_id, now)
        if self.member is None:  # what the update just wrote (no read back)
            self.member = Member(keys.member(self.slug, self.caller.user_id), keys.MEMBER_SK, debate_slug=self.slug,
                                 user_id=self.caller.user_id, roles=["participant"], joined_at=now)
        self.member.indexed = True

    @property
    def first_contribution(self) -> bool:
        return self.member is None or self.member.contributed_at is None


def load(slug: str, caller: Caller | None, *, with_counts: bool = False) -> Access:
    if with_counts:
        debate, counts = debates_repo.get_debate_with_counts(slug)
    else:
        debate, counts = debates_repo.get_debate(slug), {}
    if debate is None:
        raise NotFound("No debate has this address.")
    member = members_repo.get_member(slug, caller.user_id) if caller else None
    access = Access(debate, caller, member, counts)
    if not access.can("read"):
        raise NotFound("No debate has this address.")
    return access
