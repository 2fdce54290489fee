"""`palabre eval groups FOLDER` and `palabre eval extracts FOLDER`: our algorithms against real references.

Both read the shared CSV folders directly: no local stack, no database. See docs/evaluation.md."""
from __future__ import annotations

import csv
import os
import sys
import time
from dataclasses import dataclass

import numpy as np

csv.field_size_limit(sys.maxsize)


# --- Polis folders -------------------------------------------------------------------------------------------


@dataclass
class PolisConversation:
    participant_ids: list[str]  # index -> Polis participant id
    statement_ids: list[int]  # index -> Polis comment id
    statement_texts: list[str]
    rejected: list[int]  # statement indices left out: moderated = -1, or a meta-statement
    participant: np.ndarray
    statement: np.ndarray
    value: np.ndarray
    polis_groups: dict[str, int]  # participant id -> Polis group-id (only those Polis clustered)
    history: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # every vote row by time: ms, p, s, value


def _rows(path: str) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_polis(folder: str) -> PolisConversation:
    """Statements, the latest vote per (voter, statement) from votes.csv, and Polis's own group-id."""
    comments = _rows(os.path.join(folder, "comments.csv"))
    comments.sort(key=lambda r: int(r["comment-id"]))
    statement_ids = [int(r["comment-id"]) for r in comments]
    index_of_statement = {cid: i for i, cid in enumerate(statement_ids)}
    # Polis leaves rejected statements and meta-statements ("is-meta", e.g. "I have lived in BG all my life") out
    rejected = [index_of_statement[int(r["comment-id"])] for r in comments
                if r["moderated"].strip() == "-1" or (r.get("is-meta") or "").strip().lower() == "true"]
    latest: dict[tuple[str, int], tuple[int, int]] = {}
    rows = sorted(_rows(os.path.join(folder, "votes.csv")), key=lambda r: int(r["timestamp"]))
    for row in rows:
        key = (row["voter-id"], int(row["comment-id"]))
        stamp = int(row["timestamp"])
        if key not in latest or stamp >= latest[key][0]:
            latest[key] = (stamp, int(row["vote"]))
    participant_ids = sorted({voter for voter, _ in latest}, key=int)
    index_of_participant = {pid: i for i, pid in enumerate(participant_ids)}
    items = sorted(latest.items())
    participant = np.array([index_of_participant[v] for (v, _), _ in items], dtype=np.int32)
    statement = np.array([index_of_statement[c] for (_, c), _ in items], dtype=np.int32)
    value = np.array([val for _, (_, val) in items], dtype=np.int8)
    groups = {}
    for row in _rows(os.path.join(folder, "participants-votes.csv")):
        if (row.get("group-id") or "").strip() != "":
            groups[row["participant"]] = int(row["group-id"])
    history = (np.array([int(r["timestamp"]) for r in rows], dtype=np.int64),
               np.array([index_of_participant[r["voter-id"]] for r in rows], dtype=np.int32),
               np.array([index_of_statement[int(r["comment-id"])] for r in rows], dtype=np.int32),
               np.array([int(r["vote"]) for r in rows], dtype=np.int8))
    return PolisConversation(participant_ids, statement_ids, [r["comment-body"] for r in comments], rejected,
                             participant, statement, value, groups, history)


REPLAY_MINUTES = 15


def replay(conv: PolisConversation, every_minutes: float = REPLAY_MINUTES, k_buffer: int = 4, seed: int = 0):
    """The groups as incremental runs would have left them: one run per period with new votes, each starting from
    the previous run's state and membership. Polis updates its groups this way, whenever new votes arrive; a short
    period stands in for that. Returns the last result and the number of runs."""
    from chalicelib.domain import opinion_groups as og

    stamps, participant, statement, value = conv.history
    bucket = stamps // int(every_minutes * 60_000)
    ends = list(np.flatnonzero(np.diff(bucket)) + 1) + [len(stamps)]
    state, membership, result, runs = None, None, None, 0
    for end in ends:
        stances = og.Stances.from_arrays(participant[:end], statement[:end], value[:end],
                                         len(conv.participant_ids), len(conv.statement_ids), dedupe=True)
        try:
            result = og.compute(stances, excluded_statements=conv.rejected, previous=state,
                                previous_membership=membership, k_buffer=k_buffer, seed=seed)
        except og.NotEnoughData:
            continue
        state, membership, runs = result.state, result.membership, runs + 1
    return result, runs


