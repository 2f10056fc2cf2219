"""Bad input: one clear line naming file, line, field or id and the fix; the old deck kept."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from pptx import Presentation

from tests.conftest import add_figures, run_cli


def spec(session: Path) -> Path:
    return session / "session.yaml"


def edit(session: Path, old: str, new: str) -> None:
    text = spec(session).read_text(encoding="utf-8")
    assert old in text, old
    spec(session).write_text(text.replace(old, new, 1), encoding="utf-8")


def fails(session: Path, *extra: str) -> str:
    """Build, expect failure, return the error output (checked to be short and clean)."""
    result = run_cli("build", str(session), "--no-pdf", "--offline", *extra)
    assert result.exit_code != 0
    out = result.output
    assert "Traceback" not in out
    assert out.startswith("Error: ")
    return out


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def built(example: Path) -> Path:
    """The example with a deck already built, to check a failed rebuild leaves it alone."""
    assert run_cli("build", str(example), "--no-pdf").exit_code == 0
    return example / "build" / "2026-06.pptx"


def test_invalid_yaml_names_line_and_column(example: Path, built: Path):
    before = digest(built)
    edit(example, "presenter: 山田 太郎", "presenter: [山田 太郎")
    out = fails(example)
    assert f"{spec(example)}:6:12: invalid YAML" in out
    assert "flow sequence started at line 5" in out
    assert digest(built) == before


def test_misspelt_field_gets_a_suggestion(example: Path, built: Path):
    before = digest(built)
    edit(example, "presenter:", "presentr:")
    out = fails(example)
    assert "unknown field 'presentr' (did you mean 'presenter'?)" in out
    assert f"{spec(example)}:5:" in out
    assert "missing required field 'presenter'" in out  # every problem at once
    assert digest(built) == before


def test_misspelt_nested_field_names_its_path(example: Path):
    edit(example, "    take: \"→ 環境", "    takes: \"→ 環境")
    out = fails(example)
    assert "papers.2606.13681.takes: unknown field 'takes' (did you mean 'take'?)" in out


def test_missing_required_field_is_named(example: Path):
    edit(example, "event: AI最新論文読み会 2026年6月\n", "")
    out = fails(example)
    assert "missing required field 'event' (add `event: ...`)" in out


def test_malformed_arxiv_id_is_named_with_the_expected_form(example: Path):
    edit(example, '{id: "2606.11409"', '{id: "2606.114"')
    out = fails(example)
    assert "rankings[0].papers[9].id: '2606.114' is not an arXiv id" in out
    assert "2401.12345" in out


def test_id_missing_from_the_lock_says_to_fetch(example: Path, built: Path):
    before = digest(built)
    edit(example, '{id: "2606.11409"', '{id: "2606.99999"')
    out = fails(example)
    assert "2606.99999" in out and "deckgen fetch" in out and "deckgen.lock.json" in out
    assert digest(built) == before


def test_old_style_ids_are_accepted(example: Path):
    edit(example, '{id: "2606.11409"', '{id: "hep-ex/0406020v1"')
    out = fails(example)  # accepted by the spec; only the lock lacks it
    assert "hep-ex/0406020v1" in out and "deckgen fetch" in out
    assert "not an arXiv id" not in out


def test_bad_date_says_how_to_write_it(example: Path):
    edit(example, "date: 2026-06-17", "date: 17 June")
    out = fails(example)
    assert "'17 June' is not a date (write YYYY-MM-DD" in out


def test_missing_figure_file_is_a_warning_and_the_slide_is_skipped(example: Path):
    add_figures(example, "2606.13106", [(1, 800, 600, "PNG"), (2, 800, 600, "PNG")])
    (example / "figures" / "2606.13106" / "fig2.png").unlink()
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 0
    assert "warning:" in result.output and "fig2.png: missing" in result.output
    prs = Presentation(str(example / "build" / "2026-06.pptx"))
    pictures = [s for slide in prs.slides for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1


def test_broken_figure_file_is_a_warning_and_the_slide_is_skipped(example: Path):
    add_figures(example, "2606.13106", [(1, 800, 600, "PNG")])
    (example / "figures" / "2606.13106" / "fig1.png").write_bytes(b"\x89PNG\r\n\x1a\nbroken")
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 0
    assert "fig1.png: not a readable image" in result.output
    assert "Traceback" not in result.output


def test_missing_template_is_named(example: Path, built: Path):
    before = digest(built)
    out = fails(example, "--template", str(example / "nope.pptx"))
    assert "nope.pptx: template not found" in out
    assert digest(built) == before


def test_a_file_that_is_not_a_pptx_is_refused_as_template(example: Path):
    fake = example / "fake.pptx"
    fake.write_text("this is not a zip", encoding="utf-8")
    out = fails(example, "--template", str(fake))
    assert "fake.pptx: not a PowerPoint .pptx file" in out


def test_xml_illegal_characters_are_cleaned(example: Path):
    lock = example / "deckgen.lock.json"
    text = lock.read_text(encoding="utf-8")
    lock.write_text(text.replace("Large language model (LLM) agents",
                                 "Large language model\\u0007 (LLM)\\u000b agents"),
                    encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 0, result.output
    prs = Presentation(str(example / "build" / "2026-06.pptx"))
    notes = [s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide]
    assert any("Large language model (LLM) agents" in n for n in notes)
    assert not any("\x07" in n for n in notes)


def test_unwritable_output_is_named_and_nothing_is_half_written(example: Path):
    (example / "build").write_text("a file where the build folder should be", encoding="utf-8")
    out = fails(example)
    assert "cannot write" in out and str(example / "build") in out
    assert (example / "build").read_text(encoding="utf-8").startswith("a file")


def test_unknown_layout_mapping_falls_back_with_a_warning(example: Path):
    spec(example).write_text(spec(example).read_text(encoding="utf-8")
                             + "\nlayouts:\n  figure: 図のレイアウト\n", encoding="utf-8")
    add_figures(example, "2606.13106", [(1, 800, 600, "PNG")])
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 0
    assert "no usable layout '図のレイアウト' for figure slides" in result.output


def test_no_session_yaml_says_what_to_pass(tmp_path: Path):
    result = run_cli("build", str(tmp_path), "--no-pdf")
    assert result.exit_code != 0
    assert "no session.yaml here" in result.output


def test_broken_translations_file_names_its_line(example: Path):
    (example / "translations.yaml").write_text('"2606.13681":\n  titel: x\n', encoding="utf-8")
    out = fails(example)
    assert "translations.yaml:2:" in out and "unknown field" in out


def test_a_pinned_version_the_lock_lacks_says_to_fetch(example: Path):
    edit(example, '{id: "2606.11409"', '{id: "2606.11409v3"')
    out = fails(example)
    assert "no metadata for 2606.11409v3" in out and "deckgen fetch" in out


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_a_truncated_figure_is_a_warning(example: Path, fmt: str):
    add_figures(example, "2606.13106", [(1, 800, 600, fmt)])
    path = next((example / "figures" / "2606.13106").glob("fig1.*"))
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 0
    assert f"{path.name}: not a readable image" in result.output


@pytest.mark.parametrize(("old", "new", "message"), [
    ("presenter: 山田 太郎", "presenter: {a: b}", "presenter: expected text, got a mapping"),
    ("event: AI最新論文読み会 2026年6月", "event: [a, b]", "event: expected text, got a list"),
    ("kind: survey", "kind: survey\ntranslator: deepL", "'deepL' is not one of none, deepl"),
    ("kind: survey", "kind: survey\nname: ../evil", "must be a plain file name"),
    ('"2606.13392":\n    take:', '"2606.13393":\n    take:', "'2606.13393' is in no ranking"),
    ("kind: survey", "kind: survey\nevent: again", "'event' appears twice"),
    ("self_intro:\n", "self_intro:\n  - [1, 2]\n", "expected a bullet (text)"),
])
def test_wrong_typed_or_lost_values_are_reported(example: Path, old: str, new: str,
                                                message: str):
    edit(example, old, new)
    assert message in fails(example)


def test_a_team_written_as_one_name_is_kept(example: Path):
    edit(example, "kind: survey", "kind: survey\nteam: 山田 太郎")
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 0
    prs = Presentation(str(example / "build" / "2026-06.pptx"))
    assert "*山田 太郎" in prs.slides[0].placeholders[1].text_frame.text


def test_a_figure_number_must_be_a_plain_number(example: Path):
    edit(example, '    take: "→ GQA', '    figures: ["²"]\n    take: "→ GQA')
    assert "'²' is not a figure number" in fails(example)


def test_a_lock_with_wrong_types_names_the_field(example: Path):
    lock = example / "deckgen.lock.json"
    lock.write_text(lock.read_text(encoding="utf-8").replace(
        '"affiliations": [\n        "MiniMax"\n      ]', '"affiliations": "MiniMax"'),
        encoding="utf-8")
    out = fails(example)
    assert "deckgen.lock.json: unreadable lock" in out and "affiliations" in out


def test_a_figure_index_may_not_point_outside_its_folder(example: Path):
    add_figures(example, "2606.13106", [(1, 80, 60, "PNG")])
    index = example / "figures" / "2606.13106" / "index.json"
    index.write_text(index.read_text().replace('"fig1.png"', '"../../deckgen.lock.json"'))
    result = run_cli("build", str(example), "--no-pdf")
    assert result.exit_code == 0
    assert "must be a file name" in result.output


def test_a_pdf_from_an_earlier_build_is_named_as_stale(example: Path):
    assert run_cli("build", str(example), "--no-pdf").exit_code == 0
    pdf = example / "build" / "2026-06.pdf"
    pdf.write_bytes(b"%PDF-1.4 old")
    os.utime(pdf, (1_000_000, 1_000_000))  # older than the deck
    result = run_cli("build", str(example), "--no-pdf")
    assert "2026-06.pdf is from an earlier build" in result.output


def test_outputs_get_ordinary_file_permissions(example: Path, built: Path):
    import os
    import stat

    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE(built.stat().st_mode) == 0o666 & ~umask
    assert not list(built.parent.glob(".*.tmp"))


def test_translations_keyed_by_a_versioned_id_count_and_a_non_id_is_named(example: Path):
    text = (example / "translations.yaml").read_text(encoding="utf-8")
    (example / "translations.yaml").write_text(
        text.replace("'2606.08063':", "'2606.08063v2':"), encoding="utf-8")
    built = run_cli("build", str(example), "--no-pdf", "--offline")
    assert built.exit_code == 0, built.output
    from pptx import Presentation

    deck = Presentation(str(example / "build" / "2026-06.pptx"))
    texts = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
    assert any(t.startswith("③ Robust-U1：MLLMは破損した") for t in texts)
    (example / "translations.yaml").write_text('"paper-one":\n  title: x\n', encoding="utf-8")
    out = fails(example)
    assert "translations.yaml:1:" in out and "'paper-one' is not an arXiv id" in out


def test_a_paper_picked_twice_or_a_figure_chosen_twice_is_named(example: Path):
    edit(example, 'picks: ["2606.13681", "2606.13392"]',
         'picks: ["2606.13681", "2606.13392", "2606.13681"]')
    edit(example, '  "2606.13392":\n', '  "2606.13392":\n    figures: [1, 2, 1]\n')
    out = fails(example)
    assert "picks[2]: '2606.13681' is picked twice" in out
    assert "figures[2]: figure 1 is listed twice" in out
