"""Scheduled functions (EventBridge rules on AWS; `palabre run` calls the same handlers locally)."""
from chalice import Blueprint, Rate

from chalicelib.api.http import logger

bp = Blueprint(__name__)


def send_notifications() -> dict:
    from chalicelib.services.notifications import process_pending

    sent = process_pending(budget_seconds=50.0)
    if sent:
        logger.info("notifications sent", extra={"sent": sent})
    return {"sent": sent}


@bp.schedule(Rate(1, unit=Rate.MINUTES), name="notify_followers")
def notify_followers(event):
    """Mail followers of newly published syntheses (resumes unfinished jobs; never mails anyone twice)."""
    return send_notifications()


# What `palabre run` calls locally, every LOCAL_INTERVAL_SECONDS (chalice local runs no schedules).
LOCAL_INTERVAL_SECONDS = 15
LOCAL_SCHEDULE = [send_notifications]
