"""GDPR self-service: download my data, delete my account, consent to a debate's terms.

Everything starts from the person's own keys (docs/data-model.md, "Personal data"): U#{user_id} lists their
debates (DEB#{slug}), and D#{slug}#M#{user_id} holds everything of theirs in a debate (membership and consent,
reactions, stances, flags, ballots, purses, follow, notification deliveries, idempotency records) plus pointers
(W#P#, W#E#) to the posts they wrote and the extracts they harvested or reviewed. No Scan.

Deletion is resumable: the account is first marked `deleting_at` (tokens and sign-in links are refused from then
on, and gsi1 USERS#deleting lists it), then each debate is processed item by item, each step idempotent and
removing what it processed, and the profile and lookups go last. A retry, `palabre delete-user EMAIL` or the
scheduled `finish_deletions` continues where an interrupted run stopped."""
from __future__ import annotations

import base64
import json
import re
import time
from typing import Any

from chalicelib.domain import clock, ids
from chalicelib.errors import BadRequest, Conflict, NotFound, Unprocessable
from chalicelib.services import access as access_service
from chalicelib.services.identity import Caller
from chalicelib.storage import accounts_repo, debates_repo, ideas_repo, keys, members_repo, posts_repo, users_repo
from chalicelib.storage.votes_repo import list_sessions as vote_sessions
from chalicelib.storage.models import AuditEntry, Extract, Post, Publication, SynthesisDraft, User
from chalicelib.storage.transactions import ConditionFailed

EXPORT_FORMAT = "palabre-personal-data"
CURSOR_SLUG = re.compile(r"[a-z0-9-]{1,100}")  # a debate's slug: never a key separator
EXPORT_PAGE_ITEMS = 200  # items of member partitions per page of the export
EXPORT_PAGE_DEBATES = 10
POLICIES = ("anonymise", "remove")
DEFAULT_POLICY = "anonymise"


# --- download my data ---------------------------------------------------------------------------------------------


