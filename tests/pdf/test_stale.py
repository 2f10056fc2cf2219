"""A PDF is renewed only when stale, and never from a deck python-pptx cannot open."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from deckgen.pdf.export import pdf_is_stale
from tests.conftest import run_cli


def test_a_pdf_is_stale_when_missing_or_older_than_its_deck(tmp_path: Path):
    pptx, pdf = tmp_path / "deck.pptx", tmp_path / "deck.pdf"
    pptx.write_bytes(b"deck")
    assert pdf_is_stale(pptx, pdf)
    pdf.write_bytes(b"%PDF")
    for deck_time, pdf_time, stale in ((100, 50, True), (100, 100, False), (100, 150, False)):
        os.utime(pptx, (deck_time, deck_time))
        os.utime(pdf, (pdf_time, pdf_time))
        assert pdf_is_stale(pptx, pdf) is stale, (deck_time, pdf_time)


@pytest.mark.parametrize("command", ["preview", "check"])
@pytest.mark.parametrize("broken", [b"", b"PK\x03\x04 not really a zip"], ids=["empty", "cut"])
def test_a_deck_that_cannot_be_opened_never_replaces_a_good_pdf(example: Path, command: str,
                                                                broken: bytes):
    assert run_cli("build", str(example), "--no-pdf").exit_code == 0
    assert run_cli("build", str(example), "--no-pdf", "--fresh").exit_code == 0
    build = example / "build"
    copy = next(build.glob("2026-06.2*.pptx"))
    pdf = build / "2026-06.pdf"
    pdf.write_bytes(b"%PDF-1.4 the good PDF of yesterday")
    os.utime(pdf, (1_000_000, 1_000_000))
    before = pdf.stat().st_mtime_ns
    (build / "2026-06.pptx").write_bytes(broken)
    result = run_cli(command, str(example))
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert str(build / "2026-06.pptx") in lines[0]
    assert f"deckgen build {example}" in lines[0] and f"restore {copy}" in lines[0]
    assert pdf.read_bytes() == b"%PDF-1.4 the good PDF of yesterday"
    assert pdf.stat().st_mtime_ns == before
    assert not list(build.glob(".*.tmp")) and not (build / "preview.png").exists()
