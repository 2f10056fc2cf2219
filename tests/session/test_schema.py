"""session.yaml declared once: the validator and `deckgen schema` read the same declarations."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from deckgen.errors import SpecError
from deckgen.model.ids import ARXIV_ID_PATTERN
from deckgen.model.session import (
    FigureSpec,
    OwnSlide,
    PaperNotes,
    Ranking,
    RankingEntry,
    Section,
    Session,
    SlideImage,
    Summary,
)
from deckgen.session import schema
from deckgen.session.jsonschema import DIALECT, SCHEMA_FILE, schema_text, session_schema
from deckgen.session.validate import load_session
from tests.conftest import EXAMPLE, REPO, run_cli
from tests.session.schema_subset import editor_yaml, errors

SURVEY = """\
kind: survey
event: 読み会
date: 2026-06-17
presenter: 山田 太郎
team: 山田 太郎
layouts: {paper: 論文}
glossary: {Transformer: }
self_intro: [山田, {研究: [LLM, 長文脈]}]
rankings:
  - name: Top
    surveyed_at: 2026-06-13T09:00:00+09:00
    papers: ["2606.13681", {id: "2606.13392v2", signal: 10, org: MIT}]
picks: ["2606.13681"]
papers:
  "2606.13681": {take: t, figures: [1, 3], summary: {purpose: x, name: EvoArena}}
  "2606.13392": {figures: none}
"""

SINGLE = """\
kind: single
event: 読み会
date: 2026-12-10
presenter: 高山 温
paper: "2606.13392"
point: 要点
sections:
  - 背景
  - {title: 手法, items: [a, {b: [c]}], figures: [1]}
