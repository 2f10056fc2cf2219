"""What a rebuild writes: nothing when nothing changed; the report says whose changes it merged."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.pdf.export import find_soffice
from tests.conftest import revise_take, run_cli

NAME = "2026-06"


def build(session: Path, *extra: str) -> str:
    result = run_cli("build", str(session), "--offline", *extra)
    assert result.exit_code == 0, result.output
    return result.output


def state(*paths: Path) -> list[tuple[bytes, int]]:
    return [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths]


def test_a_rebuild_with_nothing_changed_rewrites_nothing(example: Path):
    build(example, "--no-pdf")
    pptx = example / "build" / f"{NAME}.pptx"
    pdf = pptx.with_suffix(".pdf")
    pdf.write_bytes(b"%PDF-1.4 the PDF of this deck")  # newer than the deck: current
    outputs = [pptx, pdf, pptx.with_name(f".{pptx.name}.sha256")]
    before = state(*outputs)
    out = build(example)  # with the PDF: LibreOffice (refused in this test) is not needed
    assert "up to date" in out and "merged with your edits" not in out
    assert "warning" not in out
    assert state(*outputs) == before
    assert not list(pptx.parent.glob(f"{NAME}.*.pptx"))  # no copy kept either


def test_merged_with_your_edits_only_when_there_were_edits(example: Path):
    build(example, "--no-pdf")
    revise_take(example)
    out = build(example, "--no-pdf")
    assert re.search(r"\b[1-9]\d* regenerated", out) and "merged with your edits" not in out
    assert "up to date" not in out
    pptx = example / "build" / f"{NAME}.pptx"
    prs = Presentation(str(pptx))
    prs.slides[1].shapes.title.text_frame.text = "発表者が直したタイトル"
    prs.save(str(pptx))
    out = build(example, "--no-pdf")
    assert "merged with your edits" in out and "kept 1 edited" in out


@pytest.mark.soffice
def test_a_rebuild_renews_only_a_missing_pdf_and_then_nothing(example: Path):
    if find_soffice() is None:
        pytest.skip("LibreOffice not installed")
    build(example, "--no-pdf")
    pptx = example / "build" / f"{NAME}.pptx"
    pdf = pptx.with_suffix(".pdf")
    deck = state(pptx)
    out = build(example)  # the deck is up to date; its PDF is missing
    assert "up to date" in out and str(pdf) in out
    assert state(pptx) == deck and pdf.stat().st_size > 0
    both = state(pptx, pdf)
    out = build(example)
    assert "up to date" in out
    assert state(pptx, pdf) == both
    os.utime(pdf, (1_000_000, 1_000_000))  # older than the deck: stale, rendered again
    build(example)
    assert state(pptx) == deck and pdf.stat().st_mtime_ns > pptx.stat().st_mtime_ns


@pytest.mark.parametrize("lock", [".~lock.2026-06.pptx#", "~$2026-06.pptx"],
                         ids=["LibreOffice", "PowerPoint"])
def test_an_open_deck_is_not_written_under_unless_forced(example: Path, lock: str):
    build(example, "--no-pdf")
    pptx = example / "build" / f"{NAME}.pptx"
    before = state(pptx)
    revise_take(example)
    (pptx.parent / lock).write_text(",someone,their-laptop,17.06.2026 10:00,file:///x;\n")
    for extra in ((), ("--fresh",)):
        result = run_cli("build", str(example), "--no-pdf", "--offline", *extra)
        assert result.exit_code == 1
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
        assert str(pptx) in lines[0] and lock in lines[0]
        assert "close" in lines[0] and "--force" in lines[0]
        assert state(pptx) == before
        assert not list(pptx.parent.glob(f"{NAME}.*.pptx"))
    out = build(example, "--no-pdf", "--force")
    assert "regenerated" in out and state(pptx) != before
    assert (pptx.parent / lock).exists()  # their lock file is theirs to remove


def test_a_deck_opened_while_the_build_runs_is_not_written_under(
        example: Path, monkeypatch: pytest.MonkeyPatch):
    """Fetching and translating take minutes: a deck opened meanwhile is refused too."""
    import deckgen.build

    build(example, "--no-pdf")
    pptx = example / "build" / f"{NAME}.pptx"
    before = state(pptx)
    revise_take(example)
    plan = deckgen.build.plan_deck

    def opened_meanwhile(*args, **kwargs):  # the presenter opens it in LibreOffice
        (pptx.parent / f".~lock.{NAME}.pptx#").write_text(",someone,laptop,now,file:///x;\n")
        return plan(*args, **kwargs)

    monkeypatch.setattr(deckgen.build, "plan_deck", opened_meanwhile)
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 1 and "open in LibreOffice" in result.output, result.output
    assert state(pptx) == before
    assert not list(pptx.parent.glob(f"{NAME}.*.pptx"))
