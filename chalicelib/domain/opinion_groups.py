"""Opinion groups from agree / disagree / pass stances, after Polis's published method.

What Polis does (compdemocracy/polis, math/src/polismath/math), restated here in our own words and code:

1. A participant enters the clustering once they voted on at least 7 statements (or on every statement when there
   are fewer than 7); if that leaves fewer than 15 people, the most active voters are added up to 15.
2. The participant × statement matrix holds agree = +1, disagree = -1, pass = 0 and "missing". Missing cells are
   filled with the statement's mean vote, so after centring every missing cell is exactly 0: the centred matrix is
   as sparse as the stances themselves. Polis zeroes the columns of rejected (moderated-out) statements: they
   contribute nothing to the components, but count as a pass of everyone in step 4's scaling (`rejected_as_pass`).
3. The first two principal components come from power iteration on that sparse centred matrix (X^T X v, never a
   dense matrix), here as a two-vector block iteration with re-orthonormalisation.
4. Each participant is projected using only the statements they voted on, and the projection is scaled by
   sqrt(n_statements / n_votes), which pushes people who voted little away from the centre instead of letting the
   missing cells drag them to it.
5. The eligible participants' 2-D positions are summarised by k-means with about 100 "base clusters"; the base
   cluster centres are then grouped by k-means weighted by cluster size, for each k from 2 to
   min(5, 2 + n_base // 12), and the k with the best silhouette (over base clusters) wins. Optionally the k only
   changes after it has won `k_buffer` runs in a row (Polis's smoother) when the previous state is given.
   Polis updates incrementally: each run's k-means starts from the previous run's clusters (recentred on their
   members' new positions), so groups evolve rather than being recomputed; `previous` and `previous_membership`
   do the same here. A first run seeds k-means with k-means++ (best of 10 for the groups).
6. Representative statements per group compare the group's agreement (or disagreement) probability, with a +1/+2
   prior, against everyone else's, with a two-proportion z-test and a one-proportion test, both at 90 %.
7. Consensus statements are those that a majority of every group agreed with (or disagreed with), ranked by the
   product of the groups' agreement probabilities; divisive statements are those whose agreement rate differs the
   most between groups, with a significant two-proportion test between the two most distant groups.

Input is three parallel arrays (participant index, statement index, value); only numpy is used. Memory is linear in
the number of stances (a few arrays of that length) plus a few arrays of the number of participants.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

AGREE, DISAGREE, PASS = 1, -1, 0
MIN_VOTES = 7
GREEDY_PARTICIPANTS = 15
BASE_K = 100
MAX_GROUP_K = 5
Z_90 = 1.2816  # one-sided z at 90 %
GROUP_WARM_ITERS = 100
_CHUNK = 1 << 16  # points per distance block in k-means (65,536 × 100 × 4 bytes = 26 MB)


# --- input ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stances:
    """Sparse stances: one row per (participant, statement) pair, values in {-1, 0, 1}."""

    participant: np.ndarray  # int32, 0..n_participants-1
    statement: np.ndarray  # int32, 0..n_statements-1
    value: np.ndarray  # int8
    n_participants: int
    n_statements: int

    @classmethod
    def from_arrays(cls, participant, statement, value, n_participants: int | None = None,
                    n_statements: int | None = None, dedupe: bool = False) -> "Stances":
        """Validate and convert. With `dedupe`, the last row of each (participant, statement) pair wins."""
        participant = np.ascontiguousarray(participant, dtype=np.int32)
        statement = np.ascontiguousarray(statement, dtype=np.int32)
        value = np.ascontiguousarray(value, dtype=np.int8)
        if not (participant.shape == statement.shape == value.shape) or participant.ndim != 1:
            raise ValueError("participant, statement and value must be 1-D arrays of the same length")
        if participant.size and (participant.min() < 0 or statement.min() < 0):
            raise ValueError("indices must be non-negative")
        if value.size and (value.min() < -1 or value.max() > 1):
            raise ValueError("values must be -1, 0 or 1")
        n_p = int(participant.max()) + 1 if participant.size else 0
        n_s = int(statement.max()) + 1 if statement.size else 0
        n_participants = n_p if n_participants is None else n_participants
        n_statements = n_s if n_statements is None else n_statements
        if n_p > n_participants or n_s > n_statements:
            raise ValueError("an index is out of range")
        if dedupe and participant.size:
            key = participant.astype(np.int64) * n_statements + statement
            # the last occurrence of each key: unique on the reversed array gives first occurrences from the end
            _, first_from_end = np.unique(key[::-1], return_index=True)
            keep = np.sort(key.size - 1 - first_from_end)
            participant, statement, value = participant[keep], statement[keep], value[keep]
        return cls(participant, statement, value, int(n_participants), int(n_statements))


# --- results -------------------------------------------------------------------------------------------------


@dataclass
class StatementStat:
    """One statement in a group's (or the whole conversation's) light."""

    statement: int
    direction: str  # "agree" or "disagree"
    n_success: int  # members who voted that way
    n_trials: int  # members who saw it (voted, passes included)
    probability: float  # (n_success + 1) / (n_trials + 2)
    test: float  # z of that probability against 1/2
    repness: float = 0.0  # probability in the group / probability outside it
    repness_test: float = 0.0  # two-proportion z, group vs outside

    def as_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


@dataclass
class Group:
    id: int
    size: int
    center: tuple[float, float]
    representative: list[StatementStat]


@dataclass
class Divisive:
    statement: int
    spread: float  # largest difference of agreement rates between two groups
    test: float  # two-proportion z between those two groups
    agree_rate_by_group: list[float]


@dataclass
class OpinionState:
    """What a later run may reuse: start vectors, base centres and the k smoother. Small (O(statements))."""

    components: list[list[float]] | None = None
    base_centers: list[list[float]] | None = None
    group_centers: dict[str, list[list[float]]] | None = None  # per k (as a string, JSON-friendly)
    base_groups: dict[str, list[int]] | None = None  # per k: the group of each base cluster
    last_k: int | None = None
    last_k_count: int = 0
    smoothed_k: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> "OpinionState":
        return cls(**(data or {}))


@dataclass
class OpinionGroups:
    n_participants: int  # participants with at least one stance
    n_statements: int  # active statements
    clustered: np.ndarray  # participant indices that were clustered (sorted)
    coords: np.ndarray  # float32 (n_participants, 2): every participant's projection (NaN if no stance)
    labels: np.ndarray  # int8 (n_participants,): group id per participant, -1 if not clustered
    center: np.ndarray  # statement means (PCA centre)
    components: np.ndarray  # (2, n_statements)
    base_centers: np.ndarray  # (n_base, 2)
    base_sizes: np.ndarray  # (n_base,)
    base_groups: np.ndarray  # (n_base,) group of each base cluster
    k: int
    silhouettes: dict[int, float]
    groups: list[Group]
    consensus_agree: list[StatementStat]
    consensus_disagree: list[StatementStat]
    divisive: list[Divisive]
    group_votes: np.ndarray  # (k, 3, n_statements) counts: agree, disagree, seen
    membership: np.ndarray  # int16 (n_participants,): base cluster per participant, -1 if not clustered
    state: OpinionState = field(default_factory=OpinionState)

    def summary(self, statement_ids: list | None = None) -> dict[str, Any]:
        """A JSON-ready, bounded-size summary (base clusters instead of every participant) for storage/API."""
        name = (lambda i: statement_ids[i]) if statement_ids is not None else (lambda i: i)

        def stat(s: StatementStat) -> dict[str, Any]:
            d = s.as_dict()
            d["statement"] = name(s.statement)
            return d

        return {
            "participants": self.n_participants,
            "clustered": int(self.clustered.size),
            "k": self.k,
            "silhouettes": {str(k): round(v, 4) for k, v in self.silhouettes.items()},
            "groups": [{"id": g.id, "size": g.size, "center": [round(c, 4) for c in g.center],
                        "representative": [stat(s) for s in g.representative]} for g in self.groups],
            "base_clusters": [{"x": round(float(x), 4), "y": round(float(y), 4), "size": int(n), "group": int(g)}
                              for (x, y), n, g in zip(self.base_centers, self.base_sizes, self.base_groups)],
            "consensus": {"agree": [stat(s) for s in self.consensus_agree],
                          "disagree": [stat(s) for s in self.consensus_disagree]},
            "divisive": [{"statement": name(d.statement), "spread": round(d.spread, 4), "test": round(d.test, 4),
                          "agree_rate_by_group": [round(r, 4) for r in d.agree_rate_by_group]}
                         for d in self.divisive],
        }


class NotEnoughData(ValueError):
    """Fewer than two distinct eligible participants or no active statement: no groups can be formed."""


# --- statistics (Polis's tests, with their +1 priors) --------------------------------------------------------


def prop_test(successes, trials):
    """z of the success rate against 1/2, with one pseudo-count added to both numbers."""
    successes = np.asarray(successes, dtype=np.float64) + 1.0
    trials = np.asarray(trials, dtype=np.float64) + 1.0
    return 2.0 * np.sqrt(trials) * (successes / trials - 0.5)


def two_prop_test(succ_in, succ_out, n_in, n_out):
    """Two-proportion z (inside vs outside), one pseudo-count on each number; 0 where the pooled rate is 1."""
    s1, s2, n1, n2 = (np.asarray(a, dtype=np.float64) + 1.0 for a in (succ_in, succ_out, n_in, n_out))
    p1, p2, pooled = s1 / n1, s2 / n2, (s1 + s2) / (n1 + n2)
    denom = np.sqrt(np.clip(pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2), 0.0, None))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(denom > 0, (p1 - p2) / np.where(denom > 0, denom, 1.0), 0.0)
    return z


def adjusted_rand_index(a, b) -> float:
    """Adjusted Rand index of two labelings of the same items (1 = identical partitions, ~0 = chance)."""
    a = np.asarray(a)
    b = np.asarray(b)
    if a.shape != b.shape:
        raise ValueError("the two labelings must have the same length")
    n = a.size
    if n < 2:
        return 1.0
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1), dtype=np.int64)
    np.add.at(table, (ai, bi), 1)

    def pairs(x):
        x = np.asarray(x, dtype=np.float64)
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / (n * (n - 1) / 2)
    maximum = (rows + cols) / 2
    if maximum == expected:  # both partitions trivial (all in one cluster, or all singletons)
        return 1.0
    return (index - expected) / (maximum - expected)


# --- steps ---------------------------------------------------------------------------------------------------


def eligible(vote_counts: np.ndarray, n_statements: int, min_votes: int = MIN_VOTES,
             greedy: int = GREEDY_PARTICIPANTS) -> np.ndarray:
    """Boolean mask of the participants to cluster (see step 1)."""
    mask = vote_counts >= min(min_votes, n_statements)
    mask &= vote_counts > 0
    missing = greedy - int(mask.sum())
    if missing > 0:
        candidates = np.flatnonzero(~mask & (vote_counts > 0))
        if candidates.size:
            order = candidates[np.argsort(-vote_counts[candidates], kind="stable")]
            mask[order[:missing]] = True
    return mask


def sparse_pca(participant: np.ndarray, statement: np.ndarray, centred: np.ndarray, n_participants: int,
               n_statements: int, n_components: int = 2, iters: int = 100, tol: float = 1e-7,
               start: np.ndarray | None = None, seed: int = 0) -> np.ndarray:
    """Top principal directions of the sparse centred matrix, by block power iteration on X^T X.

    X is given by its non-zero cells (participant, statement, centred value). Returns (n_components, n_statements),
    rows orthonormal, ordered by decreasing variance, each with a deterministic sign (largest |loading| > 0)."""
    rng = np.random.default_rng(seed)
    q = n_components
    if start is not None and start.shape == (q, n_statements) and np.all(np.isfinite(start)) \
            and np.linalg.matrix_rank(start) == q:
        v = start.T.astype(np.float64).copy()
    else:
        v = rng.random((n_statements, q))
    v, _ = np.linalg.qr(v)
    weights = centred.astype(np.float64)

    def xtx(block: np.ndarray) -> np.ndarray:
        out = np.empty_like(block)
        for j in range(block.shape[1]):
            u = np.bincount(participant, weights=weights * block[statement, j], minlength=n_participants)
            out[:, j] = np.bincount(statement, weights=weights * u[participant], minlength=n_statements)
        return out

    previous = None
    for _ in range(iters):
        w = xtx(v)
        v, _ = np.linalg.qr(w)
        if previous is not None and np.abs(np.abs(np.sum(v * previous, axis=0)) - 1.0).max() < tol:
            break
        previous = v
    # Rayleigh-Ritz on the converged subspace orders the directions by their variance.
    small = v.T @ xtx(v)
    eigvals, eigvecs = np.linalg.eigh((small + small.T) / 2)
    order = np.argsort(eigvals)[::-1]
    comps = (v @ eigvecs[:, order]).T
    for row in comps:
        if row[np.argmax(np.abs(row))] < 0:
            row *= -1
    return comps


def project(participant: np.ndarray, statement: np.ndarray, centred: np.ndarray, components: np.ndarray,
            n_participants: int, n_columns: int, votes_per_participant: np.ndarray) -> np.ndarray:
    """Sparsity-aware projection: dot product over the voted cells only, times sqrt(n_columns / n_votes)."""
    coords = np.empty((n_participants, components.shape[0]), dtype=np.float64)
    for j, comp in enumerate(components):
        coords[:, j] = np.bincount(participant, weights=centred * comp[statement], minlength=n_participants)
    scale = np.sqrt(n_columns / np.maximum(votes_per_participant, 1))
    coords *= scale[:, None]
    return coords


def _sq_dists(points: np.ndarray, centers: np.ndarray) -> np.ndarray:
    d = (points * points).sum(1)[:, None] - 2.0 * points @ centers.T + (centers * centers).sum(1)[None, :]
    return np.maximum(d, 0.0)


def _assign(points: np.ndarray, centers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Nearest centre and squared distance, in blocks so that memory stays O(block × k)."""
    labels = np.empty(points.shape[0], dtype=np.int32)
    dist = np.empty(points.shape[0], dtype=np.float64)
    for start in range(0, points.shape[0], _CHUNK):
        d = _sq_dists(points[start:start + _CHUNK], centers)
        labels[start:start + _CHUNK] = d.argmin(1)
        dist[start:start + _CHUNK] = d[np.arange(d.shape[0]), labels[start:start + _CHUNK]]
    return labels, dist


