"""Use cases on debates and their members."""
from __future__ import annotations

import hashlib
import json

from chalicelib.api import schemas
from chalicelib.domain import clock, debates as rules, permissions, rate_limits as limits
from chalicelib.domain.text import clean_texts, clean_titles
from chalicelib.errors import Conflict, Forbidden, NotFound, Unprocessable
from chalicelib.services import access as access_service
from chalicelib.services.identity import Caller, is_default_display_name, normalise_email, user_for_email
from chalicelib.services.presenters import consent_view, debate_view, member_view
from chalicelib.storage import debates_repo, keys, members_repo, users_repo
from chalicelib.storage.models import Debate, Phase
from chalicelib.storage.transactions import ConditionFailed


def _invalid(error: rules.InvalidDebate) -> Unprocessable:
    return Unprocessable(f"{error.field}: {error.message}",
                         details={"fields": [{"field": error.field, "message": error.message}]})


def _check(check, *args):
    """A domain rule's answer, or its InvalidDebate as a 422."""
    try:
        return check(*args)
    except rules.InvalidDebate as error:
        raise _invalid(error) from None


def _phases(phases: list[schemas.PhaseInput], languages: list[str]) -> list[Phase]:
    return [Phase(**p) for p in _check(rules.normalise_phases, [p.model_dump() for p in phases], languages)]


def _write_limits(stored: dict | None, given: schemas.WriteLimitsInput | None) -> dict | None:
    """The organiser's overrides, merged field by field and checked as a whole (hour >= minute)."""
    if given is None:
        return stored
    merged = {**(stored or {}), **given.model_dump(exclude_none=True)}
    try:
        limits.check(limits.write_limits(merged))
    except limits.InvalidLimits as error:
        raise Unprocessable(f"write_limits: {error}", details={"fields": [
            {"field": "write_limits", "message": str(error)}]}) from None
    return merged


def _creation_hash(data: schemas.DebateInput) -> str:
    """The request as sent (a phase without an id gets a new one each time, so ids given only are part of it)."""
    return hashlib.sha256(json.dumps(data.model_dump(mode="json"), sort_keys=True).encode()).hexdigest()


def create_debate(caller: Caller, data: schemas.DebateInput) -> dict:
    if not caller.is_platform_organiser:
        raise Forbidden("Only organisers can create debates; ask the platform operator.")
    languages = list(data.languages)
    _check(rules.check_languages, languages)
    _check(rules.check_timezone, data.timezone)
    now = clock.now_iso()
    title = clean_titles(data.title)
    description = clean_texts(data.description)
    _check(rules.check_texts_languages, "title", title, languages)
    _check(rules.check_texts_languages, "description", description, languages)
    _check(rules.check_title, title, languages)
    debate = Debate(keys.debate(data.slug), keys.DEBATE_META, slug=data.slug, title=title,
                    description=description, languages=languages,
                    default_language=data.default_language, visibility=data.visibility, status="open",
                    timezone=data.timezone, phases=_phases(data.phases, languages), premoderation=data.premoderation,
                    write_limits=_write_limits(None, data.write_limits), created_at=now, created_by=caller.user_id,
                    rev=1, creation_hash=_creation_hash(data))
    # listed in gsi1 either way: public ones for GET /debates, private ones for the summarizer (never listed)
    debate.gsi1pk = keys.PUBLIC_DEBATES if data.visibility == "public" else keys.PRIVATE_DEBATES
    debate.gsi1sk = f"{now}#{data.slug}"
    roles = permissions.normalise_roles(["organiser"])
    try:
        members_repo.create_debate_with_organiser(debate, caller.user_id, roles, now)
    except ConditionFailed as failure:
        if "archived" in failure.failed:
            raise Conflict("This address names an archived debate (its public archive stays there); choose another "
                           "slug.", code="slug_taken", details={"archived": True}) from None
        existing = debates_repo.get_debate(data.slug, consistent=True)
        # only the same organiser retrying the same request gets the debate back: another body (other visibility,
        # languages, phases...) is another debate, which this address cannot hold
        if existing is None or existing.created_by != caller.user_id or existing.creation_hash != debate.creation_hash:
            raise Conflict("This address is already taken; choose another slug.", code="slug_taken") from None
        # the debate they created stands, as it is now, and so does their place in it
        # (given with the debate; since then perhaps changed, or taken away, by a co-organiser)
        try:
            return get_debate(data.slug, caller)
        except NotFound:  # a private debate that took their place away
            raise Conflict("This address is already taken; choose another slug.", code="slug_taken") from None
    return debate_view(debate, counts={"posts": 0, "participants": 0, "stances": 0}, my_roles=roles)


def get_debate(slug: str, caller: Caller | None) -> dict:
    access = access_service.load(slug, caller, with_counts=True)
    return debate_view(access.debate, counts=access.counts, my_roles=access.roles,
                       my_consent=consent_view(access.member) if caller else None)


def list_public(limit: int, start_key: dict | None) -> tuple[list[dict], dict | None]:
    debates, last = debates_repo.list_public_debates(limit, start_key)
    return [debate_view(d) for d in debates], last


