from chalice import Blueprint

from chalicelib.api import schemas
from chalicelib.api.http import CURSOR_QUERY, LIMIT_QUERY, Call, decode_cursor, encode_cursor, endpoint
from chalicelib.services import extracts
from chalicelib.storage import keys

bp = Blueprint(__name__)


@endpoint(bp, "/debates/{slug}/posts/{post_id}/extracts", "POST",
          summary="Harvest a passage of a post (offsets into body_text) or a paraphrase into an idea (harvesters)",
          tag="extracts", body=schemas.ExtractInput, auth="required", status=201, errors=(401, 403, 404, 409, 422))
def harvest(call: Call):
    return extracts.harvest(call.params["slug"], call.caller, call.params["post_id"], call.body)


@endpoint(bp, "/debates/{slug}/posts/{post_id}/extracts", "GET", summary="Extracts of a post, anchored in its text",
          tag="extracts", errors=(404,))
def list_post_extracts(call: Call):
    return extracts.list_for_post(call.params["slug"], call.caller, call.params["post_id"])


EXTRACT_LIST = {"type": "string", "enum": ["published", "submitted"], "default": "published", "maxLength": 9}


@endpoint(bp, "/debates/{slug}/ideas/{idea_id}/extracts", "GET",
          summary="Extracts attached to an idea, oldest first: the published ones, or with state=submitted the "
                  "suggestions waiting for a harvester's decision (harvesters)",
          tag="extracts", query={"state": EXTRACT_LIST, "limit": LIMIT_QUERY, "cursor": CURSOR_QUERY},
          errors=(400, 401, 403, 404, 422))
def list_idea_extracts(call: Call):
    slug, idea_id, state = call.params["slug"], call.params["idea_id"], call.query["state"]
    start = decode_cursor(call.query["cursor"], "gsi1pk", keys.extract_listing(slug, idea_id, state))
    items, last = extracts.list_for_idea(slug, call.caller, idea_id, call.query["limit"], start, state=state)
    return {"items": items, "next_cursor": encode_cursor(last)}


@endpoint(bp, "/debates/{slug}/extracts/{extract_id}", "PATCH",
          summary="Change an extract's idea, nature, action, nugget flag or tags (harvesters)", tag="extracts",
          body=schemas.ExtractPatch, auth="required", errors=(401, 403, 404, 409, 422))
def update_extract(call: Call):
    return extracts.update(call.params["slug"], call.caller, call.params["extract_id"], call.body)


@endpoint(bp, "/debates/{slug}/extracts/{extract_id}", "DELETE", summary="Remove an extract (harvesters)",
          tag="extracts", auth="required", errors=(401, 403, 404, 409))
def delete_extract(call: Call):
    return extracts.delete(call.params["slug"], call.caller, call.params["extract_id"])


@endpoint(bp, "/debates/{slug}/extracts/{extract_id}/review", "POST",
          summary="Confirm or reject a machine-suggested extract (harvesters)", tag="extracts",
          body=schemas.ExtractReview, auth="required", errors=(401, 403, 404, 409, 422))
def review_extract(call: Call):
    return extracts.review(call.params["slug"], call.caller, call.params["extract_id"], call.body.decision)
