"""A small language guess for imported texts that carry no language tag (no external service)."""
from __future__ import annotations

import re

_WORDS = {
    "en": {"the", "and", "of", "to", "is", "in", "that", "for", "should", "be", "are", "not", "more", "we"},
    "fr": {"le", "la", "les", "et", "des", "est", "une", "pour", "que", "pas", "dans", "du", "il", "qui"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "zu", "den", "mit", "sollte", "für", "ein", "auf", "es"},
}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def guess_language(texts: list[str], default: str = "en") -> str:
    sample = " ".join(texts[:300]).lower()
    if not sample.strip():
        return default
    if len(_CJK.findall(sample)) > len(sample) * 0.2:
        return "zh"
    words = re.findall(r"[a-zà-ÿß]+", sample)
    scores = {lang: sum(1 for w in words if w in vocabulary) for lang, vocabulary in _WORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else default
