"""Keywords per idea: TF-IDF of word stems against the whole debate, shown in their most frequent written form.

A post is a document. The debate's document frequencies (`DocumentFrequency`) are a mergeable count, so that a
scheduled summarizer can add only the new posts since its last run (its size grows with the vocabulary, not with the
number of posts). Terms are single content words and two-word phrases of adjacent content words ("congé
paternité"); a phrase is kept only when it occurs in at least two posts of the idea, so that most keywords stay
readable single words."""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from chalicelib.domain import lexicon


@dataclass
class Keyword:
    term: str  # readable surface form, e.g. "crèches"
    stem: str  # e.g. "crech" (a phrase: "congé patern")
    score: float
    posts: int  # posts of the idea that use it


@dataclass
class DocumentFrequency:
    """How many posts of the debate use each stem (and each two-stem phrase)."""

    n_documents: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, text: str, language: str) -> None:
        self.n_documents += 1
        for term in set(_terms(text, language)[0]):
            self.counts[term] = self.counts.get(term, 0) + 1

    def merge(self, other: "DocumentFrequency") -> "DocumentFrequency":
        counts = dict(self.counts)
        for term, n in other.counts.items():
            counts[term] = counts.get(term, 0) + n
        return DocumentFrequency(self.n_documents + other.n_documents, counts)

    def idf(self, term: str) -> float:
        return math.log((1 + self.n_documents) / (1 + self.counts.get(term, 0))) + 1.0

    def as_dict(self) -> dict:
        return {"n_documents": self.n_documents, "counts": self.counts}

    @classmethod
    def from_dict(cls, data: dict | None) -> "DocumentFrequency":
        data = data or {}
        return cls(int(data.get("n_documents", 0)), dict(data.get("counts", {})))


def _terms(text: str, language: str) -> tuple[list[str], dict[str, Counter]]:
    """Stems and stem-pairs of a text, and the surface forms seen for each."""
    stops = lexicon.stop_words(language)
    text = lexicon.normalize(text)
    terms: list[str] = []
    surfaces: dict[str, Counter] = {}
    previous: tuple[str, str] | None = None
    last_end = -1
    for start, end, word in lexicon.words(text):
        if len(word) < 2 or word in stops:
            previous = None
            continue
        st = lexicon.stem(word, language)
        if len(st) < 2:
            previous = None
            continue
        surface = text[start:end]
        terms.append(st)
        surfaces.setdefault(st, Counter())[surface.lower()] += 1
        gap = text[last_end:start] if last_end >= 0 else ""
        if previous is not None and gap.strip() in ("", "-"):
            phrase = previous[0] + " " + st
            terms.append(phrase)
            surfaces.setdefault(phrase, Counter())[(previous[1] + gap + surface).lower()] += 1
        previous = (st, surface)
        last_end = end
    return terms, surfaces


def keywords(posts: Iterable[str], frequencies: DocumentFrequency, language: str, top: int = 8) -> list[Keyword]:
    """The `top` keywords of one idea's posts, against the debate's document frequencies."""
    tf: Counter = Counter()
    in_posts: Counter = Counter()
    surfaces: dict[str, Counter] = {}
    for text in posts:
        terms, seen = _terms(text, language)
        tf.update(terms)
        in_posts.update(set(terms))
        for term, forms in seen.items():
            surfaces.setdefault(term, Counter()).update(forms)
    scored = []
    for term, n in tf.items():
        phrase = " " in term
        if phrase and in_posts[term] < 2:
            continue
        score = (1 + math.log(n)) * frequencies.idf(term) * math.sqrt(in_posts[term]) * (1.2 if phrase else 1.0)
        scored.append((score, term))
    scored.sort(key=lambda x: (-x[0], x[1]))
    chosen: list[Keyword] = []
    covered: set[str] = set()
    for score, term in scored:
        parts = term.split(" ")
        if term in covered:  # a word already shown inside a chosen phrase
            continue
        if len(parts) > 1 and all(p in covered for p in parts):  # a phrase of words already shown
            continue
        form = surfaces[term].most_common(1)[0][0]
        chosen.append(Keyword(form, term, round(score, 4), in_posts[term]))
        covered.add(term)
        covered.update(parts if len(parts) > 1 else ())
        if len(chosen) >= top:
            break
    return chosen


def keywords_by_idea(posts_by_idea: dict[str, list[str]], language: str, top: int = 8,
                     frequencies: DocumentFrequency | None = None) -> dict[str, list[Keyword]]:
    """Keywords for every idea; the debate's frequencies are built from the posts when not given."""
    if frequencies is None:
        frequencies = DocumentFrequency()
        for texts in posts_by_idea.values():
            for text in texts:
                frequencies.add(text, language)
    return {idea: keywords(texts, frequencies, language, top) for idea, texts in posts_by_idea.items()}