def _kmeans_pp(points: np.ndarray, weights: np.ndarray, k: int, rng: np.random.Generator,
               given: np.ndarray | None = None) -> np.ndarray:
    """k-means++ seeding (weighted): each new centre drawn with probability ∝ weight × squared distance to the
    centres so far. `given` centres (a previous run's) are kept and, as in Polis, the missing ones are the points
    farthest from every centre so far (deterministic)."""
    if given is not None and len(given):
        centers = [c for c in np.asarray(given, dtype=np.float64)[:k]]
        closest = _assign(points, np.array(centers))[1]
    else:
        first = rng.choice(points.shape[0], p=weights / weights.sum())
        centers = [points[first]]
        closest = _sq_dists(points, points[first][None, :])[:, 0]
    warm = given is not None and len(given) > 0
    while len(centers) < k:
        p = weights * closest
        total = p.sum()
        if total <= 0:
            break
        nxt = int(np.argmax(closest)) if warm else rng.choice(points.shape[0], p=p / total)
        centers.append(points[nxt])
        closest = np.minimum(closest, _sq_dists(points, points[nxt][None, :])[:, 0])
    return np.array(centers)


def kmeans(points: np.ndarray, k: int, weights: np.ndarray | None = None, init: np.ndarray | None = None,
           max_iters: int = 100, tol: float = 1e-4, seed: int = 0) -> tuple[np.ndarray, np.ndarray, float]:
    """Weighted Lloyd's k-means. Returns (centres, labels, weighted inertia); empty clusters are dropped."""
    points = np.asarray(points, dtype=np.float64)
    weights = np.ones(points.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    rng = np.random.default_rng(seed)
    centers = _kmeans_pp(points, weights, k, rng, given=init)
    scale = float(np.abs(points).max()) or 1.0
    for _ in range(max_iters):
        labels, _ = _assign(points, centers)
        wsum = np.bincount(labels, weights=weights, minlength=centers.shape[0])
        keep = wsum > 0
        new = np.empty_like(centers)
        for j in range(points.shape[1]):
            new[:, j] = np.bincount(labels, weights=weights * points[:, j], minlength=centers.shape[0])
        new = new[keep] / wsum[keep][:, None]
        moved = np.inf if new.shape != centers.shape else float(np.abs(new - centers).max())
        centers = new
        if moved <= tol * scale:
            break
    labels, dist = _assign(points, centers)
    return centers, labels, float((weights * dist).sum())


def silhouette(points: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over the points (a point alone in its cluster scores 0)."""
    n = points.shape[0]
    ids = np.unique(labels)
    if ids.size < 2 or ids.size >= n:
        return 0.0
    d = np.sqrt(_sq_dists(points, points))
    per_cluster = np.stack([d[:, labels == c].sum(1) for c in ids], axis=1)  # (n, k) sum of distances
    counts = np.array([(labels == c).sum() for c in ids], dtype=np.float64)
    own = np.searchsorted(ids, labels)
    own_count = counts[own] - 1
    a = np.where(own_count > 0, per_cluster[np.arange(n), own] / np.maximum(own_count, 1), 0.0)
    others = per_cluster / counts[None, :]
    others[np.arange(n), own] = np.inf
    b = others.min(1)
    s = np.where(own_count > 0, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(s.mean())


def _unique_rows(points: np.ndarray) -> int:
    return int(np.unique(points, axis=0).shape[0]) if points.shape[0] < 2_000_000 else points.shape[0]


def base_clusters(points: np.ndarray, k: int = BASE_K, init: np.ndarray | None = None, seed: int = 0):
    """About `k` base clusters of the participants' positions (fewer if there are fewer distinct positions)."""
    distinct = _unique_rows(points) if points.shape[0] <= 50 * k else points.shape[0]
    k = max(1, min(k, distinct))
    centers, labels, _ = kmeans(points, k, init=init, seed=seed)
    return centers, labels


def group_clusterings(base_centers: np.ndarray, base_sizes: np.ndarray, max_k: int = MAX_GROUP_K,
                      previous: dict[str, list[list[float]]] | None = None, restarts: int = 10,
                      seed: int = 0) -> dict[int, tuple[np.ndarray, np.ndarray, float]]:
    """For each k in 2..min(max_k, 2 + n_base // 12): group centres, labels of the base clusters, silhouette.

    Like Polis, a k that was computed before starts from its previous centres (groups then evolve smoothly from
    run to run instead of jumping between equally good splits); otherwise the best of `restarts` seedings."""
    n = base_centers.shape[0]
    top = min(max_k, 2 + n // 12, n)
    result: dict[int, tuple[np.ndarray, np.ndarray, float]] = {}
    for k in range(2, top + 1):
        warm = (previous or {}).get(str(k))
        found = None
        if warm is not None and len(warm) == k:
            found = kmeans(base_centers, k, weights=base_sizes, init=np.array(warm), seed=seed,
                           max_iters=GROUP_WARM_ITERS)
            if found[0].shape[0] == k:
                centers, labels, _ = found
            else:  # a group emptied out: start this k afresh
                found = None
        if found is None:
            best = None
            for r in range(restarts):
                found = kmeans(base_centers, k, weights=base_sizes, seed=seed + r)
                if found[0].shape[0] == k and (best is None or found[2] < best[2] - 1e-12):
                    best = found
            if best is None:
                continue
            centers, labels, _ = best
            # a fresh clustering numbers its groups by decreasing size (a warm one keeps its numbering)
            order = np.argsort(-np.bincount(labels, weights=base_sizes, minlength=k), kind="stable")
            rank = np.empty(k, dtype=np.int64)
            rank[order] = np.arange(k)
            centers, labels = centers[order], rank[labels]
        result[k] = (centers, labels, silhouette(base_centers, labels))
    return result


def choose_k(silhouettes: dict[int, float], state: OpinionState, buffer: int) -> int:
    """Best k by silhouette; with a buffer > 1, the published k changes only after `buffer` consecutive wins."""
    this_k = max(silhouettes, key=lambda k: (silhouettes[k], -k))
    if buffer <= 1:
        state.last_k, state.last_k_count, state.smoothed_k = this_k, 1, this_k
        return this_k
    count = state.last_k_count + 1 if state.last_k == this_k else 1
    smoothed = this_k if count >= buffer or state.smoothed_k not in silhouettes else state.smoothed_k
    state.last_k, state.last_k_count, state.smoothed_k = this_k, count, smoothed
    return smoothed


def vote_counts_by_group(participant, statement, value, labels, k, n_statements) -> np.ndarray:
    """(k, 3, n_statements) counts of agree, disagree and seen (any vote) per group and statement."""
    g = labels[participant]
    inside = g >= 0
    g, s, v = g[inside].astype(np.int64), statement[inside].astype(np.int64), value[inside]
    cell = g * n_statements + s
    size = k * n_statements
    agree = np.bincount(cell[v == AGREE], minlength=size)
    disagree = np.bincount(cell[v == DISAGREE], minlength=size)
    seen = np.bincount(cell, minlength=size)
    return np.stack([agree, disagree, seen]).reshape(3, k, n_statements).transpose(1, 0, 2).copy()


def representative(counts: np.ndarray, active: np.ndarray, top: int = 5) -> list[list[StatementStat]]:
    """Per group, up to `top` representative statements (Polis's repness selection)."""
    k = counts.shape[0]
    total = counts.sum(axis=0)
    out = []
    for g in range(k):
        na, nd, ns = counts[g]
        ra_n, rd_n, rs_n = total - counts[g]
        pa, pd = (na + 1) / (ns + 2), (nd + 1) / (ns + 2)
        pat, pdt = prop_test(na, ns), prop_test(nd, ns)
        ra = pa / ((ra_n + 1) / (rs_n + 2))
        rd = pd / ((rd_n + 1) / (rs_n + 2))
        rat, rdt = two_prop_test(na, ra_n, ns, rs_n), two_prop_test(nd, rd_n, ns, rs_n)

        def stat(s: int, agree: bool) -> StatementStat:
            if agree:
                return StatementStat(s, "agree", int(na[s]), int(ns[s]), float(pa[s]), float(pat[s]),
                                     float(ra[s]), float(rat[s]))
            return StatementStat(s, "disagree", int(nd[s]), int(ns[s]), float(pd[s]), float(pdt[s]),
                                 float(rd[s]), float(rdt[s]))

        agree_side = rat > rdt
        voted = active & ((na + nd) > 0)
        sufficient = voted & (((rat > Z_90) & (pat > Z_90)) | ((rdt > Z_90) & (pdt > Z_90)))
        chosen = [stat(int(s), bool(agree_side[s])) for s in np.flatnonzero(sufficient)]
        # the statement this group agrees with most characteristically, put first (Polis's "best agree")
        agree_metric = np.where(voted, ra * rat * pa * pat, -np.inf)
        plausible = voted & ((pat > Z_90) | ((ra > 1.0) & (pa > 0.5)))
        best_agree = None
        if plausible.any():
            s = int(np.argmax(np.where(plausible, agree_metric, -np.inf)))
            best_agree = stat(s, True)
        if not chosen:
            if best_agree is not None:
                out.append([best_agree])
                continue
            if voted.any():
                s = int(np.argmax(np.where(voted, np.maximum(rat, rdt), -np.inf)))
                out.append([stat(s, bool(agree_side[s]))])
            else:
                out.append([])
            continue
        chosen.sort(key=lambda x: -(x.repness * x.repness_test * x.probability * x.test))
        if best_agree is not None:
            chosen = [best_agree] + [c for c in chosen if c.statement != best_agree.statement]
        chosen = chosen[:top]
        out.append([c for c in chosen if c.direction == "agree"] + [c for c in chosen if c.direction == "disagree"])
    return out


def consensus(counts: np.ndarray, active: np.ndarray, top: int = 5) -> tuple[list[StatementStat], list[StatementStat]]:
    """Statements a majority of every group agreed (or disagreed) with, significantly in each group.

    In these stats `n_success`/`n_trials`/`probability`/`test` are over all clustered participants, `repness` holds
    the group-aware consensus (product of the groups' probabilities, Polis's measure) and `repness_test` the
    smallest of the groups' z."""
    na, nd, ns = counts[:, 0], counts[:, 1], counts[:, 2]
    results = []
    for succ, direction in ((na, "agree"), (nd, "disagree")):
        p = (succ + 1) / (ns + 2)  # (k, S)
        z = prop_test(succ, ns)
        ok = active & np.all((succ > ns / 2) & (z > Z_90), axis=0)
        score = np.prod(p, axis=0)
        order = [s for s in np.argsort(-score, kind="stable") if ok[s]][:top]
        tot_s, tot_n = succ.sum(0), ns.sum(0)
        results.append([StatementStat(int(s), direction, int(tot_s[s]), int(tot_n[s]),
                                      float((tot_s[s] + 1) / (tot_n[s] + 2)), float(prop_test(tot_s[s], tot_n[s])),
                                      float(score[s]), float(z[:, s].min())) for s in order])
    return results[0], results[1]


def divisive(counts: np.ndarray, active: np.ndarray, top: int = 5) -> list[Divisive]:
    """Statements whose agreement rate differs most between two groups, the difference being significant."""
    na, ns = counts[:, 0].astype(np.float64), counts[:, 2].astype(np.float64)
    rate = (na + 1) / (ns + 2)
    hi, lo = rate.argmax(0), rate.argmin(0)
    cols = np.arange(rate.shape[1])
    spread = rate[hi, cols] - rate[lo, cols]
    z = two_prop_test(na[hi, cols], na[lo, cols], ns[hi, cols], ns[lo, cols])
    ok = active & (z > Z_90)
    order = [s for s in np.argsort(-spread, kind="stable") if ok[s]][:top]
    return [Divisive(int(s), float(spread[s]), float(z[s]), [float(r) for r in rate[:, s]]) for s in order]


# --- the whole pipeline --------------------------------------------------------------------------------------


def _recentred(points: np.ndarray, previous_labels: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Centres of the previous clusters at their members' current positions, and which previous ids survive."""
    known = previous_labels >= 0
    lab = previous_labels[known].astype(np.int64)
    counts = np.bincount(lab, minlength=n)[:n]
    sums = np.stack([np.bincount(lab, weights=points[known, j], minlength=n)[:n] for j in range(points.shape[1])], 1)
    alive = counts > 0
    return sums[alive] / counts[alive][:, None], np.flatnonzero(alive)


def compute(stances: Stances, excluded_statements=(), previous: OpinionState | None = None,
            previous_membership: np.ndarray | None = None, base_k: int = BASE_K, max_k: int = MAX_GROUP_K,
            k_buffer: int = 1, min_votes: int = MIN_VOTES, pca_iters: int = 100, rejected_as_pass: bool = True,
            seed: int = 0) -> OpinionGroups:
    """Opinion groups of a conversation.

    `excluded_statements`: statement indices rejected by moderation. They count towards a participant's number of
    votes for eligibility and play no part in the components, the groups or the statements lists. With
    `rejected_as_pass` (Polis's behaviour: it zeroes the rejected columns of the vote matrix) a voted-on rejected
    statement is a column of passes for everyone: it moves nobody, but it counts in the sparsity scaling
    sqrt(n_columns / n_votes).
    `previous`: the state of the last run (start vectors, base and group centres, k smoother): groups then evolve
    from run to run as in Polis instead of being recomputed from scratch; `k_buffer` > 1 enables the k smoother.
    `previous_membership` (the last result's `membership`, one int16 per participant) lets the clusters restart
    from their members' new positions, as Polis does, which survives a rotation of the axes; without it the
    previous centres' coordinates are reused.
    Deterministic for a given input, previous state and seed."""
    state = OpinionState.from_dict(previous.as_dict()) if previous is not None else OpinionState()
    P, S = stances.n_participants, stances.n_statements
    participant, statement, value = stances.participant, stances.statement, stances.value

    # Which statements are columns of the matrix: those with at least one vote.
    seen_columns = np.bincount(statement, minlength=S) > 0
    active = seen_columns.copy()
    excluded = np.zeros(S, dtype=bool)
    if len(excluded_statements):
        excluded[np.asarray(list(excluded_statements), dtype=np.int64)] = True
        active &= ~excluded
    n_active = int(active.sum())
    if n_active < 2:  # two axes need two statements
        raise NotEnoughData("fewer than two statements have stances")

    all_votes = np.bincount(participant, minlength=P)  # eligibility counts every stance
    in_conv = eligible(all_votes, int(seen_columns.sum()), min_votes=min_votes)

    keep = active[statement]
    if keep.all():
        p_act, s_act, v_act = participant, statement, value
    else:
        p_act, s_act, v_act = participant[keep], statement[keep], value[keep]
    del keep
    sums = np.bincount(s_act, weights=v_act, minlength=S)
    n_by_statement = np.bincount(s_act, minlength=S)
    center = np.divide(sums, n_by_statement, out=np.zeros(S), where=n_by_statement > 0)
    centred = (v_act - center[s_act]).astype(np.float32)

    start = np.array(state.components) if state.components is not None else None
    if start is not None and start.shape != (2, S):
        start = None  # the statements changed shape (the caller re-indexed): start afresh
    comps = sparse_pca(p_act, s_act, centred, P, S, iters=pca_iters, start=start, seed=seed)
    if start is not None:  # keep the axes' orientation of the previous run, so that its centres stay meaningful
        comps *= np.where(np.sum(comps * start, axis=1) < 0, -1.0, 1.0)[:, None]
    active_votes = np.bincount(p_act, minlength=P)
    neutral = int((seen_columns & excluded).sum()) if rejected_as_pass else 0
    coords = project(p_act, s_act, centred, comps, P, n_active + neutral, active_votes + neutral)
    del centred
    coords[all_votes == 0] = np.nan

    clustered = np.flatnonzero(in_conv)  # as in Polis, even someone who voted only on rejected statements
    points = coords[clustered]
    if clustered.size < 2 or _unique_rows(points) < 2:
        raise NotEnoughData("fewer than two participants whose stances differ")
    init = np.array(state.base_centers) if state.base_centers else None
    group_init = state.group_centers
    if previous_membership is not None and len(previous_membership) and state.base_centers:
        old = np.full(clustered.size, -1, dtype=np.int64)
        m = np.asarray(previous_membership)
        inside = clustered < m.size
        old[inside] = m[clustered[inside]]
        n_old = len(state.base_centers)
        old[old >= n_old] = -1
        init, alive = _recentred(points, old, n_old)
        if state.base_groups:  # group centres recentred from their base clusters' new centres and sizes
            sizes_old = np.bincount(old[old >= 0], minlength=n_old)[alive].astype(np.float64)
            group_init = {}
            for key, groups_of_base in state.base_groups.items():
                g = np.asarray(groups_of_base, dtype=np.int64)[alive]
                kk = int(key)
                w = np.bincount(g, weights=sizes_old, minlength=kk)
                if (w > 0).all():
                    group_init[key] = (np.stack([np.bincount(g, weights=sizes_old * init[:, j], minlength=kk)
                                                 for j in range(2)], 1) / w[:, None]).tolist()
    base_centers, base_labels = base_clusters(points, base_k, init=init, seed=seed)
    base_sizes = np.bincount(base_labels, minlength=base_centers.shape[0]).astype(np.float64)
    nonempty = base_sizes > 0
    if not nonempty.all():
        remap = np.cumsum(nonempty) - 1
        base_centers, base_sizes, base_labels = base_centers[nonempty], base_sizes[nonempty], remap[base_labels]

    if base_centers.shape[0] < 2:
        raise NotEnoughData("fewer than two base clusters")
    clusterings = group_clusterings(base_centers, base_sizes, max_k=max_k, previous=group_init, seed=seed)
    if not clusterings:
        raise NotEnoughData("no grouping of the base clusters")
    silhouettes = {k: s for k, (_, _, s) in clusterings.items()}
    k = choose_k(silhouettes, state, k_buffer)
    base_groups = clusterings[k][1]

    labels = np.full(P, -1, dtype=np.int8)
    labels[clustered] = base_groups[base_labels]
    counts = vote_counts_by_group(p_act, s_act, v_act, labels, k, S)
    reps = representative(counts, active)
    cons_agree, cons_disagree = consensus(counts, active)
    groups = []
    clustered_labels = labels[clustered]
    for g in range(k):
        members = clustered_labels == g
        c = points[members].mean(0)
        groups.append(Group(g, int(members.sum()), (float(c[0]), float(c[1])), reps[g]))

    state.components = comps.tolist()
    state.base_centers = base_centers.tolist()
    state.group_centers = {str(kk): centers.tolist() for kk, (centers, _, _) in clusterings.items()}
    state.base_groups = {str(kk): labels_.tolist() for kk, (_, labels_, _) in clusterings.items()}
    membership = np.full(P, -1, dtype=np.int16)
    membership[clustered] = base_labels
    return OpinionGroups(
        n_participants=int((all_votes > 0).sum()), n_statements=n_active, clustered=clustered,
        coords=coords.astype(np.float32), labels=labels, center=center, components=comps,
        base_centers=base_centers, base_sizes=base_sizes.astype(np.int64), base_groups=base_groups, k=k,
        silhouettes=silhouettes, groups=groups, consensus_agree=cons_agree, consensus_disagree=cons_disagree,
        divisive=divisive(counts, active), group_votes=counts, membership=membership, state=state)
