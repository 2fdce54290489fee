"""ROUGE-1 and ROUGE-L F1 (Lin, 2004), on content words: one tokenizer for references and candidates alike."""
from __future__ import annotations

from collections import Counter

from chalicelib.domain import lexicon


def tokens(text: str, language: str = "fr") -> list[str]:
    """Lowercased words, stop words removed, no stemming."""
    return lexicon.content_words(lexicon.normalize(text), language, min_length=1)


def _f1(overlap: float, n_candidate: int, n_reference: int) -> float:
    if overlap <= 0 or n_candidate == 0 or n_reference == 0:
        return 0.0
    precision, recall = overlap / n_candidate, overlap / n_reference
    return 2 * precision * recall / (precision + recall)


def rouge1(candidate: list[str], reference: list[str]) -> float:
    overlap = sum((Counter(candidate) & Counter(reference)).values())
    return _f1(overlap, len(candidate), len(reference))


def lcs_length(a: list[str], b: list[str]) -> int:
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def rouge_l(candidate: list[str], reference: list[str]) -> float:
    return _f1(lcs_length(candidate, reference), len(candidate), len(reference))
