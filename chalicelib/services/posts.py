"""Use cases on posts, replies, reactions and stances."""
from __future__ import annotations

from chalicelib.api import schemas
from chalicelib.domain import clock, ids, text
from chalicelib.errors import Conflict, Forbidden, NotFound, Unprocessable
from chalicelib.services import access as access_service
from chalicelib.services.access import Access
from chalicelib.services.identity import Caller
from chalicelib.services.presenters import REACTION_KINDS, post_view
from chalicelib.storage import idempotency_repo, ideas_repo, keys, posts_repo
from chalicelib.storage.models import Post
from chalicelib.storage.transactions import ConditionFailed, retrying

MAX_DEPTH = 40  # the ancestry path must stay well inside DynamoDB's 1 KB sort-key limit


def _mine(marks) -> dict[str, dict]:
    mine: dict[str, dict] = {}
    for mark in marks:
        post_id, kind = mark.sk[2:].rsplit("#", 1)
        entry = mine.setdefault(post_id, {"reactions": [], "stance": None})
        if kind == "stance":
            entry["stance"] = mark.value
        else:
            entry["reactions"].append(kind)
    return mine


def _empty_mine() -> dict:
    return {"reactions": [], "stance": None}


def _visible(access: Access, post: Post) -> bool:
    if post.state in ("published", "deleted"):
        return True
    if access.caller is not None and post.author_id == access.caller.user_id:
        return True
    return access.can("moderate")


def _load_post(access: Access, post_id: str, consistent: bool = False) -> Post:
    post = posts_repo.get_post(access.slug, post_id, consistent=consistent) if _well_formed(post_id) else None
    if post is None or not _visible(access, post):
        raise NotFound("No post has this id in this debate.")
    return post


def _well_formed(post_id: str) -> bool:
    thread_id, own = posts_repo.split_post_id(post_id)
    return ids.is_id(thread_id) and ids.is_id(own) and post_id.count(".") <= 1


def _view_with_mine(access: Access, post: Post) -> dict:
    if access.caller is None:
        return post_view(post)
    marks = posts_repo.marks_in_thread(access.slug, access.caller.user_id, post.post_id)
    mine = _mine(m for m in marks if m.sk.rsplit("#", 1)[0] == f"X#{post.post_id}")
    return post_view(post, mine=mine.get(post.post_id, _empty_mine()))


def _initial_state(access: Access) -> str:
    if access.debate.premoderation and not access.can("moderate"):
        return "pending"
    return "published"


def thread_idea(slug: str, post: Post) -> str:
    """The idea a post counts in: its thread root's (replies keep the idea they were written in)."""
    if post.parent_id is None:
        return post.idea_id
    root = posts_repo.get_post(slug, post.thread_id, consistent=True)
    return root.idea_id if root is not None else post.idea_id


def _contributor_n(slug: str, idea_id: str, user_id: str) -> int | None:
    return ideas_repo.contributor_counts(slug, [(idea_id, user_id)])[(idea_id, user_id)]


def _insert(access: Access, caller: Caller, post: Post, idempotency_key: str | None, idea_id: str) -> dict:
    first = access.first_contribution

    def attempt():
        nonlocal first
        contributor_n = _contributor_n(access.slug, idea_id, post.author_id) if post.state == "published" else None
        try:
            posts_repo.insert_post(post, slug=access.slug, idea_id=idea_id, first_contribution=first,
                                   idempotency_key=idempotency_key, contributor_n=contributor_n, now=post.created_at)
        except ConditionFailed as failure:
            failed = failure.failed
            if "idempotency" in failed:
                record = idempotency_repo.get(keys.member(access.slug, caller.user_id), idempotency_key)
                if record is not None and record.fingerprint != posts_repo.request_fingerprint(post):
                    raise Unprocessable("This Idempotency-Key was already used for another request; use a new key "
                                        "for each new message.", code="idempotency_key_reused")
                earlier = posts_repo.get_post(access.slug, record.result_ref, consistent=True) if record else None
                if earlier is not None:
                    return post_view(earlier, mine=_empty_mine())
            if "debate" in failed:
                raise Conflict("This debate is closed to new contributions.", code="debate_closed") from None
            if "parent" in failed:
                raise Conflict("You can only reply to a published post.", code="parent_not_published") from None
            if "idea" in failed:
                raise NotFound("No idea has this id in this debate.") from None
            if "member" in failed or "contributor" in failed:
                # another request recorded the first contribution, or a post in this idea, meanwhile
                first = first and "member" not in failed
                return attempt()
            raise
        return post_view(post, mine=_empty_mine())

    return retrying(attempt)


