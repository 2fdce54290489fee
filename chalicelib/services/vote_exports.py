"""Exports of a vote session: results and per-voter ballots, as CSV (UTF-8 with a byte-order mark, so that Excel
opens accents correctly; separated and with decimals as the Excel of the language asked for expects them) or XLSX
(XlsxWriter, in memory). Headings and the kinds of figures are in that language too.

Both are long tables (one row per figure, or per ballot and category): a per-proposal override can give a gauge
another scale on one proposal, so a wide table would not have the same columns for every row."""
from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable

from chalicelib.domain import votes as rules
from chalicelib.domain.votes import number_out
from chalicelib.errors import Unprocessable
from chalicelib.services import vote_views as views
from chalicelib.services import votes as service
from chalicelib.services.identity import Caller
from chalicelib.storage import votes_repo

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")

# The exports' own words by language (English for a language not listed), and the conventions of that language's
# spreadsheets: a French Excel splits a CSV on ';' (',' being its decimal mark) and reads 4,5 as a number.
VOCABULARY: dict[str, dict[str, Any]] = {
    "en": {"results": ("Display order", "Proposal", "Module", "Kind", "Measure", "Category or choice", "Value",
                       "Proposal id", "Module id"),
           "ballots": ("Voter", "Proposal", "Module", "Kind", "Category or choice", "Value", "Updated at",
                       "Proposal id", "Module id"),
           "identity": ("User id", "Display name", "Email"),
           "terms": {}, "separator": ",", "decimal": "."},
    "fr": {"results": ("Ordre d'affichage", "Proposition", "Module", "Type", "Mesure", "Catégorie ou choix", "Valeur",
                       "Id de la proposition", "Id du module"),
           "ballots": ("Votant", "Proposition", "Module", "Type", "Catégorie ou choix", "Valeur", "Modifié le",
                       "Id de la proposition", "Id du module"),
           "identity": ("Id de l'utilisateur", "Nom affiché", "E-mail"),
           "terms": {"tokens": "jetons", "gauge": "jauge", "binary": "pour ou contre", "count": "nombre",
                     "mean": "moyenne", "median": "médiane", "voters": "votants", "for": "pour",
                     "against": "contre"},
           "separator": ";", "decimal": ","},
}
EXPORT_LANGUAGES = tuple(VOCABULARY)


def vocabulary(language: str) -> dict[str, Any]:
    return VOCABULARY.get(language, VOCABULARY["en"])


def localised_result_row(row: list[Any], words: dict[str, Any]) -> list[Any]:
    """A results row with its kind and measure (and for / against) in the export's language."""
    terms = words["terms"]
    position, proposal, module, kind, measure, choice, *rest = row
    if kind == "binary":
        choice = terms.get(choice, choice)
    return [position, proposal, module, terms.get(kind, kind), terms.get(measure, measure), choice, *rest]


def _localised_ballot_row(row: list[Any], words: dict[str, Any], identify: bool) -> list[Any]:
    terms = words["terms"]
    kind_at = 3 + (len(words["identity"]) if identify else 0)  # voter, [identity], proposal, module, kind
    row = list(row)
    if row[kind_at] == "binary":
        row[kind_at + 1] = terms.get(row[kind_at + 1], row[kind_at + 1])
        row[kind_at + 2] = terms.get(row[kind_at + 2], row[kind_at + 2])
    row[kind_at] = terms.get(row[kind_at], row[kind_at])
    return row


def pick(texts: Any, language: str, fallback: str) -> str:
    texts = views.texts(texts)
    return texts.get(language) or texts.get(fallback) or next(iter(texts.values()), "")


def _languages(loaded: service.Loaded, lang: str | None) -> tuple[str, str]:
    """(the language of the export's own words, the language its texts are taken in): the one asked for, the
    texts falling back to the debate's default language when the debate is not in that language."""
    debate = loaded.access.debate
    if lang is None:
        return debate.default_language, debate.default_language
    if lang not in debate.languages and lang not in EXPORT_LANGUAGES:
        raise Unprocessable(f"lang: use one of {', '.join(sorted(set(debate.languages) | set(EXPORT_LANGUAGES)))}",
                            details={"fields": [{"field": "lang", "message": "not a language of this debate"}]})
    return lang, lang if lang in debate.languages else debate.default_language


def result_rows(loaded: service.Loaded, state: str, lang: str) -> list[list[Any]]:
    fallback = loaded.access.debate.default_language
    data = service.compute_results(loaded, state)
    modules = {m["id"]: m for m in data["modules"]}
    rows: list[list[Any]] = []
    for position, proposal in enumerate(data["proposals"], start=1):
        title = pick(proposal["title"], lang, fallback)
        for result in proposal["modules"]:
            module_title = pick(modules[result["module_id"]]["title"], lang, fallback) or result["kind"]
            base = [position, title, module_title, result["kind"]]
            tail = [proposal["id"], result["module_id"]]
            if result["kind"] == "tokens":
                for category in result["categories"]:
                    rows.append(base + ["tokens", pick(category["name"], lang, fallback), category["total"]] + tail)
            elif result["kind"] == "gauge":
                for bucket in result["distribution"]:
                    label = pick(bucket["label"], lang, fallback) if "label" in bucket else str(bucket["value"])
                    rows.append(base + ["count", label, bucket["count"]] + tail)
                rows.append(base + ["mean", "", result["mean"]] + tail)
                rows.append(base + ["median", "", result["median"]] + tail)
            else:
                rows.append(base + ["count", "for", result["for"]] + tail)
                rows.append(base + ["count", "against", result["against"]] + tail)
            rows.append(base + ["voters", "", result["voters"]] + tail)
    return rows


