"""Render decks to PDF with the real LibreOffice and check what a viewer would see."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from tests.conftest import (
    TemplateCase,
    add_figures,
    choose_figures,
    copy_example,
    run_cli,
    use_template,
)

pytestmark = pytest.mark.soffice


@pytest.fixture(scope="module", params=["default", "presenter"])
def rendered(request, tmp_path_factory, alt_template_path) -> tuple[Path, Path]:
    """The example deck (with a few figures) built to pptx and pdf with each template."""
    from deckgen.render.template import LAYOUT_NAMES
    from tests.conftest import ALT_MAPPING, ALT_NAMES

    case = (TemplateCase("default", None, {}, dict(LAYOUT_NAMES)) if request.param == "default"
            else TemplateCase("presenter", alt_template_path, ALT_MAPPING, ALT_NAMES))
    session = copy_example(tmp_path_factory.mktemp(f"pdf-{case.name}"))
    use_template(session, case)
    add_figures(session, "2606.13106", [(1, 1600, 1000, "PNG"), (2, 700, 1400, "JPEG")])
    choose_figures(session, "2606.13106", [1, 2])
    result = run_cli("build", str(session))
    assert result.exit_code == 0, result.output
    return session / "build" / "2026-06.pptx", session / "build" / "2026-06.pdf"


def test_the_pdf_has_one_page_per_slide(rendered):
    pptx, pdf = rendered
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == len(Presentation(str(pptx)).slides)


def test_no_text_lies_outside_its_page(rendered):
    _, pdf = rendered
    outside = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, 1):
            for ch in page.chars:
                if ch["text"].isspace():
                    continue
                if ch["x0"] < -0.5 or ch["x1"] > page.width + 0.5 or ch["top"] < -0.5 \
                        or ch["bottom"] > page.height + 0.5:
                    outside.append((n, ch["text"]))
    assert not outside, outside[:10]


def test_a_japanese_font_is_embedded_and_every_font_is_embedded(rendered):
    _, pdf = rendered
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    assert listing
    assert any("NotoSansCJK" in line for line in listing), listing
    for line in listing:
        # columns: name type encoding emb sub uni object ID
        assert re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", line), line


def test_japanese_text_comes_out_of_the_pdf_as_written(rendered):
    pptx, pdf = rendered
    with pdfplumber.open(pdf) as doc:
        first = re.sub(r"\s", "", doc.pages[0].extract_text())
        ranking = re.sub(r"\s", "", doc.pages[4].extract_text())
    assert "AI最新論文読み会2026年6月" in first
    assert "①EvoArena：動的環境における頑健なLLMエージェント" in ranking
    assert "\ufffd" not in first + ranking


def test_text_stays_inside_its_placeholder(rendered):
    """Each text box's glyphs stay within the box LibreOffice drew (no overflow onto others)."""
    pptx, pdf = rendered
    prs = Presentation(str(pptx))
    scale = 72 / 914400
    problems = []
    with pdfplumber.open(pdf) as doc:
        for n, (slide, page) in enumerate(zip(prs.slides, doc.pages, strict=True), 1):
            boxes = [(s.left * scale, s.top * scale, (s.left + s.width) * scale,
                      (s.top + s.height) * scale, s.name) for s in slide.placeholders
                     if s.width is not None]
            for ch in page.chars:
                if ch["text"].isspace():
                    continue
                cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                if not any(x0 - 2 <= cx <= x1 + 2 and y0 - 2 <= cy <= y1 + 2
                           for x0, y0, x1, y1, _ in boxes):
                    problems.append((n, ch["text"], round(cx), round(cy)))
    assert not problems, problems[:10]


def test_a_failed_pdf_keeps_the_pptx_and_says_so(example: Path, monkeypatch, tmp_path: Path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 0\n")
    fake.chmod(0o755)
    monkeypatch.setenv("DECKGEN_SOFFICE", str(fake))
    result = run_cli("build", str(example))
    assert result.exit_code != 0
    assert "LibreOffice made no PDF" in result.output and "the .pptx is kept" in result.output
    assert (example / "build" / "2026-06.pptx").is_file()
    assert not (example / "build" / "2026-06.pdf").exists()


def test_figures_keep_their_aspect_in_the_pdf(rendered):
    _, pdf = rendered
    with pdfplumber.open(pdf) as doc:
        images = [img for page in doc.pages for img in page.images]
    ratios = sorted(round((i["x1"] - i["x0"]) / (i["bottom"] - i["top"]), 2) for i in images)
    assert ratios == [0.5, 1.6]
