"""Write limits: how many contributions one person, and one network address, may make per minute and per hour.

Counted in fixed windows: one counter item per subject and hour holds the hour's total and one counter per minute,
so a single conditional UpdateItem checks and counts both windows. A fixed window lets a burst of up to twice the
per-minute limit straddle a minute boundary; the hourly limit bounds what that can add up to."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone

MAX_LIMIT = 100_000
# A participant giving 10 tokens one + at a time over 4 proposals sends 40 ballots in well under a minute; with
# the default 30 contributions a minute that was refused. Ballots are counted apart, at 4 times the limits
# (120/min per person, 1,200/min per address: a room of 100 people voting together on one Wi-Fi).
BALLOT_FACTOR = 4


@dataclass(frozen=True)
class Limits:
    per_minute: int
    per_hour: int


@dataclass(frozen=True)
class WriteLimits:
    """A debate's limits on participants' writes (posts, replies, edits, reactions, flags, stances, ballots).
    Staff (harvesters, moderators, organisers) are not limited: organisers chose them."""
    user_per_minute: int = 30
    user_per_hour: int = 600
    # Generous: a town hall, a school or a mobile carrier puts many people behind one address.
    ip_per_minute: int = 300
    ip_per_hour: int = 6000

    @property
    def user(self) -> Limits:
        return Limits(self.user_per_minute, self.user_per_hour)

    @property
    def ip(self) -> Limits:
        return Limits(self.ip_per_minute, self.ip_per_hour)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def ballots(self) -> "WriteLimits":
        """Ballots have their own allowance, BALLOT_FACTOR times larger: a vote is many small changes (each + on
        a token purse is one request), and a ballot's budget and range are enforced whatever the rate."""
        return WriteLimits(**{name: value * BALLOT_FACTOR for name, value in self.as_dict().items()})


DEFAULT_WRITE_LIMITS = WriteLimits()
# Sign-in links cost an email each and land in someone's mailbox: their limits per email address and per network
# address are deployment settings (config.py).


class InvalidLimits(ValueError):
    pass


def write_limits(stored: dict | None) -> WriteLimits:
    """A debate's limits: the defaults, overridden field by field by what the organiser set."""
    values = DEFAULT_WRITE_LIMITS.as_dict()
    values.update({name: int(value) for name, value in (stored or {}).items() if name in values})
    return WriteLimits(**values)


def check(limits: WriteLimits) -> WriteLimits:
    for name, value in limits.as_dict().items():
        if not 1 <= value <= MAX_LIMIT:
            raise InvalidLimits(f"{name} must be between 1 and {MAX_LIMIT}")
    if limits.user_per_hour < limits.user_per_minute or limits.ip_per_hour < limits.ip_per_minute:
        raise InvalidLimits("an hourly limit cannot be lower than the per-minute limit")
    return limits


@dataclass(frozen=True)
class Window:
    hour: str  # e.g. 2026-12-03T16 (UTC): the counter item of this hour
    minute: int  # 0..59: the counter inside it
    seconds_to_next_minute: int
    seconds_to_next_hour: int
    expires_at: datetime  # the counter item is useless after its hour; TTL removes it

    def retry_after(self, exceeded: str) -> int:
        return self.seconds_to_next_hour if exceeded == "hour" else self.seconds_to_next_minute


def window_at(moment: datetime) -> Window:
    moment = moment.astimezone(timezone.utc)
    hour_start = moment.replace(minute=0, second=0, microsecond=0)
    elapsed = (moment - hour_start) // timedelta(microseconds=1)
    into_minute = elapsed % 60_000_000
    return Window(hour=hour_start.strftime("%Y-%m-%dT%H"), minute=moment.minute,
                  seconds_to_next_minute=_whole_seconds_until(60_000_000 - into_minute),
                  seconds_to_next_hour=_whole_seconds_until(3_600_000_000 - elapsed),
                  expires_at=hour_start + timedelta(hours=2))


def _whole_seconds_until(microseconds: int) -> int:
    """Rounded up: a client waiting exactly Retry-After seconds must land in the next window, not at its end."""
    return max(1, -(-microseconds // 1_000_000))


def exceeded(limits: Limits, hour_hits: int, minute_hits: int) -> str:
    """Which window refused a request, from the counts it found: 'hour' or 'minute'."""
    return "hour" if hour_hits >= limits.per_hour else "minute"
