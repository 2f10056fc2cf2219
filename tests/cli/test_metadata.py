"""The deck's document properties: title, author, subject and language, in pptx and PDF."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner, Result
from pptx import Presentation

from deckgen.cli import main


def deckgen(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def properties(pptx: Path):
    return Presentation(str(pptx)).core_properties


def test_a_survey_deck_names_the_event_the_presenter_and_japanese(example: Path):
    result = deckgen("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 0 and result.stderr == ""
    props = properties(example / "build" / "2026-06.pptx")
    assert props.title == "AI最新論文読み会 2026年6月"
    assert props.author == props.last_modified_by == "山田 太郎"
    assert props.subject == "AI最新論文読み会 2026年6月: 10 papers (Top Upvoted)"
    assert props.language == "ja-JP"
    assert props.keywords.startswith("arXiv, 2606.13681, 2606.13392, ")
    assert props.comments == "made with deckgen"  # not "16:9 template for deckgen. …"


def test_a_rebuild_that_merges_renews_them(example: Path):
    assert deckgen("build", str(example), "--no-pdf", "--offline").exit_code == 0
    spec = example / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace("presenter: 山田 太郎",
                                                             "presenter: 高山 温"),
                    encoding="utf-8")
    result = deckgen("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 0
    assert result.stdout.startswith("updated the deck: ")
    assert properties(example / "build" / "2026-06.pptx").author == "高山 温"


def test_a_single_paper_deck_is_titled_by_its_paper(example: Path):
    (example / "session.yaml").write_text(
        'kind: single\npaper: "2606.13392"\nevent: NeurIPS 2026 論文読み会\ndate: 2026-12-10\n'
        "presenter: 高山 温\nsections: [背景]\n", encoding="utf-8")
    result = deckgen("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    props = properties(example / "build" / "2026-06.pptx")
    assert props.title == "MiniMax Sparse Attention"
    assert props.subject == "NeurIPS 2026 論文読み会: arXiv:2606.13392"
    assert props.author == "高山 温" and props.language == "ja-JP"


@pytest.mark.soffice
def test_the_pdf_carries_them_and_says_japanese(example_pdf: tuple[Path, Path]):
    _, pdf = example_pdf
    with pdfplumber.open(pdf) as doc:
        info, lang = doc.metadata, doc.doc.catalog.get("Lang")
    assert info["Title"] == "AI最新論文読み会 2026年6月"
    assert info["Author"] == "山田 太郎"
    assert info["Subject"] == "AI最新論文読み会 2026年6月: 10 papers (Top Upvoted)"
    assert lang == b"ja-JP"
