"""Counting requests against limits: one conditional UpdateItem per subject (see models.RateWindow)."""
from __future__ import annotations

from chalicelib.domain.rate_limits import Limits, Window, exceeded
from chalicelib.storage import keys
from chalicelib.storage.models import RateWindow
from chalicelib.storage.transactions import ConditionFailed, conditional


def consume(scope: str | None, subject: str, limits: Limits, window: Window) -> str | None:
    """Counts one request if both windows have room; otherwise counts nothing and says which window is full
    ('minute' or 'hour')."""
    item = RateWindow(keys.rate_window(scope, subject), keys.rate_window_sk(window.hour))
    minute = RateWindow.minute(window.minute)
    try:
        with conditional():
            item.update(actions=[RateWindow.type.set(RateWindow), RateWindow.hits.add(1), minute.add(1),
                                 RateWindow.expires_at.set(window.expires_at)],
                        condition=(RateWindow.hits.does_not_exist() | (RateWindow.hits < limits.per_hour))
                        & (minute.does_not_exist() | (minute < limits.per_minute)))
        return None
    except ConditionFailed:
        # Only on a refusal: read the counts to tell the client how long to wait.
        found = RateWindow.get(item.pk, item.sk, consistent_read=True)
        return exceeded(limits, int(found.hits or 0), int(getattr(found, f"m{window.minute:02d}") or 0))


def give_back(scope: str | None, subject: str, window: Window) -> None:
    """Uncounts one request that consume() counted, when a later subject refused it (a refused request counts
    nowhere). Unconditional: the item exists, it was just counted."""
    item = RateWindow(keys.rate_window(scope, subject), keys.rate_window_sk(window.hour))
    item.update(actions=[RateWindow.hits.add(-1), RateWindow.minute(window.minute).add(-1)])
