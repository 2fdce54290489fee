"""domain/participation.py: daily indicators from an event stream, incremental and bounded."""
from __future__ import annotations

import csv
import json
import os

import pytest

from chalicelib.domain import participation as pa
from tests.conftest import ROOT

DAY = 86_400_000
T0 = 1_700_000_000_000 - (1_700_000_000_000 % DAY)  # a UTC midnight (2023-11-14)


def ev(kind, user, t, idea="i1", thread=None):
    return pa.Event(kind, user, idea, thread, T0 + t)


EVENTS = [
    ev("post", "ana", 1_000, thread="t1"),
    ev("reply", "bo", 2_000, thread="t1"),
    ev("reaction", "ana", 3_000, thread="t1"),
    ev("stance", "cy", 4_000, idea="i2"),
    ev("vote", "cy", 5_000, idea="i2"),
    ev("post", "bo", DAY + 1_000, idea="i2", thread="t2"),
    ev("reply", "dee", DAY + 2_000, thread="t1"),
    ev("reaction", "ana", DAY + 3_000, thread="t2"),
]


def test_daily_counts_new_and_returning_contributors():
    result = pa.indicators(pa.update(None, EVENTS))
    first, second = result["days"]
    assert first == {"day": "2023-11-14", "contributors": 3, "authors": 2, "new_contributors": 3,
                     "returning_contributors": 0, "posts": 1, "replies": 1, "reactions": 1, "stances": 1, "votes": 1}
    assert second == {"day": "2023-11-15", "contributors": 3, "authors": 2, "new_contributors": 1,
                      "returning_contributors": 2, "posts": 1, "replies": 1, "reactions": 1, "stances": 0,
                      "votes": 0}
    assert result["totals"]["contributors"] == 4


def test_activity_per_idea_and_most_active_threads():
    result = pa.indicators(pa.update(None, EVENTS), top_threads=1)
    assert result["ideas"][0] == {"idea": "i1", "events": 5, "post": 1, "reply": 2, "reaction": 2}
    assert result["ideas"][1]["idea"] == "i2" and result["ideas"][1]["events"] == 3
    assert result["threads"] == [{"thread": "t1", "events": 4, "overestimate": 0}]


def test_a_time_zone_offset_moves_events_to_the_local_day():
    state = pa.update(None, [ev("post", "ana", DAY - 3_600_000)], offset_minutes=120)
    assert list(state.days) == ["2023-11-15"]


def test_incremental_runs_with_a_stored_state_equal_one_run():
    whole = pa.indicators(pa.update(None, EVENTS))
    state = pa.update(None, EVENTS[:5])
    stored = json.loads(json.dumps(state.as_dict()))
    again = pa.update(pa.ParticipationState.from_dict(stored), EVENTS)  # re-reading old events is harmless
    assert pa.indicators(again) == whole


def test_old_days_keep_counts_but_not_their_users():
    events = [ev("stance", f"u{d}-{i}", d * DAY + i) for d in range(10) for i in range(50)]
    state = pa.update(None, events, open_days=2)
    assert set(state.open_users) == {"2023-11-22", "2023-11-23"}
    assert all(state.days[d]["contributors"] == 50 for d in state.days)
    assert len(state.days) == 10


def test_bloom_filter_never_forgets_and_space_saving_is_exact_under_capacity():
    bloom = pa.BloomFilter(capacity=1000)
    for i in range(1000):
        bloom.add(f"user-{i}")
    assert all(f"user-{i}" in bloom for i in range(1000))
    false_positives = sum(f"other-{i}" in bloom for i in range(10_000))
    assert false_positives < 300  # designed for 1 %
    assert pa.BloomFilter.from_dict(json.loads(json.dumps(bloom.as_dict()))).bits == bloom.bits
    sketch = pa.SpaceSaving(capacity=3)
    for item, n in [("a", 5), ("b", 3), ("c", 1)]:
        sketch.add(item, n)
    assert sketch.top(2) == [("a", 5, 0), ("b", 3, 0)]
    sketch.add("d")  # evicts c (count 1): d is reported with at most 1 too many
    assert ("d", 2, 1) in sketch.top(3)


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError):
        pa.update(None, [ev("like", "ana", 1)])


def test_a_real_polis_conversation_streamed_in_two_halves():
    folder = os.path.join(ROOT, "..", "shared", "data", "polis", "london.youth.policing")
    if not os.path.isdir(folder):
        pytest.skip("shared Polis data not found")
    events = []
    with open(os.path.join(folder, "comments.csv"), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            events.append(pa.Event("post", row["author-id"], "root", row["comment-id"], int(row["timestamp"])))
    with open(os.path.join(folder, "votes.csv"), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            events.append(pa.Event("stance", row["voter-id"], "root", None, int(row["timestamp"])))
    events.sort(key=lambda e: e.timestamp)
    whole = pa.indicators(pa.update(None, events))
    cut = len(events) // 2
    while events[cut].timestamp == events[cut - 1].timestamp:
        cut += 1  # a batch ends at a timestamp boundary (the watermark's contract)
    state = pa.ParticipationState.from_dict(json.loads(json.dumps(pa.update(None, events[:cut]).as_dict())))
    assert pa.indicators(pa.update(state, events[cut:])) == whole
    assert whole["totals"]["stances"] == 640 and whole["totals"]["posts"] == 39
    assert whole["totals"]["contributors"] == len({e.user for e in events})