SAVE_ATTEMPTS = 5


def update_debate(slug: str, caller: Caller | None, patch: schemas.DebatePatch) -> dict:
    """Read, apply, write only over the version read; a concurrent write of the debate makes it start again from
    the debate as it now is (a PATCH of the title must not undo a PATCH of the status, nor an archive's address)."""
    access = access_service.load(slug, caller, with_counts=True)
    access.require("administer")
    debate = access.debate
    for _ in range(SAVE_ATTEMPTS):
        _apply_patch(debate, patch)
        try:
            debates_repo.save_debate(debate)
            break
        except ConditionFailed:
            debate = debates_repo.get_debate(slug, consistent=True)
            if debate is None:  # deleted meanwhile (its live items, after its archive)
                raise NotFound("No debate has this address.") from None
    else:
        raise Conflict("This debate's settings are being changed by someone else; please retry.",
                       code="concurrent_change")
    from chalicelib.services.moderation import record

    record(slug, access.caller.user_id, "update_debate", slug,
           {"fields": sorted(set(patch.model_dump(exclude_none=True)) | (patch.model_fields_set & {"terms"}))})
    return debate_view(debate, counts=access.counts, my_roles=access.roles, my_consent=consent_view(access.member))


def _apply_patch(debate: Debate, patch: schemas.DebatePatch) -> None:
    """The patch applied to the debate as read (its languages do not change: texts are checked against them)."""
    languages = list(debate.languages)
    if patch.title is not None:
        title = clean_titles(patch.title)
        _check(rules.check_texts_languages, "title", title, languages)
        _check(rules.check_title, title, languages)
        debate.title = title
    if patch.description is not None:
        description = clean_texts(patch.description)
        _check(rules.check_texts_languages, "description", description, languages)
        debate.description = description
    if patch.timezone is not None:
        _check(rules.check_timezone, patch.timezone)
        debate.timezone = patch.timezone
    if patch.phases is not None:
        phases = _phases(patch.phases, languages)
        _check_vote_phases(debate, phases)
        debate.phases = phases
    if patch.status is not None:
        debate.status = patch.status
    if patch.premoderation is not None:
        debate.premoderation = patch.premoderation
    debate.write_limits = _write_limits(debate.write_limit_overrides, patch.write_limits)
    if patch.visibility is not None:
        debate.visibility = patch.visibility
    if "terms" in patch.model_fields_set:  # null removes the terms
        debate.terms = None if patch.terms is None else {
            "version": patch.terms.version, "url": patch.terms.url, "text": clean_texts(patch.terms.text)}
    if patch.on_account_deletion is not None:
        debate.on_account_deletion = patch.on_account_deletion
    # public ones for GET /debates, private ones for the summarizer (a debate saved before both were indexed gets in)
    debate.gsi1pk = keys.PUBLIC_DEBATES if debate.visibility == "public" else keys.PRIVATE_DEBATES
    debate.gsi1sk = f"{debate.created_at}#{debate.slug}"


def _check_vote_phases(debate: Debate, phases: list[Phase]) -> None:
    """Vote sessions name their phase by id: a phase a session is attached to stays, and a vote that has opened
    does not go back to 'upcoming' (its ballots would no longer protect its proposals and modules). Ending a
    phase (now or in the past) closes its votes and stays allowed."""
    from chalicelib.domain import votes as vote_rules
    from chalicelib.storage import votes_repo

    now = clock.now_iso()
    old = {p.id: p for p in debate.phases or []}
    new = {p.id: p for p in phases}
    removed = set(old) - set(new)
    later = {pid for pid in set(old) & set(new) if vote_rules.starts_later(old[pid].start, new[pid].start, now)}
    if not removed and not later:
        return  # nothing a vote session could notice: no Query
    for session in votes_repo.list_sessions(debate.slug):
        if session.phase_id in removed:
            raise Conflict("A vote session is attached to a phase this change removes; attach it to another phase "
                           "or keep the phase (with its id).", code="phase_in_use",
                           details={"session_id": session.session_id, "phase_id": session.phase_id})
        if session.phase_id in later:
            phase = old[session.phase_id]
            if vote_rules.has_opened(phase.start, now) or _has_ballots(debate.slug, session.session_id):
                raise Conflict("This vote has opened: its phase cannot start later (to stop it, end its phase now).",
                               code="vote_started",
                               details={"session_id": session.session_id, "phase_id": session.phase_id})


def _has_ballots(slug: str, session_id: str) -> bool:
    from chalicelib.storage import votes_repo

    return any(counts.get("voters", 0) > 0 for counts in votes_repo.read_tallies(slug, session_id).values())


def list_members(slug: str, caller: Caller | None, group: str, start: dict | None) -> tuple[list[dict], dict | None]:
    """One page of the people organisers named: staff (seen by moderators and organisers) or the invite list of
    participants (organisers only); emails for organisers. One Query and one BatchGetItem of profiles a page."""
    access = access_service.load(slug, caller)
    access.require("see_staff" if group == "staff" else "assign_roles")
    with_email = access.can("administer")
    members, last = members_repo.list_named(slug, group, start)
    people = {user.user_id: user for user in users_repo.get_users([m.user_id for m in members])}
    return [member_view(m, people.get(m.user_id), with_email=with_email) for m in members], last


