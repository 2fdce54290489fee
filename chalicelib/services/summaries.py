"""Periodic summaries of a debate (issue 5): what changed since the last run, folded into a stored state, and a
dated Summary item for the dashboard.

A run of one debate:
1. reads the debate's counter shards (one Query) and its SummaryState (one GetItem); it stops there unless a
   contribution was counted after the state's cutoff (`last_activity`), or a ballot within a minute of it;
2. reads the activity events after the watermark, day by day (one Query per day and shard, in pages, the shards
   merged in time order), up to `cutoff` = now - SETTLE_SECONDS, so that no transaction still in flight can commit
   an event behind the new watermark; by batches of at most PALABRE_SUMMARY_MAX_EVENTS events, each folded into
   the state (step 3's merges) before the next is read, while the scheduled run's time budget lasts (a run that
   stops behind says so, `caught_up` false, and the next one continues);
3. folds them into the participation indicators (domain/participation.py), merges new stances into the stored
   sparse matrix (latest per person × statement wins), recomputes the opinion groups from the previous state
   (domain/opinion_groups.py, warm start), adds the new posts to the debate's word frequencies and recomputes
   keywords and extractive summaries of the ideas that got posts (domain/keywords.py, extractive.py);
4. proposes extracts (state `submitted`, machine) for up to SUGGESTIONS_PER_RUN new posts that have none;
5. writes the Summary (compressed JSON, < 350 KB), the state store objects under a new generation, then the
   SummaryState conditioned on the version it read (two concurrent runs: one commits, the other undoes its writes).

Memory: the stance matrix (9 bytes per stance; merging looks the new keys up by chunks of a million rows), the
O(participants) id maps and memberships, one batch of new stances, one page of events per shard, one idea's
sampled posts at a time, word frequencies capped at DF_MAX_TERMS. Measured (scripts/bench_summary_state.py, resampled
real Polis rows): an incremental run at 1,010,000 participants and 10,106,209 stances loads its state in 0.4 s,
merges 109,080 new stances in 0.7 s (288 MB), recomputes the groups in 12 s and saves 14 MB in 5 s; peak RSS
545 MB (the groups' computation).
"""
from __future__ import annotations

import io
import logging
import os
import secrets
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterator

import numpy as np

from chalicelib.domain import clock, extractive, keywords, opinion_groups, participation, suggest_extracts
from chalicelib.services.presenters import _texts
from chalicelib.storage import extracts_repo, ideas_repo, keys, posts_repo, summaries_repo
from chalicelib.storage.state_store import state_store
from chalicelib.storage.summary_models import Summary, SummaryState, pack, unpack
from chalicelib.storage.transactions import ConditionFailed

log = logging.getLogger("palabre.summaries")

STATE_VERSION = 1
SUGGESTIONS_PER_RUN = 50
BACKLOG_MAX = 1000  # post ids waiting for suggested extracts (oldest dropped beyond)
IDEA_POSTS_MAX = 5000  # posts read per touched idea for its keywords (newest first)
SUMMARY_POSTS = 300  # posts whose sentences compete for an idea's extractive summary
KEEP_HOURLY_DAYS = 7  # superseded summaries (not the first of their day, not the latest) expire after this
SUMMARY_MAX_BYTES = 340_000  # compressed body; a DynamoDB item is at most 400 KB
DF_MAX_TERMS = 300_000  # word frequencies kept (phrases seen once are dropped first beyond this)
MACHINE_HARVESTER = ("palabre-summarizer", "Palabre")
NATURE_OF_KIND = {"proposal": "proposal", "problem": "issue", "point": "argument"}


def settle_seconds() -> float:
    return float(os.environ.get("PALABRE_SUMMARY_SETTLE_SECONDS", "30"))


def max_events() -> int:
    return int(os.environ.get("PALABRE_SUMMARY_MAX_EVENTS", "500000"))


@dataclass
class RunResult:
    slug: str
    processed: bool
    reason: str = ""
    events: int = 0
    summary_id: str | None = None
    caught_up: bool = True
    watermark: str = ""
    seconds: float = 0.0
    suggested: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


# --- deciding ----------------------------------------------------------------------------------------------------


def _plus_seconds(instant: str, seconds: float) -> str:
    return clock.iso(clock.parse(instant) + timedelta(seconds=seconds))


