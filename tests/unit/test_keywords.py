"""domain/lexicon.py, keywords.py and extractive.py: words, sentences, keywords and extractive summaries."""
from __future__ import annotations

import csv
import os
from collections import defaultdict

import pytest

from chalicelib.domain import extractive, keywords, lexicon
from tests.conftest import ROOT

DATA = os.path.join(ROOT, "..", "shared", "data")
AN = os.path.join(DATA, "an-consultation-egalite-2016", "crowdsource_resultat_analyses.csv")


@pytest.fixture(scope="module")
def an_by_theme():
    if not os.path.isfile(AN):
        pytest.skip("shared AN data not found")
    by_theme = defaultdict(list)
    with open(AN, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            by_theme[row["theme"]].append(lexicon.normalize(row["text"]))
    return by_theme


# --- lexicon -------------------------------------------------------------------------------------------------

def test_french_sentences_respect_abbreviations_quotes_and_line_breaks():
    text = ("Bonjour M. Dupont. Il faut des crèches, p. ex. dans les entreprises… Pourquoi pas ? "
            "« C’est juste. » Le congé est de 11 jours.\n1. Allonger le congé\nEn 2016. Voilà")
    assert lexicon.sentences(text) == [
        "Bonjour M. Dupont.", "Il faut des crèches, p. ex. dans les entreprises…", "Pourquoi pas ?",
        "« C’est juste. »", "Le congé est de 11 jours.", "1. Allonger le congé", "En 2016.", "Voilà"]
    for start, end in lexicon.sentence_spans(text):
        assert text[start:end] == text[start:end].strip() and end > start


def test_elisions_and_stop_words_are_removed_per_language():
    assert lexicon.content_words("L’égalité n’est pas qu’une affaire d’État", "fr") == ["égalité", "affaire", "état"]
    assert lexicon.content_words("The police should listen to the young people", "en") == [
        "police", "listen", "young", "people"]
    assert lexicon.content_words("Die Preise sollten für klimaschädliche Produkte steigen", "de") == [
        "preise", "klimaschädliche", "produkte", "steigen"]


def test_stems_group_inflections_and_cp1252_apostrophes_are_repaired():
    assert lexicon.stem("crèches", "fr") == lexicon.stem("crèche", "fr")
    assert lexicon.stem("policies", "en") == lexicon.stem("policy", "en")
    assert lexicon.stem("produkte", "de") == lexicon.stem("produkt", "de")
    assert lexicon.stems("Les Crèches", "fr") == [lexicon.stem("crèche", "fr")]  # lowercased before stemming
    assert lexicon.normalize("l\u0092égalité") == "l’égalité"
    assert len(lexicon.normalize("l\u0092égalité")) == len("l\u0092égalité")


# --- keywords ------------------------------------------------------------------------------------------------

def test_keywords_of_each_theme_name_its_subject(an_by_theme):
    result = keywords.keywords_by_idea(an_by_theme, "fr", top=8)
    terms = {theme: [k.term for k in kws] for theme, kws in result.items()}
    assert "pension alimentaire" in terms["4"][:3]  # unpaid child support
    assert {"congé", "parental"} & set(terms["3"][:3])  # parental leave
    assert {"médias", "publicités", "image", "sexistes"} & set(terms["2"][:5])  # women in the media
    for kws in result.values():
        assert len(kws) == 8
        assert not any(k.term in lexicon.STOP_WORDS["fr"] for k in kws)
        assert all(k.posts >= 1 and k.score > 0 for k in kws)


def test_keywords_keep_a_readable_surface_form_from_the_text(an_by_theme):
    texts = an_by_theme["4"]
    joined = " ".join(t.lower() for t in texts)
    freq = keywords.DocumentFrequency()
    for t in texts:
        freq.add(t, "fr")
    for kw in keywords.keywords(texts, freq, "fr"):
        assert kw.term in joined  # a real form, not a stem like "pension aliment"


def test_document_frequencies_merge_like_one_pass(an_by_theme):
    texts = an_by_theme["3"]
    whole, first, second = keywords.DocumentFrequency(), keywords.DocumentFrequency(), keywords.DocumentFrequency()
    for t in texts:
        whole.add(t, "fr")
    for t in texts[:50]:
        first.add(t, "fr")
    for t in texts[50:]:
        second.add(t, "fr")
    merged = keywords.DocumentFrequency.from_dict(first.as_dict()).merge(second)
    assert merged == whole


def test_english_and_german_keywords_on_polis_statements():
    for folder, language, expected in [("london.youth.policing", "en", "police"),
                                       ("austria-climate.5twd2jsnkf.2022-08-08", "de", "produkte")]:
        path = os.path.join(DATA, "polis", folder, "comments.csv")
        if not os.path.isfile(path):
            pytest.skip("shared Polis data not found")
        with open(path, newline="", encoding="utf-8") as handle:
            texts = [row["comment-body"] for row in csv.DictReader(handle)]
        terms = [k.term for k in keywords.keywords_by_idea({"all": texts}, language)["all"]]
        assert expected in terms[:3]


# --- extractive summary --------------------------------------------------------------------------------------

def test_summary_sentences_come_from_their_posts_and_are_central(an_by_theme):
    posts = [(f"post-{i}", text) for i, text in enumerate(an_by_theme["4"])]
    summary = extractive.summarize(posts, "fr", max_sentences=3)
    assert len(summary) == 3
    by_id = dict(posts)
    for sentence in summary:
        assert by_id[sentence.post_id][sentence.start:sentence.end] == sentence.text
    assert any("pension" in s.text.lower() for s in summary)
    assert len({s.post_id for s in summary}) == 3  # three different points, not one post's neighbours


def test_summary_prefers_what_many_posts_say():
    posts = [("a", "Les crèches manquent de places. Mon voisin a un chien."),
             ("b", "Il manque des places en crèche dans ma ville."),
             ("c", "Créer des places de crèche est urgent pour les parents."),
             ("d", "Le chat du voisin est très mignon.")]
    summary = extractive.summarize(posts, "fr", max_sentences=1, min_words=2)
    assert "crèche" in summary[0].text
