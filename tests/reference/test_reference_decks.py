"""Each reference deck, written in session.yaml alone, builds offline into the real deck's
slide sequence (kind and title of every slide, see decks.py); where deckgen cannot yet say
what the real deck shows, the difference is a `Gap` there, named and explained."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from deckgen.render.template import LAYOUT_NAMES
from tests.conftest import REPO, run_cli
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
    norm,
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


TRANSCRIPTS = REPO.parent / "shared" / "reference-decks"
PAGE_MARK = re.compile(r" \((\d+/\d+)\)$")


def transcript_slides(deck: str) -> dict[int, str] | None:
    """Slide number -> its text, from the transcript (None: it does not number its slides)."""
    name = {"2020-10": "2020-10-arxiv-sanity-monthly.txt",
            "2022-04": "2022-04-paperswithcode-monthly.txt",
            "2022-01": "2022-01-neurips-single-paper.txt"}[deck]
    text = (TRANSCRIPTS / name).read_text(encoding="utf-8")
    if deck == "2020-10":  # "Slide N text" and the slide's text after it
        return {int(m.group(1)): m.group(2) for m in re.finditer(
            r"Slide (\d+) text\n\n(.*?)(?=\n\nSlide \d+\n|\Z)", text, re.S)}
    if deck == "2022-04":  # "  N. text" begins slide N, indented lines continue it
        slides: dict[int, str] = {}
        for line in text.split("Transcript", 1)[1].splitlines():
            start = re.match(r"  (\d{1,2})\. (.*)", line)
            if start and int(start.group(1)) == len(slides) + 1:
                slides[len(slides) + 1] = start.group(2)
            elif slides:
                slides[len(slides)] += " " + line.strip()
        return slides
    return None


@pytest.mark.skipif(not TRANSCRIPTS.is_dir(), reason="the transcripts are not beside the repo")
@pytest.mark.parametrize("deck", sorted(DECKS))
def test_the_expected_titles_are_the_transcripts(deck: str):
    """Every title decks.py expects is the text its slide of the transcript shows (a page
    mark `(1/3)` as `1/3` on that slide), so the expected data is the real deck's."""
    real, _ = DECKS[deck]
    slides = transcript_slides(deck)
    if slides is None:  # no slide numbers: the titles come in the transcript's order
        text = norm((TRANSCRIPTS / "2022-01-neurips-single-paper.txt").read_text("utf-8"))
        at = 0
        for n, _, title in real:
            found = text.find(norm(title), at) if title else at
            assert found >= 0, f"slide {n}: {title!r} is not in the transcript after slide {n - 1}"
            at = found + 1
        return
    assert sorted(slides) == [n for n, _, _ in real], "one expected entry per slide"
    for n, _, title in real:
        if title is None:
            continue
        mark = PAGE_MARK.search(title)
        shown = norm(slides[n])
        assert norm(PAGE_MARK.sub("", title)) in shown, f"slide {n}: {title!r}"
        assert mark is None or mark.group(1) in shown, f"slide {n}: no {mark.group(1)}"
