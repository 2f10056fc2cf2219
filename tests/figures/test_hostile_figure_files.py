"""Damaged figures/<id>/index.json and source.json: a warning naming the file, field and fix;
that paper's figures skipped, the file left as it is, nothing else lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deckgen.figures.fetch import fetch_figures
from deckgen.session.store import load_figure_index
from tests.conftest import add_figures, run_cli
from tests.figure_fixtures import PAPERS, ArxivSite, http, serve_site, write_session

INDEX_FIX = "(fix the file, or delete it and run `deckgen fetch`)"
SOURCE_FIX = "(delete the file, or run `deckgen fetch --refresh`)"


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch):
    with serve_site(monkeypatch) as running:
        yield running


def test_an_infinite_width_is_a_warning_and_the_build_goes_on(example: Path):
    add_figures(example, "2606.13681", [(1, 80, 60, "PNG")])
    index = example / "figures" / "2606.13681" / "index.json"
    index.write_text(index.read_text().replace('"width": 80', '"width": 1e999'))
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    assert (f"warning: {index}: unreadable figure index (the number 1e999 is out of range); "
            f"figures of 2606.13681 skipped {INDEX_FIX}\n") in result.output


@pytest.mark.parametrize(("rows", "said"), [
    ({"number": 1}, "expected a list of figures"),
    ([5], "row 1 is not an object"),
    ([{"number": True, "file": "fig1.png"}], "row 1: number True is not a figure number"),
    ([{"number": 1, "file": "fig1.png", "width": "640"}],
     "row 1: width '640' is not a size in pixels (0 to 100000)"),
    ([{"number": 1, "file": "fig1.png", "height": 12.5}],
     "row 1: height 12.5 is not a size in pixels (0 to 100000)"),
    ([{"number": 1, "file": "fig1.png", "width": 10**9}],
     "row 1: width 1000000000 is not a size in pixels (0 to 100000)"),
    ([{"number": 1, "file": "fig\u0000.png"}],
     "row 1: file 'fig\\x00.png' must be a file name in 2606.13681/"),
    ([{"number": 1, "file": ""}], "row 1: file '' must be a file name in 2606.13681/"),
    ([{"number": 1, "file": "fig1.png", "caption": {}}], "row 1: caption must be text or null"),
])
def test_wrong_shapes_in_an_index_are_named(example: Path, rows: object, said: str):
    folder = example / "figures" / "2606.13681"
    folder.mkdir(parents=True)
    (folder / "index.json").write_text(json.dumps(rows), encoding="utf-8")
    entries, warnings = load_figure_index(example, "2606.13681")
    assert entries == []
    assert warnings == [f"{folder / 'index.json'}: unreadable figure index ({said}); figures "
                        f"of 2606.13681 skipped {INDEX_FIX}"]


def test_fetch_leaves_a_damaged_index_and_its_paper_alone(site: ArxivSite, tmp_path: Path):
    site.html_2609()
    session = write_session(tmp_path / "s", ["2609.21045"])
    folder = session.dir / "figures" / "2609.21045"
    folder.mkdir(parents=True)
    damaged = '[{"number": 7, "file": "mine.png", "caption": "by hand", "width": "wide"}]'
    (folder / "index.json").write_text(damaged, encoding="utf-8")
    result = fetch_figures(session, {"2609.21045": PAPERS["2609.21045"]}, http())
    assert result.warnings == [f"{folder / 'index.json'}: unreadable figure index (row 1: width "
                               "'wide' is not a size in pixels (0 to 100000)); figures of "
                               f"2609.21045 skipped {INDEX_FIX}"]
    assert site.web.requests == []
    assert (folder / "index.json").read_text(encoding="utf-8") == damaged  # the row is kept


@pytest.mark.parametrize(("catalog", "said"), [
    ('{"figures": [5, "x"]}', "figures[0] is not an object"),
    ('{"figures": [{"number": 1, "images": "a.png"}]}', "figures[0].images must be a list"),
    ('{"figures": [{"number": 1, "images": ["a.png"]}], "failed": {"x": "y"}}',
     "failed must map figure numbers to text"),
    ('{"figures": [], "affiliations": {"a": 1}}', "affiliations must be a list of text"),
    ('{"figures": {}}', "figures must be a list"),
    ("[]", "expected an object with figures"),
])
def test_a_damaged_source_json_is_a_warning_and_refresh_rewrites_it(
        site: ArxivSite, tmp_path: Path, catalog: str, said: str):
    site.html_2609()
    session = write_session(tmp_path / "s", ["2609.21045"])
    folder = session.dir / "figures" / "2609.21045"
    folder.mkdir(parents=True)
    (folder / "source.json").write_text(catalog, encoding="utf-8")
    paper = {"2609.21045": PAPERS["2609.21045"]}
    result = fetch_figures(session, paper, http())
    warning = f"{folder / 'source.json'}: unreadable ({said}"
    assert len(result.warnings) == 1 and result.warnings[0].startswith(warning)
    assert result.warnings[0].endswith(f"); figures of 2609.21045 not fetched {SOURCE_FIX}")
    assert site.web.requests == [] and result.fetched == {"2609.21045": 0}
    again = fetch_figures(session, paper, http(), refresh=True)
    assert again.warnings == [] and again.fetched == {"2609.21045": 1}


def test_deckgen_figures_names_a_damaged_source_json(example: Path,
                                                      caplog: pytest.LogCaptureFixture):
    folder = example / "figures" / "2606.13681"
    folder.mkdir(parents=True)
    (folder / "source.json").write_text('{"figures": [5]}', encoding="utf-8")
    result = run_cli("figures", str(example), "2606.13681")
    assert result.exit_code == 0, result.output
    assert f"{folder / 'source.json'}: unreadable (figures[0] is not an object)" in caplog.text


def test_fetch_and_build_finding_the_same_damaged_index_warn_once(example: Path):
    folder = example / "figures" / "2606.13681"
    folder.mkdir(parents=True)
    (folder / "index.json").write_text('{"number": 1}', encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf")  # fetches first: nothing answers
    assert result.exit_code == 0, result.output
    assert result.output.count(f"warning: {folder / 'index.json'}: unreadable figure index "
                               "(expected a list of figures); figures of 2606.13681 skipped "
                               f"{INDEX_FIX}\n") == 1