def compare_groups(folder: str, out=sys.stdout, once: bool = False, every_minutes: float = REPLAY_MINUTES,
                   seed: int = 0) -> float:
    """Our groups vs Polis's group-id. By default the vote history is replayed through incremental runs every
    `every_minutes` with new votes (as Polis updates its groups); `once` computes from the final votes only."""
    from chalicelib.domain import opinion_groups as og

    conv = read_polis(folder)
    started = time.perf_counter()
    stances = og.Stances.from_arrays(conv.participant, conv.statement, conv.value,
                                     n_participants=len(conv.participant_ids), n_statements=len(conv.statement_ids))
    cold = og.compute(stances, excluded_statements=conv.rejected, seed=seed)
    cold_seconds = time.perf_counter() - started
    polis_k = len(set(conv.polis_groups.values()))

    def ari_of(res) -> tuple[float, list[str]]:
        labels = {conv.participant_ids[i]: int(res.labels[i]) for i in res.clustered}
        both = [pid for pid in conv.polis_groups if pid in labels]
        return og.adjusted_rand_index([labels[p] for p in both], [conv.polis_groups[p] for p in both]), both

    print(f"conversation: {os.path.basename(os.path.normpath(folder))}", file=out)
    print(f"stances: {len(conv.value)} from {len(conv.participant_ids)} participants on "
          f"{len(conv.statement_ids)} statements ({len(conv.rejected)} rejected or meta, left out)", file=out)
    cold_ari, _ = ari_of(cold)
    print(f"one run on the final votes: {cold.k} groups {[g.size for g in cold.groups]}, ari {cold_ari:.3f} "
          f"({cold_seconds:.2f} s)", file=out)
    result = cold
    if not once:
        started = time.perf_counter()
        result, runs = replay(conv, every_minutes=every_minutes, seed=seed)
        print(f"incremental runs every {every_minutes:g} min with new votes over the vote history: {runs} runs "
              f"({time.perf_counter() - started:.1f} s)", file=out)
    ours = {conv.participant_ids[i]: int(result.labels[i]) for i in result.clustered}
    common = [pid for pid in conv.polis_groups if pid in ours]
    print(f"clustered: ours {len(ours)}, Polis {len(conv.polis_groups)}, both {len(common)}", file=out)
    print(f"groups: ours {result.k}, Polis {polis_k}", file=out)
    print("silhouette by k: " + ", ".join(f"{k}: {s:.3f}" for k, s in sorted(result.silhouettes.items())),
          file=out)
    print(f"group sizes: ours {[g.size for g in result.groups]}, Polis "
          f"{sorted(np.bincount(list(conv.polis_groups.values())).tolist(), reverse=True)}", file=out)
    table = {}
    for pid in common:
        table[(ours[pid], conv.polis_groups[pid])] = table.get((ours[pid], conv.polis_groups[pid]), 0) + 1
    print("contingency (ours, Polis): " + ", ".join(f"{a}/{b}: {n}" for (a, b), n in sorted(table.items())),
          file=out)

    def text(i: int) -> str:
        body = " ".join(conv.statement_texts[i].split())
        return body if len(body) <= 90 else body[:87] + "..."

    for group in result.groups:
        print(f"group {group.id} ({group.size}) representative:", file=out)
        for s in group.representative[:3]:
            print(f"  {s.direction:8} {s.probability:.0%} of group, x{s.repness:.1f} vs others  "
                  f"#{conv.statement_ids[s.statement]} {text(s.statement)}", file=out)
    for s in result.consensus_agree[:3]:
        print(f"consensus agree: #{conv.statement_ids[s.statement]} {text(s.statement)}", file=out)
    for d in result.divisive[:3]:
        print(f"divisive (spread {d.spread:.2f}): #{conv.statement_ids[d.statement]} {text(d.statement)}", file=out)
    ari = og.adjusted_rand_index([ours[p] for p in common], [conv.polis_groups[p] for p in common])
    print(f"ari={ari:.3f}", file=out)
    return ari