def invite_member(slug: str, caller: Caller | None, email: str, roles: list[str]) -> dict:
    access = access_service.load(slug, caller)
    access.require("assign_roles")
    email = normalise_email(email)
    user_id = user_for_email(email)
    member = _set_roles(slug, access.caller.user_id, user_id, roles)
    _send_invitation(access.debate, email, access.caller.user.display_name)
    return member


def _send_invitation(debate: Debate, email: str, inviter: str) -> None:
    """The invitation carries a sign-in link that opens the debate (the person may not have an account yet)."""
    from chalicelib.api.http import logger
    from chalicelib.auth import mailer, tokens
    from chalicelib.config import settings

    title = dict(debate.title.as_dict() if hasattr(debate.title, "as_dict") else debate.title)
    name = title.get(debate.default_language) or next(iter(title.values()), debate.slug)
    web = settings().web_url
    link = f"{web}/#/signin?token={tokens.issue_signin_token(email, f'#/d/{debate.slug}')}"
    # an organiser who never chose a name is known by a pseudonym that tells the invited person nothing
    fr, en = ((f"{inviter} vous invite", f"{inviter} invites you") if inviter and not is_default_display_name(inviter)
              else (f"L'équipe du débat « {name} » vous invite", f"The team of the debate \"{name}\" invites you"))
    try:
        mailer.send(mailer.Message(
            to=email, subject=f"Invitation : {name}",
            text=(f"{fr} à participer au débat « {name} » sur Palabre.\n"
                  f"{en} to take part in the debate \"{name}\" on Palabre.\n\n"
                  f"Se connecter / Sign in (lien valable 15 minutes ; ensuite, demandez un nouveau lien) :\n{link}\n\n"
                  f"Adresse du débat / The debate's address (connectez-vous avec cette adresse e-mail / sign in with "
                  f"this email address) :\n{web}/#/d/{debate.slug}\n")))
    except Exception:  # the role is granted; a failed email must not undo it
        logger.exception("invitation not sent")


def set_member_roles(slug: str, caller: Caller | None, user_id: str, roles: list[str]) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("assign_roles")
    if users_repo.get_user(user_id) is None:
        raise NotFound("No user has this id.")
    return _set_roles(slug, me.user_id, user_id, roles)


def remove_member(slug: str, caller: Caller | None, user_id: str) -> dict:
    """Takes a person's place away: no roles, off the lists. In a private debate they can no longer read it (404)
    nor write, and their follow goes; in a public one they are left as anyone signed in. What they wrote stays.
    Idempotent; 404 for someone who never had a place here."""
    from chalicelib.services.moderation import record

    access = access_service.load(slug, caller)
    me = access.require("assign_roles")
    if user_id == me.user_id:
        raise Conflict("You cannot remove yourself; ask another organiser.", code="last_organiser")
    try:
        members_repo.remove(slug, user_id, drop_follow=access.debate.visibility == "private", actor_id=me.user_id)
    except ConditionFailed as failure:
        _no_longer_organiser(failure)
        raise NotFound("This person has no place in this debate.") from None
    record(slug, me.user_id, "remove_member", user_id)
    return {"user_id": user_id, "roles": []}


OPERATOR = "operator"  # the actor of the audit entries of what the operator did from the command line


def grant_debate_organiser(slug: str, user_id: str) -> None:
    """The operator's way back for a debate left with no organiser (`palabre grant-organiser EMAIL --debate SLUG`):
    adds the organiser role to the person's roles there, in the audit log as done by the operator."""
    from chalicelib.services.moderation import record

    member = members_repo.get_member(slug, user_id)
    roles = permissions.normalise_roles([*(member.roles if member else []), "organiser"])
    members_repo.set_roles(slug, user_id, roles, clock.now_iso())
    record(slug, OPERATOR, "set_roles", user_id, {"roles": roles})


def _no_longer_organiser(failure: ConditionFailed) -> None:
    """Another organiser took this one's role away while the request ran (two organisers demoting each other)."""
    if members_repo.ACTOR_CHECK in failure.failed:
        raise Forbidden("You are no longer an organiser of this debate.") from None


def _set_roles(slug: str, actor_id: str, user_id: str, roles: list[str]) -> dict:
    from chalicelib.services.moderation import record

    if user_id == actor_id and "organiser" not in roles:
        raise Conflict("You cannot remove your own organiser role; ask another organiser.",
                       code="last_organiser")
    try:
        member = members_repo.set_roles(slug, user_id, permissions.normalise_roles(roles), clock.now_iso(),
                                        actor_id=actor_id)
    except ConditionFailed as failure:
        _no_longer_organiser(failure)
        raise Conflict("This person's account is being deleted.", code="account_being_deleted") from None
    record(slug, actor_id, "set_roles", user_id, {"roles": permissions.normalise_roles(roles)})
    stored = members_repo.get_member(slug, user_id) or member
    return member_view(stored, users_repo.get_user(user_id), with_email=True)
