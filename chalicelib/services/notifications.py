"""Following a debate and mailing its followers once per published synthesis.

A delivery record is claimed (conditional put) before each email is sent, so no retry of the publish request or of
the job ever mails a follower twice; a failed send releases its claim so the next run tries again. Jobs are found
through a sparse index of pending jobs, and each resumes from its cursor."""
from __future__ import annotations

import json
import time
import base64

import jwt

from chalicelib.auth import mailer
from chalicelib.auth.keys import signing_key
from chalicelib.config import settings
from chalicelib.domain import clock
from chalicelib.domain.text import clean_line
from chalicelib.errors import BadRequest, NotFound
from chalicelib.services import access as access_service
from chalicelib.services.identity import Caller
from chalicelib.storage import debates_repo, members_repo, syntheses_repo, users_repo
from chalicelib.storage.models import NotificationJob
from chalicelib.storage.transactions import ConditionFailed

UNSUBSCRIBE_AUDIENCE = "palabre-unsubscribe"


def follow(slug: str, caller: Caller | None) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("read")
    access.anchor()  # the Follow item lives in the person's member partition
    try:
        syntheses_repo.follow(slug, me.user_id, clock.now_iso(), private=access.debate.visibility == "private")
    except ConditionFailed as failure:  # an organiser removed the person from this private debate meanwhile
        if failure.failed != {"place"}:
            raise
        raise NotFound("No debate has this address.") from failure
    return {"following": True}


def unfollow(slug: str, caller: Caller | None) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("read")
    syntheses_repo.unfollow(slug, me.user_id)
    return {"following": False}


def following(slug: str, caller: Caller | None) -> dict:
    access = access_service.load(slug, caller)
    me = access.require("read")
    return {"following": syntheses_repo.is_following(slug, me.user_id)}


def unsubscribe_token(slug: str, user_id: str) -> str:
    return jwt.encode({"aud": UNSUBSCRIBE_AUDIENCE, "sub": user_id, "debate": slug, "iat": int(time.time())},
                      signing_key(), algorithm="HS256")


def unsubscribe(token: str) -> str:
    """One click from the email: no sign-in needed, the signed token says who and which debate."""
    try:
        claims = jwt.decode(token, signing_key(), algorithms=["HS256"], audience=UNSUBSCRIBE_AUDIENCE,
                            options={"require": ["sub", "iat"]})
    except jwt.PyJWTError as error:
        raise BadRequest("This unsubscribe link is not valid.", code="invalid_link") from error
    slug = claims.get("debate")
    if not isinstance(slug, str) or not slug:
        raise BadRequest("This unsubscribe link is not valid.", code="invalid_link")
    syntheses_repo.unfollow(slug, claims["sub"])
    return slug


def _encode(key: dict | None) -> str | None:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode() if key else None


def _decode(cursor: str | None) -> dict | None:
    return json.loads(base64.urlsafe_b64decode(cursor)) if cursor else None


def _message(slug: str, publication, email: str, user_id: str) -> mailer.Message:
    s = settings()
    titles = dict(publication.title.as_dict() if hasattr(publication.title, "as_dict") else publication.title)
    # One line whatever was stored: a line break in a Subject would be a header injection.
    title = clean_line(titles.get("fr") or next(iter(titles.values()), ""))
    link = f"{s.web_url}/#/d/{slug}/syntheses/{int(publication.number)}"
    unsubscribe_link = f"{s.api_url}/unsubscribe?token={unsubscribe_token(slug, user_id)}"
    return mailer.Message(
        to=email,
        subject=f"Nouvelle synthèse / New synthesis: {title}",
        text=(f"Une nouvelle synthèse du débat est publiée / A new synthesis of the debate is published:\n\n"
              f"{title}\n{link}\n\n"
              f"Ne plus suivre ce débat / Stop following this debate: {unsubscribe_link}\n"),
    )


def process_job(slug: str, number: int, budget_seconds: float = 50.0) -> int:
    """Mail followers of one publication, page by page, until done or out of time. Returns emails sent."""
    try:
        job = NotificationJob.get(*syntheses_repo.job_key(slug, number), consistent_read=True)
    except NotificationJob.DoesNotExist:
        return 0
    if job.finished_at:
        return 0
    publication = syntheses_repo.get_publication(slug, number)
    debate = debates_repo.get_debate(slug)
    private = debate is None or debate.visibility == "private"
    deadline = time.monotonic() + budget_seconds
    total = 0
    while time.monotonic() < deadline:
        followers, last = syntheses_repo.followers_page(slug, _decode(job.cursor))
        people = {u.user_id: u for u in users_repo.get_users([f.user_id for f in followers])}
        # a private debate's mail goes only to those who may read it now (a place taken away, or never given by
        # an organiser when the follow dates from a public period, means no mail)
        allowed = members_repo.with_a_place(slug, [f.user_id for f in followers]) if private else None
        sent = 0
        for follower in followers:
            user = people.get(follower.user_id)
            if user is None or user.deleted or not user.email:
                continue
            if allowed is not None and follower.user_id not in allowed:
                continue
            if not syntheses_repo.claim_delivery(slug, follower.user_id, number, clock.now_iso()):
                continue  # mailed by an earlier run
            try:
                mailer.send(_message(slug, publication, user.email, user.user_id))
            except Exception:
                syntheses_repo.release_delivery(slug, follower.user_id, number)
                raise
            sent += 1
        cursor = _encode(last)
        total += sent
        try:
            syntheses_repo.advance_job(job, cursor, sent, None if last else clock.now_iso())
        except ConditionFailed:
            pass  # another run moved the job on; its claims kept both runs from mailing anyone twice
        job = NotificationJob.get(*syntheses_repo.job_key(slug, number), consistent_read=True)
        if job.finished_at:
            break
    return total


def process_pending(budget_seconds: float = 50.0) -> int:
    """The scheduled entry point: every unfinished job, oldest first."""
    deadline = time.monotonic() + budget_seconds
    total = 0
    for job in syntheses_repo.pending_jobs():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        slug = job.pk[len("D#"):-len("#SYN")]
        total += process_job(slug, int(job.number), remaining)
    return total


