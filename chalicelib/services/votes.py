"""Use cases of vote sessions: settings (organisers), ballots (participants), results and exports.

Who: organisers ("administer") manage sessions; voting needs the "take_stance" permission (every member, and
signed-in people in a public debate), which also requires the debate to be open. When: ballots are accepted
while the session's phase is open (UTC instants, start inclusive, end exclusive). How much: budgets, maxima and
exclusivity are enforced by the ballot's transaction (storage/votes_repo.py: write_ballot)."""
from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any, Mapping

from chalicelib.api import vote_schemas as schemas
from chalicelib.domain import clock, ids, votes as rules
from chalicelib.errors import Conflict, Forbidden, NotFound, Unprocessable
from chalicelib.services import access as access_service
from chalicelib.services import vote_views as views
from chalicelib.services.access import Access
from chalicelib.services.identity import Caller
from chalicelib.storage import ideas_repo, vote_keys, votes_repo
from chalicelib.storage.transactions import ConditionFailed, retrying
from chalicelib.storage.models import Debate
from chalicelib.storage.vote_models import VoteModule, VoteOverride, VoteProposal, VoteSession

ADMINISTER = "administer"
VOTE = "take_stance"  # voting is taking a stance on proposals: the same people may, while the debate is open
BALLOT_ATTEMPTS = 10


def _invalid(error: rules.InvalidVote) -> Unprocessable:
    return Unprocessable(f"{error.field}: {error.message}", code=error.code,
                         details={"fields": [{"field": error.field, "message": error.message}]})


def _not_found(what: str = "vote session") -> NotFound:
    return NotFound(f"No {what} has this id in this debate.")


def _phase(access: Access, phase_id: str) -> dict[str, Any] | None:
    for phase in access.debate.phases or []:
        if phase.id == phase_id:
            return {"id": phase.id, "name": views.texts(phase.name), "start": phase.start, "end": phase.end}
    return None


def _state(access: Access, session: VoteSession, now: str | None = None) -> tuple[dict | None, str]:
    phase = _phase(access, session.phase_id)
    return phase, rules.window_state(phase, now or clock.now_iso(), debate_open=access.debate.status == "open")


def _settings(module: VoteModule) -> dict[str, Any]:
    return json.loads(module.settings_json)


def _override(item: VoteOverride | None) -> dict[str, Any] | None:
    return json.loads(item.override_json) if item is not None else None


@dataclass
class Loaded:
    access: Access
    session: VoteSession
    proposals: list[VoteProposal]
    modules: list[VoteModule]
    overrides: dict[tuple[str, str], dict[str, Any]]  # (module, proposal) -> override

    @property
    def organiser(self) -> bool:
        return self.access.can(ADMINISTER)

    def module(self, module_id: str) -> VoteModule:
        for module in self.modules:
            if module.module_id == module_id:
                return module
        raise _not_found("module")

    def proposal(self, proposal_id: str) -> VoteProposal:
        for proposal in self.proposals:
            if proposal.proposal_id == proposal_id:
                return proposal
        raise _not_found("proposal")


def _load(slug: str, caller: Caller | None, session_id: str, *, admin: bool = False) -> Loaded:
    access = access_service.load(slug, caller)
    if admin:
        access.require(ADMINISTER)
    if not ids.is_id(session_id):
        raise _not_found()
    items = votes_repo.load_session(slug, session_id, consistent=admin or access.can(ADMINISTER))
    if items.session is None:
        raise _not_found()
    return _loaded(access, items)


def _loaded(access: Access, items: votes_repo.SessionItems) -> Loaded:
    return Loaded(access, items.session, sorted(items.proposals, key=lambda p: (int(p.order), p.proposal_id)),
                  sorted(items.modules, key=lambda m: (int(m.order), m.module_id)),
                  {(o.module_id, o.proposal_id): json.loads(o.override_json) for o in items.overrides})


def closed_debate_sessions(debate: Debate) -> list[tuple[Loaded, str]]:
    """Every vote session of a closed debate with its state, for its archive: the votes are over, so their results
    are final and published whatever their visibility was while the vote ran."""
    if debate.status != "closed":
        raise Conflict("Close the debate before archiving it.", code="debate_open")
    access = Access(debate, None, None)
    sessions = []
    for session in votes_repo.list_sessions(debate.slug):
        items = votes_repo.load_session(debate.slug, session.session_id, consistent=True)
        if items.session is not None:
            sessions.append((_loaded(access, items), _state(access, items.session)[1]))
    return sessions


