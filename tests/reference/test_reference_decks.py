"""Each reference deck, written in session.yaml alone, builds offline into the real deck's
slide sequence (kind and title of every slide, see decks.py); where deckgen cannot yet say
what the real deck shows, the difference is a `Gap` there, named and explained."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.render.template import LAYOUT_NAMES
from tests.conftest import run_cli
from tests.reference.decks import (
    GAPS_2020_10,
    GAPS_2022_01,
    GAPS_2022_04,
    REAL_2020_10,
    REAL_2022_01,
    REAL_2022_04,
    Built,
    Gap,
    Real,
    differences,
    expected_build,
)

HERE = Path(__file__).resolve().parent
KIND_OF_LAYOUT = {name: kind for kind, name in LAYOUT_NAMES.items()}

DECKS = {
    "2020-10": (REAL_2020_10, GAPS_2020_10),
    "2022-04": (REAL_2022_04, GAPS_2022_04),
    "2022-01": (REAL_2022_01, GAPS_2022_01),
}


def built_sequence(tmp_path: Path, deck: str) -> list[Built]:
    """Build the reference session offline, pptx only, and read each slide's kind (from its
    layout in the default template) and title back from the deck."""
    session = tmp_path / deck
    shutil.copytree(HERE / deck, session, ignore=shutil.ignore_patterns("build"))
    result = run_cli("build", str(session), "--no-pdf", "--offline")
    assert result.exit_code == 0, result.output
    # nothing missing or skipped: a figure or image that is not there is a warning
    assert "warning" not in result.output.lower(), result.output
    prs = Presentation(str(session / "build" / f"{deck}.pptx"))
    out: list[Built] = []
    for slide in prs.slides:
        title = slide.shapes.title
        out.append((KIND_OF_LAYOUT.get(slide.slide_layout.name, slide.slide_layout.name),
                    title.text_frame.text if title is not None else ""))
    return out


@pytest.mark.parametrize("deck", sorted(DECKS))
def test_the_deck_follows_the_real_ones_slide_sequence(tmp_path: Path, deck: str):
    real, gaps = DECKS[deck]
    want = expected_build(real, gaps)
    got = built_sequence(tmp_path, deck)
    assert not differences(want, got), "\n".join(
        [f"{deck}: built deck against the real one (gaps applied):",
         *differences(want, got)])


@pytest.mark.parametrize("deck", sorted(DECKS))
def test_every_image_of_a_session_stays_small(deck: str):
    """A few KB each, as make_figures.py draws them: no large binaries in the repository."""
    for image in (HERE / deck).rglob("*.png"):
        assert image.stat().st_size < 8_000, image


def test_a_gap_that_changes_nothing_is_refused():
    real: list[Real] = [(1, "title", "A"), (2, "bullets", "B")]
    with pytest.raises(AssertionError, match="changes nothing"):
        expected_build(real, [Gap(2, 2, (("bullets", "B"),), "not a gap")])
    assert expected_build(real, [Gap(2, 1, (("section", "S"),), "an inserted divider")]) == [
        ("title", "A"), ("section", "S"), ("bullets", "B")]
