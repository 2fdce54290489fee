"""The one Markdown renderer and the one sanitiser: every surface shows text that went through here."""
from __future__ import annotations

import html
import re
import unicodedata
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "strong", "em", "s", "a", "ul", "ol", "li", "blockquote", "code", "pre", "h3", "h4", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_BLOCK_TAGS = {"p", "li", "blockquote", "pre", "h3", "h4", "ul", "ol", "hr", "br"}

# "js-default" escapes raw HTML instead of passing it through; images are off (no tracking pixels).
_markdown = MarkdownIt("js-default", {"breaks": True, "linkify": False}).disable(["image", "heading"])


# Bidirectional overrides and isolates can disguise text (and file names); zero-width joiners stay (emoji).
_BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
                     "\u200b\u200c\u2060\ufeff")  # and invisible spaces; U+200D (emoji joiner) stays


def _keep(ch: str, allowed: str) -> bool:
    if ch in allowed:
        return True
    if ch in _BIDI_CONTROLS:
        return False
    # Control (Cc), surrogate (Cs) and private-use (Co) code points go; format (Cf, e.g. ZWJ) and code points
    # unassigned in this Python's Unicode tables (Cn: newer emoji) stay.
    return unicodedata.category(ch) not in ("Cc", "Cs", "Co")


# What shows nothing on its own: Unicode's default-ignorable code points (zero-width and bidirectional format
# characters, variation selectors, Hangul fillers, tags...), the blank Braille pattern, spaces and controls. Other
# format characters (U+06DD, U+0600...) show a mark, and code points this Python does not know yet (Cn: newer emoji,
# CJK extensions) are taken as visible.
_SHOWS_NOTHING = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
                  (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x2800, 0x2800),
                  (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8),
                  (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))


def _shows_nothing(ch: str) -> bool:
    if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cs", "Zs", "Zl", "Zp"):
        return True
    code = ord(ch)
    return any(low <= code <= high for low, high in _SHOWS_NOTHING)


def has_hidden_characters(text: str) -> bool:
    """Whether the text holds a character that shows nothing or is not text (controls, zero-width and other
    format characters, private-use code points, spaces): in an address or an identifier, a second name for the
    same thing that looks identical."""
    return any(_shows_nothing(ch) or unicodedata.category(ch) in ("Cf", "Co") for ch in text)


def is_visible(text: str) -> bool:
    """Whether the text shows at least one character (a title, a name or a post made only of invisible
    characters would be there and show nothing)."""
    return any(not _shows_nothing(ch) for ch in text)


def clean_line(text: str) -> str:
    """A one-line field (title, display name): normalised, control characters removed, spaces folded."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if _keep(ch, "\t"))
    return re.sub(r"\s+", " ", text).strip()


def clean_paragraphs(text: str) -> str:
    """A plain multi-line field (description): normalised, control characters except newlines removed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if _keep(ch, "\n"))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def clean_titles(values: dict[str, str]) -> dict[str, str]:
    """Per-language one-line texts, cleaned; languages left empty by cleaning are dropped."""
    return {lang: clean_line(v) for lang, v in values.items() if clean_line(v)}


def clean_texts(values: dict[str, str]) -> dict[str, str]:
    return {lang: clean_paragraphs(v) for lang, v in values.items() if clean_paragraphs(v)}


def sanitize_html(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow ugc",
        strip_comments=True,
    )


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in _BLOCK_TAGS and self.parts and not self.parts[-1].endswith("\n"):
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = "".join(collector.parts)
    return re.sub(r"\n{2,}", "\n", text).strip()


def render_markdown(source: str) -> tuple[str, str]:
    """Markdown source -> (sanitised HTML, plain text). The plain text is what extracts and search use."""
    source = clean_paragraphs(source)
    rendered = _markdown.render(source)
    safe = sanitize_html(rendered).strip()
    return safe, html_to_text(safe)


def markdown_to_paragraphs(source: str) -> str:
    """Markdown (e.g. an imported description) as plain paragraphs: the words without the markup, blank lines kept."""
    paragraphs = (render_markdown(p)[1] for p in clean_paragraphs(source).split("\n\n"))
    return "\n\n".join(re.sub(r"[ \t]{2,}", " ", p) for p in paragraphs if p)


def plain_to_html(text: str) -> str:
    """Imported plain text (no Markdown semantics) as paragraphs."""
    paragraphs = [p for p in clean_paragraphs(text).split("\n\n") if p.strip()]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)
