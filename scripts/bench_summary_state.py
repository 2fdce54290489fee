"""Memory and time of the summarizer's stored state at scale (chalicelib/services/summaries.py: Matrix).

What an incremental run does with the stance matrix, outside DynamoDB: load the previous state's `stances.npz`
(1,000,000 participants with 16-character ids, 10,000,000 stances), merge 1 % new stances (latest per person ×
statement wins, new participants appended), recompute the opinion groups from the previous state and membership,
and save the new `stances.npz`. The stances are resampled real Polis rows (scripts/bench_opinion_groups.py: build),
nothing invented. Runs in a child process and reports its peak RSS (getrusage), as a Lambda invocation would see it.

    .venv/bin/python scripts/bench_summary_state.py [--participants 1000000] [--stances 10000000]
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
sys.path.insert(0, os.path.join(ROOT, "scripts"))


def rss_mb() -> float:
    """Peak RSS of this process: VmHWM (getrusage's ru_maxrss would include the parent's size at fork time)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(folder: str) -> None:
    from chalicelib.domain import opinion_groups as og
    from chalicelib.services.summaries import Matrix

    meta = json.load(open(os.path.join(folder, "meta.json")))
    out = {"baseline_rss_mb": round(rss_mb(), 1)}
    started = time.perf_counter()
    with open(os.path.join(folder, "stances.npz"), "rb") as handle:
        matrix = Matrix.from_bytes(handle.read())
    out["load_seconds"] = round(time.perf_counter() - started, 1)
    out["after_load_rss_mb"] = round(rss_mb(), 1)
    new = np.load(os.path.join(folder, "new.npz"))
    users = [f"user{p:012d}" for p in new["participant"].tolist()]
    posts = [matrix.statement_ids[s] if s < len(matrix.statement_ids) else f"statement{s:07d}"
             for s in new["statement"].tolist()]
    started = time.perf_counter()
    added = matrix.merge(users, posts, new["value"].tolist())
    out["merge_seconds"] = round(time.perf_counter() - started, 1)
    out["merged_rows"] = added
    out["after_merge_rss_mb"] = round(rss_mb(), 1)
    del users, posts, new
    state = og.OpinionState.from_dict(json.load(open(os.path.join(folder, "opinion.json"))))
    started = time.perf_counter()
    stances = og.Stances(matrix.participant, matrix.statement, matrix.value, int(matrix.participant_ids.size),
                         len(matrix.statement_ids))
    result = og.compute(stances, excluded_statements=meta["excluded"], previous=state,
                        previous_membership=matrix.membership, k_buffer=4)
    matrix.membership = result.membership
    out["groups_seconds"] = round(time.perf_counter() - started, 1)
    out["group_sizes"] = [g.size for g in result.groups]
    del stances, result
    started = time.perf_counter()
    blob = matrix.to_bytes()
    out["save_seconds"] = round(time.perf_counter() - started, 1)
    out["stances_npz_mb"] = round(len(blob) / 1e6, 1)
    out["stances"] = int(matrix.participant.size)
    out["participants"] = int(matrix.participant_ids.size)
    out["peak_rss_mb"] = round(rss_mb(), 1)
    print(json.dumps(out))


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
    from bench_opinion_groups import build

    from chalicelib.domain import opinion_groups as og
    from chalicelib.services.summaries import Matrix

    grown = int(args.participants * 1.01)
    participant, statement, value, excluded, _ = build(grown, args.statements, int(args.stances * 1.01), args.data)
    before = participant < args.participants
    # 1 % new participants, and 1 % of the earlier ones changing one stance
    rng = np.random.default_rng(1)
    changed = rng.choice(np.flatnonzero(before), size=args.participants // 100, replace=False)
    new_p = np.concatenate([participant[~before], participant[changed]])
    new_s = np.concatenate([statement[~before], statement[changed]])
    new_v = np.concatenate([value[~before], (-value[changed]).astype(np.int8)])
    matrix = Matrix(participant[before].astype(np.int32), statement[before].astype(np.int32), value[before],
                    np.array([f"user{p:012d}" for p in range(args.participants)], dtype="S16"),
                    [f"statement{s:07d}" for s in range(args.statements)])
    first = og.compute(og.Stances(matrix.participant, matrix.statement, matrix.value, args.participants,
                                  args.statements), excluded_statements=excluded)
    matrix.membership = first.membership
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "stances.npz"), "wb") as handle:
            handle.write(matrix.to_bytes())
        np.savez(os.path.join(folder, "new.npz"), participant=new_p, statement=new_s, value=new_v)
        json.dump(first.state.as_dict(), open(os.path.join(folder, "opinion.json"), "w"))
        json.dump({"excluded": [int(x) for x in excluded]}, open(os.path.join(folder, "meta.json"), "w"))
        del matrix, first, participant, statement, value
        result = subprocess.run([sys.executable, __file__, "--child", folder], capture_output=True, text=True)
        if result.returncode:
            print(result.stderr, file=sys.stderr)
            return result.returncode
        print(result.stdout.strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