def _require_changeable(loaded: Loaded, reasons: list[str]) -> None:
    """Once the vote has opened, a change may not take anything away from ballots already cast."""
    _, state = _state(loaded.access, loaded.session)
    if state != "upcoming" and reasons:
        raise Conflict("The vote has opened: this change would invalidate ballots already cast ("
                       + "; ".join(reasons) + ").", code="session_started", details={"reasons": reasons})


# --- settings cache for ballots ------------------------------------------------------------------------------------
# At 10,000 ballots per second the session's partition could not serve four strongly consistent reads per ballot
# (3,000 RCU/s per partition), so each container keeps the settings a ballot needs for a few seconds. This is safe
# because only entries read after the phase started are used, and from then on settings may only loosen
# (rules.tightenings): a cached copy is never looser than the settings in force.

@dataclass
class _Cached:
    read_at: str
    expires: float
    session: VoteSession
    module: VoteModule
    proposal: VoteProposal
    override: VoteOverride | None


_CACHE: dict[tuple[str, str, str, str], _Cached] = {}
_CACHE_LOCK = threading.Lock()
CACHE_SECONDS = 10.0
_CACHE_MAX = 5000


def _cached(access: Access, key: tuple[str, str, str, str]) -> _Cached | None:
    entry = _CACHE.get(key)
    if entry is None or entry.expires < time.monotonic():
        return None
    phase = _phase(access, entry.session.phase_id)
    if phase is None or entry.read_at < phase["start"]:
        return None
    return entry


def _remember(key: tuple[str, str, str, str], entry: _Cached) -> None:
    with _CACHE_LOCK:
        if len(_CACHE) >= _CACHE_MAX:
            _CACHE.clear()
        _CACHE[key] = entry


def forget_settings(slug: str | None = None, session_id: str | None = None) -> None:
    """Drop this container's cached settings of a session (after an edit), or all of them."""
    with _CACHE_LOCK:
        for key in [k for k in _CACHE if slug is None or (k[0], k[1]) == (slug, session_id)]:
            _CACHE.pop(key, None)


# --- sessions -----------------------------------------------------------------------------------------------------

def list_sessions(slug: str, caller: Caller | None, idea_id: str | None) -> dict:
    access = access_service.load(slug, caller)
    now = clock.now_iso()
    items = []
    for session in votes_repo.list_sessions(slug):
        if idea_id and session.idea_id != idea_id:
            continue
        phase, state = _state(access, session, now)
        items.append(views.session_summary(session, phase, state))
    return {"items": items}


def create_session(slug: str, caller: Caller | None, data: schemas.SessionInput) -> dict:
    access = access_service.load(slug, caller)
    me = access.require(ADMINISTER)
    _check_idea_and_phase(access, data.idea_id, data.phase_id)
    now = clock.now_iso()
    session_id = ids.new_id()
    session = VoteSession(vote_keys.session(slug, session_id), vote_keys.SESSION_SK, session_id=session_id,
                          idea_id=data.idea_id, phase_id=data.phase_id, title=data.title,
                          instructions=data.instructions, results_visibility=data.results_visibility,
                          proposal_order=data.proposal_order, proposal_count=0, module_count=0,
                          pseudonym_secret=secrets.token_hex(32), created_at=now, created_by=me.user_id,
                          updated_at=now, gsi1pk=vote_keys.sessions_index(slug), gsi1sk=f"{now}#{session_id}")
    votes_repo.create_session(session)
    return get_session(slug, caller, session_id)


def _check_idea_and_phase(access: Access, idea_id: str | None, phase_id: str | None) -> None:
    if idea_id is not None and (not ids.is_id(idea_id) or ideas_repo.get_idea(access.slug, idea_id) is None):
        raise Unprocessable("idea_id: no such idea in this debate",
                            details={"fields": [{"field": "idea_id", "message": "no such idea in this debate"}]})
    if phase_id is not None and _phase(access, phase_id) is None:
        raise Unprocessable("phase_id: no such phase in this debate",
                            details={"fields": [{"field": "phase_id", "message": "no such phase in this debate"}]})


