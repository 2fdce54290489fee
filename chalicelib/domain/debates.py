"""Rules on debates: phases are UTC instants, ordered, the end exclusive; the time zone is for display."""
from __future__ import annotations

from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from chalicelib.domain import clock, ids


class InvalidDebate(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


# Files of the time zone database that are not zones a browser knows (Intl.DateTimeFormat refuses them): the
# host's own zone, the rules template, the "Factory" placeholder, and the posix/ and right/ copies of every zone.
_NOT_ZONES = {"localtime", "posixrules", "Factory"}
_NOT_ZONE_PREFIXES = ("posix/", "right/")


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    """The IANA names a debate may use: those of the time zone database, less the files that are not zones."""
    return frozenset(name for name in available_timezones()
                     if name not in _NOT_ZONES and not name.startswith(_NOT_ZONE_PREFIXES))


def check_timezone(name: str) -> str:
    # ZoneInfo alone would load any file under the database's folders (posix/..., localtime)
    if name not in known_timezones():
        raise InvalidDebate("timezone", f"'{name}' is not a known time zone (e.g. Europe/Paris)")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidDebate("timezone", f"'{name}' is not a known time zone (e.g. Europe/Paris)") from None
    return name


def check_languages(languages: list[str]) -> list[str]:
    if len(set(languages)) != len(languages):
        raise InvalidDebate("languages", "each language may be given only once")
    return languages


def check_texts_languages(field: str, texts: dict, languages: list[str]) -> None:
    """A debate's texts are in its declared languages only (a text in another one is shown to nobody)."""
    extra = sorted(set(texts) - set(languages))
    if extra:
        raise InvalidDebate(field, f"'{extra[0]}' is not one of the debate's languages ({', '.join(languages)})")


def check_title(title: dict, languages: list[str]) -> None:
    """A title in every declared language: the debate is listed and shown in each of them."""
    missing = [lang for lang in languages if lang not in title]
    if missing:
        raise InvalidDebate("title", f"must be given in every language of the debate (missing: {', '.join(missing)})")


def normalise_phases(phases: list[dict], languages: list[str] | None = None) -> list[dict]:
    """Phases as UTC ISO strings, each with an id, sorted by start; refuses end <= start, overlaps, an id given
    twice (vote sessions name their phase by id) and names in languages the debate does not declare."""
    result = []
    seen: set[str] = set()
    for index, phase in enumerate(phases):
        if phase.get("id"):
            if phase["id"] in seen:
                raise InvalidDebate(f"phases.{index}.id", "each phase id may be given only once")
            seen.add(phase["id"])
        if languages is not None:
            check_texts_languages(f"phases.{index}.name", phase["name"], languages)
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
