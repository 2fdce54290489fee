"""Suggested extracts: for one post, the k passages a harvester would most likely pick.

Candidates are the post's sentences and, for long sentences, their clauses (cut at ; : and before connectives such
as « car », « mais », « afin de », "because", "weil"), merged back to spans of about 30 to `max_chars` (100)
characters, the length of the syntheses volunteers write (at most 100 characters in the AN consultation). Each
candidate is scored by
  * centrality: cosine similarity of its stems (TF-IDF, IDF from the debate when given) to the whole post,
  * cues: a proposal ("il faut", "devrait", "créer", "should", "sollte"...) or a problem ("manque", "trop",
    "problem", "Mangel"...) — what harvesters tag as proposals and problems,
  * position: earlier passages slightly first (people tend to state their point first),
and k are chosen by maximal marginal relevance, so that they cover different points. Offsets are character
offsets into the text given (the post's plain text)."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from chalicelib.domain import lexicon

PROPOSAL_CUES = {
    "fr": ("il faut", "il faudrait", "faudrait", "devrait", "devraient", "doit", "doivent", "proposer", "propose",
           "proposition", "créer", "création", "mettre en place", "instaurer", "interdire", "obliger",
           "obligatoire", "imposer", "supprimer", "renforcer", "développer", "favoriser", "sanctionner",
           "sensibiliser", "former", "formation", "augmenter", "allonger", "permettre", "rendre", "encourager",
           "valoriser", "généraliser", "prévoir", "mettre", "campagne", "campagnes", "aider", "lutter",
           "pourrait", "pourraient", "serait bien", "souhait"),
    "en": ("should", "must", "need to", "needs to", "we need", "propose", "create", "introduce", "ban", "require",
           "mandatory", "increase", "fund", "encourage", "support", "make", "set up", "establish", "ought"),
    "de": ("sollte", "sollten", "muss", "müssen", "brauchen", "fordern", "einführen", "verbieten", "pflicht",
           "fördern", "schaffen", "erhöhen", "unterstützen", "ausbauen", "stärken"),
}
PROBLEM_CUES = {
    "fr": ("problème", "manque", "difficile", "difficulté", "trop", "pas assez", "inégal", "discrimin", "sexis",
           "stéréotyp", "violence", "injust", "impossible", "aucune", "jamais", "frein", "obstacle", "précaire",
           "pénalis", "harcèlement", "dénigr", "souffr", "refus"),
    "en": ("problem", "lack", "difficult", "too ", "not enough", "unfair", "discriminat", "never", "cannot",
           "barrier", "issue", "fail"),
    "de": ("problem", "mangel", "fehlt", "schwierig", "zu wenig", "zu viel", "ungerecht", "diskrimin", "nie",
           "hindernis"),
}
CONNECTIVES = {
    "fr": ("car", "mais", "donc", "afin de", "afin que", "parce que", "puisque", "alors que", "tandis que",
           "ainsi que", "sans que", "pour que", "notamment", "par exemple", "c'est-à-dire", "en effet", "or",
           "cependant", "pourtant", "d'autant que", "ce qui", "sachant que"),
    "en": ("because", "but", "so that", "although", "while", "whereas", "which", "for example", "however",
           "therefore", "since"),
    "de": ("weil", "aber", "denn", "damit", "obwohl", "während", "sondern", "zum beispiel", "jedoch", "deshalb",
           "da"),
}


@dataclass(frozen=True)
class Extract:
    start: int
    end: int
    text: str
    score: float
    kind: str  # "proposal", "problem" or "point"


def _cut_points(text: str, start: int, end: int, language: str) -> list[int]:
    """Positions inside [start, end) where a clause may begin."""
    cuts = set()
    for m in re.finditer(r"[;:]\s+|\s[-–—]\s|,\s+|\(\s*", text[start:end]):
        cuts.add(start + m.end())
    words = "|".join(re.escape(c) for c in CONNECTIVES.get(language, ()))
    if words:
        for m in re.finditer(r"(?<=\s)(?:%s)\b" % words, text[start:end], flags=re.IGNORECASE):
            cuts.add(start + m.start())
    return sorted(c for c in cuts if start < c < end)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (text[start].isspace() or text[start] in ",;:-–—)("):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-–—(("):
        end -= 1
    return start, end


def candidate_spans(text: str, language: str = "fr", min_chars: int = 30,
                    max_chars: int = 100) -> list[tuple[int, int]]:
    """Sentences, with long ones cut into clause groups of about min_chars..max_chars characters."""
    spans: list[tuple[int, int]] = []
    for s, e in lexicon.sentence_spans(text):
        if e - s <= max_chars:
            spans.append((s, e))
            continue
        bounds = [s] + _cut_points(text, s, e, language) + [e]
        piece_start = bounds[0]
        for i in range(1, len(bounds)):
            if bounds[i] - piece_start >= min_chars and (i == len(bounds) - 1 or
                                                          bounds[i + 1] - piece_start > max_chars):
                spans.append(_trim(text, piece_start, bounds[i]))
                piece_start = bounds[i]
        if piece_start < e:
            last = _trim(text, piece_start, e)
            if spans and spans[-1][0] >= s and last[1] - last[0] < min_chars // 2:
                spans[-1] = (spans[-1][0], last[1])  # a short tail joins the clause before it
            elif last[1] > last[0]:
                spans.append(last)
    return [(a, b) for a, b in spans if b > a]


def _vector(stems: list[str], idf) -> dict[str, float]:
    counts = Counter(stems)
    return {t: c * idf(t) for t, c in counts.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(v * b.get(t, 0.0) for t, v in a.items())
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


def _has_cue(lowered: str, cues) -> bool:
    return any(re.search(r"(?<!\w)" + re.escape(c), lowered) for c in cues)


def suggest(text: str, k: int, language: str = "fr", document_frequency: dict[str, int] | None = None,
            n_documents: int = 0, max_chars: int = 100, diversity: float = 0.7) -> list[Extract]:
    """Up to k extracts of `text`, in the order of the text.

    `document_frequency` / `n_documents`: stem document frequencies over the debate (see keywords.DocumentFrequency)
    to weigh rare words up; without them every stem weighs the same."""
    if k <= 0 or not text.strip():
        return []
    text_n = lexicon.normalize(text)  # same length as text: offsets stay valid
    spans = candidate_spans(text_n, language, max_chars=max_chars)
    if not spans:
        return []

    def idf(term: str) -> float:
        if not document_frequency or not n_documents:
            return 1.0
        return math.log((1 + n_documents) / (1 + document_frequency.get(term, 0))) + 1.0

    stems = [lexicon.stems(text_n[s:e], language) for s, e in spans]
    whole = _vector([t for st in stems for t in st], idf)
    vectors = [_vector(st, idf) for st in stems]
    proposal = PROPOSAL_CUES.get(language, ())
    problem = PROBLEM_CUES.get(language, ())
    scored = []
    for i, ((s, e), vec) in enumerate(zip(spans, vectors)):
        lowered = text_n[s:e].lower()
        kind = "proposal" if _has_cue(lowered, proposal) else "problem" if _has_cue(lowered, problem) else "point"
        n_words = len(stems[i])
        relevance = _cosine(vec, whole)
        relevance += 0.15 if kind == "proposal" else 0.08 if kind == "problem" else 0.0
        relevance += 0.15 / (1 + i)
        if n_words < 3:
            relevance *= 0.5
        scored.append((relevance, kind))
    chosen: list[int] = []
    remaining = set(range(len(spans)))
    while remaining and len(chosen) < k:
        def mmr(i: int) -> float:
            redundancy = max((_cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            return diversity * scored[i][0] - (1 - diversity) * redundancy
        best = max(sorted(remaining), key=mmr)
        chosen.append(best)
        remaining.discard(best)
    return [Extract(spans[i][0], spans[i][1], text[spans[i][0]:spans[i][1]], round(scored[i][0], 4), scored[i][1])
            for i in sorted(chosen)]
