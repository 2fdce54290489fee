"""Extractive summary of an idea: a few sentences taken from its posts, each pointing back to its post.

Sentences are scored by centrality (LexRank-style: the mean TF-IDF cosine similarity of a sentence to the other
sentences of the idea, so that what many posts say ranks high), slightly favouring sentences of a useful length,
and chosen by maximal marginal relevance so that the summary covers different points. Work is bounded: at most
`max_sentences_considered` sentences (the longest posts' first sentences when there are more)."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from chalicelib.domain import lexicon
from chalicelib.domain.keywords import DocumentFrequency


@dataclass
class SummarySentence:
    post_id: str
    start: int  # character offsets into the post's plain text
    end: int
    text: str
    score: float


def _vector(stems: list[str], frequencies: DocumentFrequency | None) -> dict[str, float]:
    counts = Counter(stems)
    vec = {t: (1 + math.log(c)) * (frequencies.idf(t) if frequencies else 1.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def summarize(posts: Iterable[tuple[str, str]], language: str, max_sentences: int = 3,
              frequencies: DocumentFrequency | None = None, diversity: float = 0.7,
              max_sentences_considered: int = 400, min_words: int = 4, max_chars: int = 300) -> list[SummarySentence]:
    """Up to `max_sentences` sentences from `posts` ((post_id, plain text) pairs), best first."""
    candidates: list[tuple[str, int, int, str, dict[str, float], int]] = []
    for post_id, text in posts:
        for position, (s, e) in enumerate(lexicon.sentence_spans(text)):
            sentence = text[s:e]
            stems = lexicon.stems(sentence, language)
            if len(stems) < min_words or e - s > max_chars:
                continue
            candidates.append((post_id, s, e, sentence, _vector(stems, frequencies), position))
    if not candidates:
        return []
    if len(candidates) > max_sentences_considered:  # early sentences first: they usually carry the point
        candidates.sort(key=lambda c: c[5])
        candidates = candidates[:max_sentences_considered]
    vectors = [c[4] for c in candidates]
    n = len(candidates)
    centrality = []
    for i in range(n):
        total = sum(_dot(vectors[i], vectors[j]) for j in range(n) if j != i)
        centrality.append(total / max(n - 1, 1))
    top = max(centrality) or 1.0
    relevance = [c / top for c in centrality] if n > 1 else [1.0]
    chosen: list[int] = []
    remaining = set(range(n))
    while remaining and len(chosen) < max_sentences:
        best = max(sorted(remaining), key=lambda i: diversity * relevance[i]
                   - (1 - diversity) * max((_dot(vectors[i], vectors[j]) for j in chosen), default=0.0))
        chosen.append(best)
        remaining.discard(best)
    return [SummarySentence(candidates[i][0], candidates[i][1], candidates[i][2], candidates[i][3],
                            round(relevance[i], 4)) for i in chosen]
