from chalice import Blueprint

from chalicelib.api import schemas
from chalicelib.api.http import CURSOR_QUERY, LIMIT_QUERY, Call, decode_cursor, encode_cursor, endpoint
from chalicelib.services import debates
from chalicelib.storage import keys

bp = Blueprint(__name__)


@endpoint(bp, "/debates", "GET", summary="Public debates, newest first", tag="debates",
          query={"limit": LIMIT_QUERY, "cursor": CURSOR_QUERY}, errors=(400, 422))
def list_debates(call: Call):
    start = decode_cursor(call.query["cursor"], "gsi1pk", keys.PUBLIC_DEBATES)
    items, last = debates.list_public(call.query["limit"], start)
    return {"items": items, "next_cursor": encode_cursor(last)}


@endpoint(bp, "/debates", "POST", summary="Create a debate (platform organisers)", tag="debates",
          body=schemas.DebateInput, auth="required", status=201, errors=(401, 403, 409, 422))
def create_debate(call: Call):
    return debates.create_debate(call.caller, call.body)


@endpoint(bp, "/debates/{slug}", "GET", summary="A debate with its counts", tag="debates", errors=(404,))
def get_debate(call: Call):
    return debates.get_debate(call.params["slug"], call.caller)


@endpoint(bp, "/debates/{slug}", "PATCH", summary="Change a debate's settings (organisers)", tag="debates",
          body=schemas.DebatePatch, auth="required", errors=(401, 403, 404, 422))
def update_debate(call: Call):
    return debates.update_debate(call.params["slug"], call.caller, call.body)


MEMBER_GROUP = {"type": "string", "enum": ["staff", "invited"], "default": "staff", "maxLength": 7}


@endpoint(bp, "/debates/{slug}/members", "GET",
          summary="People organisers named, by pages of 100: staff (moderators and organisers see it) or, with "
                  "group=invited, the participants invited (organisers)",
          tag="members", query={"group": MEMBER_GROUP, "cursor": CURSOR_QUERY}, auth="required",
          errors=(400, 401, 403, 404, 422))
def list_members(call: Call):
    slug, group = call.params["slug"], call.query["group"]
    start = decode_cursor(call.query["cursor"], "gsi1pk", keys.staff(slug) if group == "staff" else keys.invited(slug))
    items, last = debates.list_members(slug, call.caller, group, start)
    return {"items": items, "next_cursor": encode_cursor(last)}


@endpoint(bp, "/debates/{slug}/members", "POST", summary="Give roles to a person by email (organisers)",
          tag="members", body=schemas.MemberInvite, auth="required", errors=(401, 403, 404, 409, 422))
def invite_member(call: Call):
    return debates.invite_member(call.params["slug"], call.caller, call.body.email, list(call.body.roles))


@endpoint(bp, "/debates/{slug}/members/{user_id}", "PUT", summary="Set a member's roles (organisers)",
          tag="members", body=schemas.MemberRoles, auth="required", errors=(401, 403, 404, 409, 422))
def set_member_roles(call: Call):
    return debates.set_member_roles(call.params["slug"], call.caller, call.params["user_id"],
                                    list(call.body.roles))


@endpoint(bp, "/debates/{slug}/members/{user_id}", "DELETE",
          summary="Take a person's place away (organisers): no roles, off the lists; in a private debate they can no "
                  "longer read it and stop following it. What they wrote stays",
          tag="members", auth="required", errors=(401, 403, 404, 409))
def remove_member(call: Call):
    return debates.remove_member(call.params["slug"], call.caller, call.params["user_id"])


@endpoint(bp, "/debates/{slug}/archive", "POST",
          summary="Write the static read-only archive of a closed debate (organisers); a private debate's needs "
                  "publish=true: the archive is public", tag="debates",
          query={"publish": {"type": "string", "enum": ["true", "false"], "maxLength": 5}},
          auth="required", errors=(401, 403, 404, 409, 422))
def archive_debate(call: Call):
    from chalicelib.services import archive

    return archive.archive(call.params["slug"], call.caller, publish=call.query["publish"] == "true")


@endpoint(bp, "/debates/{slug}/consent", "PUT", summary="Accept this version of the debate's terms", tag="members",
          body=schemas.ConsentInput, auth="required", errors=(401, 404, 409, 422))
def accept_terms(call: Call):
    from chalicelib.services import accounts

    return accounts.accept_terms(call.params["slug"], call.caller, call.body.version)