def run(kind: str, folder: str, once: bool = False, every_minutes: float = REPLAY_MINUTES) -> int:
    if not os.path.isdir(folder):
        print(f"palabre eval: {folder}: not a folder", file=sys.stderr)
        return 2
    try:
        if kind == "groups":
            compare_groups(folder, once=once, every_minutes=every_minutes)
            return 0
        if kind == "extracts":
            compare_extracts(folder)
            return 0
    except FileNotFoundError as error:
        print(f"palabre eval {kind}: {error.filename}: not found (is this "
              f"{'a Polis' if kind == 'groups' else 'an AN consultation'} folder?)", file=sys.stderr)
        return 2
    except KeyError as error:
        print(f"palabre eval {kind}: a CSV file lacks the column {error}", file=sys.stderr)
        return 2
    except ValueError as error:  # opinion_groups.NotEnoughData among others
        print(f"palabre eval {kind}: {error}", file=sys.stderr)
        return 2
    return 2


# --- AN consultation folders (volunteers' syntheses) ---------------------------------------------------------


@dataclass
class Contribution:
    document_id: str
    text: str
    syntheses: list[str]


def read_syntheses(folder: str) -> list[Contribution]:
    """Contributions that volunteers synthesised, each with its syntheses (U+0092 apostrophes repaired)."""
    from chalicelib.domain.lexicon import normalize

    by_document: dict[str, Contribution] = {}
    for row in _rows(os.path.join(folder, "crowdsource_resultat_syntheses.csv")):
        synthesis = normalize(row["synthese"] or "").strip()
        contribution = by_document.setdefault(row["document_id"],
                                              Contribution(row["document_id"], normalize(row["text"] or ""), []))
        if synthesis:
            contribution.syntheses.append(synthesis)
    return [c for c in by_document.values() if c.syntheses and c.text.strip()]


def document_frequencies(texts: list[str], language: str) -> dict[str, int]:
    from chalicelib.domain import lexicon

    df: dict[str, int] = {}
    for t in texts:
        for s in set(lexicon.stems(t, language)):
            df[s] = df.get(s, 0) + 1
    return df


def score_extracts(extracts: list[str], syntheses: list[str]) -> list[tuple[float, float]]:
    """For each synthesis, (ROUGE-1, ROUGE-L) F1 against its best extract (best by ROUGE-1, then ROUGE-L)."""
    from chalicelib.domain import rouge

    candidates = [rouge.tokens(e) for e in extracts]
    scores = []
    for synthesis in syntheses:
        reference = rouge.tokens(synthesis)
        best = max(((rouge.rouge1(c, reference), rouge.rouge_l(c, reference)) for c in candidates),
                   default=(0.0, 0.0))
        scores.append(best)
    return scores


def compare_extracts(folder: str, out=sys.stdout, language: str = "fr") -> tuple[float, float]:
    from chalicelib.domain import lexicon, suggest_extracts

    contributions = read_syntheses(folder)
    analyses = os.path.join(folder, "crowdsource_resultat_analyses.csv")
    corpus = [lexicon.normalize(r["text"] or "") for r in _rows(analyses)] if os.path.isfile(analyses) else \
        [c.text for c in contributions]
    df = document_frequencies(corpus, language)
    started = time.perf_counter()
    ours, base = [], []
    for c in contributions:
        k = len(c.syntheses)
        extracts = suggest_extracts.suggest(c.text, k, language, document_frequency=df, n_documents=len(corpus))
        ours.extend(score_extracts([e.text for e in extracts], c.syntheses))
        first = lexicon.sentences(c.text)[:k]
        base.extend(score_extracts(first, c.syntheses))
    elapsed = time.perf_counter() - started
    n = len(ours)

    def mean(values, i):
        return sum(v[i] for v in values) / max(len(values), 1)

    print(f"folder: {os.path.basename(os.path.normpath(folder))}", file=out)
    print(f"contributions with syntheses: {len(contributions)}, syntheses: {n}, "
          f"debate for IDF: {len(corpus)} contributions", file=out)
    print(f"suggested extracts: ROUGE-1 F1 {mean(ours, 0):.3f}, ROUGE-L F1 {mean(ours, 1):.3f}", file=out)
    print(f"baseline (first k sentences): ROUGE-1 F1 {mean(base, 0):.3f}, ROUGE-L F1 {mean(base, 1):.3f}", file=out)
    wins = sum(1 for a, b in zip(ours, base) if a[0] > b[0])
    losses = sum(1 for a, b in zip(ours, base) if a[0] < b[0])
    print(f"per synthesis (ROUGE-1): better {wins}, worse {losses}, equal {n - wins - losses}", file=out)
    print(f"time: {elapsed:.1f} s", file=out)
    print(f"rouge1={mean(ours, 0):.3f} baseline={mean(base, 0):.3f}", file=out)
    return mean(ours, 0), mean(base, 0)
