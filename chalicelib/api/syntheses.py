from chalice import Blueprint, Response

from chalicelib.api import schemas
from chalicelib.api.http import CURSOR_QUERY, Call, decode_cursor, encode_cursor, endpoint
from chalicelib.errors import NotFound
from chalicelib.services import notifications, syntheses
from chalicelib.storage import keys

bp = Blueprint(__name__)


@endpoint(bp, "/debates/{slug}/syntheses", "GET", summary="Published syntheses, newest first", tag="syntheses",
          query={"limit": {"type": "integer", "minimum": 1, "maximum": 20, "default": 10}, "cursor": CURSOR_QUERY},
          errors=(400, 404, 422))
def list_published(call: Call):
    slug = call.params["slug"]
    start = decode_cursor(call.query["cursor"], "pk", keys.syntheses(slug), "PUB#")
    items, last = syntheses.list_published(slug, call.caller, call.query["limit"], start)
    return {"items": items, "next_cursor": encode_cursor(last)}


@endpoint(bp, "/debates/{slug}/syntheses/{number}", "GET", summary="One published synthesis with its citations",
          tag="syntheses", errors=(404,))
def get_published(call: Call):
    number = call.params["number"]
    if not number.isdigit() or not 0 < int(number) < 10**6:
        raise NotFound("No published synthesis has this number in this debate.")
    return syntheses.get_published(call.params["slug"], call.caller, int(number))


@endpoint(bp, "/debates/{slug}/syntheses.atom", "GET", summary="Atom feed of published syntheses", tag="syntheses",
          errors=(404,), produces="application/atom+xml")
def atom_feed(call: Call):
    return Response(body=syntheses.atom_feed(call.params["slug"], call.caller), status_code=200,
                    headers={"Content-Type": "application/atom+xml; charset=utf-8"})


@endpoint(bp, "/debates/{slug}/synthesis-drafts", "GET", summary="Synthesis drafts (moderators, organisers)",
          tag="syntheses", auth="required", errors=(401, 403, 404))
def list_drafts(call: Call):
    return syntheses.list_drafts(call.params["slug"], call.caller)


@endpoint(bp, "/debates/{slug}/synthesis-drafts", "POST", summary="Start a synthesis draft (moderators, organisers)",
          tag="syntheses", body=schemas.SynthesisInput, auth="required", status=201,
          errors=(401, 403, 404, 422))
def create_draft(call: Call):
    return syntheses.create_draft(call.params["slug"], call.caller, call.body)


@endpoint(bp, "/debates/{slug}/synthesis-drafts/{synthesis_id}", "GET", summary="A synthesis draft",
          tag="syntheses", auth="required", errors=(401, 403, 404))
def get_draft(call: Call):
    return syntheses.get_draft(call.params["slug"], call.caller, call.params["synthesis_id"])


@endpoint(bp, "/debates/{slug}/synthesis-drafts/{synthesis_id}", "PUT",
          summary="Save a draft; 409 with the current version if someone saved since you loaded it",
          tag="syntheses", body=schemas.SynthesisSave, auth="required", errors=(401, 403, 404, 409, 422))
def save_draft(call: Call):
    return syntheses.save_draft(call.params["slug"], call.caller, call.params["synthesis_id"], call.body)


@endpoint(bp, "/debates/{slug}/synthesis-drafts/{synthesis_id}/publish", "POST",
          summary="Publish: every sentence of every section must cite an extract; followers are mailed once",
          tag="syntheses", body=schemas.PublishInput, auth="required", status=201,
          errors=(401, 403, 404, 409, 422))
def publish(call: Call):
    return syntheses.publish(call.params["slug"], call.caller, call.params["synthesis_id"], call.body.version)


@endpoint(bp, "/debates/{slug}/follow", "GET", summary="Whether I follow this debate", tag="notifications",
          auth="required", errors=(401, 404))
def get_follow(call: Call):
    return notifications.following(call.params["slug"], call.caller)


@endpoint(bp, "/debates/{slug}/follow", "PUT", summary="Follow this debate (email on each published synthesis)",
          tag="notifications", auth="required", errors=(401, 404))
def follow(call: Call):
    return notifications.follow(call.params["slug"], call.caller)


@endpoint(bp, "/debates/{slug}/follow", "DELETE", summary="Stop following this debate", tag="notifications",
          auth="required", errors=(401, 404))
def unfollow(call: Call):
    return notifications.unfollow(call.params["slug"], call.caller)


_PAGE = ('<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Palabre</title></head><body><main>'
         "<h1>{fr}</h1><p lang=\"en\">{en}</p></main></body></html>")


@endpoint(bp, "/unsubscribe", "GET", summary="One-click unsubscribe from a signed email link", tag="notifications",
          query={"token": {"type": "string", "maxLength": 2000}}, auth="none", errors=(400, 422),
          produces="text/html")
def unsubscribe(call: Call):
    notifications.unsubscribe(call.query["token"] or "")
    return Response(body=_PAGE.format(fr="Vous ne suivez plus ce débat.", en="You no longer follow this debate."),
                    status_code=200, headers={"Content-Type": "text/html; charset=utf-8",
                                              "Content-Security-Policy": "default-src 'none'"})
