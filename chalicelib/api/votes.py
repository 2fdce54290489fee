"""Vote sessions: settings (organisers), ballots (participants), results and exports. Shapes: docs/api-votes.md."""
from __future__ import annotations

from chalice import Blueprint, Chalice, Response

from chalicelib.api import vote_schemas as schemas
from chalicelib.api.http import Call, endpoint
from chalicelib.services import vote_exports, votes

bp = Blueprint(__name__)
BASE = "/debates/{slug}/vote-sessions"
SESSION = BASE + "/{session_id}"
LANG_QUERY = {"type": "string", "maxLength": 8}


def register(app: Chalice) -> None:
    """Registers the routes, and XLSX as a binary media type (API Gateway then returns the bytes as sent)."""
    app.register_blueprint(bp)
    if vote_exports.XLSX_TYPE not in app.api.binary_types:
        app.api.binary_types.append(vote_exports.XLSX_TYPE)


def _file(filename: str, content_type: str, body) -> Response:
    return Response(body=body, status_code=200, headers={
        "Content-Type": content_type, "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})


def _p(call: Call, *names: str) -> list[str]:
    return [call.params[name] for name in names]


@endpoint(bp, BASE, "GET", summary="Vote sessions of a debate (optionally of one idea)", tag="votes",
          query={"idea_id": {"type": "string", "maxLength": 32}}, errors=(404,))
def list_sessions(call: Call):
    return votes.list_sessions(call.params["slug"], call.caller, call.query["idea_id"])


@endpoint(bp, BASE, "POST", summary="Create a vote session on an idea, open during a phase (organisers)",
          tag="votes", body=schemas.SessionInput, auth="required", status=201, errors=(401, 403, 404, 422))
def create_session(call: Call):
    return votes.create_session(call.params["slug"], call.caller, call.body)


@endpoint(bp, SESSION, "GET", summary="A vote session: proposals (in my order), modules, my ballots and purses",
          tag="votes", errors=(404,))
def get_session(call: Call):
    return votes.get_session(call.params["slug"], call.caller, call.params["session_id"])


@endpoint(bp, SESSION, "PATCH", summary="Change a vote session's texts, phase, idea, order or results visibility "
          "(organisers)", tag="votes", body=schemas.SessionPatch, auth="required", errors=(401, 403, 404, 409, 422))
def update_session(call: Call):
    return votes.update_session(call.params["slug"], call.caller, call.params["session_id"], call.body)


@endpoint(bp, SESSION + "/proposals", "POST", summary="Add a proposal (organisers)", tag="votes",
          body=schemas.ProposalInput, auth="required", status=201, errors=(401, 403, 404, 409, 422))
def add_proposal(call: Call):
    return votes.add_proposal(call.params["slug"], call.caller, call.params["session_id"], call.body)


@endpoint(bp, SESSION + "/proposals/{proposal_id}", "PATCH", summary="Change a proposal's texts (organisers)",
          tag="votes", body=schemas.ProposalPatch, auth="required", errors=(401, 403, 404, 422))
def update_proposal(call: Call):
    return votes.update_proposal(call.params["slug"], call.caller, call.params["session_id"],
                                 call.params["proposal_id"], call.body)


@endpoint(bp, SESSION + "/proposals/{proposal_id}", "DELETE",
          summary="Delete a proposal, before the vote opens (organisers)", tag="votes", auth="required",
          errors=(401, 403, 404, 409))
def delete_proposal(call: Call):
    return votes.delete_proposal(call.params["slug"], call.caller, call.params["session_id"],
                                 call.params["proposal_id"])


@endpoint(bp, SESSION + "/proposal-order", "PUT", summary="Reorder all the proposals (organisers)", tag="votes",
          body=schemas.ProposalOrder, auth="required", errors=(401, 403, 404, 409, 422))
def order_proposals(call: Call):
    return votes.order_proposals(call.params["slug"], call.caller, call.params["session_id"], call.body)


@endpoint(bp, SESSION + "/modules", "POST", summary="Add a module: tokens, gauge or binary (organisers)",
          tag="votes", body=schemas.ModuleInput, auth="required", status=201, errors=(401, 403, 404, 409, 422))
def add_module(call: Call):
    return votes.add_module(call.params["slug"], call.caller, call.params["session_id"], call.body)


@endpoint(bp, SESSION + "/modules/{module_id}", "PUT",
          summary="Replace a module's settings; once the vote is open, only loosening changes (organisers)",
          tag="votes", body=schemas.ModuleInput, auth="required", errors=(401, 403, 404, 409, 422))
def replace_module(call: Call):
    return votes.replace_module(call.params["slug"], call.caller, call.params["session_id"],
                                call.params["module_id"], call.body)


@endpoint(bp, SESSION + "/modules/{module_id}", "DELETE",
          summary="Delete a module, before the vote opens (organisers)", tag="votes", auth="required",
          errors=(401, 403, 404, 409))
def delete_module(call: Call):
    return votes.delete_module(call.params["slug"], call.caller, call.params["session_id"], call.params["module_id"])


@endpoint(bp, SESSION + "/modules/{module_id}/overrides/{proposal_id}", "PUT",
          summary="Set how a module applies to one proposal (organisers)", tag="votes", body=schemas.OverrideInput,
          auth="required", errors=(401, 403, 404, 409, 422))
def set_override(call: Call):
    return votes.set_override(call.params["slug"], call.caller, *_p(call, "session_id", "module_id", "proposal_id"),
                              call.body)


@endpoint(bp, SESSION + "/modules/{module_id}/overrides/{proposal_id}", "DELETE",
          summary="Remove a module's override for one proposal (organisers)", tag="votes", auth="required",
          errors=(401, 403, 404, 409))
def clear_override(call: Call):
    return votes.set_override(call.params["slug"], call.caller, *_p(call, "session_id", "module_id", "proposal_id"),
                              None)


@endpoint(bp, SESSION + "/proposals/{proposal_id}/ballots/{module_id}", "PUT",
          summary="Cast or change my ballot on a proposal in a module (idempotent; Idempotency-Key accepted)",
          tag="votes", body=schemas.BallotInput, auth="required", errors=(401, 403, 404, 409, 422), idempotent=True)
def cast_ballot(call: Call):
    return votes.cast_ballot(call.params["slug"], call.caller, *_p(call, "session_id", "proposal_id", "module_id"),
                             call.body, call.idempotency_key)


@endpoint(bp, SESSION + "/proposals/{proposal_id}/ballots/{module_id}", "DELETE",
          summary="Withdraw my ballot on a proposal in a module (idempotent)", tag="votes", auth="required",
          errors=(401, 403, 404, 409))
def withdraw_ballot(call: Call):
    return votes.cast_ballot(call.params["slug"], call.caller, *_p(call, "session_id", "proposal_id", "module_id"),
                             None, call.idempotency_key)


@endpoint(bp, SESSION + "/results", "GET",
          summary="Results per proposal and module (live, or after the close, as the organiser chose)",
          tag="votes", errors=(403, 404))
def results(call: Call):
    return votes.results(call.params["slug"], call.caller, call.params["session_id"])


def _results_file(call: Call, fmt: str):
    return _file(*vote_exports.export_results(call.params["slug"], call.caller, call.params["session_id"], fmt,
                                              call.query["lang"]))


@endpoint(bp, SESSION + "/exports/results.csv", "GET", summary="Results as CSV (UTF-8 with BOM)", tag="votes",
          query={"lang": LANG_QUERY}, errors=(403, 404, 422), produces="text/csv")
def results_csv(call: Call):
    return _results_file(call, "csv")


@endpoint(bp, SESSION + "/exports/results.xlsx", "GET", summary="Results as XLSX (send Accept: */* or the XLSX type)",
          tag="votes", query={"lang": LANG_QUERY}, errors=(403, 404, 422), produces=vote_exports.XLSX_TYPE)
def results_xlsx(call: Call):
    return _results_file(call, "xlsx")


BALLOTS_QUERY = {"lang": LANG_QUERY, "identify": {"type": "string", "enum": ["true", "false"], "maxLength": 5}}


def _ballots_file(call: Call, fmt: str):
    return _file(*vote_exports.export_ballots(call.params["slug"], call.caller, call.params["session_id"], fmt,
                                              call.query["lang"], call.query["identify"] == "true"))


@endpoint(bp, SESSION + "/exports/ballots.csv", "GET",
          summary="Every ballot, voters pseudonymised unless identify=true (organisers)", tag="votes",
          query=BALLOTS_QUERY, auth="required", errors=(401, 403, 404, 422), produces="text/csv")
def ballots_csv(call: Call):
    return _ballots_file(call, "csv")


@endpoint(bp, SESSION + "/exports/ballots.xlsx", "GET",
          summary="Every ballot as XLSX, voters pseudonymised unless identify=true (organisers)", tag="votes",
          query=BALLOTS_QUERY, auth="required", errors=(401, 403, 404, 422), produces=vote_exports.XLSX_TYPE)
def ballots_xlsx(call: Call):
    return _ballots_file(call, "xlsx")
