"""A merge's warnings name each slide where it is in the merged deck, not where it was drawn."""

from __future__ import annotations

import re
from pathlib import Path

from pptx import Presentation

from deckgen.render.identity import read_identity
from tests.conftest import run_cli


def test_a_warning_about_a_redrawn_slide_names_its_final_position(example: Path):
    assert run_cli("build", str(example), "--no-pdf", "--offline").exit_code == 0
    spec = example / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    assert '    take: "→ 環境' in text
    # a control character, which no .pptx can hold, in a picked paper's slide
    spec.write_text(text.replace('    take: "→ 環境', '    take: "→ \\x01環境', 1),
                    encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    named = re.findall(r"warning: slide (\d+) \(([^)]*)\): removed characters", result.output)
    assert len(named) == 1  # the take is on the ranking's slide (the pickup refers to it)
    prs = Presentation(str(example / "build" / "2026-06.pptx"))
    slides = list(prs.slides)
    for number, key in named:
        assert int(number) <= len(slides)
        assert read_identity(slides[int(number) - 1]).slide_id == key
