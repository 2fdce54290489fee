"""Every key of the table, in one place. Everything of a debate starts with D#{slug}."""
from __future__ import annotations

import hashlib

COUNTER_SHARDS = 10


def debate(slug: str) -> str:
    return f"D#{slug}"


DEBATE_META = "META"
ARCHIVED_SK = "ARCHIVED"  # the tombstone of an archived and deleted debate (its slug stays reserved)
PUBLIC_DEBATES = "DEBATES#public"


def counter_sk(shard: int | str) -> str:
    return f"COUNT#{shard}"


def member(slug: str, user_id: str) -> str:
    return f"D#{slug}#M#{user_id}"


MEMBER_SK = "MEMBER"


def staff(slug: str) -> str:
    return f"D#{slug}#STAFF"


def invited(slug: str) -> str:
    """Participants an organiser named (invited, or given back the participant role): the invite list."""
    return f"D#{slug}#INVITED"


def ideas(slug: str) -> str:
    return f"D#{slug}#IDEAS"


def idea_sk(idea_id: str) -> str:
    return f"I#{idea_id}"


def thread(slug: str, thread_id: str) -> str:
    return f"D#{slug}#T#{thread_id}"


def post_sk(own_id: str) -> str:
    return f"P#{own_id}"


def idea_contributor_sk(idea_id: str, user_id: str) -> str:
    return f"IC#{idea_id}#{user_id}"


def idea_posts(slug: str, idea_id: str) -> str:
    return f"D#{slug}#I#{idea_id}"


def mark_sk(post_id: str, kind: str) -> str:
    return f"X#{post_id}#{kind}"


def idempotency_sk(key: str) -> str:
    return f"IDEM#{key}"


def user(user_id: str) -> str:
    return f"U#{user_id}"


USER_SK = "PROFILE"


def email_lookup(email: str) -> str:
    return "EMAIL#" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def idp_lookup(issuer: str, subject: str) -> str:
    return "IDP#" + hashlib.sha256(f"{issuer}|{subject}".encode()).hexdigest()


LOOKUP_SK = "LOOKUP"


def rate_window(scope: str | None, subject: str) -> str:
    """scope: a debate's slug, or None for platform-wide limits (sign-in). subject: already a keyed hash."""
    return f"D#{scope}#RATE#{subject}" if scope else f"RATE#{subject}"


def rate_window_sk(hour: str) -> str:
    return f"H#{hour}"


def signin(jti: str) -> str:
    return f"SIGNIN#{jti}"


def extract_sk(own_post_id: str, digest: str) -> str:
    return f"E#{own_post_id}#{digest}"


def idea_extracts(slug: str, idea_id: str) -> str:
    """An idea's published extracts (what readers may see; harvesters also fix its orphaned quotations there)."""
    return f"D#{slug}#IE#{idea_id}"


def idea_suggestions(slug: str, idea_id: str) -> str:
    """An idea's extracts waiting for a harvester's decision (state submitted: the machine's suggestions)."""
    return f"D#{slug}#IS#{idea_id}"


def idea_rejected(slug: str, idea_id: str) -> str:
    """An idea's rejected extracts: listed by no route, only so that merging the idea moves them too."""
    return f"D#{slug}#IR#{idea_id}"


def extract_listing(slug: str, idea_id: str, state: str) -> str:
    """The gsi1 partition an extract is listed in: one list per state, so each list is paged by DynamoDB alone
    (a page is never emptied by filtering away the other states). Every change of state or idea moves it."""
    return {"published": idea_extracts, "submitted": idea_suggestions, "rejected": idea_rejected}[state](slug, idea_id)


def syntheses(slug: str) -> str:
    return f"D#{slug}#SYN"


def draft_sk(synthesis_id: str) -> str:
    return f"DRAFT#{synthesis_id}"


def publication_sk(number: int) -> str:
    return f"PUB#{number:06d}"


def job_sk(number: int) -> str:
    return f"JOB#{number:06d}"


def delivery_sk(number: int) -> str:
    return f"SENT#{number:06d}"


SEQUENCE_SK = "SEQ"


def moderation_queue(slug: str) -> str:
    return f"D#{slug}#MODQ"


def audit(slug: str) -> str:
    return f"D#{slug}#AUDIT"
FOLLOW_SK = "FOLLOW"
PENDING_JOBS = "JOBS#pending"


def followers(slug: str) -> str:
    return f"D#{slug}#FOLLOWERS"


# --- summaries (issue 5): activity events, summarizer state, dated summaries ---------------------------------
PRIVATE_DEBATES = "DEBATES#private"
EVENT_SHARDS = 4  # contributions: posts, replies, reactions, stances
VOTE_EVENT_SHARDS = 32  # ballots: as many partitions as the tallies (10,000 ballots/s, docs/data-model.md)


def events(slug: str, day: str, shard: int | str) -> str:
    """One partition per debate, UTC day and shard: D#{slug}#EV#{yyyy-mm-dd}#{shard} (votes: shard v00..v31)."""
    return f"D#{slug}#EV#{day}#{shard}"


def vote_event_shard(n: int) -> str:
    return f"v{n:02d}"


def event_sk(at: str, event_id: str) -> str:
    return f"{at}#{event_id}"


def summaries(slug: str) -> str:
    return f"D#{slug}#SUM"


SUMMARY_STATE_SK = "STATE"


def summary_sk(summary_id: str) -> str:
    return f"S#{summary_id}"


def import_days_sk(source: str) -> str:
    return f"IMPORT#{source}"


# --- personal data (issue 7, GDPR): a bounded path from a user to everything of theirs ------------------------
def user_debate_sk(slug: str) -> str:
    """Under U#{user_id}: one item per debate the person ever wrote into (their member partition is not empty)."""
    return f"DEB#{slug}"


USER_DEBATES_PREFIX = "DEB#"
DELETING_USERS = "USERS#deleting"  # gsi1: accounts whose deletion started and has not finished


def authored_sk(post_id: str) -> str:
    """Under D#{slug}#M#{user_id}: a pointer to a post or reply the person wrote."""
    return f"W#P#{post_id}"


def harvested_sk(extract_id: str) -> str:
    """Under D#{slug}#M#{user_id}: a pointer to an extract the person harvested or reviewed."""
    return f"W#E#{extract_id}"


def participant_pseudonym(slug: str, user_id: str) -> str:
    """What activity events (and so the summarizer's state) store instead of the user id: stable per person and
    debate, and it names nobody once the account is deleted (the id exists nowhere else then)."""
    return "p" + hashlib.sha256(f"palabre-participant|{slug}|{user_id}".encode()).hexdigest()[:20]