def needs_run(state: SummaryState | None, last_activity: str, last_vote_activity: str) -> bool:
    """Whether anything may have happened after the state's cutoff (see summaries_repo.VOTE_MARK_SECONDS)."""
    if not last_activity and not last_vote_activity:
        return False
    cutoff = state.cutoff if state is not None else ""
    if not cutoff or (state is not None and state.pending):
        return True
    if last_activity > cutoff:
        return True
    return bool(last_vote_activity) and _plus_seconds(last_vote_activity, summaries_repo.VOTE_MARK_SECONDS) > cutoff


def summarize_active(budget_seconds: float = 600.0) -> list[RunResult]:
    """Every debate with activity since its last summary (both gsi1 partitions, no Scan), the most behind first,
    until the budget is spent (the others wait for the next run)."""
    started = time.monotonic()
    candidates = []
    for slug in summaries_repo.debate_slugs():
        debate, last, last_vote = summaries_repo.debate_activity(slug)
        state = summaries_repo.get_state(slug)
        if debate is not None and needs_run(state, last, last_vote):
            candidates.append(((state.cutoff if state else ""), slug, debate, last_vote, state))
    candidates.sort(key=lambda c: c[:2])
    results = []
    for _, slug, debate, last_vote, state in candidates:
        if results and time.monotonic() - started > budget_seconds:  # the first one always runs: progress
            break
        try:
            results.append(_run(debate, state, bool(last_vote), force=False, deadline=started + budget_seconds))
        except Exception:  # one debate's failure must not stop the others; logged with its trace
            log.exception("summary of %s failed", slug)
            results.append(RunResult(slug, False, "failed"))
    return results


def summarize_debate(slug: str, force: bool = False) -> RunResult:
    """One debate now (`palabre summarize SLUG`); without `force`, only if it had activity since its last run."""
    debate, last, last_vote = summaries_repo.debate_activity(slug)
    if debate is None:
        return RunResult(slug, False, "no_debate")
    state = summaries_repo.get_state(slug)
    if not force and not needs_run(state, last, last_vote):
        return RunResult(slug, False, "no_new_activity", watermark=state.watermark if state else "")
    return _run(debate, state, bool(last_vote), force=force)


# --- the stored state ----------------------------------------------------------------------------------------------


@dataclass
class Matrix:
    """The sparse stance matrix and its id maps (index = position; both only grow)."""

    participant: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    statement: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    value: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int8))
    participant_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, "S1"))
    statement_ids: list[str] = field(default_factory=list)
    membership: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int16))

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(buffer, participant=self.participant, statement=self.statement, value=self.value,
                            participant_ids=self.participant_ids,
                            statement_ids=np.array(self.statement_ids, dtype="S"), membership=self.membership)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> "Matrix":
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            return cls(z["participant"], z["statement"], z["value"], z["participant_ids"],
                       [s.decode() for s in z["statement_ids"]], z["membership"])

    def participant_indices(self, user_ids: list[str]) -> np.ndarray:
        """Indices of these users, appending the unknown ones (vectorised: no dict of every participant)."""
        wanted = np.array(user_ids, dtype="S")
        known = self.participant_ids
        result = np.full(wanted.size, -1, dtype=np.int64)
        if known.size:
            order = np.argsort(known, kind="stable")
            ordered = known[order]
            at = np.searchsorted(ordered, wanted)
            inside = at < ordered.size
            hit = np.zeros(wanted.size, dtype=bool)
            hit[inside] = ordered[at[inside]] == wanted[inside]
            result[hit] = order[at[hit]]
        missing = np.flatnonzero(result < 0)
        if missing.size:
            new_ids, first, inverse = np.unique(wanted[missing], return_index=True, return_inverse=True)
            appear = np.argsort(first, kind="stable")  # new participants numbered in order of appearance
            rank = np.empty(appear.size, dtype=np.int64)
            rank[appear] = np.arange(appear.size)
            result[missing] = known.size + rank[inverse]
            width = max(known.dtype.itemsize if known.size else 1, new_ids.dtype.itemsize)
            self.participant_ids = np.concatenate([known.astype(f"S{width}"),
                                                   new_ids[appear].astype(f"S{width}")])
        return result

    def merge(self, user_ids: list[str], post_ids: list[str], values: list[int]) -> int:
        """Add stances in time order; the latest per (participant, statement) wins. Returns rows added."""
        if not user_ids:
            return 0
        p_new = self.participant_indices(user_ids)
        index = {pid: i for i, pid in enumerate(self.statement_ids)}
        for pid in post_ids:
            if pid not in index:
                index[pid] = len(self.statement_ids)
                self.statement_ids.append(pid)
        s_new = np.array([index[pid] for pid in post_ids], dtype=np.int64)
        v_new = np.array(values, dtype=np.int8)
        n_statements = max(len(self.statement_ids), 1)
        new_keys = p_new * n_statements + s_new
        _, last_from_end = np.unique(new_keys[::-1], return_index=True)
        keep_new = np.sort(new_keys.size - 1 - last_from_end)
        p_new, s_new, v_new, new_keys = p_new[keep_new], s_new[keep_new], v_new[keep_new], new_keys[keep_new]
        keep = self._not_replaced(np.sort(new_keys), n_statements)
        # one array at a time, so that only one extra copy of the matrix is alive at any moment
        self.participant = np.concatenate([self.participant[keep] if keep is not None else self.participant,
                                           p_new.astype(np.int32)])
        self.statement = np.concatenate([self.statement[keep] if keep is not None else self.statement,
                                         s_new.astype(np.int32)])
        self.value = np.concatenate([self.value[keep] if keep is not None else self.value, v_new])
        return int(keep_new.size)

    def _not_replaced(self, new_keys_sorted: np.ndarray, n_statements: int, chunk: int = 1 << 20):
        """Mask of the stored rows no new stance replaces (None: all kept). Looked up in chunks of a million rows
        with a binary search in the (few) new keys, instead of np.isin's sort of the whole matrix."""
        if not self.participant.size or not new_keys_sorted.size:
            return None
        keep = np.ones(self.participant.size, dtype=bool)
        for start in range(0, self.participant.size, chunk):
            keys = self.participant[start:start + chunk].astype(np.int64) * n_statements
            keys += self.statement[start:start + chunk]
            at = np.searchsorted(new_keys_sorted, keys)
            at[at == new_keys_sorted.size] = 0
            keep[start:start + chunk] = new_keys_sorted[at] != keys
        return None if keep.all() else keep


