"""The summarizer's pure parts: the stored stance matrix, when a debate needs a run, the size cap of a summary."""
from __future__ import annotations

import numpy as np

from chalicelib.services.summaries import Matrix, fit, needs_run
from chalicelib.storage.summary_models import SummaryState, unpack


def test_the_latest_stance_per_person_and_statement_wins():
    m = Matrix()
    assert m.merge(["u1", "u2", "u1"], ["s1", "s1", "s2"], [1, -1, 0]) == 3
    assert m.merge(["u2", "u3", "u2"], ["s1", "s2", "s1"], [1, 1, 0]) == 2  # u2's two new rows: the last one
    pairs = {(m.participant_ids[p].decode(), m.statement_ids[s]): int(v)
             for p, s, v in zip(m.participant, m.statement, m.value)}
    assert pairs == {("u1", "s1"): 1, ("u1", "s2"): 0, ("u2", "s1"): 0, ("u3", "s2"): 1}
    assert [x.decode() for x in m.participant_ids] == ["u1", "u2", "u3"]  # indices never move


def test_participant_ids_of_different_lengths_round_trip():
    m = Matrix()
    m.merge(["a"], ["s"], [1])
    m.merge(["a-much-longer-user-id", "a"], ["s", "t"], [-1, 1])
    again = Matrix.from_bytes(m.to_bytes())
    assert [x.decode() for x in again.participant_ids] == ["a", "a-much-longer-user-id"]
    assert again.statement_ids == ["s", "t"] and again.value.tolist() == m.value.tolist()
    assert again.participant_indices(["a-much-longer-user-id", "a"]).tolist() == [1, 0]


def test_merging_into_a_large_matrix_keeps_memory_to_arrays():
    m = Matrix()
    users = [f"user{i:07d}" for i in range(200_000)]
    m.merge(users, [f"s{i % 50}" for i in range(200_000)], [1] * 200_000)
    assert m.participant.dtype == np.int32 and m.value.dtype == np.int8
    added = m.merge(users[:10] + ["newcomer"], ["s0"] * 11, [-1] * 11)
    assert added == 11 and m.participant.size == 200_000 + 11 - 1  # user0000000 already had s0
    assert m.participant_ids.size == 200_001


def test_a_debate_needs_a_run_only_after_its_cutoff():
    state = SummaryState("p", "s", cutoff="2026-03-01T10:00:00.000Z", pending=0)
    assert not needs_run(state, "", "")
    assert needs_run(None, "2026-03-01T09:00:00.000Z", "")  # never summarized
    assert not needs_run(state, "2026-03-01T09:59:59.999Z", "")
    assert needs_run(state, "2026-03-01T10:00:00.001Z", "")
    # ballots mark the debate at most once a minute per container: a mark up to a minute old may hide new ballots
    assert needs_run(state, "", "2026-03-01T09:59:30.000Z")
    assert not needs_run(state, "", "2026-03-01T09:58:30.000Z")
    state.pending = 3  # suggested extracts still to propose
    assert needs_run(state, "2026-03-01T09:00:00.000Z", "")


def test_a_summary_is_cut_to_fit_an_item():
    import random

    rng = random.Random(5)

    def words(n: int) -> str:  # text that does not compress away
        return " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(7)) for _ in range(n))

    days = [{"day": f"20{20 + i // 336:02d}-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d}", "posts": rng.randrange(10**6),
             "stances": rng.randrange(10**6), "reactions": rng.randrange(10**6)} for i in range(2000)]
    ideas = [{"id": f"idea{i}", "activity": {"events": 2000 - i},
              "keywords": [{"term": f"mot{i}-{k}", "score": 1.0, "posts": 1} for k in range(8)],
              "summary": [{"post_id": f"p{i}", "text": words(35), "start": 0, "end": 280} for _ in range(3)]}
             for i in range(2000)]
    summary = {"participation": {"bucket": "day", "days": days, "ideas": []}, "ideas": ideas}
    body = fit(summary)
    assert len(body) <= 340_000
    back = unpack(body)
    assert back["participation"]["bucket"] == "week" and len(back["participation"]["days"]) < 400
    assert back["ideas"][0]["summary"] and not back["ideas"][-1]["summary"]  # the most active keep their texts
