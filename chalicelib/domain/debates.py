"""Rules on debates: phases are UTC instants, ordered, the end exclusive; the time zone is for display."""
from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.domain import clock, ids


class InvalidDebate(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidDebate("timezone", f"'{name}' is not a known time zone (e.g. Europe/Paris)") from None
    return name


def normalise_phases(phases: list[dict]) -> list[dict]:
    """Phases as UTC ISO strings, each with an id, sorted by start; refuses end <= start and overlaps."""
    result = []
    for index, phase in enumerate(phases):
        try:
            start = clock.parse(phase["start"])
            end = clock.parse(phase["end"]) if phase.get("end") else None
        except ValueError:
            raise InvalidDebate(f"phases.{index}", "dates must be ISO 8601 instants with an offset between the "
                                                  "years 2000 and 2200, e.g. 2027-01-10T09:00:00+01:00") from None
        if end is not None and end <= start:
            raise InvalidDebate(f"phases.{index}", "a phase must end after it starts")
        result.append({"id": phase.get("id") or ids.new_id(), "name": phase["name"], "start": start, "end": end})
    result.sort(key=lambda p: p["start"])
    for before, after in zip(result, result[1:]):
        if before["end"] is None or before["end"] > after["start"]:
            raise InvalidDebate("phases", "phases must not overlap")
    return [{**p, "start": clock.iso(p["start"]), "end": clock.iso(p["end"]) if p["end"] else None} for p in result]


def current_phase(phases: list[dict], at_iso: str) -> dict | None:
    """The phase containing this instant (start inclusive, end exclusive)."""
    for phase in phases:
        if phase["start"] <= at_iso and (phase["end"] is None or at_iso < phase["end"]):
            return phase
    return None