@dataclass
class Loaded:
    payload: dict[str, Any]
    matrix: Matrix
    frequencies: keywords.DocumentFrequency
    backlog: list[str]


def _load(slug: str, state: SummaryState | None) -> Loaded:
    """The previous run's state, or an empty one (first run, or reset by an import)."""
    if state is None or not state.watermark or not state.generation:
        return Loaded({}, Matrix(), keywords.DocumentFrequency(), [])
    payload = unpack(state.payload) or {}
    store = state_store()
    matrix_bytes = store.get(slug, state.generation, "stances.npz")
    text_bytes = store.get(slug, state.generation, "text.json.gz")
    if matrix_bytes is None or text_bytes is None:  # the store lost them: start over rather than guess
        log.warning("state store objects of %s (%s) are missing: full run", slug, state.generation)
        return Loaded({}, Matrix(), keywords.DocumentFrequency(), [])
    text = unpack(text_bytes)
    if payload.get("participation_in_store"):
        payload["participation"] = text.get("participation")
    return Loaded(payload, Matrix.from_bytes(matrix_bytes), keywords.DocumentFrequency.from_dict(text.get("df")),
                  list(text.get("backlog", [])))


# --- reading events ------------------------------------------------------------------------------------------------


def _days(first: str, last: str) -> Iterator[str]:
    day = datetime.strptime(first, "%Y-%m-%d").date()
    end = datetime.strptime(last, "%Y-%m-%d").date()
    while day <= end:
        yield day.isoformat()
        day += timedelta(days=1)


def days_to_read(slug: str, debate, watermark: str, cutoff: str) -> list[tuple[str, bool]]:
    """(day, live) pairs to read, in order. Imports list the (past) days they wrote events on; live events can only
    be on days since the debate was created here (for an import: since it was imported)."""
    start = watermark[:10] if watermark else ""
    imports = summaries_repo.import_days(slug)
    live_from = min([i.imported_at[:10] for i in imports] or [debate.created_at[:10]])
    chosen: dict[str, bool] = {}
    for item in imports:
        for day in item.days:
            if day >= start and day <= cutoff[:10]:
                chosen[day] = False
    for day in _days(max(start, live_from), cutoff[:10]):
        chosen[day] = True
    return sorted(chosen.items())


