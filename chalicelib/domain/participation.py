"""Participation indicators from an event stream, incrementally and in bounded memory.

An event is (kind, user, idea, thread, timestamp in ms). A `ParticipationState` is updated with the events since
its watermark and can be stored (JSON) between runs of the scheduled summarizer:

* per day (UTC, or a fixed offset): contributors (distinct users with any event), authors (distinct users who posted
  or replied), posts, replies, reactions, stances, votes, new and returning contributors;
* per idea: events of each kind;
* the most active threads (a Space-Saving sketch: exact while there are fewer threads than its capacity, and
  otherwise never under-counting the threads it reports by more than the smallest counter);
* "new" means first seen ever. Users already seen are remembered in a Bloom filter of fixed size (a user seen
  before is never counted as new; a new user is mistaken for a returning one with a small probability, 1 % at the
  filter's design capacity).

Memory: the Bloom filter's fixed size, a counter per idea, the sketch's capacity, and the sets of users of the days
that are still open (the days at or after the watermark's day minus `open_days` - 1, as events can arrive late by
that much); older days keep only their counts.
"""
from __future__ import annotations

import base64
import hashlib
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable

KINDS = ("post", "reply", "reaction", "stance", "vote")
_AUTHORING = {"post", "reply"}


@dataclass(frozen=True)
class Event:
    kind: str  # one of KINDS
    user: str
    idea: str | None
    thread: str | None  # the root post of the thread, for posts, replies and reactions
    timestamp: int  # milliseconds since the epoch


class BloomFilter:
    """Fixed-size set membership with no false negatives."""

    def __init__(self, capacity: int = 100_000, error_rate: float = 0.01, bits: bytes | None = None):
        self.capacity, self.error_rate = capacity, error_rate
        self.n_bits = max(64, int(-capacity * math.log(error_rate) / (math.log(2) ** 2)))
        self.n_hashes = max(1, round(self.n_bits / capacity * math.log(2)))
        self.bits = bytearray(bits) if bits is not None else bytearray((self.n_bits + 7) // 8)
        if len(self.bits) != (self.n_bits + 7) // 8:
            raise ValueError("the bits do not match the capacity and error rate")

    def _positions(self, item: str):
        digest = hashlib.blake2b(item.encode(), digest_size=16).digest()
        h1, h2 = int.from_bytes(digest[:8], "little"), int.from_bytes(digest[8:], "little") | 1
        return ((h1 + i * h2) % self.n_bits for i in range(self.n_hashes))

    def __contains__(self, item: str) -> bool:
        return all(self.bits[p >> 3] & (1 << (p & 7)) for p in self._positions(item))

    def add(self, item: str) -> None:
        for p in self._positions(item):
            self.bits[p >> 3] |= 1 << (p & 7)

    def as_dict(self) -> dict[str, Any]:
        return {"capacity": self.capacity, "error_rate": self.error_rate,
                "bits": base64.b64encode(bytes(self.bits)).decode()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "BloomFilter":
        return cls(data["capacity"], data["error_rate"], base64.b64decode(data["bits"]))


class SpaceSaving:
    """Top-k heavy hitters in fixed memory (Metwally et al., 2005)."""

    def __init__(self, capacity: int = 1000, counts: dict[str, list[int]] | None = None):
        self.capacity = capacity
        self.counts: dict[str, list[int]] = counts or {}  # item -> [count, overestimation]

    def add(self, item: str, n: int = 1) -> None:
        if item in self.counts:
            self.counts[item][0] += n
        elif len(self.counts) < self.capacity:
            self.counts[item] = [n, 0]
        else:
            victim = min(self.counts, key=lambda k: (self.counts[k][0], k))
            floor = self.counts.pop(victim)[0]
            self.counts[item] = [floor + n, floor]

    def top(self, n: int) -> list[tuple[str, int, int]]:
        """(item, count, possible overestimation), most frequent first."""
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1][0], kv[0]))
        return [(item, c, err) for item, (c, err) in ranked[:n]]


def _day(timestamp_ms: int, offset_minutes: int) -> str:
    moment = datetime.fromtimestamp(timestamp_ms / 1000, tz=timezone.utc) + timedelta(minutes=offset_minutes)
    return moment.strftime("%Y-%m-%d")