def ballot_rows(loaded: service.Loaded, lang: str, identify: bool) -> list[list[Any]]:
    fallback = loaded.access.debate.default_language
    session = loaded.session
    proposals = {p.proposal_id: (n, p) for n, p in enumerate(loaded.proposals, start=1)}
    modules = {m.module_id: m for m in loaded.modules}
    settings = {m.module_id: json.loads(m.settings_json) for m in loaded.modules}
    ballots = [b for b in votes_repo.session_ballots(loaded.access.slug, session.session_id)
               if b.proposal_id in proposals and b.module_id in modules]
    users = votes_repo.users_by_id({b.user_id for b in ballots}) if identify else {}
    ballots.sort(key=lambda b: (rules.pseudonym(session.pseudonym_secret, b.user_id), proposals[b.proposal_id][0],
                                modules[b.module_id].order))
    rows = []
    for ballot in ballots:
        module = modules[ballot.module_id]
        position, proposal = proposals[ballot.proposal_id]
        override = loaded.overrides.get((module.module_id, proposal.proposal_id))
        effective = rules.effective_settings(module.kind, settings[module.module_id], override) or \
            settings[module.module_id]
        parsed = rules.Ballot.from_stored(json.loads(ballot.ballot_json))
        voter = [rules.pseudonym(session.pseudonym_secret, ballot.user_id)]
        if identify:
            user = users.get(ballot.user_id)
            voter += [ballot.user_id, user.display_name if user else "", (user.email or "") if user else ""]
        base = voter + [pick(proposal.title, lang, fallback), pick(module.title, lang, fallback) or module.kind,
                        module.kind]
        tail = [ballot.updated_at, proposal.proposal_id, module.module_id]
        if module.kind == "tokens":
            names = {c["id"]: pick(c["name"], lang, fallback) for c in effective["categories"]}
            for category_id, count in sorted(parsed.tokens.items()):
                rows.append(base + [names.get(category_id, category_id), count] + tail)
        elif module.kind == "gauge":
            label = ""
            if effective.get("choices") is not None and parsed.index is not None \
                    and parsed.index < len(effective["choices"]):
                label = pick(effective["choices"][parsed.index]["label"], lang, fallback)
            rows.append(base + [label, number_out(parsed.value)] + tail)
        else:
            rows.append(base + [parsed.choice, parsed.choice] + tail)
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula is kept as text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return "" if value is None else value


def _csv_cell(value: Any, decimal: str) -> Any:
    if isinstance(value, float) and decimal != ".":
        return str(value).replace(".", decimal)
    return _cell(value)


def to_csv(header: list[str], rows: Iterable[list[Any]], words: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=words["separator"], quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_csv_cell(v, words["decimal"]) for v in row])
    return "\ufeff" + out.getvalue()


def to_xlsx(sheet: str, header: list[str], rows: Iterable[list[Any]]) -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    bold = book.add_format({"bold": True})
    page = book.add_worksheet(sheet)
    page.write_row(0, 0, header, bold)
    count = 0
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                page.write_number(count, column, value)
            elif value is not None:
                page.write_string(count, column, str(value))
    page.freeze_panes(1, 0)
    page.autofilter(0, 0, max(count, 1), len(header) - 1)
    page.set_column(0, len(header) - 1, 18)
    book.close()
    return out.getvalue()


def export_results(slug: str, caller: Caller | None, session_id: str, fmt: str,
                   lang: str | None) -> tuple[str, str, Any]:
    """(filename, content type, body) of the results table."""
    loaded, state = service.load_for_export(slug, caller, session_id, voters=False)
    words_in, texts_in = _languages(loaded, lang)
    words = vocabulary(words_in)
    rows = [localised_result_row(row, words) for row in result_rows(loaded, state, texts_in)]
    header = list(words["results"])
    name = f"vote-{session_id}-results"
    if fmt == "xlsx":
        return f"{name}.xlsx", XLSX_TYPE, to_xlsx("Results", header, rows)
    return f"{name}.csv", CSV_TYPE, to_csv(header, rows, words)


def export_ballots(slug: str, caller: Caller | None, session_id: str, fmt: str, lang: str | None,
                   identify: bool) -> tuple[str, str, Any]:
    """(filename, content type, body) of every ballot, one row per ballot and category; voters are pseudonymised
    (stable within the session) unless the organiser asks to identify them."""
    loaded, _ = service.load_for_export(slug, caller, session_id, voters=True)
    words_in, texts_in = _languages(loaded, lang)
    words = vocabulary(words_in)
    rows = [_localised_ballot_row(row, words, identify) for row in ballot_rows(loaded, texts_in, identify)]
    columns = words["ballots"]
    header = [columns[0], *(words["identity"] if identify else ()), *columns[1:]]
    name = f"vote-{session_id}-ballots"
    if fmt == "xlsx":
        return f"{name}.xlsx", XLSX_TYPE, to_xlsx("Ballots", header, rows)
    return f"{name}.csv", CSV_TYPE, to_csv(header, rows, words)
