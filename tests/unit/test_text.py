"""domain/text.py: the one Markdown renderer and sanitiser."""
from __future__ import annotations

import pytest

from chalicelib.domain import text

REL = 'rel="noopener noreferrer nofollow ugc"'


# --- Markdown rendering ---------------------------------------------------------------------------------------

def test_basic_markdown_is_rendered_and_plain_text_extracted():
    html, plain = text.render_markdown("Plus de **trains** et _moins_ de ~~voitures~~")
    assert html == "<p>Plus de <strong>trains</strong> et <em>moins</em> de <s>voitures</s></p>"
    assert plain == "Plus de trains et moins de voitures"


def test_lists_quotes_and_line_breaks_become_separate_lines_of_plain_text():
    html, plain = text.render_markdown("> citation\n\n- un\n- deux\n\nligne 1\nligne 2")
    assert "<blockquote>" in html and "<ul>" in html and html.count("<li>") == 2 and "<br>" in html
    assert plain.split("\n") == ["citation", "un", "deux", "ligne 1", "ligne 2"]


@pytest.mark.parametrize("source", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<iframe src='https://evil.example'></iframe>",
    '<a href="javascript:alert(1)">clic</a>',
    "<svg onload=alert(1)>",
])
def test_raw_html_is_escaped_never_passed_through(source):
    html, plain = text.render_markdown(source)
    assert "<script" not in html and "<img" not in html and "<iframe" not in html and "<svg" not in html
    assert "<a " not in html
    assert "&lt;" in html  # shown to the reader as text
    assert plain == source  # the plain text is the text the person typed


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "JAVASCRIPT:alert(1)", "  javascript:alert(1)",
    "java&#115;cript:alert(1)", "javascript&colon;alert(1)", "\x01javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD4=", "DATA:text/html,hi", "Data:image/svg+xml,<svg/onload=alert(1)>",
    "vbscript:msgbox(1)",
])
def test_dangerous_markdown_links_never_become_hrefs(href):
    html, _ = text.render_markdown(f"[clic]({href})")
    assert "href" not in html
    lowered = html.lower()
    assert 'href="javascript' not in lowered and 'href="data' not in lowered and 'href="vbscript' not in lowered


@pytest.mark.parametrize("href", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
    "java\tscript:alert(1)", "java&#x09;script:alert(1)", "&#106;avascript:alert(1)",
    "data:text/html,x", "DaTa:text/html,x", "vbscript:x",
])
def test_sanitizer_removes_dangerous_hrefs_in_any_case(href):
    html = text.sanitize_html(f'<a href="{href}">x</a>')
    assert "href" not in html
    assert html == f"<a {REL}>x</a>"


@pytest.mark.parametrize("source, expected", [
    ("[site](https://example.org)", f'<p><a href="https://example.org" {REL}>site</a></p>'),
    ("[mail](mailto:a@example.org)", f'<p><a href="mailto:a@example.org" {REL}>mail</a></p>'),
    ('[t](https://example.org "titre")', f'<p><a href="https://example.org" title="titre" {REL}>t</a></p>'),
    ("<https://example.org>", f'<p><a href="https://example.org" {REL}>https://example.org</a></p>'),
])
def test_safe_links_are_kept_with_rel(source, expected):
    assert text.render_markdown(source)[0] == expected


def test_sanitizer_strips_event_handlers_styles_targets_and_disallowed_tags():
    html = text.sanitize_html('<a href="https://ok.org" onclick="x()" style="color:red" target="_blank">x</a>'
                              '<p onmouseover="x">p</p><h1>h</h1><h3>h3</h3><img src=x><script>s()</script>'
                              '<style>p{}</style><!-- c -->')
    assert html == f'<a href="https://ok.org" {REL}>x</a><p>p</p>h<h3>h3</h3>'


def test_images_and_headings_are_not_rendered():
    html, _ = text.render_markdown("![pixel](https://tracker.example/p.png)\n\n# Titre")
    assert "<img" not in html and "<h1" not in html
    assert "# Titre" in html


def test_only_formatting_gives_empty_plain_text():
    assert text.render_markdown("\x00\x01\x02") == ("", "")
    assert text.render_markdown("** **")[1] == ""
    assert text.render_markdown("   \n\n  ")[1] == ""


# --- control characters and normalisation ---------------------------------------------------------------------

def test_render_removes_control_and_bidi_characters_but_keeps_newlines():
    html, plain = text.render_markdown("a\x00b\x07c\x1bd\u202ee\nf")
    assert plain == "abcde\nf"
    assert "\x00" not in html and "\u202e" not in html and "\x1b" not in html


def test_render_normalises_windows_newlines_and_nfc():
    _, plain = text.render_markdown("Cafe\u0301\r\nsuite\rfin")
    assert plain == "Caf\u00e9\nsuite\nfin"


def test_clean_line_folds_whitespace_and_drops_controls():
    assert text.clean_line("  a\t\tb\n c\x00\u200b\u202e \r\n") == "a b c"
    assert text.clean_line("Cafe\u0301") == "Caf\u00e9"
    assert text.clean_line("\x00\x01") == ""


def test_clean_paragraphs_keeps_paragraphs_and_drops_controls():
    assert text.clean_paragraphs("a \nb\r\n\r\n\r\n\r\nc\x00\x1bd  ") == "a\nb\n\ncd"


def test_emoji_sequences_survive_cleaning():
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467"  # one emoji made of three joined by ZWJ
    shaking_face = "\U0001FAE8"  # Unicode 15 emoji
    _, plain = text.render_markdown(f"famille {family} {shaking_face}")
    assert plain == f"famille {family} {shaking_face}"


# --- plain text <-> html ----------------------------------------------------------------------------------------

def test_html_to_text_separates_blocks_and_decodes_entities():
    assert text.html_to_text("<p>a</p><ul><li>b</li><li>c</li></ul><p>d &amp; e &lt;x&gt;</p>") == "a\nb\nc\nd & e <x>"


def test_plain_to_html_escapes_and_makes_paragraphs():
    assert text.plain_to_html("a <b>\nc\n\n\n\nd & e\x00") == "<p>a &lt;b&gt;<br>c</p><p>d &amp; e</p>"
    assert text.plain_to_html("  \n\n ") == ""
