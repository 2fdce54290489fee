"""Write limits: windows, the organiser's overrides, and which window refused a request."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain import rate_limits as rl


def test_a_window_is_the_utc_hour_and_the_minute_inside_it():
    window = rl.window_at(datetime(2026, 12, 3, 17, 42, 15, tzinfo=timezone.utc))
    assert (window.hour, window.minute) == ("2026-12-03T17", 42)
    assert window.seconds_to_next_minute == 45
    assert window.seconds_to_next_hour == 17 * 60 + 45
    assert window.expires_at == datetime(2026, 12, 3, 19, 0, tzinfo=timezone.utc)
    assert window.retry_after("minute") == 45 and window.retry_after("hour") == 1065


def test_windows_are_counted_in_utc_whatever_the_offset_of_the_instant():
    from datetime import timedelta

    paris = timezone(timedelta(hours=1))
    assert rl.window_at(datetime(2026, 12, 3, 18, 42, tzinfo=paris)).hour == "2026-12-03T17"


def test_retry_after_is_never_zero():
    window = rl.window_at(datetime(2026, 12, 3, 17, 59, 59, 999999, tzinfo=timezone.utc))
    assert window.seconds_to_next_minute >= 1 and window.seconds_to_next_hour >= 1


@pytest.mark.parametrize("second, microsecond", [(10, 500_000), (10, 1), (0, 0), (59, 999_999), (10, 999_500)])
def test_waiting_retry_after_lands_in_the_next_window(second, microsecond):
    """Retry-After is whole seconds rounded up: waiting exactly that long never lands in the refused window."""
    moment = datetime(2026, 12, 3, 17, 59, second, microsecond, tzinfo=timezone.utc)
    window = rl.window_at(moment)
    assert rl.window_at(moment + timedelta(seconds=window.seconds_to_next_minute)).minute != window.minute
    assert rl.window_at(moment + timedelta(seconds=window.seconds_to_next_hour)).hour != window.hour
    assert window.seconds_to_next_minute <= 60 - second  # and not a second more than needed


def test_the_organisers_overrides_replace_the_defaults_field_by_field():
    limits = rl.write_limits({"user_per_minute": 5, "unknown": 9})
    assert limits.user_per_minute == 5
    assert limits.user_per_hour == rl.DEFAULT_WRITE_LIMITS.user_per_hour
    assert rl.write_limits(None) == rl.DEFAULT_WRITE_LIMITS


@pytest.mark.parametrize("values", [{"user_per_minute": 0}, {"ip_per_hour": rl.MAX_LIMIT + 1},
                                    {"user_per_minute": 50, "user_per_hour": 40},
                                    {"ip_per_minute": 500, "ip_per_hour": 400}])
def test_impossible_limits_are_refused(values):
    with pytest.raises(rl.InvalidLimits):
        rl.check(rl.write_limits(values))


def test_the_hour_is_blamed_only_when_the_hour_is_full():
    limits = rl.Limits(per_minute=3, per_hour=10)
    assert rl.exceeded(limits, hour_hits=10, minute_hits=1) == "hour"
    assert rl.exceeded(limits, hour_hits=5, minute_hits=3) == "minute"
