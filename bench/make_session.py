"""Generate the benchmark session: a survey deck of exactly 70 slides, 25 of them figures.

    python bench/make_session.py OUT_DIR

writes into OUT_DIR (empty, or made by an earlier run of this script):

- `session.yaml`, `deckgen.lock.json`, `translations.yaml`: two rankings of ten papers, four
  picks, eight summaries. The texts are derived from the example session (sessions/2026-06,
  kept in bench/texts.json): the ten example papers appear under new ids
  2606.90001-2606.90010 (first ranking) and, with varied titles and reordered sentences, as
  2606.90011-2606.90020 (second ranking). All Japanese texts are marked `by: hand`.
- `figures/<id>/`: 20 plot-like PNGs and 5 photo-like JPEGs (quality 90), 1600x1000, each
  folder with its `index.json`, whose rows hold the hashes `deckgen fetch` stores with a
  figure it writes (`image_hash`, `pixel_hash`).
- `equivalent.md`: pandoc markdown with the same slides, texts, images and speaker notes, one
  `# heading` per slide (slide level 1), so `pandoc equivalent.md -o out.pptx` run in OUT_DIR
  also gives 70 slides.

Everything is deterministic (fixed seeds); two runs write identical files. The generators
are shared with the scale bench (bench/gen.py, bench/gen_md.py).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen import DeckSpec, Paper, RankingSpec, make_papers, write_session  # noqa: E402

EXPECTED_SLIDES = 70
EXPECTED_FIGURES = 25
SESSION_NAME = "bench"
SEED = 20260617

# The second ranking shows each example paper again, as a follow-up paper with its own id.
VARIANTS: tuple[tuple[str, str], ...] = (
    ("{} (Extended Study)", "{}（拡張版）"),
    ("{}: A Second Look", "{}：再検証"),
    ("{} at Scale", "{}の大規模検証"),
)

SPEC = DeckSpec(
    name=SESSION_NAME,
    generator="bench/make_session.py",
    seed=SEED,
    rankings=(
        RankingSpec("Top Upvoted", "hf-daily", "Hugging Face Daily Papers (huggingface.co/papers)",
                    "date=2026-06-12", "2026-06-13", (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 1,
                    (118, 103, 74, 25, 18, 14, 13, 12, 10, 8)),
        RankingSpec("Trending", "hf-trending",
                    "Hugging Face Trending Papers (huggingface.co/papers/trending)",
                    "period=week", "2026-06-14", (4, 7, 2, 9, 0, 5, 8, 1, 6, 3), 11,
                    (412, 377, 301, 254, 198, 160, 141, 97, 85, 66)),
    ),
    picks=("2606.90001", "2606.90002", "2606.90013", "2606.90016"),
    summarized=("2606.90001", "2606.90002", "2606.90004", "2606.90005",
                "2606.90012", "2606.90013", "2606.90014", "2606.90016"),
    figures={
        "2606.90001": ((1, "plot"), (2, "plot")),
        "2606.90002": ((1, "plot"), (2, "plot")),
        "2606.90003": ((1, "photo"), (2, "plot")),
        "2606.90004": ((1, "photo"), (2, "plot")),
        "2606.90005": ((1, "plot"), (2, "plot")),
        "2606.90006": ((1, "plot"),),
        "2606.90007": ((1, "photo"), (2, "plot")),
        "2606.90008": ((1, "photo"),),
        "2606.90011": ((1, "plot"), (2, "plot")),
        "2606.90012": ((2, "plot"),),
        "2606.90013": ((1, "photo"), (2, "plot")),
        "2606.90014": ((1, "plot"),),
        "2606.90016": ((1, "plot"), (2, "plot")),
        "2606.90017": ((1, "plot"), (2, "plot")),
        "2606.90018": ((1, "plot"),),
    },
)


def bench_papers() -> dict[str, Paper]:
    """All twenty papers, by id, in ranking order: the second ranking's are variants."""
    return make_papers(SPEC, lambda ranking, rank:
                       None if ranking == 0 else VARIANTS[rank % len(VARIANTS)])


def make_session(out: Path) -> int:
    """Write the whole bench session into `out`; return the slide count both decks must have."""
    slides = write_session(out, SPEC, bench_papers())
    if slides != EXPECTED_SLIDES or SPEC.figure_count != EXPECTED_FIGURES:
        raise SystemExit(f"bench session has {slides} slides and {SPEC.figure_count} figures; "
                         f"expected {EXPECTED_SLIDES} and {EXPECTED_FIGURES}")
    return slides


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `make_session.py OUT_DIR`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the session into")
    args = parser.parse_args(argv)
    slides = make_session(args.out_dir)
    print(f"wrote {args.out_dir}: {slides} slides, {EXPECTED_FIGURES} figures "
          f"(session.yaml, deckgen.lock.json, translations.yaml, figures/, equivalent.md)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