def _ms(at: str) -> int:
    return int(datetime.fromisoformat(at.replace("Z", "+00:00")).timestamp() * 1000)


STANCE_VALUES = {"agree": 1, "disagree": -1, "pass": 0}


@dataclass
class Collected:
    events: int = 0
    last_sk: str = ""
    caught_up: bool = True
    stance_users: list[str] = field(default_factory=list)
    stance_posts: list[str] = field(default_factory=list)
    stance_values: list[int] = field(default_factory=list)
    new_posts: list[str] = field(default_factory=list)
    touched_ideas: set[str] = field(default_factory=set)
    changed_posts: set[str] = field(default_factory=set)  # moderated, edited, deleted: earlier summaries forget them
    content_posts: set[str] = field(default_factory=set)  # every post whose content event was read
    changed_ideas: set[str] = field(default_factory=set)  # the ideas of changed_posts


def _collect(slug: str, debate, watermark: str, cutoff: str, votes: bool,
             part: participation.ParticipationState, limit: int) -> Collected:
    out = Collected(last_sk=watermark)
    buffer: list[participation.Event] = []
    upper = cutoff + "#~"  # every sort key at or before the cutoff instant ("~" sorts after the id alphabet)
    last_ms = None
    stop = False
    for day, live in days_to_read(slug, debate, watermark, cutoff):
        for event in summaries_repo.events_of_day(slug, day, watermark, votes=votes and live):
            if event.sk > upper:
                stop = True  # events are in time order: everything after is for the next run
                break
            at = event.sk.split("#", 1)[0]
            ms = _ms(at)
            if out.events >= limit and ms != last_ms:  # stop between two instants, never inside one
                out.caught_up = False
                stop = True
                break
            last_ms = ms
            out.events += 1
            out.last_sk = event.sk
            if event.kind == "content":  # no participation: the texts that quote the post are recomputed
                if event.idea_id:
                    out.touched_ideas.add(event.idea_id)
                out.content_posts.add(event.post_id)
                if event.value == "approved":  # out of pre-moderation: new text for keywords and suggestions
                    out.new_posts.append(event.post_id)
                elif event.value not in ("moved", "published"):  # published again: its text was taken in before
                    out.changed_posts.add(event.post_id)
                    if event.idea_id:
                        out.changed_ideas.add(event.idea_id)
                continue
            if len(buffer) >= 10_000 and ms != buffer[-1].timestamp:  # never split one instant between updates
                participation.update(part, buffer)
                buffer = []
            buffer.append(participation.Event(event.kind, event.user_id, event.idea_id, event.thread_id, ms))
            if event.kind == "stance" and event.post_id and event.value in STANCE_VALUES:
                out.stance_users.append(event.user_id)
                out.stance_posts.append(event.post_id)
                out.stance_values.append(STANCE_VALUES[event.value])
            elif event.kind in ("post", "reply") and event.post_id:
                out.new_posts.append(event.post_id)
                if event.idea_id:
                    out.touched_ideas.add(event.idea_id)
        if stop:
            break
    if buffer:
        participation.update(part, buffer)
    return out


# --- the parts of a summary ------------------------------------------------------------------------------------------


def _language(debate) -> str:
    return debate.default_language or "fr"


def _add_new_posts(slug: str, post_ids: list[str], frequencies: keywords.DocumentFrequency, language: str,
                   backlog: list[str]) -> None:
    """New published posts count in the debate's word frequencies and wait for suggested extracts."""
    for start in range(0, len(post_ids), 500):
        found = summaries_repo.posts_by_id(slug, post_ids[start:start + 500])
        for pid in post_ids[start:start + 500]:
            post = found.get(pid)
            if post is None or post.state != "published" or not post.body_text:
                continue
            frequencies.add(post.body_text, post.language or language)
            backlog.append(pid)
    if len(frequencies.counts) > DF_MAX_TERMS:  # bound the vocabulary: rare phrases go first, then rare words
        for threshold in range(1, 1000):
            frequencies.counts = {t: n for t, n in frequencies.counts.items()
                                  if n > threshold or (" " not in t and n >= threshold)}
            if len(frequencies.counts) <= DF_MAX_TERMS:
                break
    del backlog[:-BACKLOG_MAX]


