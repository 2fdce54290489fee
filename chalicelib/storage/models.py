"""PynamoDB models of the single Palabre table. Key layout: docs/data-model.md."""
from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    DiscriminatorAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, LocalSecondaryIndex
from pynamodb.models import Model
from pynamodb.attributes import TTLAttribute

from chalicelib.config import settings


class Gsi1(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Lsi1(LocalSecondaryIndex):
    class Meta:
        index_name = "lsi1"
        projection = AllProjection()

    pk = UnicodeAttribute(hash_key=True)
    lsi1sk = UnicodeAttribute(range_key=True)


class Entity(Model):
    class Meta:
        table_name = settings().table_name
        region = settings().region
        host = settings().dynamodb_endpoint
        billing_mode = "PAY_PER_REQUEST"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    type = DiscriminatorAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    lsi1sk = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
    gsi1 = Gsi1()
    lsi1 = Lsi1()


class Phase(MapAttribute):
    id = UnicodeAttribute()
    name = MapAttribute()  # language -> text
    start = UnicodeAttribute()  # ISO 8601, UTC
    end = UnicodeAttribute(null=True)


class Debate(Entity, discriminator="Debate"):
    """pk D#{slug}, sk META."""
    slug = UnicodeAttribute()
    title = MapAttribute()
    description = MapAttribute()
    languages = ListAttribute(of=UnicodeAttribute)
    default_language = UnicodeAttribute()
    visibility = UnicodeAttribute()  # public | private
    status = UnicodeAttribute()  # open | closed
    timezone = UnicodeAttribute()
    phases = ListAttribute(of=Phase, default=list)
    attribution = UnicodeAttribute(null=True)
    source = MapAttribute(null=True)
    premoderation = BooleanAttribute(default=False)
    write_limits = MapAttribute(null=True)  # the organiser's overrides of domain.rate_limits.WriteLimits
    archive_url = UnicodeAttribute(null=True)  # where its static archive was last written
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute(null=True)
    # {"version": str, "url": str | None, "text": {language: text}}: contributions need the member's consent to it
    terms = MapAttribute(null=True)
    on_account_deletion = UnicodeAttribute(null=True)  # anonymise (default) | remove
    # incremented by every write of this item: a settings change is written only over the version it read
    rev = NumberAttribute(null=True)
    # sha256 of the creation request: a creator's retry gets the debate back only if it asked for the same one
    creation_hash = UnicodeAttribute(null=True)

    @property
    def write_limit_overrides(self) -> dict[str, int]:
        stored = self.write_limits
        return {k: int(v) for k, v in (stored.as_dict() if hasattr(stored, "as_dict") else stored or {}).items()}


class ArchivedSlug(Entity, discriminator="ArchivedSlug"):
    """pk D#{slug}, sk ARCHIVED: left by delete_live_items, so the slug of an archived and deleted debate stays
    reserved (its public archive lives at archives/{slug}/); debate creation checks it is absent."""
    archived_at = UnicodeAttribute()
    archive_url = UnicodeAttribute(null=True)


class Counter(Entity, discriminator="Counter"):
    """pk D#{slug}, sk COUNT#{shard}: debate-wide counts spread over shards, summed on read."""
    posts = NumberAttribute(default=0)
    participants = NumberAttribute(default=0)
    stances = NumberAttribute(default=0)
    extracts = NumberAttribute(default=0)
    last_activity = UnicodeAttribute(null=True)  # ISO instant of the last contribution counted here (summaries)
    last_vote_activity = UnicodeAttribute(null=True)  # ballots mark it at most once a minute per container


class User(Entity, discriminator="User"):
    """pk U#{user_id}, sk PROFILE. Global: one account across debates."""
    user_id = UnicodeAttribute()
    display_name = UnicodeAttribute()
    email = UnicodeAttribute(null=True)
    platform_roles = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UnicodeAttribute()
    deleted = BooleanAttribute(default=False)
    imported = BooleanAttribute(default=False)
    deleting_at = UnicodeAttribute(null=True)  # deletion started: tokens are refused; gsi1 USERS#deleting
    lookups = ListAttribute(of=UnicodeAttribute, null=True)  # pks of the Lookup items naming this user


class Lookup(Entity, discriminator="Lookup"):
    """Unique keys pointing at a user: pk EMAIL#{sha256(email)} or IDP#{sha256(issuer|subject)}.
    After an account deletion an IDP lookup stays for a day as a tombstone (user_id "", `deleted_at`): identity
    provider tokens issued before the deletion are refused, later ones sign in as a new account."""
    user_id = UnicodeAttribute()
    deleted_at = NumberAttribute(null=True)  # epoch seconds


class SignInToken(Entity, discriminator="SignInToken"):
    """pk SIGNIN#{jti}, sk SIGNIN: marks a sign-in link as used (expires with the link)."""
    used_at = UnicodeAttribute()


class Member(Entity, discriminator="Member"):
    """pk D#{slug}#M#{user_id}, sk MEMBER. Staff members are also in gsi1 (D#{slug}#STAFF)."""
    debate_slug = UnicodeAttribute()
    user_id = UnicodeAttribute()
    roles = ListAttribute(of=UnicodeAttribute, default=list)
    joined_at = UnicodeAttribute()
    contributed_at = UnicodeAttribute(null=True)
    indexed = BooleanAttribute(null=True)  # the user's U#{id} / DEB#{slug} item exists (written with this flag)
    consent_version = UnicodeAttribute(null=True)  # version of the debate's terms the person accepted
    consent_at = UnicodeAttribute(null=True)

    @property
    def named(self) -> bool:
        """An organiser gave the person their place (on the staff or the invite list, gsi1): in a private debate,
        the only people with one. Self-registered participants of a public debate are not."""
        return self.gsi1pk is not None


class Idea(Entity, discriminator="Idea"):
    """pk D#{slug}#IDEAS, sk I#{idea_id}: the whole table of ideas is one query."""
    idea_id = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)
    order = NumberAttribute()
    title = MapAttribute()
    description = MapAttribute()
    post_count = NumberAttribute(default=0)
    extract_count = NumberAttribute(default=0)
    contributor_count = NumberAttribute(default=0)
    reaction_count = NumberAttribute(default=0)
    merged_into = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()


