"""Words and sentences for the summarizer, in French, English and German (no external service).

Stop-word lists are ours (function words, auxiliaries and very common verbs of each language); stems come from the
Snowball stemmers (snowballstemmer, pure Python). Sentence spans are character offsets into the text given, so that
an extract can point back into a post's plain text."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

LANGUAGES = ("fr", "en", "de")
_SNOWBALL = {"fr": "french", "en": "english", "de": "german"}

_FR = """
a à afin ai aie aient aies ait alors as au aucun aucune auquel aura aurai auraient aurais aurait auras aurez auriez
aurions aurons auront aussi autre autres aux auxquelles auxquels avaient avais avait avant avec avez aviez avions
avoir avons ayant ayez ayons bah bien bon c ça car ce ceci cela celle celles celui cependant certain certaine
certaines certains ces cet cette ceux chacun chacune chaque chez ci comme comment contre d dans de déjà depuis des
desquelles desquels dès donc dont du duquel durant e elle elles en encore entre es est et étaient étais était étant
été êtes étiez étions être eu eue eues eûmes eurent eus eusse eussent eusses eussiez eussions eut eût eux fait faire
fais faisait font fut fûmes furent fus fusse fussent fusses fussiez fussions fût grâce hors ici il ils j je jusqu
jusque l la là laquelle le lequel les lesquelles lesquels leur leurs lors lorsque lui m ma mais me même mêmes mes
moi moins mon n ne ni non nos notre nous on ont or ou où par parce parfois pas peu peut peuvent plus plupart pour
pourquoi pourrait pourraient puis qu quand que quel quelle quelles quels qui quoi s sa sans se selon ses seul
seule seulement si sien sienne soi soient sois soit sommes son sont sous suis sur t ta tandis te tel telle telles
tels tes toi ton tous tout toute toutes très tu un une unes uns vers via voici voilà vos votre vous y
ceux-ci celle-ci celui-ci c'est etc ex exemple fois faut doit doivent devrait devraient cas chose choses
"""
_EN = """
a about above after again against all also am an and any are aren as at be because been before being below between
both but by can cannot could couldn did didn do does doesn doing don down during each etc even ever every few for
from further get gets got had hadn has hasn have haven having he her here hers herself him himself his how however i
if in into is isn it its itself just let like made make many may me might more most much must mustn my myself need
no nor not now of off often on once one only or other others ought our ours ourselves out over own per perhaps
please rather really same shall shan she should shouldn since so some such than that the their theirs them
themselves then there therefore these they thing things this those though through thus to too under until up upon
us use used very via was wasn we well were weren what when where whether which while who whom whose why will with
within without won would wouldn yet you your yours yourself yourselves s t d ll m re ve
"""
_DE = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes anderm andern anderr
anders auch auf aus bei beim bin bis bist bitte da dabei dadurch dafür dagegen daher damit dann dar darauf darum das
dass daß dazu dein deine deinem deinen deiner deines dem demselben den denn denselben der derer derselbe derselben
des desselben dessen dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch
ein eine einem einen einer eines einig einige einigem einigen einiger einiges einmal er es etwas euch euer eure
eurem euren eurer eures für gegen gewesen gibt hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr
ihre ihrem ihren ihrer ihres im in indem ins ist ja jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt
kann kannst kein keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches
mehr mein meine meinem meinen meiner meines mich mir mit muss musste müssen nach nicht nichts noch nun nur ob oder
ohne schon sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche solchem solchen solcher
solches soll sollen sollte sollten sondern sonst sowie über um und uns unser unsere unserem unseren unserer unseres
unter viel vom von vor wann war waren warum was weg weil weiter welche welchem welchen welcher welches wenn wer
werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen z b etc usw bzw
"""
STOP_WORDS = {
    "fr": frozenset(_FR.split()),
    "en": frozenset(_EN.split()),
    "de": frozenset(_DE.split()),
}

_WORD = re.compile(r"[^\W\d_]+(?:[-][^\W\d_]+)*", re.UNICODE)
_APOSTROPHES = str.maketrans({"\u0092": "’", "`": "’", "\u2019": "’", "'": "’"})


def normalize(text: str) -> str:
    """NFC, typographic apostrophes (the cp1252 U+0092 slip included), no other change of length or offsets."""
    return unicodedata.normalize("NFC", text).translate(_APOSTROPHES)


def words(text: str) -> list[tuple[int, int, str]]:
    """Word spans (start, end, lowercased word). Elisions split at the apostrophe: l’égalité → l, égalité."""
    text = text.translate(_APOSTROPHES)
    return [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(_SNOWBALL.get(language, "english"))


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    return _stemmer(language).stemWord(word)


def stop_words(language: str) -> frozenset[str]:
    return STOP_WORDS.get(language, STOP_WORDS["en"])


def content_words(text: str, language: str, min_length: int = 2) -> list[str]:
    """Lowercased words that are not stop words (and not one-letter)."""
    stops = stop_words(language)
    return [w for _, _, w in words(text) if len(w) >= min_length and w not in stops]


def stems(text: str, language: str) -> list[str]:
    return [stem(w, language) for w in content_words(text, language)]


# --- sentences -----------------------------------------------------------------------------------------------

_ABBREVIATIONS = {
    "m", "mm", "mme", "mmes", "mlle", "dr", "pr", "st", "ste", "etc", "cf", "ex", "p", "pp", "art", "al", "av",
    "bd", "env", "fig", "n", "no", "vol", "chap", "éd", "ed", "mr", "mrs", "ms", "prof", "inc", "ltd", "vs", "e",
    "i", "z", "b", "bzw", "ca", "ggf", "usw", "vgl", "nr", "hr", "fr", "jr", "sr", "gen", "min", "max", "c-à-d",
}
_END = re.compile(r"([.!?…]+)((?:[ \u00a0\u202f]?[»\"”’)\]])*)(\s+)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentences as (start, end) character offsets, trailing spaces excluded.

    A sentence ends at a line break, or at . ! ? … followed by a space, unless the dot closes a known abbreviation
    (M., Mme, etc., cf., p. ex., z. B.), an initial, or a list number ("1. "), and unless the next word starts in lower
    case after a dot (a dot inside a sentence)."""
    spans: list[tuple[int, int]] = []
    for line_match in re.finditer(r"[^\n]+", text):
        line_start = line_match.start()
        line = line_match.group()
        start = 0
        for m in _END.finditer(line):
            end = m.end(2)
            punct = m.group(1)
            before = line[start:m.start(1)]
            last_word = re.search(r"([^\W_]+(?:-[^\W_]+)*)$", before)
            after = line[m.end():m.end() + 1]
            if punct == ".":
                token = last_word.group(1).lower() if last_word else ""
                if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                    continue
                if token.isdigit() and len(token) <= 2 and not before[:last_word.start()].strip():
                    continue  # a list number at the start of the sentence: "1. Créer..."
                if after and after.islower():
                    continue
            spans.append((line_start + start, line_start + end))
            start = m.end()
        if start < len(line):
            spans.append((line_start + start, line_start + len(line)))
    cleaned = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            cleaned.append((s, e))
    return cleaned


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
