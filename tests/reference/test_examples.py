"""The shipped single-paper example (sessions/2026-12-single) builds offline with the features
it shows, renders to a PDF that `deckgen check` passes, and its figures and those of the
reference sessions are what their scripts draw."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.render.template import LAYOUT_NAMES
from tests.conftest import REPO, TemplateCase, run_cli, use_template

SINGLE = REPO / "sessions" / "2026-12-single"
KIND_OF_LAYOUT = {name: kind for kind, name in LAYOUT_NAMES.items()}


def copy_single(tmp_path: Path) -> Path:
    target = tmp_path / "2026-12-single"
    shutil.copytree(SINGLE, target, ignore=shutil.ignore_patterns("build"))
    return target


def texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_the_single_paper_example_builds_offline_with_what_it_shows(tmp_path: Path):
    session = copy_single(tmp_path)
    result = run_cli("build", str(session), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output.lower(), result.output
    prs = Presentation(str(session / "build" / "2026-12-single.pptx"))
    slides = [(KIND_OF_LAYOUT.get(s.slide_layout.name), s.shapes.title.text_frame.text, s)
              for s in prs.slides]
    kinds = [kind for kind, _, _ in slides]
    titles = [title for _, title, _ in slides]
    # own slides and figure slides of every shape: text and figure, two and three figures
    assert {"figure_text", "figures2", "figures3"} <= set(kinds), kinds
    toc = next(s for kind, title, s in slides if title == "Table of Contents")
    body = next(p for p in toc.placeholders if p.placeholder_format.idx == 1)
    assert body.text_frame.text.split("\n") == ["背景", "提案手法", "実装", "結果", "所感"]
    # sections run over several slides; the glossary slide goes before its section
    assert titles[titles.index("背景"):titles.index("結果") + 2] == [
        "背景", "長文脈のコスト", "用語：GQA (Grouped Query Attention)", "提案手法",
        "MSA の全体像", "グループごとの選択", "カーネルとの協調設計", "結果", "計算量と速度"]
    # the figures are the presenter's drawings, credited as such, with Japanese captions
    overview = slides[titles.index("MSA の全体像")][2]
    assert "図: 発表者" in texts(overview) and "出典: arXiv" not in texts(overview)
    assert "Index Branch がキー・バリューブロックを選び" in texts(overview)


@pytest.mark.parametrize("folder", [SINGLE, REPO / "tests" / "reference"],
                         ids=["2026-12-single", "reference"])
def test_the_figure_scripts_draw_the_files_that_are_shipped(tmp_path: Path, folder: Path):
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns("build", "__pycache__"))
    for image in copy.rglob("*.png"):
        image.unlink()
    subprocess.run([sys.executable, str(copy / "make_figures.py")], check=True, timeout=120)
    shipped = sorted(p.relative_to(folder) for p in folder.rglob("*.png")
                     if "build" not in p.relative_to(folder).parts)  # a built deck's preview
    drawn = sorted(p.relative_to(copy) for p in copy.rglob("*.png"))
    assert drawn == shipped
    for rel in shipped:
        assert (copy / rel).read_bytes() == (folder / rel).read_bytes(), rel
        assert (folder / rel).stat().st_size < 8_000, rel  # a few KB each
    for index in folder.rglob("index.json"):
        assert (copy / index.relative_to(folder)).read_bytes() == index.read_bytes(), index


@pytest.mark.soffice
def test_the_single_paper_example_renders_to_a_pdf_that_passes_check(
        tmp_path: Path, template_case: TemplateCase):
    """No tofu, no text off the slide or over other text, no empty placeholder, with
    deckgen's template and with a presenter's 4:3 one that lacks the figure layouts."""
    session = copy_single(tmp_path)
    use_template(session, template_case)
    result = run_cli("build", str(session), "--offline")
    assert result.exit_code == 0, result.output
    assert (session / "build" / "2026-12-single.pdf").is_file()
    check = run_cli("check", str(session))
    assert check.exit_code == 0, check.output
    assert "no problems found" in check.output, check.output
