from chalice import Blueprint

from chalicelib.api import schemas
from chalicelib.api.http import CURSOR_QUERY, LIMIT_QUERY, Call, decode_cursor, encode_cursor, endpoint
from chalicelib.services import posts
from chalicelib.storage import keys

bp = Blueprint(__name__)


@endpoint(bp, "/debates/{slug}/ideas/{idea_id}/posts", "GET", summary="Top posts of an idea, newest first",
          tag="posts", query={"limit": LIMIT_QUERY, "cursor": CURSOR_QUERY}, errors=(400, 404, 422))
def list_idea_posts(call: Call):
    slug, idea_id = call.params["slug"], call.params["idea_id"]
    start = decode_cursor(call.query["cursor"], "gsi1pk", keys.idea_posts(slug, idea_id))
    items, last = posts.list_idea_posts(slug, call.caller, idea_id, call.query["limit"], start)
    return {"items": items, "next_cursor": encode_cursor(last)}


@endpoint(bp, "/debates/{slug}/ideas/{idea_id}/posts", "POST", summary="Post in an idea", tag="posts",
          body=schemas.PostInput, auth="required", status=201, errors=(400, 401, 403, 404, 409, 422), idempotent=True)
def create_post(call: Call):
    return posts.create_post(call.params["slug"], call.caller, call.params["idea_id"], call.body,
                             call.idempotency_key)


@endpoint(bp, "/debates/{slug}/posts/{post_id}", "GET", summary="One post", tag="posts", errors=(404,))
def get_post(call: Call):
    return posts.get_post(call.params["slug"], call.caller, call.params["post_id"])


@endpoint(bp, "/debates/{slug}/posts/{post_id}/thread", "GET",
          summary="A post and all its replies, depth-first", tag="posts", errors=(404,))
def get_thread(call: Call):
    return posts.get_thread(call.params["slug"], call.caller, call.params["post_id"])


@endpoint(bp, "/debates/{slug}/posts/{post_id}/replies", "POST", summary="Reply to a post", tag="posts",
          body=schemas.ReplyInput, auth="required", status=201, errors=(400, 401, 403, 404, 409, 422),
          idempotent=True)
def reply(call: Call):
    return posts.reply(call.params["slug"], call.caller, call.params["post_id"], call.body, call.idempotency_key)


@endpoint(bp, "/debates/{slug}/posts/{post_id}", "PATCH", summary="Edit my post", tag="posts",
          body=schemas.PostEdit, auth="required", errors=(401, 403, 404, 409, 422))
def edit_post(call: Call):
    return posts.edit_post(call.params["slug"], call.caller, call.params["post_id"], call.body)


@endpoint(bp, "/debates/{slug}/posts/{post_id}", "DELETE",
          summary="Delete my post (moderators: any post); a post with replies leaves a tombstone", tag="posts",
          auth="required", errors=(401, 403, 404))
def delete_post(call: Call):
    return posts.delete_post(call.params["slug"], call.caller, call.params["post_id"])


@endpoint(bp, "/debates/{slug}/posts/{post_id}/moderation", "POST", summary="Publish or reject a post (moderators)",
          tag="posts", body=schemas.Moderation, auth="required", errors=(401, 403, 404, 409, 422))
def moderate_post(call: Call):
    return posts.moderate(call.params["slug"], call.caller, call.params["post_id"], call.body)


@endpoint(bp, "/debates/{slug}/posts/{post_id}/reactions/{kind}", "PUT", summary="Add my reaction of this kind",
          tag="reactions", auth="required", errors=(401, 403, 404, 409))
def set_reaction(call: Call):
    return posts.set_reaction(call.params["slug"], call.caller, call.params["post_id"], call.params["kind"])


@endpoint(bp, "/debates/{slug}/posts/{post_id}/reactions/{kind}", "DELETE", summary="Remove my reaction",
          tag="reactions", auth="required", errors=(401, 403, 404, 409))
def clear_reaction(call: Call):
    return posts.clear_reaction(call.params["slug"], call.caller, call.params["post_id"], call.params["kind"])


@endpoint(bp, "/debates/{slug}/posts/{post_id}/stance", "PUT",
          summary="Agree, disagree or pass on a statement (one stance per person; changing it moves the counts)",
          tag="stances", body=schemas.StanceInput, auth="required", errors=(401, 403, 404, 409, 422))
def set_stance(call: Call):
    return posts.set_stance(call.params["slug"], call.caller, call.params["post_id"], call.body.value)


@endpoint(bp, "/debates/{slug}/posts/{post_id}/move", "POST",
          summary="Move a thread (its first post and all replies) to another idea (moderators)", tag="posts",
          body=schemas.ThreadMove, auth="required", errors=(401, 403, 404, 409, 422))
def move_thread(call: Call):
    from chalicelib.services import curation

    return curation.move_thread(call.params["slug"], call.caller, call.params["post_id"], call.body.idea_id)
