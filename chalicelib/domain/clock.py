from __future__ import annotations

from datetime import datetime, timezone


def now() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    """UTC, millisecond precision, fixed width so that strings sort like instants."""
    moment = moment.astimezone(timezone.utc)
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
            f"{moment.second:02d}.{moment.microsecond // 1000:03d}Z")


def now_iso() -> str:
    return iso(now())


def from_ms(ms: int) -> str:
    return iso(datetime.fromtimestamp(ms / 1000, tz=timezone.utc))


EARLIEST_YEAR, LATEST_YEAR = 2000, 2200  # keeps every instant a fixed-width, sortable string


def parse(value: str) -> datetime:
    """An ISO 8601 instant with an offset, in UTC. ValueError for anything else (or outside 2000-2200)."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a time zone offset is required")
    try:
        moment = moment.astimezone(timezone.utc)
    except OverflowError:
        raise ValueError("the date is out of range") from None
    if not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        raise ValueError(f"dates must be between {EARLIEST_YEAR} and {LATEST_YEAR}")
    return moment