def _rendered(body: str) -> tuple[str, str]:
    """The body's sanitised HTML and plain text; refused when nothing visible is left once formatting is removed
    (`&#8203;`, an empty link...)."""
    body_html, body_text = text.render_markdown(body)
    if not text.is_visible(body_text):
        raise Unprocessable("body: the message is empty once formatting is removed",
                            details={"fields": [{"field": "body", "message": "is empty"}]})
    return body_html, body_text


def create_post(slug: str, caller: Caller | None, idea_id: str, data: schemas.PostInput,
                idempotency_key: str | None) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("post")
    idea = ideas_repo.get_idea(slug, idea_id) if ids.is_id(idea_id) else None
    if idea is None:
        raise NotFound("No idea has this id in this debate.")
    if idea.merged_into:
        raise Conflict("This idea was merged into another; post there.", code="idea_merged",
                       details={"into_id": idea.merged_into})
    body_html, body_text = _rendered(data.body)
    if data.statement and len(body_text) > 400:
        raise Unprocessable("body: a statement must be at most 400 characters",
                            details={"fields": [{"field": "body", "message": "a statement is at most 400 characters"}]})
    now = clock.now_iso()
    post_id = ids.new_id()
    state = _initial_state(access)
    post = Post(keys.thread(slug, post_id), keys.post_sk(post_id), post_id=post_id, thread_id=post_id,
                parent_id=None, idea_id=idea_id, author_id=me.user_id, author_name=me.user.display_name,
                body_source=data.body, body_html=body_html, body_text=body_text,
                language=_language(access, data.language, access.debate.default_language), statement=data.statement,
                state=state,
                created_at=now, lsi1sk=post_id)
    if state == "published":
        post.gsi1pk, post.gsi1sk = keys.idea_posts(slug, idea_id), f"{now}#{post_id}"
    return _insert(access, me, post, idempotency_key, idea_id)


def _language(access: Access, asked: str | None, otherwise: str) -> str:
    """A post is in one of its debate's languages: the web app sends its interface's language, which may be none of
    them (a French interface in an English debate), and the summaries stem and pick stop words by it."""
    languages = list(access.debate.languages or [])
    if asked and (asked in languages or not languages):
        return asked
    return otherwise if otherwise in languages or not languages else access.debate.default_language


def reply(slug: str, caller: Caller | None, parent_id: str, data: schemas.ReplyInput,
          idempotency_key: str | None) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("post")
    parent = _load_post(access, parent_id, consistent=True)
    if parent.state != "published":
        raise Conflict("You can only reply to a published post.", code="parent_not_published")
    if parent.lsi1sk.count("/") + 1 > MAX_DEPTH:
        raise Conflict(f"Replies can be nested {MAX_DEPTH} levels deep at most; reply higher up the thread.",
                       code="thread_too_deep")
    body_html, body_text = _rendered(data.body)
    now = clock.now_iso()
    own = ids.new_id()
    idea_id = thread_idea(slug, parent)
    post = Post(parent.pk, keys.post_sk(own), post_id=f"{parent.thread_id}.{own}", thread_id=parent.thread_id,
                parent_id=parent.post_id, idea_id=idea_id, author_id=me.user_id,
                author_name=me.user.display_name, body_source=data.body, body_html=body_html, body_text=body_text,
                language=_language(access, data.language, parent.language), statement=False,
                state=_initial_state(access),
                created_at=now, lsi1sk=f"{parent.lsi1sk}/{own}")
    return _insert(access, me, post, idempotency_key, idea_id)


def get_post(slug: str, caller: Caller | None, post_id: str) -> dict:
    access = access_service.load(slug, caller)
    return _view_with_mine(access, _load_post(access, post_id))


def get_thread(slug: str, caller: Caller | None, post_id: str) -> dict:
    access = access_service.load(slug, caller)
    root = _load_post(access, post_id)
    posts = [p for p in posts_repo.load_subtree(slug, root) if _visible(access, p)]
    # A deleted post stays as a tombstone only where something visible hangs below it.
    paths_with_children = set()
    for post in posts:
        if post.state != "deleted":
            parts = post.lsi1sk.split("/")
            for depth in range(1, len(parts)):
                paths_with_children.add("/".join(parts[:depth]))
    posts = [p for p in posts if p.state != "deleted" or p.lsi1sk in paths_with_children or p.post_id == post_id]
    extracts = _thread_extracts(access, posts)
    if access.caller is None:
        return {"items": [post_view(p) for p in posts], "extracts": extracts}
    mine = _mine(posts_repo.marks_in_thread(slug, access.caller.user_id, root.thread_id))
    return {"items": [post_view(p, mine=mine.get(p.post_id, _empty_mine())) for p in posts], "extracts": extracts}