def _encode(state: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(state, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode(cursor: str | None) -> dict | None:
    if not cursor:
        return None
    try:
        state = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not (isinstance(state, dict) and set(state) == {"d", "k"} and isinstance(state["d"], str)
                and CURSOR_SLUG.fullmatch(state["d"]) and (state["k"] is None or
                                                     (isinstance(state["k"], str) and len(state["k"]) <= 1024))):
            raise ValueError("bad cursor")
        return state
    except (ValueError, TypeError):
        raise BadRequest("This cursor is not valid; start again without it.", code="invalid_cursor") from None


def _texts(value: Any) -> dict:
    return dict(value.as_dict() if hasattr(value, "as_dict") else (value or {}))


def profile(user: User) -> dict:
    return {"id": user.user_id, "email": user.email, "display_name": user.display_name,
            "platform_roles": list(user.platform_roles or []), "created_at": user.created_at}


def export_page(caller: Caller, cursor: str | None) -> dict:
    """One page of everything about the caller. The first page has the profile; each page then covers up to
    EXPORT_PAGE_ITEMS items of their member partitions, debate after debate; `next_cursor` continues. The web app
    reads every page and saves one JSON file."""
    state = _decode(cursor)
    user_id = caller.user_id
    page: dict[str, Any] = {"format": EXPORT_FORMAT, "version": 1, "generated_at": clock.now_iso(), "debates": []}
    if state is None:
        page["user"] = profile(caller.user)
        first, _ = accounts_repo.user_debates(user_id, None, 1)
        slug, after = (first[0].slug if first else None), None
    else:
        slug, after = state["d"], state["k"]
    budget = EXPORT_PAGE_ITEMS
    while slug is not None and budget > 0 and len(page["debates"]) < EXPORT_PAGE_DEBATES:
        items, after = accounts_repo.member_page(slug, user_id, after, min(accounts_repo.PAGE, budget))
        budget -= len(items)
        section = _debate_section(slug, items, with_debate=state is None or after is None)
        page["debates"].append(section)
        if after is None:
            _add_staff_actions(section, slug, user_id)
            following, _ = accounts_repo.user_debates(user_id, slug, 1)
            slug = following[0].slug if following else None
    page["next_cursor"] = _encode({"d": slug, "k": after}) if slug is not None else None
    return page


def _add_staff_actions(section: dict, slug: str, user_id: str) -> None:
    """At the end of a debate: for someone an organiser acted on (staff, invited, or removed), the audit entries of
    what they did and of the roles given to (or taken from) them: a filtered Query of the debate's audit log, not
    read for the self-registered participants no such entry names."""
    member = members_repo.get_member(slug, user_id)
    if member is None or not (member.named or not member.roles):
        return
    entries = accounts_repo.entries_naming(AuditEntry, keys.audit(slug), user_id, ("actor_id", "target"))
    if entries:
        section["audit"] = [{"at": e.at, "action": e.action, "by_me": e.actor_id == user_id,
                             "target": "me" if e.target == user_id else e.target} for e in entries]


def _debate_section(slug: str, items: list[dict], *, with_debate: bool) -> dict:
    section: dict[str, Any] = {"slug": slug}
    if with_debate:
        debate = debates_repo.get_debate(slug)
        if debate is not None:
            section["title"] = _texts(debate.title)
    lists: dict[str, list] = {}

    def add(name: str, value: dict) -> None:
        lists.setdefault(name, []).append(value)

    post_refs, extract_refs = [], []
    for item in items:
        kind, sk = item.get("type"), item["sk"]
        if kind == "Member":
            section["membership"] = {"roles": item.get("roles", []), "joined_at": item.get("joined_at"),
                                     "first_contribution_at": item.get("contributed_at")}
            if item.get("consent_version"):
                section["consent"] = {"terms_version": item["consent_version"], "accepted_at": item.get("consent_at")}
        elif kind == "Mark":
            post_id, _, mark_kind = sk[2:].rpartition("#")
            name = {"stance": "stances", "flag": "flags"}.get(mark_kind, "reactions")
            add(name, {"post_id": post_id, "kind": mark_kind, "value": item.get("value"), "at": item.get("at")})
        elif kind == "Follow":
            section["following_since"] = item.get("since")
        elif kind == "Delivery":
            add("notifications", {"synthesis_publication": int(sk.split("#")[1]), "emailed_at": item.get("at")})
        elif kind == "VoteBallot":
            add("ballots", {"session_id": item.get("session_id"), "module_id": item.get("module_id"),
                            "proposal_id": item.get("proposal_id"), "ballot": json.loads(item.get("ballot_json") or "null"),
                            "cast_at": item.get("created_at"), "updated_at": item.get("updated_at")})
        elif kind == "VotePurse":
            spent = {k.removeprefix("spent_"): int(v) for k, v in item.items() if k.startswith("spent_")}
            add("vote_budgets", {"session_id": item.get("session_id"), "module_id": item.get("module_id"),
                                 "spent": spent})
        elif kind == "Pointer" and sk.startswith("W#P#"):
            post_refs.append((item["ref_pk"], item["ref_sk"]))
        elif kind == "Pointer" and sk.startswith("W#E#"):
            extract_refs.append((item["ref_pk"], item["ref_sk"]))
    for post in accounts_repo.batch_posts(post_refs).values():
        add("posts", {"id": post.post_id, "idea_id": post.idea_id, "thread_id": post.thread_id,
                      "parent_id": post.parent_id, "state": post.state, "language": post.language,
                      "statement": bool(post.statement), "body_text": post.body_text,
                      "body_source": post.body_source, "created_at": post.created_at, "edited_at": post.edited_at})
    for extract in accounts_repo.batch_extracts(extract_refs).values():
        add("extracts", {"id": extract.extract_id, "post_id": extract.post_id, "idea_id": extract.idea_id,
                         "kind": extract.kind, "text": extract.text, "state": extract.state,
                         "created_at": extract.created_at})
    section.update(lists)
    return section


# --- consent ------------------------------------------------------------------------------------------------------


def accept_terms(slug: str, caller: Caller | None, version: str) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("read")
    current = access.terms_version
    if current is None:
        raise NotFound("This debate has no terms to accept.", code="no_terms")
    if version != current:
        raise Conflict("The terms changed; read the current version and accept it.", code="terms_changed")
    now = clock.now_iso()
    try:
        members_repo.anchor(slug, me.user_id, now, consent_version=version)
    except ConditionFailed:
        raise Conflict("The terms changed; read the current version and accept it.", code="terms_changed") from None
    return {"consent": {"terms_version": version, "accepted_at": now}}


# --- delete my account --------------------------------------------------------------------------------------------


def delete_me(caller: Caller, confirm: str, budget_seconds: float = 20.0) -> dict:
    """The person confirms by typing their email address (or, for an account without one, their display name)."""
    expected = caller.user.email or caller.user.display_name
    if confirm.strip().lower() != (expected or "").strip().lower():
        raise Unprocessable("Type your email address exactly to confirm.", code="confirmation_mismatch",
                            details={"fields": [{"field": "confirm", "message": "does not match"}]})
    return delete_account(caller.user_id, budget_seconds=budget_seconds)


def delete_account(user_id: str, *, budget_seconds: float | None = None) -> dict:
    """Delete an account, or continue an interrupted deletion. 'deleted' when nothing of it remains; 'deleting'
    when the time budget ran out first (the next call, or the scheduled job, continues)."""
    deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
    user = users_repo.get_user(user_id)
    if user is None:
        return {"status": "deleted"}
    accounts_repo.start_deletion(user_id, clock.now_iso())
    while True:
        debates, _ = accounts_repo.user_debates(user_id, None, 25)
        if not debates:
            break
        for entry in debates:
            if not _delete_in_debate(user_id, entry, deadline):
                return {"status": "deleting"}
    for item in accounts_repo.user_items(user_id):
        if item["sk"] != keys.USER_SK:
            accounts_repo.delete_raw(item)
    accounts_repo.finish_user(user)
    return {"status": "deleted"}


def continue_deletions(budget_seconds: float) -> int:
    """Scheduled: finish the deletions that an interrupted request left (gsi1 USERS#deleting)."""
    deadline = time.monotonic() + budget_seconds
    finished = 0
    for user in accounts_repo.deleting_users(limit=20):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        if delete_account(user.user_id, budget_seconds=remaining)["status"] == "deleted":
            finished += 1
    return finished


def _out_of_time(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline


def _delete_in_debate(user_id: str, entry, deadline: float | None) -> bool:
    slug = entry.slug
    debate = debates_repo.get_debate(slug)
    policy = (debate.on_account_deletion if debate is not None else None) or DEFAULT_POLICY
    pseudonym = entry.pseudonym or accounts_repo.debate_pseudonym(user_id, slug, "deleted-" + ids.new_id())
    contributed = False
    while True:
        items, _ = accounts_repo.member_page(slug, user_id, None)
        rest = []
        for item in items:
            if item["sk"] == keys.MEMBER_SK:
                contributed = bool(item.get("contributed_at"))
            else:
                rest.append(item)
        if not rest:
            break
        for item in rest:
            if _out_of_time(deadline):
                return False
            _delete_item(slug, user_id, pseudonym, policy, item)
    if debate is not None:
        if policy == "remove":
            from chalicelib.services.syntheses import withdraw_erased_quotations

            withdraw_erased_quotations(slug, pseudonym)
        _rename_in_records(slug, user_id, pseudonym)
        accounts_repo.rename_actor(debate, user_id, pseudonym)
        _move_contributor_counts(slug, user_id, pseudonym)
    accounts_repo.finish_debate(slug, user_id, uncount_participant=policy == "remove" and contributed)
    return True


def _thread_idea(slug: str, post: Post) -> str:
    """A reply counts in its thread root's idea."""
    if post.parent_id is None:
        return post.idea_id
    root = posts_repo.get_post(slug, post.thread_id, consistent=True)
    return root.idea_id if root is not None else post.idea_id


def _delete_item(slug: str, user_id: str, pseudonym: str, policy: str, item: dict) -> None:
    kind, sk = item.get("type"), item["sk"]
    if kind == "Mark":
        post_id, _, mark_kind = sk[2:].rpartition("#")
        if mark_kind == "flag":
            accounts_repo.delete_raw(item)
        elif policy == "remove":
            post = posts_repo.get_post(slug, post_id, consistent=True)
            accounts_repo.remove_mark(slug, item, post=post, idea_id=_thread_idea(slug, post) if post else None)
        else:
            accounts_repo.rekey(item, keys.member(slug, pseudonym), {})
    elif kind == "VoteBallot":
        accounts_repo.rekey(item, keys.member(slug, pseudonym), accounts_repo.ballot_changes(slug, item, pseudonym))
    elif kind == "VotePurse":
        accounts_repo.rekey(item, keys.member(slug, pseudonym), {})
    elif kind == "Pointer" and sk.startswith("W#P#"):
        _delete_post(slug, user_id, pseudonym, policy, item)
    elif kind == "Pointer" and sk.startswith("W#E#"):
        try:
            extract = Extract.get(item["ref_pk"], item["ref_sk"], consistent_read=True)
        except Extract.DoesNotExist:
            accounts_repo.delete_pointer(item)
        else:
            accounts_repo.strip_extract(extract, user_id, pseudonym, item)
    else:  # follow, notification deliveries, idempotency records: nothing to keep
        accounts_repo.delete_raw(item)


def _delete_post(slug: str, user_id: str, pseudonym: str, policy: str, pointer: dict) -> None:
    try:
        post = Post.get(pointer["ref_pk"], pointer["ref_sk"], consistent_read=True)
    except Post.DoesNotExist:
        accounts_repo.delete_pointer(pointer)
        return
    if post.author_id == user_id:
        idea_id = _thread_idea(slug, post)
        counts = ideas_repo.contributor_counts(slug, [(idea_id, user_id), (idea_id, pseudonym)])
        if policy != "remove":
            accounts_repo.reassign_post(slug, post, pseudonym, pointer, idea_id=idea_id, contributor_n=counts)
            return
        erased = [Post.author_id.set(pseudonym), Post.author_name.set(""), Post.author_deleted.set(True),
                  Post.body_source.set(""), Post.body_html.set(""), Post.body_text.set(""),
                  *accounts_repo.moderation_renamed(post, user_id, pseudonym)]
        posts_repo.change_post_state(slug, post, "deleted", erased, listed=False, idea_id=idea_id,
                                     contributor_n=counts.get((idea_id, user_id)), dequeue=post.state == "pending")
    if policy == "remove" and post.author_id in (user_id, pseudonym):
        # erased (now, or by an earlier attempt): the extracts and suggestions quoting it go too (they hold its
        # words); the pointer goes last, so an interrupted run finds them again
        from chalicelib.services.extracts import erase_of_post

        erase_of_post(slug, post.post_id)
    accounts_repo.delete_pointer(pointer)


def _rename_in_records(slug: str, user_id: str, pseudonym: str) -> None:
    """Audit entries (roles given to the person, moderation they did) and syntheses they edited or published."""
    for entry in accounts_repo.entries_naming(AuditEntry, keys.audit(slug), user_id, ("actor_id", "target")):
        if entry.actor_id == user_id and ids.is_id(entry.target.partition(".")[0]):  # they moderated this post
            post = posts_repo.get_post(slug, entry.target, consistent=True)
            if post is not None:
                accounts_repo.rename_moderator(post, user_id, pseudonym)
        accounts_repo.rename_actor(entry, user_id, pseudonym)
    for session in vote_sessions(slug):
        accounts_repo.rename_actor(session, user_id, pseudonym)
    for model in (SynthesisDraft, Publication):
        names = ("updated_by",) if model is SynthesisDraft else ("published_by",)
        for entry in accounts_repo.entries_naming(model, keys.syntheses(slug), user_id, names):
            accounts_repo.rename_actor(entry, user_id, pseudonym)


def _move_contributor_counts(slug: str, user_id: str, pseudonym: str) -> None:
    """The person's per-idea counts (IC#{idea}#{user}): zero by now, or what is left moves to the pseudonym."""
    idea_ids = [idea.idea_id for idea in ideas_repo.list_ideas(slug)]
    for item in accounts_repo.contributor_items(slug, user_id, idea_ids):
        idea_id = item.sk.split("#")[1]
        new_sk = keys.idea_contributor_sk(idea_id, pseudonym)
        n_new = ideas_repo.contributor_counts(slug, [(idea_id, pseudonym)])[(idea_id, pseudonym)]
        accounts_repo.move_contributor(item, new_sk, n_new)