def _idea_posts(slug: str, idea_id: str) -> Iterator[Any]:
    """An idea's published posts: its listed top posts newest first (posts_repo.list_idea_posts, by pages) and the
    replies of threads that have some (one thread Query each)."""
    start = None
    seen = 0
    while seen < IDEA_POSTS_MAX:
        page, start = posts_repo.list_idea_posts(slug, idea_id, 100, start)
        for root in page:
            if root.reply_count:
                for post in posts_repo.load_subtree(slug, root):
                    if post.state == "published":
                        seen += 1
                        yield post
            elif root.state == "published":
                seen += 1
                yield root
        if start is None:
            break


def idea_texts(slug: str, idea_id: str, frequencies: keywords.DocumentFrequency, language: str) -> dict[str, Any]:
    """Keywords (all the idea's posts read, up to IDEA_POSTS_MAX) and an extractive summary (the first
    SUMMARY_POSTS of them) of one idea."""
    sample: list[tuple[str, str]] = []
    count = 0

    def texts() -> Iterator[str]:
        nonlocal count
        for post in _idea_posts(slug, idea_id):
            count += 1
            if len(sample) < SUMMARY_POSTS:
                sample.append((post.post_id, post.body_text))
            yield post.body_text

    found = keywords.keywords(texts(), frequencies, language)
    sentences = extractive.summarize(sample, language, frequencies=frequencies)
    return {"keywords": [{"term": k.term, "score": k.score, "posts": k.posts} for k in found],
            "summary": [{"post_id": s.post_id, "text": s.text, "start": s.start, "end": s.end} for s in sentences],
            "posts_read": count}


def opinion_map(slug: str, matrix: Matrix, previous: dict[str, Any] | None) -> tuple[dict[str, Any] | None,
                                                                                         dict[str, Any] | None]:
    """(groups for the summary or None, opinion state for the next run or the previous one)."""
    if not matrix.participant.size:
        return None, previous
    statements = summaries_repo.posts_by_id(slug, matrix.statement_ids)
    excluded = [i for i, pid in enumerate(matrix.statement_ids)
                if pid not in statements or statements[pid].state != "published"]
    n_statements = len(matrix.statement_ids)
    prior = opinion_groups.OpinionState.from_dict(previous) if previous else None
    if prior is not None and prior.components and len(prior.components[0]) < n_statements:
        pad = n_statements - len(prior.components[0])  # new statements: start from the old axes, zero on them
        prior.components = [list(c) + [0.0] * pad for c in prior.components]
    stances = opinion_groups.Stances(matrix.participant, matrix.statement, matrix.value,
                                     int(matrix.participant_ids.size), n_statements)
    try:
        result = opinion_groups.compute(stances, excluded_statements=excluded, previous=prior,
                                        previous_membership=matrix.membership if matrix.membership.size else None,
                                        k_buffer=4)
    except opinion_groups.NotEnoughData as reason:
        return {"available": False, "reason": str(reason), "participants": int(np.unique(matrix.participant).size)}, \
            previous
    matrix.membership = result.membership
    groups = result.summary(matrix.statement_ids)
    shown = set()
    for g in groups["groups"]:
        shown.update(s["statement"] for s in g["representative"])
    for side in ("agree", "disagree"):
        shown.update(s["statement"] for s in groups["consensus"][side])
    shown.update(d["statement"] for d in groups["divisive"])
    groups["statements"] = {pid: {"text": statements[pid].body_text, "idea_id": statements[pid].idea_id}
                            for pid in sorted(shown) if pid in statements}
    groups["available"] = True
    groups["excluded_statements"] = len(excluded)
    return groups, result.state.as_dict()


