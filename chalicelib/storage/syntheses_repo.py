"""Access patterns on synthesis drafts, publications, followers and notification jobs (partition D#{slug}#SYN)."""
from __future__ import annotations

from datetime import datetime, timezone

from chalicelib.storage import keys, members_repo
from chalicelib.storage.models import (Delivery, Extract, Follow, NotificationJob, Publication, Sequence,
                                       SynthesisDraft)
from chalicelib.storage.transactions import ConditionFailed, conditional, transaction


def get_draft(slug: str, synthesis_id: str) -> SynthesisDraft | None:
    try:
        return SynthesisDraft.get(keys.syntheses(slug), keys.draft_sk(synthesis_id), consistent_read=True)
    except SynthesisDraft.DoesNotExist:
        return None


def list_drafts(slug: str) -> list[SynthesisDraft]:
    return list(SynthesisDraft.query(keys.syntheses(slug), SynthesisDraft.sk.startswith("DRAFT#")))


def create_draft(draft: SynthesisDraft) -> None:
    with conditional():
        draft.save(condition=SynthesisDraft.pk.does_not_exist())


def save_draft(draft: SynthesisDraft, expected_version: int) -> None:
    """PutItem only if nobody saved since `expected_version` (optimistic concurrency) and it is unpublished."""
    with conditional():
        draft.save(condition=(SynthesisDraft.version == expected_version)
                   & SynthesisDraft.published_number.does_not_exist())


def get_sequence(slug: str) -> int:
    try:
        return int(Sequence.get(keys.syntheses(slug), keys.SEQUENCE_SK, consistent_read=True).last)
    except Sequence.DoesNotExist:
        return 0


def publish(slug: str, draft: SynthesisDraft, expected_version: int, publication: Publication,
            job: NotificationJob) -> None:
    """One transaction: next number (conditioned on the last one read), the immutable snapshot, the draft marked
    published (conditioned on its version), and the notification job. ConditionFailed names: sequence, draft."""
    number = int(publication.number)
    sequence = Sequence(keys.syntheses(slug), keys.SEQUENCE_SK)
    with transaction() as tx:
        tx.update("sequence", sequence, [Sequence.type.set(Sequence), Sequence.last.set(number)],
                  condition=(Sequence.last == number - 1) if number > 1 else Sequence.pk.does_not_exist())
        tx.put("publication", publication, condition=Publication.pk.does_not_exist())
        tx.update("draft", draft, [SynthesisDraft.published_number.set(number)],
                  condition=(SynthesisDraft.version == expected_version)
                  & SynthesisDraft.published_number.does_not_exist())
        tx.put("job", job, condition=NotificationJob.pk.does_not_exist())


def get_publication(slug: str, number: int) -> Publication | None:
    try:
        return Publication.get(keys.syntheses(slug), keys.publication_sk(number))
    except Publication.DoesNotExist:
        return None


def list_publications(slug: str, limit: int, start_key: dict | None) -> tuple[list[Publication], dict | None]:
    """Newest first."""
    result = Publication.query(keys.syntheses(slug), Publication.sk.startswith("PUB#"), scan_index_forward=False,
                               limit=limit, last_evaluated_key=start_key)
    items = list(result)
    return items, result.last_evaluated_key


def withdraw_quotations(publication: Publication, sections: list[dict]) -> None:
    """UpdateItem of a publication's sections: the only change a published snapshot takes, the words of an erased
    person's posts withdrawn (account deletion, policy remove)."""
    publication.update(actions=[Publication.sections.set(sections)],
                       condition=Publication.published_at == publication.published_at)


def get_extracts(slug: str, extract_keys: list[tuple[str, str]]) -> list[Extract]:
    """BatchGetItem of cited extracts (100 keys per request)."""
    return list(Extract.batch_get(extract_keys)) if extract_keys else []


def follow(slug: str, user_id: str, since: str, *, private: bool) -> None:
    """One follow per person per debate: the key is unique, a second follow changes nothing. In a transaction with
    the account check, so a follow in flight when the account is deleted writes nothing (401); in a private debate,
    also with the check that the person still has a place there (ConditionFailed {"place"} otherwise)."""
    try:
        with transaction() as tx:
            members_repo.check_account_active(tx, user_id)
            if private:
                members_repo.check_has_place(tx, slug, user_id)
            tx.put("follow", Follow(keys.member(slug, user_id), keys.FOLLOW_SK, user_id=user_id, since=since,
                                    gsi1pk=keys.followers(slug), gsi1sk=user_id),
                   condition=Follow.pk.does_not_exist())
    except ConditionFailed as failure:
        if failure.failed != {"follow"}:
            raise


def unfollow(slug: str, user_id: str) -> None:
    Follow(keys.member(slug, user_id), keys.FOLLOW_SK).delete()


def is_following(slug: str, user_id: str) -> bool:
    try:
        Follow.get(keys.member(slug, user_id), keys.FOLLOW_SK)
    except Follow.DoesNotExist:
        return False
    return True


def followers_page(slug: str, start_key: dict | None, limit: int = 100) -> tuple[list[Follow], dict | None]:
    result = Follow.gsi1.query(keys.followers(slug), limit=limit, last_evaluated_key=start_key)
    items = list(result)
    return items, result.last_evaluated_key


def pending_jobs(limit: int = 20) -> list[NotificationJob]:
    """Query gsi1 JOBS#pending: unfinished notification jobs, oldest first (no Scan)."""
    return list(NotificationJob.gsi1.query(keys.PENDING_JOBS, limit=limit))


def claim_delivery(slug: str, user_id: str, number: int, at: str) -> bool:
    """Record that this follower is being mailed this publication; False if it already was (never twice)."""
    try:
        with conditional():
            Delivery(keys.member(slug, user_id), keys.delivery_sk(number), at=at).save(
                condition=Delivery.pk.does_not_exist())
    except ConditionFailed:
        return False
    return True


def release_delivery(slug: str, user_id: str, number: int) -> None:
    """The send failed: forget the claim so that the next run mails this follower."""
    Delivery(keys.member(slug, user_id), keys.delivery_sk(number)).delete()


def advance_job(job: NotificationJob, cursor: str | None, sent: int, finished_at: str | None) -> None:
    actions = [NotificationJob.sent.add(sent)]
    actions.append(NotificationJob.cursor.set(cursor) if cursor else NotificationJob.cursor.remove())
    if finished_at:
        actions += [NotificationJob.finished_at.set(finished_at), NotificationJob.gsi1pk.remove(),
                    NotificationJob.gsi1sk.remove()]
    condition = (NotificationJob.cursor == job.cursor) if job.cursor else NotificationJob.cursor.does_not_exist()
    with conditional():
        job.update(actions=actions, condition=condition)


def job_key(slug: str, number: int) -> tuple[str, str]:
    return keys.syntheses(slug), keys.job_sk(number)


def now_epoch() -> int:
    return int(datetime.now(timezone.utc).timestamp())