class IdeaContributor(Entity, discriminator="IdeaContributor"):
    """pk D#{slug}#IDEAS, sk IC#{idea_id}#{user_id}: how many published posts this person has in this idea;
    the idea's contributor_count moves when it crosses zero."""
    n = NumberAttribute(default=0)


class Post(Entity, discriminator="Post"):
    """pk D#{slug}#T#{thread_id}, sk P#{own_id}; lsi1sk = ancestry path (subtree in one query);
    gsi1 = D#{slug}#I#{idea_id} / {created_at}#{post_id} for listed top posts only (sparse)."""
    post_id = UnicodeAttribute()
    thread_id = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)
    idea_id = UnicodeAttribute()
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute()
    body_source = UnicodeAttribute(default="")
    body_html = UnicodeAttribute(default="")
    body_text = UnicodeAttribute(default="")
    language = UnicodeAttribute()
    statement = BooleanAttribute(default=False)
    state = UnicodeAttribute()  # published | pending | rejected | deleted
    created_at = UnicodeAttribute()
    edited_at = UnicodeAttribute(null=True)
    moderation = MapAttribute(null=True)
    reply_count = NumberAttribute(default=0)
    r_like = NumberAttribute(default=0)
    r_disagree = NumberAttribute(default=0)
    r_dont_understand = NumberAttribute(default=0)
    r_more_info = NumberAttribute(default=0)
    s_agree = NumberAttribute(default=0)
    s_disagree = NumberAttribute(default=0)
    s_pass = NumberAttribute(default=0)
    flag_count = NumberAttribute(default=0)
    author_deleted = BooleanAttribute(null=True)  # the author deleted their account: author_id is a pseudonym


class Mark(Entity, discriminator="Mark"):
    """pk D#{slug}#M#{user_id}, sk X#{post_id}#{kind}: one reaction of a kind, or the stance (kind 'stance')."""
    value = UnicodeAttribute()
    at = UnicodeAttribute()


class IdempotencyRecord(Entity, discriminator="Idempotency"):
    """pk D#{slug}#M#{user_id} (or U#{user_id}), sk IDEM#{key}: the result of a create, for retries."""
    result_ref = UnicodeAttribute()
    fingerprint = UnicodeAttribute(null=True)  # what was asked: the same key for another request is refused


class Extract(Entity, discriminator="Extract"):
    """pk D#{slug}#T#{thread_id}, sk E#{own_post_id}#{hash}: beside its post, so a thread's extracts are one query.
    gsi1 = one list per state (keys.extract_listing) / {created_at}#{extract_id}: D#{slug}#IE#{idea_id} an idea's
    published extracts, D#{slug}#IS#{idea_id} its suggestions (submitted), D#{slug}#IR#{idea_id} its rejected ones."""
    extract_id = UnicodeAttribute()
    post_id = UnicodeAttribute()
    idea_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # quote | paraphrase
    text = UnicodeAttribute()  # the exact quoted words, or the paraphrase
    start = NumberAttribute(null=True)
    end = NumberAttribute(null=True)
    orphaned = BooleanAttribute(default=False)
    nature = UnicodeAttribute()
    action = UnicodeAttribute(null=True)
    important = BooleanAttribute(default=False)
    tags = ListAttribute(of=UnicodeAttribute, default=list)
    state = UnicodeAttribute()  # published | submitted | rejected
    machine = BooleanAttribute(default=False)
    harvester_id = UnicodeAttribute()
    harvester_name = UnicodeAttribute()
    language = UnicodeAttribute()
    created_at = UnicodeAttribute()
    reviewed = MapAttribute(null=True)


