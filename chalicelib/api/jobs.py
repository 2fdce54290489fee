"""Scheduled functions (EventBridge rules on AWS; `palabre run` calls the same handlers locally)."""
import os

from chalice import Blueprint, Rate

from chalicelib.api.http import logger

bp = Blueprint(__name__)


def _minute_job(run, key: str, message: str) -> dict:
    """A job of at most 50 s (the function's timeout is 60 s); logs what it did when it did something."""
    done = run(budget_seconds=50.0)
    if done:
        logger.info(message, extra={key: done})
    return {key: done}


def send_notifications() -> dict:
    from chalicelib.services.notifications import process_pending

    return _minute_job(process_pending, "sent", "notifications sent")


@bp.schedule(Rate(1, unit=Rate.MINUTES), name="notify_followers")
def notify_followers(event):
    """Mail followers of newly published syntheses (resumes unfinished jobs; never mails anyone twice)."""
    return send_notifications()


SUMMARY_MINUTES = int(os.environ.get("PALABRE_SUMMARY_MINUTES", "60"))  # read when the app is packaged
# The function's timeout is 900 s (.chalice/config.json): no new debate, and no new batch of events, after 600 s.
SUMMARY_BUDGET_SECONDS = 600.0


def run_summaries() -> dict:
    from chalicelib.services.summaries import summarize_active

    results = summarize_active(budget_seconds=SUMMARY_BUDGET_SECONDS)
    done = [r.slug for r in results if r.processed]
    if results:
        logger.info("summaries", extra={"summarized": done, "events": sum(r.events for r in results),
                                        "failed": [r.slug for r in results if r.reason == "failed"]})
    return {"summarized": done, "results": [r.as_dict() for r in results]}


@bp.schedule(Rate(SUMMARY_MINUTES, unit=Rate.MINUTES), name="summarize")
def summarize(event):
    """Summaries of the debates with new activity (docs/data-model.md, "Summaries"); every hour by default."""
    return run_summaries()


def finish_deletions() -> dict:
    from chalicelib.services.accounts import continue_deletions

    return _minute_job(continue_deletions, "finished", "account deletions finished")


@bp.schedule(Rate(5, unit=Rate.MINUTES), name="finish_deletions")
def finish_account_deletions(event):
    """Finish the account deletions a request could not finish in its time (gsi1 USERS#deleting)."""
    return finish_deletions()


# What `palabre run` calls locally (chalice local runs no schedules): each handler with its own interval in seconds,
# checked every LOCAL_INTERVAL_SECONDS.
LOCAL_INTERVAL_SECONDS = 15
LOCAL_SCHEDULE = [(send_notifications, 15), (finish_deletions, 60),
                  (run_summaries, int(os.environ.get("PALABRE_LOCAL_SUMMARY_SECONDS", "300")))]