thanks: Thanks!
contact: ["@example"]
"""


def check_both(tmp_path: Path, text: str) -> tuple[list[str], str]:
    """(what the JSON Schema finds, what load_session says) for one session.yaml."""
    (tmp_path / "session.yaml").write_text(text, encoding="utf-8")
    found = errors(session_schema(), editor_yaml(text))
    try:
        load_session(tmp_path)
    except SpecError as exc:
        return found, str(exc)
    return found, ""


def test_deckgen_schema_prints_a_json_schema():
    result = run_cli("schema")
    assert result.exit_code == 0
    printed = json.loads(result.output)
    assert printed["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    survey, single = printed["else"], printed["then"]
    assert survey["additionalProperties"] is False and single["additionalProperties"] is False
    assert survey["required"] == ["event", "date", "presenter", "rankings"]
    assert single["required"] == ["event", "date", "presenter", "paper"]
    assert survey["properties"]["kind"]["enum"] == ["survey", "single", None]
    assert survey["properties"]["translator"]["enum"] == ["none", "deepl", None]
    assert survey["properties"]["translator"]["default"] == "none"
    assert "paper" not in survey["properties"] and "rankings" not in single["properties"]
    assert all(p["description"] for p in survey["properties"].values())
    notes = survey["properties"]["papers"]
    assert list(notes["patternProperties"]) == [f"^{ARXIV_ID_PATTERN}$"]
    ranking = survey["properties"]["rankings"]["items"]
    assert ranking["required"] == ["name", "papers"]
    assert ranking["properties"]["papers"]["items"]["anyOf"][1]["required"] == ["id"]


def test_the_shipped_schema_file_is_up_to_date():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "regenerate it: deckgen schema > deckgen/session/session.schema.json")
    assert SCHEMA_FILE.is_relative_to(REPO)


def test_the_shipped_example_validates_against_the_schema():
    text = (EXAMPLE / "session.yaml").read_text(encoding="utf-8")
    assert errors(session_schema(), editor_yaml(text)) == []


@pytest.mark.parametrize("text", [SURVEY, SINGLE], ids=["survey", "single"])
def test_a_full_session_is_accepted_by_the_schema_and_the_validator(tmp_path: Path, text: str):
    assert check_both(tmp_path, text) == ([], "")


def test_a_new_single_paper_session_validates_against_the_schema(tmp_path: Path):
    result = run_cli("new", "2026-12", "--kind", "single", "--paper", "1512.03385",
                     "--presenter", "高山 温", "--dir", str(tmp_path))
    assert result.exit_code == 0, result.output
    text = (tmp_path / "2026-12" / "session.yaml").read_text(encoding="utf-8")
    assert errors(session_schema(), editor_yaml(text)) == []
    assert load_session(tmp_path / "2026-12").kind == "single"


@pytest.mark.parametrize("heading", ["session.yaml (survey deck)",
                                     "session.yaml (single-paper deck)"])
def test_the_readme_examples_validate_against_the_schema(heading: str):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"### {re.escape(heading)}\n+```yaml\n(.*?)```", readme, re.S)
    assert block, heading
    assert errors(session_schema(), editor_yaml(block.group(1))) == []


@pytest.mark.parametrize(("text", "old", "new", "field"), [
    (SURVEY, "presenter:", "presentr:", "presentr"),
    (SURVEY, "picks:", 'paper: "2606.13681"\npicks:', "paper"),  # a single deck's field
    (SINGLE, "point:", "picks: []\npoint:", "picks"),  # a survey's field
    (SURVEY, "{take: t,", "{takes: t,", "takes"),
    (SURVEY, "summary: {purpose: x,", "summary: {purpos: x,", "purpos"),
    (SURVEY, "name: Top", "name: Top\n    colour: red", "colour"),
    (SURVEY, "signal: 10,", "signal: 10, rank: 2,", "rank"),
    (SURVEY, "layouts: {paper: 論文}", "layouts: {papers: 論文}", "papers"),
    (SINGLE, "figures: [1]}", "figures: [1], notes: x}", "notes"),
])
def test_an_unknown_field_is_refused_by_the_schema_and_the_validator_alike(
        tmp_path: Path, text: str, old: str, new: str, field: str):
    assert old in text
    found, said = check_both(tmp_path, text.replace(old, new, 1))
    assert any(f"'{field}' is not allowed" in e for e in found), found
    assert f"unknown field '{field}'" in said


@pytest.mark.parametrize(("text", "old", "new", "message"), [
    (SURVEY, "kind: survey", "kind: slides", "'slides' is not one of survey, single"),
    (SURVEY, "team:", "translator: deepL\nteam:", "'deepL' is not one of none, deepl"),
    (SURVEY, 'picks: ["2606.13681"]', 'picks: ["2606.136"]', "is not an arXiv id"),
    (SURVEY, '"2606.13392": {figures: none}', '"2606.133": {}', "is not an arXiv id"),
    (SURVEY, "figures: [1, 3]", "figures: [1, 1]", "figure 1 is listed twice"),
    (SURVEY, "figures: none", "figures: some", "'some' is not a figure number"),
    (SURVEY, "presenter: 山田 太郎", 'presenter: ""', "presenter: is empty (required"),
    (SURVEY, "date: 2026-06-17\n", "", "missing required field 'date'"),
    (SURVEY, "presenter: 山田 太郎", "presenter: {a: b}", "expected text, got a mapping"),
    (SINGLE, 'paper: "2606.13392"\n', "", "missing required field 'paper'"),
    (SINGLE, "  - 背景\n", "  - {items: [a]}\n", "missing required field 'title'"),
])
def test_what_the_validator_refuses_the_schema_refuses_too(
        tmp_path: Path, text: str, old: str, new: str, message: str):
    assert old in text
    found, said = check_both(tmp_path, text.replace(old, new, 1))
    assert message in said
    assert found


@pytest.mark.parametrize("kind", schema.KINDS)
def test_the_validator_allows_exactly_the_declared_fields(tmp_path: Path, kind: str):
    text = SURVEY if kind == "survey" else SINGLE
    _, said = check_both(tmp_path, text + "zzzzzzzz: 1\n")
    allowed = re.search(r"unknown field 'zzzzzzzz' \(allowed: ([^)]*)\)", said)
    assert allowed, said
    assert allowed.group(1).split(", ") == sorted(schema.names(schema.for_kind(schema.SESSION,
                                                                               kind)))


def _defaults(cls: type) -> dict[str, object]:
    return {f.name: f.default for f in dataclasses.fields(cls)}


def test_the_declarations_name_the_model_and_share_its_defaults():
    model = _defaults(Session)
    for f in schema.SESSION:
        assert f.name in model, f.name
        if f.default is not None and model[f.name] is not dataclasses.MISSING:
            assert model[f.name] == f.default, f.name
    assert schema.names(schema.SUMMARY) == set(_defaults(Summary))
    # `figures:` fills both the numbers and the slides' specs
    assert schema.names(schema.SECTION) == set(_defaults(Section)) - {"figure_specs"}
    assert schema.names(schema.NOTES) == set(_defaults(PaperNotes)) - {"figure_specs",
                                                                        "all_figures"}
    assert schema.names(schema.OWN_SLIDE) == set(_defaults(OwnSlide)) - {"at", "anchor"}
    assert schema.names(schema.PLACED_SLIDE) == set(_defaults(OwnSlide)) - {"anchor"}
    assert schema.names(schema.IMAGE) == set(_defaults(SlideImage)) - {"paper"}
    assert schema.names(schema.FIGURE_SPEC) - {"figure"} == set(_defaults(FigureSpec)) - {
        "numbers"}
    assert schema.names(schema.RANKING) - {"papers"} == set(_defaults(Ranking)) - {"entries"}
    assert schema.names(schema.ENTRY) - {"id"} == set(_defaults(RankingEntry)) - {"ref"}
    assert schema.names(schema.LAYOUTS) == set(schema.LAYOUT_KINDS)
