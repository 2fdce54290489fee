"""Scale benchmark of the opinion groups (chalicelib/domain/opinion_groups.py).

Builds a participant × statement stance matrix by resampling REAL vote patterns from the shared Polis
conversations: every synthetic participant is a copy, under a new id, of one real participant's votes (the latest
vote per statement). The five conversations' statements are laid side by side (each conversation its own block of
statement indices), then cut or repeated as blocks to reach the requested number of statements, so that no vote
pattern is invented. Real rows are drawn with replacement, with probability proportional to n_votes^-a, `a` chosen
so that the mean number of stances per participant hits the target (10,000,000 / 1,000,000 = 10 by default; real
participants vote 25 to 114 times on average, and the lighter real voters are sampled more).

The computation runs in a child process that loads the arrays and calls `opinion_groups.compute`, so its peak RSS
(getrusage ru_maxrss) is that of a worker holding the stances and computing, as a Lambda invocation would. A second,
incremental run follows with 1 % more participants (more resampled real rows) from the first run's state and
membership, as the hourly summarizer would do.

    .venv/bin/python scripts/bench_opinion_groups.py [--participants 1000000] [--statements 1000]
                                                     [--stances 10000000] [--data ../shared/data/polis]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def real_rows(data_dir: str):
    """All real participants' latest votes, as CSR over a block layout of every conversation's statements."""
    from chalicelib.cli.evaluate import read_polis

    blocks, rejected, offset = [], [], 0
    convs = [read_polis(os.path.join(data_dir, name)) for name in sorted(os.listdir(data_dir))
             if os.path.isfile(os.path.join(data_dir, name, "votes.csv"))]
    for conv in sorted(convs, key=lambda c: -len(c.participant_ids)):  # the most participants first
        order = np.lexsort((conv.statement, conv.participant))
        blocks.append((conv.participant[order], conv.statement[order] + offset, conv.value[order],
                       len(conv.participant_ids)))
        rejected.extend(r + offset for r in conv.rejected)
        offset += len(conv.statement_ids)
    indptr, stmt, val, base = [0], [], [], 0
    for participant, statement, value, n in blocks:
        counts = np.bincount(participant, minlength=n)
        indptr.extend((base + np.cumsum(counts)).tolist())
        base += int(counts.sum())
        stmt.append(statement)
        val.append(value)
    return np.array(indptr, dtype=np.int64), np.concatenate(stmt), np.concatenate(val), offset, rejected


def build(n_participants: int, n_statements: int, n_stances: int, data_dir: str, seed: int = 0):
    indptr, stmt, val, n_real_statements, rejected = real_rows(data_dir)
    if n_real_statements > n_statements:  # cut the layout: votes on statements past the end are left out
        inside = stmt < n_statements
        row_of = np.repeat(np.arange(indptr.size - 1), np.diff(indptr))
        indptr = np.concatenate([[0], np.cumsum(np.bincount(row_of[inside], minlength=indptr.size - 1))])
        stmt, val = stmt[inside], val[inside]
        rejected = [r for r in rejected if r < n_statements]
        n_real_statements = n_statements
    lengths = np.diff(indptr)
    keep = lengths > 0
    rows = np.flatnonzero(keep)
    lengths = lengths[keep].astype(np.float64)
    target = n_stances / n_participants

    def mean_for(a: float) -> float:
        w = lengths ** -a
        return float((w * lengths).sum() / w.sum())

    lo, hi = -4.0, 8.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if mean_for(mid) > target else (lo, mid)
    a = (lo + hi) / 2
    w = lengths ** -a
    rng = np.random.default_rng(seed)
    chosen = rows[rng.choice(rows.size, size=n_participants, p=w / w.sum())]
    # Copies of a real conversation block are shifted by whole blocks of real statements (repeating the layout)
    # to reach n_statements; statement indices beyond n_statements wrap to the start of a block copy.
    copies = max(1, int(np.ceil(n_statements / n_real_statements)))
    shift = rng.integers(0, copies, size=n_participants) * n_real_statements
    starts, ends = indptr[chosen], indptr[chosen + 1]
    sizes = ends - starts
    total = int(sizes.sum())
    participant = np.repeat(np.arange(n_participants, dtype=np.int32), sizes)
    first = np.repeat(starts - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
    source = np.arange(total, dtype=np.int64) + first
    statement = (stmt[source].astype(np.int64) + np.repeat(shift, sizes))
    inside = statement < n_statements  # the last, partial copy of the layout is cut
    excluded = sorted({r + c * n_real_statements for r in rejected for c in range(copies)
                       if r + c * n_real_statements < n_statements})
    return (participant[inside], statement[inside].astype(np.int32), val[source][inside], excluded,
            {"exponent": round(a, 3), "real_rows": int(rows.size), "real_statements": int(n_real_statements)})


def child(path: str) -> None:
    from chalicelib.domain import opinion_groups as og

    data = np.load(path)
    meta = json.loads(str(data["meta"]))
    participant, statement, value = data["participant"], data["statement"], data["value"]
    first = participant < meta["n_participants"]
    n_first = int(first.sum())  # rows are ordered by participant: the first run sees a prefix
    started = time.perf_counter()
    stances = og.Stances(participant[:n_first], statement[:n_first], value[:n_first], meta["n_participants"],
                         meta["n_statements"])
    result = og.compute(stances, excluded_statements=data["excluded"])
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    del stances
    started = time.perf_counter()
    more = og.Stances(participant, statement, value, meta["n_participants_after"], meta["n_statements"])
    again = og.compute(more, excluded_statements=data["excluded"], previous=result.state,
                       previous_membership=result.membership, k_buffer=4)
    elapsed_again = time.perf_counter() - started
    print(json.dumps({"seconds": round(elapsed, 1), "peak_rss_mb": round(peak_mb, 1), "k": result.k,
                      "stances": n_first, "clustered": int(result.clustered.size),
                      "group_sizes": [g.size for g in result.groups],
                      "base_clusters": int(result.base_centers.shape[0]),
                      "incremental_seconds": round(elapsed_again, 1), "incremental_stances": int(participant.size),
                      "incremental_group_sizes": [g.size for g in again.groups],
                      "peak_rss_mb_both": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1_000_000)
    parser.add_argument("--statements", type=int, default=1_000)
    parser.add_argument("--stances", type=int, default=10_000_000)
    parser.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "data", "polis"))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    started = time.perf_counter()
    extra = args.participants // 100  # 1 % new participants for the incremental run
    participant, statement, value, excluded, info = build(args.participants + extra, args.statements,
                                                          args.stances + args.stances // 100, args.data)
    print(f"built {participant.size:,} stances by {args.participants + extra:,} participants on {args.statements:,} "
          f"statements ({len(excluded)} rejected) from {info['real_rows']:,} real participants' votes on "
          f"{info['real_statements']} real statements (row weight n_votes^-{info['exponent']}) "
          f"in {time.perf_counter() - started:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stances.npz")
        meta = json.dumps({"n_participants": args.participants, "n_participants_after": args.participants + extra,
                           "n_statements": args.statements})
        np.savez(path, participant=participant, statement=statement, value=value,
                 excluded=np.array(excluded, dtype=np.int64), meta=np.array(meta))
        del participant, statement, value
        out = subprocess.run([sys.executable, __file__, "--child", path], check=True, capture_output=True,
                             text=True, cwd=ROOT)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"first run: {result['stances']:,} stances by {args.participants:,} participants: {result['seconds']} s, "
          f"peak RSS {result['peak_rss_mb']} MB (child process: load + compute); k={result['k']}, clustered "
          f"{result['clustered']:,}, group sizes {result['group_sizes']}, {result['base_clusters']} base clusters")
    print(f"incremental run, +1 % participants ({result['incremental_stances']:,} stances) from the first run's "
          f"state: {result['incremental_seconds']} s, group sizes {result['incremental_group_sizes']}; "
          f"peak RSS over both runs {result['peak_rss_mb_both']} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
