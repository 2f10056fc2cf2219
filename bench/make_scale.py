"""Generate the scale bench session: 200 papers in two rankings, 60 figures, 20 picks.

    python bench/make_scale.py OUT_DIR

The same generators and texts as the 70-slide bench deck (bench/gen.py): each of the 200
papers (ids 2606.90001-2606.90200) is one of the ten example papers, as it is (the first ten
of the first ranking) or as a numbered variant with its abstract's sentences reordered. 20
picks (every fifth rank of each ranking), ten of them with a summary, all with points; 60
figures at 1600x1000, drawn locally with fixed seeds: one for each pick and two for each of
20 other papers, every fifth a photo-like JPEG and the rest plot PNGs. `equivalent.md` is
the same deck for pandoc (its ranking lists cut every ten entries). Offline and
deterministic: two runs write identical files.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen import DeckSpec, Paper, RankingSpec, make_papers, write_session  # noqa: E402

SESSION_NAME = "scale"
SEED = 20260618
PAPERS_PER_RANKING = 100
EXPECTED_FIGURES = 60
EXPECTED_PICKS = 20


def _spec() -> DeckSpec:
    n = PAPERS_PER_RANKING
    top = RankingSpec("Top Upvoted", "hf-daily",
                      "Hugging Face Daily Papers (huggingface.co/papers)", "date=2026-06-12",
                      "2026-06-13", tuple(i % 10 for i in range(n)), 1,
                      tuple(2 * n + 100 - 2 * i for i in range(n)))
    trending = RankingSpec("Trending", "hf-trending",
                           "Hugging Face Trending Papers (huggingface.co/papers/trending)",
                           "period=week", "2026-06-14", tuple((3 * i + 4) % 10 for i in range(n)),
                           n + 1, tuple(5 * n + 50 - 5 * i for i in range(n)))
    ids = top.ids() + trending.ids()
    picks = tuple(pid for i, pid in enumerate(ids) if i % 10 == 2)
    others = [pid for i, pid in enumerate(ids) if i % 10 == 6]
    figures: dict[str, tuple[tuple[int, str], ...]] = {}
    count = 0
    for pid in ids:  # in deck order, so the seeds follow the deck
        numbers = (1,) if pid in picks else (1, 2) if pid in others else ()
        if numbers:
            kinds = []
            for number in numbers:
                count += 1
                kinds.append((number, "photo" if count % 5 == 0 else "plot"))
            figures[pid] = tuple(kinds)
    return DeckSpec(name=SESSION_NAME, generator="bench/make_scale.py", seed=SEED,
                    rankings=(top, trending), picks=picks, summarized=picks[::2],
                    figures=figures)


SPEC = _spec()


def _variant(ranking: int, rank: int) -> tuple[str, str] | None:
    """The first ten papers as they are; then numbered variants (no two titles alike)."""
    if ranking == 0 and rank < 10:
        return None
    k = ranking * PAPERS_PER_RANKING + rank
    return "{} " + f"(Study {k})", "{}" + f"（第{k}報）"


def scale_papers() -> dict[str, Paper]:
    return make_papers(SPEC, _variant)


def make_scale(out: Path) -> int:
    """Write the scale session into `out`; return the markdown deck's slide count."""
    if SPEC.figure_count != EXPECTED_FIGURES or len(SPEC.picks) != EXPECTED_PICKS:
        raise SystemExit(f"scale session has {SPEC.figure_count} figures and "
                         f"{len(SPEC.picks)} picks; expected {EXPECTED_FIGURES} and "
                         f"{EXPECTED_PICKS}")
    return write_session(out, SPEC, scale_papers())


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `make_scale.py OUT_DIR`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the session into")
    args = parser.parse_args(argv)
    slides = make_scale(args.out_dir)
    print(f"wrote {args.out_dir}: {len(scale_papers())} papers, {EXPECTED_FIGURES} figures, "
          f"{len(SPEC.picks)} picks; equivalent.md has {slides} slides")
    return 0


if __name__ == "__main__":
    sys.exit(main())
