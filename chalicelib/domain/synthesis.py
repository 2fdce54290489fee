"""Syntheses: every sentence of a published section must cite at least one extract.

A section's text cites its sources with markers [1], [2], ... numbering the section's list of cited extracts
(a sentence may cite several: "... [1][3]")."""
from __future__ import annotations

import re
from dataclasses import dataclass

CITATION = re.compile(r"\[(\d{1,3})\]")
# A sentence ends at . ! ? … (optionally followed by citation markers and closing quotes) before white space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])((?:\s*\[\d{1,3}\])*)[\"»”’)]*\s+(?=\S)")
_ABBREVIATIONS = ("M.", "Mme.", "Dr.", "etc.", "e.g.", "i.e.", "p.", "cf.", "art.", "St.", "Mr.", "Mrs.", "n°.")


@dataclass(frozen=True)
class MissingSource:
    section: int
    language: str
    sentence: int
    text: str


@dataclass(frozen=True)
class BadCitation:
    section: int
    language: str
    number: int


def split_sentences(text: str) -> list[str]:
    text = text.strip()
    if not text:
        return []
    pieces, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start:match.end()].strip()
        if any(candidate.endswith(abbr) or candidate.rstrip(" ").endswith(abbr) for abbr in _ABBREVIATIONS):
            continue
        pieces.append(text[start:match.end()].strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        pieces.append(tail)
    result = []
    for piece in pieces:  # paragraphs are sentence boundaries too
        result += [p.strip() for p in piece.split("\n") if p.strip()]
    return result


def cited_numbers(sentence: str) -> list[int]:
    return [int(n) for n in CITATION.findall(sentence)]


def check_sources(sections: list[dict]) -> tuple[list[MissingSource], list[BadCitation]]:
    """sections: [{"text": {lang: str}, "citations": [extract ids]}]. Returns what blocks publication."""
    missing, bad = [], []
    for s_index, section in enumerate(sections):
        count = len(section.get("citations") or [])
        for language, text in (section.get("text") or {}).items():
            for n_index, sentence in enumerate(split_sentences(text)):
                numbers = cited_numbers(sentence)
                if not numbers:
                    missing.append(MissingSource(s_index, language, n_index, sentence))
                for number in numbers:
                    if not 1 <= number <= count:
                        bad.append(BadCitation(s_index, language, number))
    return missing, bad


def withdraw_citations(sections: list[dict], withdrawn_posts: set[str]) -> list[dict]:
    """A published synthesis is an immutable snapshot, but the words it quotes stay only as public as their post:
    a citation of a post since rejected, deleted or erased keeps its number and place (the synthesis's own sentences
    still refer to it) and loses its text, marked `withdrawn`."""
    result = []
    for section in sections:
        citations = []
        for citation in section.get("citations") or []:
            citation = dict(citation)
            if citation.get("post_id") in withdrawn_posts:
                citation.update(text="", start=None, end=None, withdrawn=True)
            else:
                citation.setdefault("withdrawn", False)
            citations.append(citation)
        result.append({**section, "citations": citations})
    return result


def cited_posts(sections: list[dict]) -> set[str]:
    return {c["post_id"] for s in sections for c in s.get("citations") or [] if c.get("post_id")}