def update_session(slug: str, caller: Caller | None, session_id: str, patch: schemas.SessionPatch) -> dict:
    loaded = _load(slug, caller, session_id, admin=True)
    _check_idea_and_phase(loaded.access, patch.idea_id, patch.phase_id)
    actions = []
    if patch.phase_id is not None and patch.phase_id != loaded.session.phase_id:
        _require_changeable(loaded, ["the session would move to another phase"])
        actions.append(VoteSession.phase_id.set(patch.phase_id))
    for name in ("idea_id", "title", "instructions", "results_visibility", "proposal_order"):
        value = getattr(patch, name)
        if value is not None:
            actions.append(getattr(VoteSession, name).set(value))
    if actions:
        actions.append(VoteSession.updated_at.set(clock.now_iso()))
        votes_repo.update_session(slug, session_id, actions)
        forget_settings(slug, session_id)
    return get_session(slug, caller, session_id)


def get_session(slug: str, caller: Caller | None, session_id: str) -> dict:
    loaded = _load(slug, caller, session_id)
    access = loaded.access
    phase, state = _state(access, loaded.session)
    mine = votes_repo.voter_items(slug, session_id, caller.user_id) if caller is not None else None
    view = views.session_summary(loaded.session, phase, state)
    view["timezone"] = access.debate.timezone
    view["results_available"] = rules.results_visible(loaded.session.results_visibility, state,
                                                      organiser=loaded.organiser)
    view["can_vote"] = caller is not None and access.can(VOTE) and state == "open"
    view["can_administer"] = loaded.organiser
    settings = {m.module_id: _settings(m) for m in loaded.modules}
    if loaded.organiser:
        view["modules"] = [views.module_view(m, {pid: o for (mid, pid), o in loaded.overrides.items()
                                                 if mid == m.module_id}) for m in loaded.modules]
    else:
        view["modules"] = [views.module_view(m) for m in loaded.modules]
    proposals = loaded.proposals
    if loaded.session.proposal_order == "random" and caller is not None:
        by_id = {p.proposal_id: p for p in proposals}
        proposals = [by_id[pid] for pid in rules.stable_order(session_id, caller.user_id, by_id)]
    view["proposals"] = []
    for proposal in proposals:
        entry = views.proposal_view(proposal)
        entry["modules"] = []
        for module in loaded.modules:
            override = loaded.overrides.get((module.module_id, proposal.proposal_id))
            effective = rules.effective_settings(module.kind, settings[module.module_id], override)
            if effective is not None:
                entry["modules"].append(views.effective_module_view(module, effective, override))
        view["proposals"].append(entry)
    if mine is not None:
        view["mine"] = {
            "ballots": [views.ballot_view(b) for b in mine.ballots],
            "purses": [views.purse_view(m, settings[m.module_id], mine.purses.get(m.module_id, {}))
                       for m in loaded.modules if m.kind == "tokens"],
        }
    return view


# --- proposals ----------------------------------------------------------------------------------------------------

def add_proposal(slug: str, caller: Caller | None, session_id: str, data: schemas.ProposalInput) -> dict:
    loaded = _load(slug, caller, session_id, admin=True)
    proposal_id = ids.new_id()
    order = max((int(p.order) for p in loaded.proposals), default=-1) + 1
    proposal = VoteProposal(vote_keys.session(slug, session_id), vote_keys.proposal_sk(proposal_id),
                            proposal_id=proposal_id, title=data.title, description=data.description, order=order,
                            created_at=clock.now_iso())
    try:
        votes_repo.add_proposal(slug, session_id, proposal)
    except ConditionFailed as failure:
        if "session" in failure.failed:
            raise Conflict(f"A session has at most {rules.MAX_PROPOSALS} proposals.",
                           code="too_many_proposals") from None
        raise
    forget_settings(slug, session_id)
    return views.proposal_view(proposal)


def update_proposal(slug: str, caller: Caller | None, session_id: str, proposal_id: str,
                    data: schemas.ProposalPatch) -> dict:
    loaded = _load(slug, caller, session_id, admin=True)
    loaded.proposal(proposal_id)
    actions = [getattr(VoteProposal, name).set(getattr(data, name)) for name in ("title", "description")
               if getattr(data, name) is not None]
    if actions:
        try:
            votes_repo.update_proposal(slug, session_id, proposal_id, actions)
        except ConditionFailed:
            raise _not_found("proposal") from None
    return views.proposal_view(votes_repo.get_proposal(slug, session_id, proposal_id) or loaded.proposal(proposal_id))


