"""Vote items -> JSON (shapes documented in docs/api-votes.md). Numbers stored exactly as strings leave here as
JSON numbers; what a reader may see is decided by the caller (services/votes.py)."""
from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Mapping

from chalicelib.domain import votes as rules
from chalicelib.domain.votes import number_out
from chalicelib.storage.vote_models import VoteBallot, VoteModule, VoteProposal, VoteSession


def texts(value: Any) -> dict[str, str]:
    return dict(value.as_dict() if hasattr(value, "as_dict") else (value or {}))


def settings_out(kind: str, settings: Mapping[str, Any]) -> dict[str, Any]:
    """A module's (or an effective module's) settings for JSON."""
    if kind == "tokens":
        return {"exclusive": bool(settings.get("exclusive")),
                "categories": [dict(c) for c in settings["categories"]]}
    if kind == "gauge":
        if settings.get("choices") is not None:
            return {"choices": [{"value": number_out(Decimal(c["value"])), "label": dict(c["label"])}
                                for c in settings["choices"]], "range": None}
        numeric = settings["range"]
        return {"choices": None, "range": {"minimum": number_out(Decimal(numeric["minimum"])),
                                           "maximum": number_out(Decimal(numeric["maximum"])),
                                           "step": number_out(Decimal(numeric["step"])),
                                           "unit": dict(numeric.get("unit") or {})}}
    return {}


def module_view(module: VoteModule, overrides: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    view = {"id": module.module_id, "kind": module.kind, "title": texts(module.title),
            "instructions": texts(module.instructions), "order": int(module.order), "rev": int(module.rev),
            **settings_out(module.kind, json.loads(module.settings_json))}
    if overrides is not None:  # organisers: the per-proposal overrides, as stored
        view["overrides"] = {pid: override_out(module.kind, o) for pid, o in overrides.items()}
    return view


def override_out(kind: str, override: Mapping[str, Any]) -> dict[str, Any]:
    view: dict[str, Any] = {"enabled": override.get("enabled", True)}
    for name in ("title", "instructions", "max_per_proposal"):
        if override.get(name) is not None:
            view[name] = dict(override[name])
    if kind == "gauge" and (override.get("choices") is not None or override.get("range") is not None):
        view.update(settings_out("gauge", override))
    return view


def effective_module_view(module: VoteModule, settings: Mapping[str, Any],
                          override: Mapping[str, Any] | None) -> dict[str, Any]:
    """The module as it applies to one proposal (titles and instructions may be overridden too)."""
    title = texts(module.title)
    instructions = texts(module.instructions)
    if override:
        title = dict(override.get("title") or title)
        instructions = dict(override.get("instructions") or instructions)
    return {"module_id": module.module_id, "kind": module.kind, "title": title, "instructions": instructions,
            "overridden": bool(override), **settings_out(module.kind, settings)}


def ballot_value(kind: str, ballot: rules.Ballot) -> dict[str, Any]:
    if kind == "tokens":
        return {"tokens": dict(ballot.tokens)}
    if kind == "gauge":
        return {"value": number_out(ballot.value)}
    return {"value": ballot.choice}


def ballot_view(ballot: VoteBallot) -> dict[str, Any]:
    parsed = rules.Ballot.from_stored(json.loads(ballot.ballot_json))
    return {"proposal_id": ballot.proposal_id, "module_id": ballot.module_id, "kind": ballot.kind,
            **ballot_value(ballot.kind, parsed), "updated_at": ballot.updated_at, "rev": int(ballot.rev)}


def purse_view(module: VoteModule, settings: Mapping[str, Any], spent: Mapping[str, int]) -> dict[str, Any]:
    categories = []
    for category in settings["categories"]:
        used = int(spent.get(category["id"], 0))
        categories.append({"id": category["id"], "name": dict(category["name"]), "colour": category["colour"],
                           "budget": category["budget"], "spent": used, "remaining": category["budget"] - used})
    return {"module_id": module.module_id, "categories": categories}


def phase_view(phase: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if phase is None:
        return None
    return {"id": phase["id"], "name": dict(phase["name"]), "start": phase["start"], "end": phase["end"]}


def session_summary(session: VoteSession, phase: Mapping[str, Any] | None, state: str) -> dict[str, Any]:
    return {"id": session.session_id, "idea_id": session.idea_id, "phase": phase_view(phase), "state": state,
            "title": texts(session.title), "instructions": texts(session.instructions),
            "results_visibility": session.results_visibility, "proposal_order": session.proposal_order,
            "counts": {"proposals": int(session.proposal_count or 0), "modules": int(session.module_count or 0)},
            "created_at": session.created_at, "updated_at": session.updated_at}


def proposal_view(proposal: VoteProposal) -> dict[str, Any]:
    return {"id": proposal.proposal_id, "title": texts(proposal.title), "description": texts(proposal.description),
            "order": int(proposal.order)}


def tally_view(kind: str, settings: Mapping[str, Any], counts: Mapping[str, int]) -> dict[str, Any]:
    """One proposal's results in one module, from its summed tally shards."""
    view: dict[str, Any] = {"voters": int(counts.get("voters", 0))}
    if kind == "tokens":
        view["categories"] = [{"id": c["id"], "name": dict(c["name"]), "colour": c["colour"],
                               "total": int(counts.get(f"tok_{c['id']}", 0))} for c in settings["categories"]]
    elif kind == "gauge":
        by_index = {int(name[2:]): int(v) for name, v in counts.items() if name.startswith("g_")}
        summary = rules.gauge_summary(settings, by_index)
        labels = [c["label"] for c in settings["choices"]] if settings.get("choices") is not None else None
        view["distribution"] = [{"value": number_out(value), "count": count,
                                 **({"label": dict(labels[i])} if labels else {})}
                                for i, (value, count) in enumerate(summary["distribution"])]
        view["mean"] = number_out(summary["mean"])
        view["median"] = number_out(summary["median"])
        if settings.get("range") is not None:
            view["unit"] = dict(settings["range"].get("unit") or {})
    else:
        view["for"] = int(counts.get("b_for", 0))
        view["against"] = int(counts.get("b_against", 0))
    return view