def _thread_extracts(access: Access, posts: list[Post]) -> list[dict]:
    """The extracts of the shown posts, each measured against its post as it is now (one query per thread)."""
    from chalicelib.services.extracts import in_text_order, present
    from chalicelib.storage import extracts_repo

    if not posts:
        return []
    shown = {p.post_id: p for p in posts}
    staff = access.can("harvest")
    views = [present(e, shown[e.post_id].state, shown[e.post_id].body_text, staff=staff)
             for e in extracts_repo.extracts_of_thread(access.slug, posts[0].thread_id) if e.post_id in shown]
    return in_text_order([v for v in views if v is not None])


def list_idea_posts(slug: str, caller: Caller | None, idea_id: str, limit: int, start_key: dict | None):
    access = access_service.load(slug, caller)
    if not ids.is_id(idea_id) or ideas_repo.get_idea(slug, idea_id) is None:
        raise NotFound("No idea has this id in this debate.")
    posts, last = posts_repo.list_idea_posts(slug, idea_id, limit, start_key)
    # Deleted top posts stay in the index only while something live hangs below them (decided when deleted).
    posts = [p for p in posts if p.state in ("published", "deleted")]
    if access.caller is None:
        return [post_view(p) for p in posts], last
    mine = _mine(posts_repo.marks_for_posts(slug, access.caller.user_id, [p.post_id for p in posts]))
    return [post_view(p, mine=mine.get(p.post_id, _empty_mine())) for p in posts], last


def edit_post(slug: str, caller: Caller | None, post_id: str, data: schemas.PostEdit) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("edit_own_post")
    post = _load_post(access, post_id, consistent=True)
    if post.author_id != me.user_id:
        raise Forbidden("You can only edit your own posts.")
    if post.state not in ("published", "pending"):
        raise Conflict("This post can no longer be edited.", code="post_not_editable")
    body_html, body_text = _rendered(data.body)
    now = clock.now_iso()
    try:
        posts_repo.edit_post(slug, post, [
            Post.body_source.set(data.body), Post.body_html.set(body_html), Post.body_text.set(body_text),
            Post.edited_at.set(now)], condition=(Post.author_id == me.user_id) & Post.state.is_in("published",
                                                                                                   "pending"),
            idea_id=thread_idea(slug, post))
    except ConditionFailed:  # the post changed state meanwhile
        raise Conflict("This post can no longer be edited.", code="post_not_editable") from None
    updated = posts_repo.get_post(slug, post_id, consistent=True)
    from chalicelib.services.extracts import reanchor_after_edit

    reanchor_after_edit(slug, updated)
    return _view_with_mine(access, updated)


def _change_state(access: Access, post: Post, new_state: str, extra_actions: list,
                  audit_action: str | None = None, reason: str | None = None) -> Post:
    """audit_action: a moderator's decision, recorded in the audit log and taking the post off the queue."""
    from chalicelib.storage import moderation_repo

    def audit_entry(current: Post):
        if audit_action is None:
            return None
        details = {"from": current.state, "to": new_state, "author_id": current.author_id}
        if reason:
            details["reason"] = reason
        return moderation_repo.audit_entry(access.slug, access.caller.user_id, audit_action, current.post_id,
                                           clock.now_iso(), details)

    def attempt():
        current = posts_repo.get_post(access.slug, post.post_id, consistent=True)
        if current is None:
            raise NotFound("No post has this id in this debate.")
        if current.state == new_state:
            if audit_action and current.flag_count:
                try:
                    moderation_repo.keep_published(access.slug, current, audit_entry(current))
                except ConditionFailed:
                    return attempt()
                return posts_repo.get_post(access.slug, post.post_id, consistent=True)
            return current
        listed = current.parent_id is None and (new_state == "published" or
                                                (new_state == "deleted" and _has_live_replies(access.slug, current)))
        idea_id = thread_idea(access.slug, current)
        counted = (current.state == "published") != (new_state == "published")
        contributor_n = _contributor_n(access.slug, idea_id, current.author_id) if counted else None
        try:
            posts_repo.change_post_state(access.slug, current, new_state, extra_actions, listed=listed,
                                         idea_id=idea_id, contributor_n=contributor_n, audit=audit_entry(current),
                                         dequeue=bool(audit_action) or current.state == "pending")
        except ConditionFailed:
            return attempt()  # someone else changed its state meanwhile: decide again on the fresh item
        if current.parent_id and current.state == "published":
            _drop_empty_tombstone(access.slug, current.thread_id)
        return posts_repo.get_post(access.slug, post.post_id, consistent=True)

    return retrying(attempt)


def _has_live_replies(slug: str, root: Post) -> bool:
    """Whether a top post keeps a tombstone: any published post below it, however deep (one thread query)."""
    if root.reply_count:
        return True
    return any(p.state == "published" for p in posts_repo.load_subtree(slug, root) if p.post_id != root.post_id)