def delete_proposal(slug: str, caller: Caller | None, session_id: str, proposal_id: str) -> dict:
    loaded = _load(slug, caller, session_id, admin=True)
    loaded.proposal(proposal_id)
    _require_changeable(loaded, ["the proposal would be deleted"])
    try:
        votes_repo.delete_proposal(slug, session_id, proposal_id, [m.module_id for m in loaded.modules])
    except ConditionFailed:
        raise _not_found("proposal") from None
    forget_settings(slug, session_id)
    return {"deleted": proposal_id}


def order_proposals(slug: str, caller: Caller | None, session_id: str, data: schemas.ProposalOrder) -> dict:
    loaded = _load(slug, caller, session_id, admin=True)
    current = {p.proposal_id for p in loaded.proposals}
    if len(set(data.proposal_ids)) != len(data.proposal_ids) or set(data.proposal_ids) != current:
        raise Unprocessable("proposal_ids: give every proposal of the session exactly once",
                            details={"fields": [{"field": "proposal_ids",
                                                 "message": "give every proposal of the session exactly once"}]})
    try:
        votes_repo.order_proposals(slug, session_id, {pid: n for n, pid in enumerate(data.proposal_ids)})
    except ConditionFailed:
        raise Conflict("A proposal was deleted meanwhile; reload and try again.", code="concurrent_change") from None
    return {"items": [views.proposal_view(p) for p in _load(slug, caller, session_id, admin=True).proposals]}


# --- modules and overrides ---------------------------------------------------------------------------------------

def _module_settings(data: schemas.ModuleInput) -> dict[str, Any]:
    raw = data.model_dump(include={"categories", "exclusive", "choices", "range"}, exclude_none=True)
    try:
        return rules.normalise_settings(data.kind, raw, ids.new_id)
    except rules.InvalidVote as error:
        raise _invalid(error) from None


def add_module(slug: str, caller: Caller | None, session_id: str, data: schemas.ModuleInput) -> dict:
    loaded = _load(slug, caller, session_id, admin=True)
    module_id = ids.new_id()
    order = max((int(m.order) for m in loaded.modules), default=-1) + 1
    module = VoteModule(vote_keys.session(slug, session_id), vote_keys.module_sk(module_id), module_id=module_id,
                        kind=data.kind, title=data.title, instructions=data.instructions, order=order,
                        settings_json=json.dumps(_module_settings(data), ensure_ascii=False), rev=1,
                        created_at=clock.now_iso())
    try:
        votes_repo.add_module(slug, session_id, module)
    except ConditionFailed as failure:
        if "session" in failure.failed:
            raise Conflict(f"A session has at most {rules.MAX_MODULES} modules.", code="too_many_modules") from None
        raise
    forget_settings(slug, session_id)
    return views.module_view(module, {})


def replace_module(slug: str, caller: Caller | None, session_id: str, module_id: str,
                   data: schemas.ModuleInput) -> dict:
    loaded = _load(slug, caller, session_id, admin=True)
    module = loaded.module(module_id)
    if data.kind != module.kind:
        raise Unprocessable("kind: a module's kind cannot change; add another module",
                            details={"fields": [{"field": "kind", "message": "cannot change"}]})
    settings = _module_settings(data)
    _require_changeable(loaded, rules.tightenings(module.kind, _settings(module), settings))
    updated = VoteModule(module.pk, module.sk, module_id=module_id, kind=module.kind, title=data.title,
                         instructions=data.instructions, order=module.order,
                         settings_json=json.dumps(settings, ensure_ascii=False), created_at=module.created_at)
    try:
        votes_repo.replace_module(updated, int(module.rev))
    except ConditionFailed:
        raise Conflict("This module was changed meanwhile; reload it and try again.",
                       code="concurrent_change") from None
    forget_settings(slug, session_id)
    return views.module_view(updated, {pid: o for (mid, pid), o in loaded.overrides.items() if mid == module_id})


def delete_module(slug: str, caller: Caller | None, session_id: str, module_id: str) -> dict:
    loaded = _load(slug, caller, session_id, admin=True)
    module = loaded.module(module_id)
    _require_changeable(loaded, ["the module would be deleted"])
    try:
        votes_repo.delete_module(slug, session_id, module_id, int(module.rev),
                                 [p.proposal_id for p in loaded.proposals])
    except ConditionFailed:
        raise Conflict("This module was changed meanwhile; reload it and try again.",
                       code="concurrent_change") from None
    forget_settings(slug, session_id)
    return {"deleted": module_id}


