"""Imports of the real shared consultations: counts, idempotence, clear errors."""
import os

import pytest

from tests.conftest import ROOT

SHARED = os.path.join(ROOT, "..", "shared", "data")


def test_polis_import_counts_and_rerun(api):
    from chalicelib.services.imports.polis import import_polis

    folder = os.path.join(SHARED, "polis", "london.youth.policing")
    first = import_polis(folder, progress=False)
    again = import_polis(folder, progress=False)
    assert again.created == {"debates": 0, "ideas": 0, "posts": 0, "rejected": 0}
    # what was new counts the same things as the totals beside it
    assert first.created["posts"] == first.totals["posts"] and first.created["rejected"] == first.totals["rejected"]
    status, debate = api.get("/debates/london-youth-policing")
    assert status == 200
    # 36 accepted statements of 39; voters and authors; distinct (voter, statement) pairs.
    assert debate["counts"]["posts"] == first.totals["posts"] == 36
    assert debate["counts"]["stances"] == first.totals["stances"] == 638
    assert "CC BY 4.0" in debate["attribution"] and "london-youth-policing" in debate["attribution"]
    _, ideas = api.get("/debates/london-youth-policing/ideas")
    [idea] = ideas["items"]
    _, page = api.get(f"/debates/london-youth-policing/ideas/{idea['id']}/posts?limit=100")
    assert len(page["items"]) == 36 and all(p["statement"] for p in page["items"])


def test_an_consultation_import(api):
    from chalicelib.services.imports.an_consultation import import_an_consultation

    folder = os.path.join(SHARED, "an-consultation-egalite-2016")
    summary = import_an_consultation(folder, progress=False)
    again = import_an_consultation(folder, progress=False)
    assert again.created == {"debates": 0, "ideas": 0, "posts": 0}
    status, debate = api.get("/debates/an-consultation-egalite-2016")
    assert status == 200 and debate["default_language"] == "fr"
    assert debate["counts"]["posts"] == summary.totals["posts"] == 593
    assert debate["counts"]["extracts"] == summary.totals["extracts"] == 1369
    _, ideas = api.get("/debates/an-consultation-egalite-2016/ideas")
    assert len(ideas["items"]) == 3
    assert sum(i["counts"]["extracts"] for i in ideas["items"]) == 1369
    assert all("\u0092" not in i["description"]["fr"] for i in ideas["items"])
    titles = [i["title"]["fr"] for i in ideas["items"]]
    assert "Lutter contre les impayés de pensions alimentaires" in titles
    idea = ideas["items"][0]
    _, extracts = api.get(f"/debates/an-consultation-egalite-2016/ideas/{idea['id']}/extracts?limit=5")
    assert extracts["items"] and all(e["kind"] == "paraphrase" for e in extracts["items"])


def test_malformed_folder_is_a_clear_error(tmp_path):
    from chalicelib.services.imports.common import ImportFailed
    from chalicelib.services.imports.polis import import_polis

    with pytest.raises(ImportFailed, match="summary.csv: file not found"):
        import_polis(str(tmp_path), "x-test", progress=False)
    (tmp_path / "summary.csv").write_text("topic,T\n")
    (tmp_path / "comments.csv").write_text("timestamp,comment-id\n1,0\n")
    with pytest.raises(ImportFailed, match="missing column"):
        import_polis(str(tmp_path), "x-test", progress=False)


@pytest.mark.parametrize("slug", ["London_Youth", "a#b", "ab", "-debat", "débat", "x" * 65])
def test_an_operator_given_slug_follows_the_apps_rule(api, slug):
    """It becomes part of every key and of the debate's address (a `#` would cross key boundaries)."""
    from chalicelib.services.imports.an_consultation import import_an_consultation
    from chalicelib.services.imports.common import ImportFailed
    from chalicelib.services.imports.polis import import_polis

    for importer, folder in ((import_polis, os.path.join(SHARED, "polis", "london.youth.policing")),
                             (import_an_consultation, os.path.join(SHARED, "an-consultation-egalite-2016"))):
        with pytest.raises(ImportFailed, match="--slug"):
            importer(folder, slug, progress=False)
    assert api.get("/debates")[1]["items"] == []


def test_polis_descriptions_are_markdown_shown_as_plain_paragraphs(api):
    from chalicelib.services.imports.polis import import_polis

    import_polis(os.path.join(SHARED, "polis", "scoop-hivemind.affordable-housing"), progress=False)
    _, debate = api.get("/debates/scoop-hivemind-affordable-housing")
    description = debate["description"]["en"]
    assert description.startswith("This HiveMind is closed.\n\nThanks to the 381 people")
    assert "__" not in description and "*" not in description and "<HiveMind" not in description
    assert description.endswith("please email HiveMind@Scoop.co.nz")
