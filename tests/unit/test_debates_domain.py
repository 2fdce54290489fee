"""domain/debates.py and domain/clock.py: phases are UTC instants, ordered, end exclusive; the zone is for display."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain import clock, ids
from chalicelib.domain import debates as rules


def phase(start, end=None, **extra):
    return {"name": {"fr": "Phase"}, "start": start, "end": end, **extra}


def test_offsets_are_normalised_to_utc():
    [result] = rules.normalise_phases([phase("2026-01-05T09:00:00+01:00", "2027-02-01T00:00:00+01:00")])
    assert result["start"] == "2026-01-05T08:00:00.000Z"
    assert result["end"] == "2027-01-31T23:00:00.000Z"
    assert ids.is_id(result["id"])
    assert result["name"] == {"fr": "Phase"}


def test_summer_offset_and_z_suffix():
    [a] = rules.normalise_phases([phase("2026-07-01T12:30:15.250+02:00", "2026-07-02T00:00:00Z")])
    assert a["start"] == "2026-07-01T10:30:15.250Z"
    assert a["end"] == "2026-07-02T00:00:00.000Z"


def test_open_ended_phase_keeps_null_end():
    [result] = rules.normalise_phases([phase("2026-01-05T09:00:00+01:00")])
    assert result["end"] is None


def test_existing_ids_are_kept_and_new_ones_made():
    result = rules.normalise_phases([phase("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", id="06h3r4hcsew7agsw"),
                                     phase("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z")])
    assert result[0]["id"] == "06h3r4hcsew7agsw"
    assert ids.is_id(result[1]["id"]) and result[1]["id"] != result[0]["id"]


def test_phases_are_sorted_by_start():
    result = rules.normalise_phases([
        phase("2026-03-01T00:00:00Z", None, name={"fr": "C"}),
        phase("2026-01-01T00:00:00+01:00", "2026-02-01T00:00:00Z", name={"fr": "A"}),
        phase("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", name={"fr": "B"}),
    ])
    assert [p["name"]["fr"] for p in result] == ["A", "B", "C"]


def test_touching_phases_are_allowed_because_the_end_is_exclusive():
    result = rules.normalise_phases([phase("2026-01-01T00:00:00Z", "2026-02-01T01:00:00+01:00"),
                                     phase("2026-02-01T00:00:00Z", None)])
    assert result[0]["end"] == result[1]["start"]


@pytest.mark.parametrize("phases", [
    [phase("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"), phase("2026-01-31T23:59:59Z", "2026-03-01T00:00:00Z")],
    # the same instant written in two zones: 00:30 Paris is 23:30 UTC the day before
    [phase("2026-01-01T00:00:00Z", "2026-02-01T00:30:00+01:00"), phase("2026-01-31T23:00:00Z", None)],
    [phase("2026-01-01T00:00:00Z", None), phase("2027-01-01T00:00:00Z", "2027-02-01T00:00:00Z")],
    [phase("2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z"), phase("2026-02-01T00:00:00Z", "2026-02-02T00:00:00Z")],
])
def test_overlaps_are_refused(phases):
    with pytest.raises(rules.InvalidDebate) as error:
        rules.normalise_phases(phases)
    assert error.value.field == "phases"


@pytest.mark.parametrize("start, end", [
    ("2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z"),
    ("2026-01-01T10:00:00Z", "2026-01-01T09:59:59Z"),
    ("2026-01-01T10:00:00+01:00", "2026-01-01T09:00:00Z"),  # same instant in another zone
])
def test_end_must_be_after_start(start, end):
    with pytest.raises(rules.InvalidDebate) as error:
        rules.normalise_phases([phase("2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z"), phase(start, end)])
    assert error.value.field == "phases.1"


@pytest.mark.parametrize("start", ["2026-01-01T10:00:00", "demain", "2026-13-01T00:00:00Z", "",
                                   "2026-01-01T10:00:00+25:00"])
def test_instants_need_a_valid_date_and_an_offset(start):
    with pytest.raises(rules.InvalidDebate) as error:
        rules.normalise_phases([phase(start)])
    assert error.value.field == "phases.0"


@pytest.mark.parametrize("start", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:30:00-01:00"])
def test_out_of_range_instants_are_refused_as_invalid(start):
    with pytest.raises(rules.InvalidDebate):
        rules.normalise_phases([phase(start)])


def test_iso_is_fixed_width():
    assert len(clock.iso(datetime(999, 12, 31, 23, 30, tzinfo=timezone.utc))) == len("2026-01-01T00:00:00.000Z")


def test_iso_has_millisecond_precision_in_utc():
    moment = datetime(2026, 3, 29, 3, 4, 5, 678_999, tzinfo=timezone(timedelta(hours=2)))
    assert clock.iso(moment) == "2026-03-29T01:04:05.678Z"


# --- current_phase ------------------------------------------------------------------------------------------------

PHASES = rules.normalise_phases([
    phase("2026-01-05T09:00:00+01:00", "2026-02-01T00:00:00+01:00", name={"fr": "Contributions"}),
    phase("2026-02-01T00:00:00+01:00", "2026-03-01T00:00:00+01:00", name={"fr": "Votes"}),
    phase("2026-04-01T00:00:00Z", None, name={"fr": "Synthèse"}),
])


@pytest.mark.parametrize("at, expected", [
    ("2026-01-05T07:59:59.999Z", None),
    ("2026-01-05T08:00:00.000Z", "Contributions"),  # start inclusive
    ("2026-01-31T22:59:59.999Z", "Contributions"),
    ("2026-01-31T23:00:00.000Z", "Votes"),  # end exclusive: the next phase has begun
    ("2026-02-28T23:00:00.000Z", None),  # end exclusive, nothing follows directly
    ("2026-03-15T00:00:00.000Z", None),
    ("2026-04-01T00:00:00.000Z", "Synthèse"),
    ("2099-01-01T00:00:00.000Z", "Synthèse"),  # open-ended
])
def test_current_phase(at, expected):
    found = rules.current_phase(PHASES, at)
    assert (found["name"]["fr"] if found else None) == expected


def test_current_phase_of_no_phases():
    assert rules.current_phase([], clock.now_iso()) is None


# --- time zones ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Europe/Paris", "America/Montreal", "UTC", "Pacific/Noumea"])
def test_known_time_zones(name):
    assert rules.check_timezone(name) == name


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "", "Europe", "Europe/", "europe/paris", " Europe/Paris",
                                  "../../etc/passwd", "/etc/localtime", "Europe/Paris\x00", "a" * 300])
def test_unknown_time_zones_are_refused(name):
    with pytest.raises(rules.InvalidDebate) as error:
        rules.check_timezone(name)
    assert error.value.field == "timezone"