def suggest_for_backlog(slug: str, backlog: list[str], frequencies: keywords.DocumentFrequency,
                        language: str) -> int:
    """Machine-suggested extracts (state submitted) for up to SUGGESTIONS_PER_RUN waiting posts without any extract;
    the posts looked at leave the backlog."""
    from chalicelib.services.extracts import build_extract

    taken, backlog[:] = backlog[:SUGGESTIONS_PER_RUN], backlog[SUGGESTIONS_PER_RUN:]
    posts = summaries_repo.posts_by_id(slug, taken)
    # a reply counts in its thread's idea, which is the root's (replies keep the idea they were written in)
    roots = summaries_repo.posts_by_id(slug, {p.thread_id for p in posts.values() if p.parent_id} - set(posts))
    roots.update(posts)
    created = 0
    for pid in taken:
        post = posts.get(pid)
        if post is None or post.state != "published" or not post.body_text:
            continue
        if extracts_repo.extracts_of_post(slug, pid):
            continue  # a harvester (or an earlier run) covered it
        text = post.body_text
        k = 1 if len(text) < 280 else 2 if len(text) < 800 else 3
        for found in suggest_extracts.suggest(text, k, post.language or language,
                                              document_frequency=frequencies.counts,
                                              n_documents=frequencies.n_documents):
            if len(found.text.strip()) < 3:
                continue
            root = roots.get(post.thread_id, post)
            extract = build_extract(slug, post, idea_id=root.idea_id, kind="quote", body=found.text,
                                    start=found.start, end=found.end, nature=NATURE_OF_KIND[found.kind], action=None,
                                    important=False, tags=[], state="submitted", machine=True,
                                    harvester_id=MACHINE_HARVESTER[0], harvester_name=MACHINE_HARVESTER[1],
                                    created_at=clock.now_iso())
            created += int(summaries_repo.put_suggestion(extract))
    return created


def _threads(slug: str, top: list[dict[str, Any]]) -> list[dict[str, Any]]:
    roots = summaries_repo.posts_by_id(slug, [t["thread"] for t in top])
    out = []
    for t in top:
        root = roots.get(t["thread"])
        if root is None or root.state != "published":
            continue
        excerpt = root.body_text if len(root.body_text) <= 160 else root.body_text[:157].rstrip() + "…"
        out.append({"thread": t["thread"], "idea_id": root.idea_id, "events": t["events"], "excerpt": excerpt})
    return out


