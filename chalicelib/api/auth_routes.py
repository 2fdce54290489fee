from chalice import Blueprint

from chalicelib.api import schemas
from chalicelib.api.http import CURSOR_QUERY, Call, decode_cursor, encode_cursor, endpoint, json_response
from chalicelib.services import identity
from chalicelib.services.presenters import user_view
from chalicelib.storage import keys, members_repo, users_repo

bp = Blueprint(__name__)


@endpoint(bp, "/auth/email-link", "POST", summary="Email me a sign-in link", tag="auth",
          body=schemas.EmailLinkInput, auth="none", status=202, errors=(422, 429))
def email_link(call: Call):
    identity.send_signin_link(call.body.email, call.body.next, call.source_ip)
    return {"sent": True}


@endpoint(bp, "/auth/session", "POST", summary="Exchange a sign-in link's token for an access token", tag="auth",
          body=schemas.SessionInput, auth="none", errors=(401, 422))
def open_session(call: Call):
    return identity.open_session(call.body.token)


@endpoint(bp, "/me", "GET", summary="The signed-in user", tag="auth", auth="required", errors=(401,))
def me(call: Call):
    return {"user": user_view(call.caller.user, with_email=True)}


@endpoint(bp, "/me", "PATCH", summary="Change my display name", tag="auth", body=schemas.ProfilePatch,
          auth="required", errors=(401, 422))
def update_me(call: Call):
    from chalicelib.domain.text import clean_line

    name = clean_line(call.body.display_name)
    if not name:
        from chalicelib.errors import Unprocessable
        raise Unprocessable("display_name: must not be empty",
                            details={"fields": [{"field": "display_name", "message": "must not be empty"}]})
    users_repo.update_display_name(call.caller.user_id, name)
    return {"user": user_view(users_repo.get_user(call.caller.user_id), with_email=True)}


@endpoint(bp, "/me/data", "GET", summary="Download my data: everything about me across debates, page by page",
          tag="account", query={"cursor": CURSOR_QUERY}, auth="required", errors=(400, 401, 422))
def my_data(call: Call):
    from chalicelib.services import accounts

    return accounts.export_page(call.caller, call.query["cursor"])


MY_DEBATES_LIMIT = {"type": "integer", "minimum": 1, "maximum": members_repo.MAX_LISTED_DEBATES, "default": 20}


@endpoint(bp, "/me/debates", "GET", summary="My debates: those I was given a role in or took part in, by address",
          tag="account", query={"limit": MY_DEBATES_LIMIT, "cursor": CURSOR_QUERY}, auth="required",
          errors=(400, 401, 422))
def my_debates(call: Call):
    from chalicelib.services import my_debates

    start = decode_cursor(call.query["cursor"], "pk", keys.user(call.caller.user_id),
                          keys.USER_DEBATES_PREFIX)  # only the caller's own list
    items, last = my_debates.list_mine(call.caller, call.query["limit"], start)
    return {"items": items, "next_cursor": encode_cursor(last)}


@endpoint(bp, "/me", "DELETE", summary="Delete my account (confirm with my email address)", tag="account",
          body=schemas.DeleteAccountInput, auth="required", errors=(401, 422))
def delete_me(call: Call):
    """200 {"status": "deleted"}; 202 {"status": "deleting"} when a large account is finished by the scheduled
    job (the account is already refused everywhere)."""
    from chalicelib.services import accounts

    result = accounts.delete_me(call.caller, call.body.confirm)
    return json_response(result, 200 if result["status"] == "deleted" else 202)
