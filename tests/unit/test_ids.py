"""domain/ids.py: short, URL-safe ids that sort by creation time; stable ids for imports."""
from __future__ import annotations

import random
import time

import pytest

from chalicelib.domain import ids


def test_new_id_shape():
    value = ids.new_id()
    assert len(value) == 16
    assert ids.is_id(value)
    assert set(value) <= set("0123456789abcdefghjkmnpqrstvwxyz")  # no i, l, o, u: unambiguous, URL-safe


def test_new_id_uses_the_current_clock():
    before = int(time.time() * 1000)
    value = ids.new_id()
    after = int(time.time() * 1000)
    assert ids.new_id(before)[:9] <= value[:9] <= ids.new_id(after)[:9]


@pytest.mark.parametrize("ms", [0, 1, 1_700_000_000_000, 1_800_000_000_123, 2**48 - 2])
def test_later_ids_sort_after_earlier_ones_whatever_the_random_part(ms):
    for _ in range(200):
        assert ids.new_id(ms) < ids.new_id(ms + 1)


def test_sorting_ids_sorts_by_time():
    moments = random.Random(7).sample(range(1_600_000_000_000, 1_900_000_000_000), 300)
    made = {ids.new_id(ms): ms for ms in moments}
    assert [made[i] for i in sorted(made)] == sorted(moments)


def test_ids_of_one_millisecond_share_the_time_prefix_and_differ():
    batch = {ids.new_id(1_750_000_000_000) for _ in range(300)}
    assert len(batch) == 300
    assert len({value[:9] for value in batch}) == 1


def test_stable_id_is_deterministic_and_sortable():
    first = ids.stable_id(1_700_000_000_000, "polis", "12345", "comment", "7")
    assert first == ids.stable_id(1_700_000_000_000, "polis", "12345", "comment", "7")
    assert ids.is_id(first)
    assert ids.stable_id(1_700_000_000_000, "polis", "12345", "comment", "8") != first
    assert ids.stable_id(1_700_000_000_001, "polis", "12345", "comment", "7") > first
    assert ids.stable_id(1_699_999_999_999, "x") < first


def test_stable_id_parts_are_not_ambiguous():
    assert ids.stable_id(5, "ab", "c") != ids.stable_id(5, "a", "bc")
    assert ids.stable_id(5, "abc") != ids.stable_id(5, "ab", "c")


@pytest.mark.parametrize("value", [
    "", "06h3r4hcsew7ags", "06h3r4hcsew7agsww", "06H3R4HCSEW7AGSW", "06h3r4hcsew7agsi", "06h3r4hcsew7agsl",
    "06h3r4hcsew7agso", "06h3r4hcsew7agsu", "06h3r4hcsew7ags-", "06h3r4hcsew7ags\n", "../../etc/passwd",
])
def test_is_id_rejects_anything_else(value):
    assert not ids.is_id(value)