def set_override(slug: str, caller: Caller | None, session_id: str, module_id: str, proposal_id: str,
                 data: schemas.OverrideInput | None) -> dict:
    """Put (data) or remove (None) the override of a module for one proposal."""
    loaded = _load(slug, caller, session_id, admin=True)
    module = loaded.module(module_id)
    loaded.proposal(proposal_id)
    settings = _settings(module)
    old = loaded.overrides.get((module_id, proposal_id))
    new = None
    if data is not None:
        try:
            new = rules.normalise_override(module.kind, settings, data.model_dump(exclude_none=True))
        except rules.InvalidVote as error:
            raise _invalid(error) from None
    _require_changeable(loaded, rules.tightenings(module.kind, rules.effective_settings(module.kind, settings, old),
                                                  rules.effective_settings(module.kind, settings, new)))
    try:
        votes_repo.set_override(slug, session_id, module_id, int(module.rev), proposal_id,
                                None if new is None else json.dumps(new, ensure_ascii=False))
    except ConditionFailed:
        raise Conflict("This module was changed meanwhile; reload it and try again.",
                       code="concurrent_change") from None
    forget_settings(slug, session_id)
    effective = rules.effective_settings(module.kind, settings, new)
    return {"module_id": module_id, "proposal_id": proposal_id,
            "override": None if new is None else views.override_out(module.kind, new),
            "effective": None if effective is None else views.effective_module_view(module, effective, new)}


# --- ballots ------------------------------------------------------------------------------------------------------

def _ballot_answer(module: VoteModule, settings: Mapping[str, Any], proposal_id: str,
                   ballot: rules.Ballot | None, revision: int | None, updated_at: str | None,
                   spent: Mapping[str, int]) -> dict:
    ballot_view = None
    if ballot is not None and not ballot.empty:
        ballot_view = {"proposal_id": proposal_id, "module_id": module.module_id, "kind": module.kind,
                       **views.ballot_value(module.kind, ballot), "updated_at": updated_at, "rev": revision}
    answer = {"ballot": ballot_view, "purse": None}
    if module.kind == "tokens":
        answer["purse"] = views.purse_view(module, settings, spent)
    return answer


def cast_ballot(slug: str, caller: Caller | None, session_id: str, proposal_id: str, module_id: str,
                data: schemas.BallotInput | None, idempotency_key: str | None) -> dict:
    """Put (data) or withdraw (None) the caller's ballot on one proposal in one module."""
    access = access_service.load(slug, caller)
    me = access.require(VOTE, ballot=True)
    if not (ids.is_id(session_id) and ids.is_id(proposal_id) and ids.is_id(module_id)):
        raise _not_found("proposal or module")
    key = (slug, session_id, module_id, proposal_id)
    for _ in range(BALLOT_ATTEMPTS):
        read_at = clock.now_iso()
        cached = _cached(access, key)
        context = votes_repo.ballot_context(slug, session_id, module_id, proposal_id, me.user_id, idempotency_key,
                                            with_settings=cached is None)
        if cached is not None:
            session, module, proposal, override = cached.session, cached.module, cached.proposal, cached.override
        else:
            session, module, proposal, override = context.session, context.module, context.proposal, context.override
            if session is None:
                raise _not_found()
            if module is None or proposal is None:
                raise _not_found("proposal or module")
        settings = _settings(module)
        effective = rules.effective_settings(module.kind, settings, _override(override))
        previous = rules.Ballot.from_stored(json.loads(context.ballot.ballot_json)) if context.ballot else None
        revision = int(context.ballot.rev) if context.ballot else None
        updated_at = context.ballot.updated_at if context.ballot else None
        if context.idempotency is not None:  # a retry of a request that was carried out: its result stands
            if context.idempotency.result_ref != f"{module_id}#{proposal_id}":
                raise Conflict("This Idempotency-Key was used for another ballot.", code="idempotency_key_reused")
            return _ballot_answer(module, effective or settings, proposal_id, previous, revision, updated_at,
                                  context.purse)
        phase, state = _state(access, session, read_at)
        if state == "upcoming":
            raise Conflict(f"The vote opens at {phase['start']}.", code="vote_not_started",
                           details={"opens_at": phase["start"]})
        if state == "closed":
            raise Conflict("The vote is closed.", code="vote_closed",
                           details={"closed_at": phase["end"] if phase else None})
        if cached is None:
            _remember(key, _Cached(read_at, time.monotonic() + CACHE_SECONDS, session, module, proposal, override))
        if effective is None:
            raise Conflict("This module does not apply to this proposal.", code="module_not_applicable")
        try:
            new = rules.Ballot() if data is None else rules.check_ballot(
                module.kind, effective, tokens=data.tokens, value=data.value)
        except rules.InvalidVote as error:
            raise _invalid(error) from None
        if new == (previous or rules.Ballot()):
            return _ballot_answer(module, effective, proposal_id, previous, revision, updated_at, context.purse)
        purse = rules.purse_changes(previous, new) if module.kind == "tokens" else {}
        limits = rules.purse_limits(effective, purse) if purse else {}
        now = clock.now_iso()
        try:
            new_revision = retrying(lambda: votes_repo.write_ballot(
                slug, session_id, module_id, proposal_id, me.user_id, kind=module.kind, previous=context.ballot,
                ballot_json=None if new.empty else json.dumps(new.stored()), purse=purse, limits=limits,
                tally=rules.tally_changes(module.kind, previous, new), idempotency_key=idempotency_key, now=now,
                idea_id=session.idea_id))
        except ConditionFailed as failure:
            if failure.failed & {"ballot", "idempotency"}:
                continue  # changed by a concurrent request (or carried out already): read again, decide again
            if "purse" in failure.failed:
                raise _over_budget(slug, session_id, module, effective, me.user_id, purse) from None
            raise
        spent = {c: context.purse.get(c, 0) + purse.get(c, 0) for c in set(context.purse) | set(purse)}
        return _ballot_answer(module, effective, proposal_id, None if new.empty else new, new_revision,
                              None if new.empty else now, spent)
    raise Conflict("Your ballot is being changed by other requests at the same time; try again.",
                   code="concurrent_change")