def _drop_empty_tombstone(slug: str, thread_id: str) -> None:
    """The last live reply under a deleted top post is gone: the tombstone leaves the idea's listing."""
    from pynamodb.exceptions import UpdateError

    root = posts_repo.get_post(slug, thread_id, consistent=True)
    if root is not None and root.state == "deleted" and root.gsi1pk and not _has_live_replies(slug, root):
        try:
            posts_repo.update_post_fields(slug, root, [Post.gsi1pk.remove(), Post.gsi1sk.remove()],
                                          condition=Post.state == "deleted")
        except UpdateError:  # changed meanwhile: leave it listed
            pass


def delete_post(slug: str, caller: Caller | None, post_id: str) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("delete_own_post")
    post = _load_post(access, post_id, consistent=True)
    own = post.author_id == me.user_id
    if not ((own and access.can("delete_own_post")) or access.can("delete_any_post")):
        raise Forbidden("You can only delete your own posts.")
    now = clock.now_iso()
    updated = _change_state(access, post, "deleted", [
        Post.body_source.set(""), Post.body_html.set(""), Post.body_text.set(""),
        Post.moderation.set({"by": me.user_id, "at": now, "action": "deleted_by_author" if own else "deleted"})],
        audit_action=None if own else "delete_post")
    return _view_with_mine(access, updated)


def moderate(slug: str, caller: Caller | None, post_id: str, data: schemas.Moderation) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("moderate")
    post = _load_post(access, post_id, consistent=True)
    if post.state == "deleted":
        raise Conflict("A deleted post cannot be moderated.", code="post_deleted")
    record = {"by": me.user_id, "at": clock.now_iso(), "action": data.state}
    if data.reason:
        record["reason"] = text.clean_line(data.reason)
    updated = _change_state(access, post, data.state, [Post.moderation.set(record)],
                            audit_action=f"moderate_{data.state}", reason=record.get("reason"))
    return _view_with_mine(access, updated)


def _require_statement_target(access: Access, post_id: str) -> Post:
    post = _load_post(access, post_id, consistent=True)
    if post.state != "published":
        raise Conflict("You can only react to a published post.", code="post_not_published")
    return post


def set_reaction(slug: str, caller: Caller | None, post_id: str, kind: str) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("react")
    if kind not in REACTION_KINDS:
        raise NotFound(f"Unknown reaction '{kind}'; use one of {', '.join(REACTION_KINDS)}.")
    post = _require_statement_target(access, post_id)

    def attempt():
        try:
            posts_repo.add_reaction(slug, me.user_id, post.post_id, kind, idea_id=thread_idea(slug, post),
                                    now=clock.now_iso())
        except ConditionFailed as failure:
            if "mark" in failure.failed:
                return  # already set: setting it again changes nothing
            _require_statement_target(access, post_id)
            attempt()  # the thread moved to another idea meanwhile: count it there
    retrying(attempt)
    return _view_with_mine(access, _load_post(access, post_id, consistent=True))


def clear_reaction(slug: str, caller: Caller | None, post_id: str, kind: str) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("react")
    if kind not in REACTION_KINDS:
        raise NotFound(f"Unknown reaction '{kind}'; use one of {', '.join(REACTION_KINDS)}.")
    post = _load_post(access, post_id, consistent=True)

    def attempt():
        try:
            posts_repo.remove_reaction(slug, me.user_id, post.post_id, kind, idea_id=thread_idea(slug, post))
        except ConditionFailed as failure:
            if "mark" in failure.failed:
                return  # not set: nothing to remove
            attempt()  # the thread moved meanwhile
    retrying(attempt)
    return _view_with_mine(access, _load_post(access, post_id, consistent=True))


def set_stance(slug: str, caller: Caller | None, post_id: str, value: str) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("take_stance")
    post = _require_statement_target(access, post_id)
    if not post.statement:
        raise Conflict("Stances are taken on statements only; this post is not one.", code="not_a_statement")
    first = access.first_contribution
    for _ in range(8):
        previous = posts_repo.get_mark(slug, me.user_id, post.post_id, "stance")
        previous_value = previous.value if previous else None
        if previous_value == value:
            break
        try:
            retrying(lambda: posts_repo.put_stance(slug, me.user_id, post.post_id, value, previous_value,
                                                   first_contribution=first, now=clock.now_iso(),
                                                   idea_id=post.idea_id))
            break
        except ConditionFailed as failure:
            if "post" in failure.failed:
                _require_statement_target(access, post_id)
                raise Conflict("Stances are taken on published statements only.", code="not_a_statement") from None
            if "member" in failure.failed:
                first = False
            # "mark": the stance changed concurrently; read it again and retry
    else:
        raise Conflict("Your stance is being changed by another request; try again.", code="concurrent_change")
    return _view_with_mine(access, _load_post(access, post_id, consistent=True))