class SynthesisDraft(Entity, discriminator="SynthesisDraft"):
    """pk D#{slug}#SYN, sk DRAFT#{synthesis_id}. `version` gives optimistic concurrency (409 on a stale save)."""
    synthesis_id = UnicodeAttribute()
    title = MapAttribute()
    introduction = MapAttribute()
    conclusion = MapAttribute()
    sections = ListAttribute(of=MapAttribute, default=list)
    version = NumberAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    updated_by_name = UnicodeAttribute(null=True)
    published_number = NumberAttribute(null=True)


class Publication(Entity, discriminator="Publication"):
    """pk D#{slug}#SYN, sk PUB#{number:06d}: an immutable, numbered snapshot of a synthesis."""
    number = NumberAttribute()
    synthesis_id = UnicodeAttribute()
    title = MapAttribute()
    introduction = MapAttribute()
    conclusion = MapAttribute()
    sections = ListAttribute(of=MapAttribute, default=list)
    published_at = UnicodeAttribute()
    published_by = UnicodeAttribute()


class Sequence(Entity, discriminator="Sequence"):
    """pk D#{slug}#SYN, sk SEQ: the last publication number."""
    last = NumberAttribute(default=0)


class Follow(Entity, discriminator="Follow"):
    """pk D#{slug}#M#{user_id}, sk FOLLOW; gsi1 D#{slug}#FOLLOWERS / {user_id}. One per person per debate."""
    user_id = UnicodeAttribute()
    since = UnicodeAttribute()


class NotificationJob(Entity, discriminator="NotificationJob"):
    """pk D#{slug}#SYN, sk JOB#{number:06d}; gsi1 JOBS#pending / {created_at}#{slug} while not finished."""
    number = NumberAttribute()
    cursor = UnicodeAttribute(null=True)
    sent = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    finished_at = UnicodeAttribute(null=True)


class Delivery(Entity, discriminator="Delivery"):
    """pk D#{slug}#M#{user_id}, sk SENT#{number:06d}: this follower was mailed this publication (exactly once)."""
    at = UnicodeAttribute()


class QueueEntry(Entity, discriminator="QueueEntry"):
    """pk D#{slug}#MODQ, sk {created_at}#{post_id}: a post waiting for a moderator (pending, or flagged)."""
    post_id = UnicodeAttribute()
    pending = BooleanAttribute(default=False)
    flags = NumberAttribute(default=0)
    reasons = UnicodeSetAttribute(null=True)


class AuditEntry(Entity, discriminator="AuditEntry"):
    """pk D#{slug}#AUDIT, sk {at}#{id}: one moderation or administration action, for organisers."""
    at = UnicodeAttribute()
    actor_id = UnicodeAttribute()
    action = UnicodeAttribute()
    target = UnicodeAttribute()
    details = MapAttribute(null=True)


class UserDebate(Entity, discriminator="UserDebate"):
    """pk U#{user_id}, sk DEB#{slug}: the person has items in this debate's member partition D#{slug}#M#{user_id}.
    Written with (or before) the first of them, so a user's data is found without a Scan. `pseudonym`: the
    participant id their kept contributions move to when the account is deleted (set once, so a retry reuses it)."""
    slug = UnicodeAttribute()
    since = UnicodeAttribute()
    pseudonym = UnicodeAttribute(null=True)


class Pointer(Entity, discriminator="Pointer"):
    """pk D#{slug}#M#{user_id}, sk W#P#{post_id} (authored) or W#E#{extract_id} (harvested, reviewed): the key of
    an item that names the person but lives elsewhere; written in the same transaction as that item."""
    ref_pk = UnicodeAttribute()
    ref_sk = UnicodeAttribute()
    at = UnicodeAttribute()


class RateWindow(Entity, discriminator="RateWindow"):
    """pk D#{slug}#RATE#{subject} (or RATE#{subject} for sign-in), sk H#{hour}: one subject's requests in one UTC
    hour, with one counter per minute (m00..m59), so one conditional UpdateItem checks both windows. The subject
    is a keyed hash of a user id, an email or a network address: no personal data; TTL removes it after 2 hours."""
    hits = NumberAttribute(default=0)
    for _minute in range(60):
        vars()[f"m{_minute:02d}"] = NumberAttribute(null=True)
    del _minute

    @classmethod
    def minute(cls, minute: int) -> NumberAttribute:
        return getattr(cls, f"m{minute:02d}")


def use_table(name: str, region: str) -> None:
    """Point every model at this table in this region, on AWS's own endpoint (operator commands against a deployed
    table; the models otherwise read the settings once, at import). PynamoDB reconnects when the name changes."""
    Entity.Meta.table_name = name
    Entity.Meta.region = region
    Entity.Meta.host = None


def create_table() -> None:
    if not Entity.exists():
        Entity.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
