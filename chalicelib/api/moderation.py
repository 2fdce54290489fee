from chalice import Blueprint

from chalicelib.api import schemas
from chalicelib.api.http import CURSOR_QUERY, LIMIT_QUERY, Call, decode_cursor, encode_cursor, endpoint
from chalicelib.services import moderation
from chalicelib.storage import keys

bp = Blueprint(__name__)


@endpoint(bp, "/debates/{slug}/posts/{post_id}/flag", "PUT", summary="Flag a post for the moderators (once each)",
          tag="moderation", body=schemas.FlagInput, auth="required", errors=(401, 403, 404, 409, 422))
def flag_post(call: Call):
    return moderation.flag(call.params["slug"], call.caller, call.params["post_id"], call.body.reason)


@endpoint(bp, "/debates/{slug}/moderation/queue", "GET", summary="Posts waiting for a moderator: pending or flagged",
          tag="moderation", query={"limit": LIMIT_QUERY, "cursor": CURSOR_QUERY}, auth="required",
          errors=(400, 401, 403, 404, 422))
def moderation_queue(call: Call):
    slug = call.params["slug"]
    start = decode_cursor(call.query["cursor"], "pk", keys.moderation_queue(slug))
    items, last = moderation.queue(slug, call.caller, call.query["limit"], start)
    return {"items": items, "next_cursor": encode_cursor(last)}


@endpoint(bp, "/debates/{slug}/audit", "GET", summary="Audit log of moderation and administration (organisers)",
          tag="moderation", query={"limit": LIMIT_QUERY, "cursor": CURSOR_QUERY}, auth="required",
          errors=(400, 401, 403, 404, 422))
def audit_log(call: Call):
    slug = call.params["slug"]
    start = decode_cursor(call.query["cursor"], "pk", keys.audit(slug))
    items, last = moderation.audit_log(slug, call.caller, call.query["limit"], start)
    return {"items": items, "next_cursor": encode_cursor(last)}
