"""Extracts: passages of a post (or a harvester's paraphrase of it) attached to an idea.

A quotation is anchored by character offsets into the post's plain text and keeps its exact words. When the post
changes, the words are searched again; if they are gone the extract is orphaned, never moved onto other words."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

# Assembl's taxonomy (issue, actionable solution, knowledge, example, concept, argument, cognitive bias) plus the
# content kinds the French Assemblée nationale volunteers used (causes, experiences, positions, questions).
NATURES = ("issue", "proposal", "argument", "example", "fact", "concept", "knowledge", "cognitive_bias", "cause",
           "experience", "position_against", "position_for", "question")
ACTIONS = ("classify", "make_generic", "argue", "give_examples", "more_specific", "mix_and_match",
           "display_multi_column", "display_thread", "display_tokens", "display_open_questions")
# published: readers see it; submitted: a suggestion waiting for a harvester's decision; rejected: a suggestion refused.
STATES = ("published", "submitted", "rejected")
MAX_QUOTE = 2000
MIN_QUOTE = 3


class InvalidAnchor(ValueError):
    pass


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int


def quote_hash(post_id: str, start: int, end: int, quote: str) -> str:
    return hashlib.sha256(f"{post_id}|q|{start}|{end}|{quote}".encode()).hexdigest()[:16]


def paraphrase_hash(post_id: str, text: str, salt: str = "") -> str:
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().lower()
    return hashlib.sha256(f"{post_id}|p|{normal}|{salt}".encode()).hexdigest()[:16]


def anchor_new(body_text: str, start: int, end: int, quote: str | None) -> tuple[Anchor, str]:
    """Check a harvester's selection against the post's text as the server has it."""
    if not (0 <= start < end <= len(body_text)):
        raise InvalidAnchor(f"the selection {start}..{end} is outside the post's text (length {len(body_text)})")
    selected = body_text[start:end]
    if quote is not None and selected != quote:
        located = locate(body_text, quote, start)
        if located is None:
            raise InvalidAnchor("the quoted text is not in the post at these offsets; reload the post and select again")
        return located, quote
    if not (MIN_QUOTE <= len(selected.strip()) and len(selected) <= MAX_QUOTE):
        raise InvalidAnchor(f"a quotation must be {MIN_QUOTE} to {MAX_QUOTE} characters long")
    return Anchor(start, end), selected


def locate(text: str, quote: str, hint: int) -> Anchor | None:
    """Where the quotation now stands in the text: the occurrence nearest its old place, else None."""
    if not quote:
        return None
    positions = []
    at = text.find(quote)
    while at != -1:
        positions.append(at)
        at = text.find(quote, at + 1)
    if positions:
        best = min(positions, key=lambda p: abs(p - hint))
        return Anchor(best, best + len(quote))
    return _locate_ignoring_spaces(text, quote, hint)


def _locate_ignoring_spaces(text: str, quote: str, hint: int) -> Anchor | None:
    """Edits often only re-wrap lines: match with runs of white space folded, then map back to offsets."""
    folded, origin = [], []
    previous_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            folded.append(" ")
            previous_space = True
        else:
            folded.append(char)
            previous_space = False
        origin.append(index)
    target = re.sub(r"\s+", " ", quote).strip()
    haystack = "".join(folded)
    candidates = [m.start() for m in re.finditer(re.escape(target), haystack)] if target else []
    if not candidates:
        return None
    best = min(candidates, key=lambda p: abs(origin[p] - hint))
    return Anchor(origin[best], origin[best + len(target) - 1] + 1)


def reanchor(text: str, quote: str, start: int) -> Anchor | None:
    """The anchor of a quotation in a post's current text, or None when the words are gone (orphaned)."""
    if text[start:start + len(quote)] == quote:
        return Anchor(start, start + len(quote))
    return locate(text, quote, start)


# The states of a post that may be quoted: published, or waiting for a moderator in a pre-moderated debate.
QUOTABLE_STATES = ("published", "pending")


@dataclass(frozen=True)
class Standing:
    """An extract measured against its post as it is now (the one rule of every surface that shows extracts)."""
    post_published: bool  # readers may see the post, so its extracts
    post_quotable: bool  # the post may still be quoted (published or pending): harvesters see and confirm its extracts
    orphaned: bool  # a quotation whose words are no longer in the post's current text
    anchor: Anchor | None  # where a quotation's words stand now (None: a paraphrase, or orphaned)

    def shown_to_readers(self, extract_state: str) -> bool:
        return extract_state == "published" and self.post_published and not self.orphaned

    def shown_to_harvesters(self) -> bool:
        """Harvesters also see suggestions and orphaned quotations (to fix them), but never the extracts of a post
        that was rejected, deleted or erased: its words are withdrawn from everybody but its moderators."""
        return self.post_quotable


def standing(kind: str, quote: str, start: int | None, post_state: str | None, post_text: str | None) -> Standing:
    """post_state None: the post is gone."""
    published = post_state == "published"
    quotable = post_state in QUOTABLE_STATES
    if kind != "quote":
        return Standing(published, quotable, False, None)
    anchor = reanchor(post_text or "", quote, int(start or 0)) if quotable else None
    return Standing(published, quotable, anchor is None, anchor)