@dataclass
class ParticipationState:
    watermark: int = 0  # the latest event timestamp taken into account
    days: dict[str, dict[str, int]] = field(default_factory=dict)
    open_users: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # day -> {"all": [...], "authors"}
    ideas: dict[str, dict[str, int]] = field(default_factory=dict)
    threads: SpaceSaving = field(default_factory=SpaceSaving)
    seen: BloomFilter = field(default_factory=BloomFilter)
    total_events: int = 0
    # sets mirroring open_users for O(1) membership while updating; rebuilt from open_users, not serialised
    _open_sets: dict[str, dict[str, set[str]]] = field(default_factory=dict, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {"watermark": self.watermark, "days": self.days, "open_users": self.open_users, "ideas": self.ideas,
                "threads": {"capacity": self.threads.capacity, "counts": self.threads.counts},
                "seen": self.seen.as_dict(), "total_events": self.total_events}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "ParticipationState":
        if not data:
            return cls()
        return cls(int(data["watermark"]), {d: dict(c) for d, c in data["days"].items()},
                   {d: {k: list(v) for k, v in u.items()} for d, u in data["open_users"].items()},
                   {i: dict(c) for i, c in data["ideas"].items()},
                   SpaceSaving(data["threads"]["capacity"], {k: list(v) for k, v in data["threads"]["counts"].items()}),
                   BloomFilter.from_dict(data["seen"]), int(data.get("total_events", 0)))


def _kind_key(kind: str) -> str:
    """"reply" -> "replies", "post" -> "posts"."""
    return kind[:-1] + "ies" if kind.endswith("y") else kind + "s"


def _empty_day() -> dict[str, int]:
    return {"contributors": 0, "authors": 0, "new_contributors": 0, "returning_contributors": 0,
            **{_kind_key(k): 0 for k in KINDS}}


def update(state: ParticipationState | None, events: Iterable[Event], offset_minutes: int = 0,
           open_days: int = 2) -> ParticipationState:
    """Fold the events newer than the state's watermark into the state (which is modified and returned).

    Events at or before the watermark are skipped, so a run may safely re-read a little before its watermark.
    A day's distinct-user sets are dropped once the day is `open_days` or more before the new watermark's day."""
    state = state or ParticipationState()
    start_watermark = state.watermark
    newest = state.watermark
    for event in events:
        if event.timestamp <= start_watermark:
            continue
        if event.kind not in KINDS:
            raise ValueError(f"unknown event kind {event.kind!r}")
        newest = max(newest, event.timestamp)
        state.total_events += 1
        day = _day(event.timestamp, offset_minutes)
        counts = state.days.setdefault(day, _empty_day())
        counts[_kind_key(event.kind)] += 1
        users = state.open_users.setdefault(day, {"all": [], "authors": []})
        sets = state._open_sets.get(day)
        if sets is None:
            sets = state._open_sets[day] = {"all": set(users["all"]), "authors": set(users["authors"])}
        if event.user not in sets["all"]:
            sets["all"].add(event.user)
            users["all"].append(event.user)
            counts["contributors"] += 1
            if event.user in state.seen:
                counts["returning_contributors"] += 1
            else:
                counts["new_contributors"] += 1
                state.seen.add(event.user)
        if event.kind in _AUTHORING and event.user not in sets["authors"]:
            sets["authors"].add(event.user)
            users["authors"].append(event.user)
            counts["authors"] += 1
        if event.idea is not None:
            per_idea = state.ideas.setdefault(event.idea, {})
            per_idea[event.kind] = per_idea.get(event.kind, 0) + 1
        if event.thread is not None and event.kind in ("post", "reply", "reaction"):
            state.threads.add(event.thread)
    state.watermark = newest
    if newest:
        horizon = _day(newest - (open_days - 1) * 86_400_000, offset_minutes)
        for day in [d for d in state.open_users if d < horizon]:
            del state.open_users[day]
            state._open_sets.pop(day, None)
    return state


def indicators(state: ParticipationState, top_threads: int = 10) -> dict[str, Any]:
    """The dashboard's figures (JSON-ready)."""
    days = [{"day": d, **state.days[d]} for d in sorted(state.days)]
    ideas = sorted(({"idea": i, "events": sum(c.values()), **c} for i, c in state.ideas.items()),
                   key=lambda x: (-x["events"], x["idea"]))
    threads = [{"thread": t, "events": c, "overestimate": e} for t, c, e in state.threads.top(top_threads)]
    totals = {_kind_key(k): sum(d[_kind_key(k)] for d in state.days.values()) for k in KINDS}
    return {"watermark": state.watermark, "days": days, "ideas": ideas, "threads": threads,
            "totals": {**totals, "contributors": sum(d["new_contributors"] for d in state.days.values())}}