def _over_budget(slug: str, session_id: str, module: VoteModule, settings: Mapping[str, Any], user_id: str,
                 purse: Mapping[str, int]) -> Conflict:
    spent = votes_repo.get_purse(slug, session_id, module.module_id, user_id)
    budgets = {c["id"]: c["budget"] for c in settings["categories"]}
    over = [{"category_id": c, "budget": budgets[c], "spent": spent.get(c, 0), "requested": delta,
             "remaining": budgets[c] - spent.get(c, 0)} for c, delta in purse.items()
            if delta > 0 and spent.get(c, 0) + delta > budgets[c]]
    return Conflict("Not enough tokens left for this ballot.", code="budget_exceeded",
                    details={"module_id": module.module_id, "categories": over})


# --- results ------------------------------------------------------------------------------------------------------

def _results_allowed(loaded: Loaded) -> tuple[dict | None, str]:
    phase, state = _state(loaded.access, loaded.session)
    if not rules.results_visible(loaded.session.results_visibility, state, organiser=loaded.organiser):
        available = phase["end"] if phase else None
        raise Forbidden("The results are published when the vote closes." +
                        (f" It closes at {available}." if available else ""), code="results_hidden",
                        details={"available_at": available})
    return phase, state


def compute_results(loaded: Loaded, state: str) -> dict:
    tallies = votes_repo.read_tallies(loaded.access.slug, loaded.session.session_id)
    settings = {m.module_id: _settings(m) for m in loaded.modules}
    proposals = []
    for proposal in loaded.proposals:
        entry = views.proposal_view(proposal)
        entry["modules"] = []
        for module in loaded.modules:
            override = loaded.overrides.get((module.module_id, proposal.proposal_id))
            effective = rules.effective_settings(module.kind, settings[module.module_id], override)
            if effective is None:
                continue
            counts = tallies.get((proposal.proposal_id, module.module_id), {})
            entry["modules"].append({"module_id": module.module_id, "kind": module.kind,
                                     "title": views.texts(module.title),
                                     **views.tally_view(module.kind, effective, counts)})
        proposals.append(entry)
    return {"session_id": loaded.session.session_id, "state": state, "final": state == "closed",
            "generated_at": clock.now_iso(), "modules": [views.module_view(m) for m in loaded.modules],
            "proposals": proposals}


def results(slug: str, caller: Caller | None, session_id: str) -> dict:
    loaded = _load(slug, caller, session_id)
    _, state = _results_allowed(loaded)
    return compute_results(loaded, state)


def load_for_export(slug: str, caller: Caller | None, session_id: str, *, voters: bool) -> tuple[Loaded, str]:
    """Results exports follow the results' visibility; the per-voter export is for organisers only."""
    loaded = _load(slug, caller, session_id, admin=voters)
    _, state = _results_allowed(loaded)
    return loaded, state
