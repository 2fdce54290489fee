from chalice import Blueprint

from chalicelib.api import schemas
from chalicelib.api.http import Call, endpoint
from chalicelib.services import ideas

bp = Blueprint(__name__)


@endpoint(bp, "/debates/{slug}/ideas", "GET", summary="The table of ideas (flat; build the tree from parent_id)",
          tag="ideas", errors=(404,))
def list_ideas(call: Call):
    return ideas.list_ideas(call.params["slug"], call.caller)


@endpoint(bp, "/debates/{slug}/ideas", "POST", summary="Create an idea (moderators)", tag="ideas",
          body=schemas.IdeaInput, auth="required", status=201, errors=(401, 403, 404, 422), idempotent=True)
def create_idea(call: Call):
    return ideas.create_idea(call.params["slug"], call.caller, call.body, call.idempotency_key)


@endpoint(bp, "/debates/{slug}/ideas/{idea_id}", "PATCH", summary="Rename or describe an idea (moderators)",
          tag="ideas", body=schemas.IdeaPatch, auth="required", errors=(401, 403, 404, 422))
def update_idea(call: Call):
    return ideas.update_idea(call.params["slug"], call.caller, call.params["idea_id"], call.body)


@endpoint(bp, "/debates/{slug}/ideas/{idea_id}/move", "POST",
          summary="Move an idea under another parent and/or to a position among its siblings (moderators)",
          tag="ideas", body=schemas.IdeaMove, auth="required", errors=(401, 403, 404, 422))
def move_idea(call: Call):
    return ideas.move_idea(call.params["slug"], call.caller, call.params["idea_id"], call.body)


@endpoint(bp, "/debates/{slug}/ideas/{idea_id}/split", "POST",
          summary="Split an idea: a new sibling idea takes the chosen threads and extracts (moderators)",
          tag="ideas", body=schemas.IdeaSplit, auth="required", status=201, errors=(401, 403, 404, 409, 422))
def split_idea(call: Call):
    from chalicelib.services import curation

    return curation.split(call.params["slug"], call.caller, call.params["idea_id"], call.body)


@endpoint(bp, "/debates/{slug}/ideas/{idea_id}/merge", "POST",
          summary="Merge an idea into another (moderators); 202 while more batches remain: call again",
          tag="ideas", body=schemas.IdeaMerge, auth="required", errors=(401, 403, 404, 409, 422))
def merge_idea(call: Call):
    from chalicelib.api.http import json_response
    from chalicelib.services import curation

    result, done = curation.merge(call.params["slug"], call.caller, call.params["idea_id"], call.body.into_id)
    return json_response(result, 200 if done else 202)