def _weekly(days: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Days folded into ISO weeks (Monday), counts summed: when a long debate's daily series would not fit."""
    weeks: dict[str, dict[str, Any]] = {}
    for d in days:
        day = datetime.strptime(d["day"], "%Y-%m-%d").date()
        monday = (day - timedelta(days=day.weekday())).isoformat()
        w = weeks.setdefault(monday, {"day": monday})
        for k, v in d.items():
            if k != "day":
                w[k] = w.get(k, 0) + v
    return [weeks[k] for k in sorted(weeks)]


def fit(summary: dict[str, Any]) -> bytes:
    """Compressed JSON under SUMMARY_MAX_BYTES: long series fold into weeks, then the least active ideas lose their
    sentences and keywords, then the list of ideas is cut."""
    body = pack(summary)
    if len(body) <= SUMMARY_MAX_BYTES:
        return body
    part = summary["participation"]
    if part.get("bucket") == "day":
        part["days"], part["bucket"] = _weekly(part["days"]), "week"
        body = pack(summary)
    ideas = summary["ideas"]
    keep = len(ideas)
    while len(body) > SUMMARY_MAX_BYTES and keep > 0:
        keep //= 2
        for idea in ideas[keep:]:
            idea["keywords"], idea["summary"] = [], []
        body = pack(summary)
    if len(body) > SUMMARY_MAX_BYTES:
        summary["ideas"] = ideas[:200]
        part["ideas"] = part["ideas"][:200]
        summary["truncated"] = True
        body = pack(summary)
    return body


def forget_posts(summary: dict[str, Any], post_ids: set[str], idea_ids: set[str]) -> bool:
    """Take out of a stored summary every quote of these posts (sentences, statements, thread excerpts), and the
    keywords of their ideas (a keyword does not say which posts it came from, and may be a name): they were hidden,
    edited or deleted after it was written. True if anything was taken out."""
    changed = False
    for idea in summary.get("ideas", []):
        if idea.get("id") in idea_ids and idea.get("keywords"):
            idea["keywords"], changed = [], True
        kept = [s for s in idea.get("summary", []) if s.get("post_id") not in post_ids]
        if len(kept) != len(idea.get("summary", [])):
            idea["summary"], changed = kept, True
    threads = [t for t in summary.get("threads", []) if t.get("thread") not in post_ids]
    if len(threads) != len(summary.get("threads", [])):
        summary["threads"], changed = threads, True
    groups = summary.get("groups") or {}
    statements = groups.get("statements") or {}
    for pid in post_ids & set(statements):
        del statements[pid]
        changed = True

    def shown(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [e for e in entries if e.get("statement") not in post_ids]

    for group in groups.get("groups", []):
        group["representative"] = shown(group.get("representative", []))
    for side in ("agree", "disagree"):
        if side in groups.get("consensus", {}):
            groups["consensus"][side] = shown(groups["consensus"][side])
    if "divisive" in groups:
        groups["divisive"] = shown(groups["divisive"])
    return changed


def forget_in_earlier_summaries(slug: str, summary_id: str, post_ids: set[str], idea_ids: set[str]) -> int:
    """Earlier summaries (kept for the dashboard's history) stop quoting posts that were hidden, edited or deleted
    since: read one at a time, rewritten when they quoted one. Runs only when such changes were read, and reads as
    many summaries as are kept (one a day, plus the last week's hourly ones), whatever the debate's size."""
    rewritten = 0
    for item in summaries_repo.summaries_before(slug, summary_id):
        if item.summary_id == summary_id:
            continue
        body = unpack(item.body)
        if forget_posts(body, post_ids, idea_ids):
            summaries_repo.replace_summary_body(item, fit(body))
            rewritten += 1
    return rewritten


# --- one run -------------------------------------------------------------------------------------------------------


def _run(debate, state: SummaryState | None, votes: bool, force: bool, deadline: float | None = None) -> RunResult:
    started = time.monotonic()
    slug = debate.slug
    now = clock.now()
    cutoff = clock.iso(now - timedelta(seconds=settle_seconds()))
    expected_version = int(state.version) if state is not None else None
    loaded = _load(slug, state)
    watermark = state.watermark if state is not None else ""
    language = _language(debate)

    part = participation.ParticipationState.from_dict(loaded.payload.get("participation"))
    # Events by batches of at most MAX_EVENTS (memory), each folded in before the next is read, while time remains.
    matrix = loaded.matrix
    collected = Collected(last_sk=watermark)
    merged = new_posts = 0
    while True:
        batch = _collect(slug, debate, collected.last_sk, cutoff, votes, part, max_events())
        merged += matrix.merge(batch.stance_users, batch.stance_posts, batch.stance_values)
        del batch.stance_users, batch.stance_posts, batch.stance_values
        _add_new_posts(slug, batch.new_posts, loaded.frequencies, language, loaded.backlog)
        new_posts += len(batch.new_posts)
        collected.events += batch.events
        collected.touched_ideas |= batch.touched_ideas
        collected.changed_posts |= batch.changed_posts
        collected.content_posts |= batch.content_posts
        collected.changed_ideas |= batch.changed_ideas
        collected.last_sk, collected.caught_up = batch.last_sk, batch.caught_up
        if batch.caught_up or (deadline is not None and time.monotonic() > deadline):
            break
    if collected.caught_up:
        new_cutoff = cutoff
    else:  # everything up to the last event read is done; the rest waits for the next run
        new_cutoff = collected.last_sk.split("#", 1)[0]

    if collected.events == 0 and not force and loaded.payload and not loaded.backlog and state is not None:
        # nothing new (activity after the settle margin, or a ballot mark): move the cutoff, keep the summary
        state.cutoff = new_cutoff
        try:
            summaries_repo.save_state(state, expected_version, bump=True)
        except ConditionFailed:
            return RunResult(slug, False, "concurrent_run", seconds=time.monotonic() - started)
        return RunResult(slug, False, "no_new_events", watermark=watermark, seconds=time.monotonic() - started)

    previous_item = (summaries_repo.get_summary(slug, state.latest_summary)
                     if state is not None and state.latest_summary else None)
    previous_summary = unpack(previous_item.body) if previous_item is not None and loaded.payload else None

    # Opinion groups: recomputed when stances arrived or a statement's content changed, else carried over.
    opinion_state = loaded.payload.get("opinion")
    if merged or previous_summary is None or not collected.content_posts.isdisjoint(matrix.statement_ids):
        groups, opinion_state = opinion_map(slug, matrix, opinion_state)
    else:
        groups = previous_summary.get("groups")

    # Ideas: keywords and sentences recomputed for the ideas that got posts, carried over for the others.
    ideas = ideas_repo.list_ideas(slug)
    before = {i["id"]: i for i in (previous_summary or {}).get("ideas", [])}
    per_idea = {i["idea"]: i for i in participation.indicators(part)["ideas"]}
    idea_entries = []
    for idea in sorted(ideas, key=lambda i: (i.parent_id or "", float(i.order or 0), i.idea_id)):
        if idea.merged_into:
            continue
        entry = {"id": idea.idea_id, "parent_id": idea.parent_id, "title": _texts(idea.title),
                 "posts": int(idea.post_count or 0), "contributors": int(idea.contributor_count or 0),
                 "activity": {k: v for k, v in per_idea.get(idea.idea_id, {}).items() if k != "idea"}}
        if idea.idea_id in collected.touched_ideas or (idea.idea_id not in before and idea.post_count):
            entry.update(idea_texts(slug, idea.idea_id, loaded.frequencies, language))
            entry["texts_at"] = new_cutoff
        elif idea.idea_id in before:
            old = before[idea.idea_id]
            entry.update({k: old[k] for k in ("keywords", "summary", "posts_read", "texts_at") if k in old})
        else:
            entry.update({"keywords": [], "summary": []})
        idea_entries.append(entry)
    idea_entries.sort(key=lambda e: -e["activity"].get("events", 0))

    suggested = suggest_for_backlog(slug, loaded.backlog, loaded.frequencies, language)

    indicators = participation.indicators(part)
    summary_id = clock.iso(now)
    summary = {
        "id": summary_id, "slug": slug, "created_at": summary_id, "cutoff": new_cutoff,
        "watermark": collected.last_sk, "caught_up": collected.caught_up, "language": language,
        "participation": {"bucket": "day", "days": indicators["days"], "totals": indicators["totals"],
                          "ideas": indicators["ideas"][:500]},
        "threads": _threads(slug, indicators["threads"]),
        "ideas": idea_entries,
        "groups": groups,
        "suggestions": {"created": suggested, "waiting": len(loaded.backlog)},
        "run": {"events": collected.events, "stances_merged": merged, "new_posts": new_posts,
                "touched_ideas": len(collected.touched_ideas), "full": not loaded.payload},
    }
    body = fit(summary)
    daily = previous_item is None or previous_item.summary_id[:10] != summary_id[:10]
    item = Summary(keys.summaries(slug), keys.summary_sk(summary_id), summary_id=summary_id, created_at=summary_id,
                   cutoff=new_cutoff, caught_up=collected.caught_up, daily=daily, size=len(body), body=body)

    # The state: small parts in the item, arrays in the store under a new generation (unique: two runs of the same
    # instant must not share objects, since the one that loses deletes its own).
    generation = summary_id.replace(":", "").replace(".", "").replace("-", "") + "-" + secrets.token_hex(4)
    payload: dict[str, Any] = {"version": STATE_VERSION, "opinion": opinion_state,
                               "participation": part.as_dict()}
    text: dict[str, Any] = {"df": loaded.frequencies.as_dict(), "backlog": loaded.backlog}
    if len(pack(payload)) > 250_000:  # a large Bloom filter and long series: keep the item small
        text["participation"] = payload.pop("participation")
        payload["participation_in_store"] = True
    store = state_store()
    store.put(slug, generation, "stances.npz", matrix.to_bytes())
    store.put(slug, generation, "text.json.gz", pack(text))
    new_state = SummaryState(keys.summaries(slug), keys.SUMMARY_STATE_SK,
                             version=(expected_version or 0) + 1, watermark=collected.last_sk, cutoff=new_cutoff,
                             generation=generation, payload=pack(payload), latest_summary=summary_id,
                             updated_at=summary_id, pending=len(loaded.backlog))
    try:
        summaries_repo.commit_run(item, new_state, expected_version)
    except ConditionFailed:  # another run committed first: undo ours
        store.delete_generation(slug, generation, ["stances.npz", "text.json.gz"])
        return RunResult(slug, False, "concurrent_run", seconds=time.monotonic() - started)
    if collected.changed_posts:
        forget_in_earlier_summaries(slug, summary_id, collected.changed_posts, collected.changed_ideas)
    if state is not None and state.generation and state.generation != generation:
        store.delete_generation(slug, state.generation, ["stances.npz", "text.json.gz"])
    if previous_item is not None and not previous_item.daily and previous_item.summary_id[:10] == summary_id[:10]:
        summaries_repo.expire_summary(slug, previous_item.summary_id, KEEP_HOURLY_DAYS)
    result = RunResult(slug, True, "", collected.events, summary_id, collected.caught_up, collected.last_sk,
                       time.monotonic() - started, suggested,
                       {"stances_merged": merged, "new_posts": new_posts,
                        "touched_ideas": sorted(collected.touched_ideas), "bytes": len(body)})
    log.info("summary written", extra={"slug": slug, "events": collected.events, "seconds": result.seconds})
    return result
