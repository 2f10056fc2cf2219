"""`deckgen check` on the example deck (clean) and on decks spoiled to fail each check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from deckgen.pdf.check import check_deck
from deckgen.pdf.export import export_pdf
from tests.conftest import copy_example, run_cli

PROBLEM_LINE = re.compile(r"^(slide (\d+)|deck): (\w+): ", re.M)


def _found(output: str) -> set[tuple[int, str]]:
    return {(int(m.group(2) or 0), m.group(3)) for m in PROBLEM_LINE.finditer(output)}


def _textbox(slide, left, top, width, height, text: str):
    box = slide.shapes.add_textbox(Emu(int(left)), Emu(int(top)), Emu(int(width)),
                                   Emu(int(height)))
    box.text_frame.word_wrap = False
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    box.text_frame.vertical_anchor = MSO_ANCHOR.TOP
    run = box.text_frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(18)
    return run


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The example session with its pptx built (no PDF yet)."""
    session = copy_example(tmp_path)
    result = run_cli("build", str(session), "--no-pdf")
    assert result.exit_code == 0, result.output
    return session


def test_the_example_deck_passes(example_pdf):
    pptx, _ = example_pdf
    result = run_cli("check", str(pptx.parent.parent))
    assert result.exit_code == 0, result.output
    assert "20 slides, no problems found" in result.output


@pytest.mark.soffice
def test_each_spoiled_slide_fails_its_own_check_and_nothing_else(built: Path):
    pptx = built / "build" / "2026-06.pptx"
    prs = Presentation(str(pptx))
    width, height = prs.slide_width, prs.slide_height
    slides = prs.slides
    # 1: a link to somewhere other than arXiv, in the free bottom-left corner
    run = _textbox(slides[0], Inches(0.2), height - Inches(0.6), Inches(3), Inches(0.4), "code")
    run.hyperlink.address = "https://example.com/paper"
    # 2: a line running past the right edge, below the text
    _textbox(slides[1], width - Inches(1.5), height - Inches(2), Inches(1.4), Inches(0.5),
             "はみ出しはみ出しはみ出しはみ出し")
    # 3: a text box drawn over the body's first lines
    body = slides[2].placeholders[1]
    _textbox(slides[2], body.left, body.top, body.width, Inches(1), "重なるテキスト重なる")
    # 4: a character no installed font has
    _textbox(slides[3], Inches(0.2), height - Inches(0.6), Inches(3), Inches(0.4),
             "記号 \U000f0001")
    # 8: a placeholder of the layout put back on the slide, empty
    layout = slides[7].slide_layout
    present = {ph.placeholder_format.idx for ph in slides[7].placeholders}
    spare = next(ph for ph in layout.placeholders if ph.placeholder_format.idx not in present
                 and ph.placeholder_format.idx != 12)
    slides[7].shapes.clone_placeholder(spare)
    prs.save(str(pptx))

    result = run_cli("check", str(built))  # renders the PDF, which does not exist yet
    assert result.exit_code == 1, result.output
    assert (built / "build" / "2026-06.pdf").is_file()
    assert _found(result.output) == {(1, "link"), (2, "outside"), (3, "overlap"),
                                     (4, "glyphs"), (8, "placeholder")}, result.output
    assert "https://example.com/paper" in result.output
    assert "U+F0001" in result.output


@pytest.mark.soffice
def test_boxes_for_missing_fonts_and_no_japanese_font(built: Path, tmp_path: Path,
                                                      monkeypatch):
    """LibreOffice with only DejaVu visible draws the Japanese text as boxes."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        "  <dir>/usr/share/fonts/truetype/dejavu</dir>\n"
        f"  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    pptx = built / "build" / "2026-06.pptx"
    pdf = pptx.with_suffix(".pdf")
    with monkeypatch.context() as env:
        env.setenv("FONTCONFIG_FILE", str(conf))
        env.setenv("DECKGEN_SERVER", "off")  # a warm server would use its own fonts
        export_pdf(pptx, pdf)
    report = check_deck(pptx, pdf)
    kinds = {(p.slide, p.check) for p in report.problems}
    assert (0, "font") in kinds
    assert (1, "font") in kinds and (1, "glyphs") in kinds
    assert {check for _, check in kinds} == {"font", "glyphs"}, report.problems


def test_check_without_a_built_deck_says_what_to_run(tmp_path: Path):
    session = copy_example(tmp_path)
    result = run_cli("check", str(session))
    assert result.exit_code == 1
    assert "not built yet" in result.output and "deckgen build" in result.output


@pytest.mark.soffice
def test_a_deck_whose_slides_were_reordered_still_passes(built: Path):
    pptx = built / "build" / "2026-06.pptx"
    prs = Presentation(str(pptx))
    order = prs.slides._sldIdLst
    moved = order[2]  # the presenter drags slide 3 to the end: its stored number is stale
    order.remove(moved)
    order.append(moved)
    prs.save(str(pptx))
    result = run_cli("check", str(built))
    assert result.exit_code == 0, result.output
