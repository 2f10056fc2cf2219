"""Scale benchmark: per slide, the 200-paper deck against the 70-slide bench deck.

    python bench/bench_scale.py [--runs N] [--out DIR]

Generates both sessions (bench/make_session.py: 70 slides, 25 figures; bench/make_scale.py:
200 papers in two rankings, 60 figures, 20 picks), offline with fixed seeds, and times on each,
interleaved (per round: every step of the small deck, then every step of the large one):

    fresh       deckgen build DIR --no-pdf --offline, DIR/build removed first (untimed)
    rebuild     the same again, nothing changed
    pandoc      pandoc equivalent.md -o pandoc.pptx (the reference for the two above)
    change+pdf  a pick's take changed, then deckgen build DIR --offline: the pptx and its PDF,
                only the changed pages converted (DECKGEN_SERVER=off: a cold LibreOffice)
    cold pdf    the whole deck in one cold LibreOffice (DECKGEN_PDF_JOBS=1; the reference for
                the PDFs)
    whole pdf   the whole deck as deckgen converts it by default: chunks side by side, one
                LibreOffice per idle core (bench/pdf_once.py)

each as its own process: its wall time, CPU time (with its LibreOffice's) and peak RSS (the
largest process of the tree: os.wait4). Prints per deck the medians and ratios to the
references, and per step the cost per slide of the large deck over that of the small one
(target: at most 1.1).
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_scale  # noqa: E402
import make_session  # noqa: E402
from gen import DeckSpec, bases, run_bench  # noqa: E402
from timing import Sample, machine, run_timed  # noqa: E402

HERE = Path(__file__).resolve().parent
DECKGEN = Path(sys.executable).parent / "deckgen"
COLD = {"DECKGEN_SERVER": "off"}
PER_SLIDE_TARGET = 1.1
STEPS = ("fresh", "rebuild", "pandoc", "change+pdf", "cold pdf", "whole pdf")
REFERENCE = {"fresh": "pandoc", "rebuild": "pandoc", "change+pdf": "cold pdf",
             "whole pdf": "cold pdf"}


@dataclass
class Deck:
    """One generated session, in two copies: for the pptx steps and for the PDF steps."""

    spec: DeckSpec
    root: Path
    slides: int = 0
    samples: dict[str, list[Sample]] = field(default_factory=dict)

    @property
    def pptx_dir(self) -> Path:
        return self.root / "pptx"

    @property
    def pdf_dir(self) -> Path:
        return self.root / "pdf"

    def deck(self, folder: Path) -> Path:
        return folder / "build" / f"{self.spec.name}.pptx"

    def pick(self) -> str:
        """The first pick with a take: changing it changes two slides."""
        for pid in self.spec.picks:
            base = self.spec.rankings[0].bases + self.spec.rankings[1].bases
            ids = self.spec.rankings[0].ids() + self.spec.rankings[1].ids()
            if bases()[base[ids.index(pid)]].take:
                return pid
        raise SystemExit(f"{self.spec.name}: no pick has a take")


def change_take(session: Path, pid: str, n: int) -> None:
    """The pick's take in session.yaml, with ` (n)` at its end."""
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    pattern = re.compile(r'(\n  "' + re.escape(pid) + r'":\n    take: "[^"\n]*?)( \(\d+\))?"')
    new, count = pattern.subn(lambda m: f'{m.group(1)} ({n})"', text)
    if count != 1:
        raise SystemExit(f"{spec}: no take of {pid} to change")
    spec.write_text(new, encoding="utf-8")


def commands(deck: Deck, step: str) -> tuple[list[str], Path, dict[str, str]]:
    build = [str(DECKGEN), "build", ".", "--offline"]
    pdf_once = [sys.executable, str(HERE / "pdf_once.py"), str(deck.deck(deck.pdf_dir))]
    return {
        "fresh": (build + ["--no-pdf"], deck.pptx_dir, {}),
        "rebuild": (build + ["--no-pdf"], deck.pptx_dir, {}),
        "pandoc": (["pandoc", "equivalent.md", "-o", "pandoc.pptx"], deck.pptx_dir, {}),
        "change+pdf": (build + ["-v"], deck.pdf_dir, COLD),
        "cold pdf": (pdf_once + ["cold.pdf"], deck.pdf_dir, {**COLD, "DECKGEN_PDF_JOBS": "1"}),
        "whole pdf": (pdf_once + ["whole.pdf"], deck.pdf_dir, COLD),
    }[step]


def run_step(deck: Deck, step: str, n: int) -> Sample:
    if step == "fresh":
        shutil.rmtree(deck.pptx_dir / "build", ignore_errors=True)
    if step == "change+pdf":
        change_take(deck.pdf_dir, deck.pick(), n)
    command, cwd, env = commands(deck, step)
    sample, stderr = run_timed(command, cwd, env)
    if step == "change+pdf" and "pages converted again" not in stderr:
        raise SystemExit(f"{deck.spec.name}: the PDF was converted whole:\n{stderr}")
    if step == "whole pdf" and "side by side" not in stderr and deck.slides >= 24:
        print(f"  ({deck.spec.name}: whole pdf in one piece)", flush=True)
    return sample


def prepare(deck: Deck, make: object) -> None:
    """Generate the session into both copies and build the PDF copy once, with its PDF."""
    make(deck.pptx_dir)  # type: ignore[operator]
    shutil.rmtree(deck.pdf_dir, ignore_errors=True)
    shutil.copytree(deck.pptx_dir, deck.pdf_dir)
    run_timed([str(DECKGEN), "build", ".", "--offline"], deck.pdf_dir, COLD)
    for step in STEPS:  # warm-up: page cache, .pyc files, the outputs to check
        run_step(deck, step, 0)
    deck.slides = len(Presentation(str(deck.deck(deck.pptx_dir))).slides)
    pandoc = len(Presentation(str(deck.pptx_dir / "pandoc.pptx")).slides)
    print(f"{deck.spec.name}: {deck.slides} slides ({pandoc} in pandoc's deck), "
          f"{deck.spec.figure_count} figures", flush=True)


def _median(values: Sequence[Sample], attr: str) -> float:
    return statistics.median(getattr(s, attr) for s in values)


def report(decks: list[Deck], runs: int) -> None:
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine().items()))
    print(f"\nruns: {runs} per step, interleaved, after 1 untimed warm-up each")
    for deck in decks:
        print(f"\n{deck.spec.name} ({deck.slides} slides)")
        print(f"{'step':<11} {'median':>8} {'min':>8} {'max':>8} {'CPU':>8} {'peak RSS':>9} "
              f"{'ms/slide':>9}  ratio")
        for step in STEPS:
            samples = deck.samples[step]
            med = _median(samples, "wall")
            ref = REFERENCE.get(step)
            ratio = f"{med / _median(deck.samples[ref], 'wall'):.2f}x {ref}" if ref else ""
            print(f"{step:<11} {med:>7.2f}s {min(s.wall for s in samples):>7.2f}s "
                  f"{max(s.wall for s in samples):>7.2f}s {_median(samples, 'cpu'):>7.2f}s "
                  f"{_median(samples, 'rss_mib'):>5.0f} MiB {1000 * med / deck.slides:>8.1f}  "
                  f"{ratio}")
    small, large = decks
    print(f"\nper slide, {large.spec.name} over {small.spec.name} "
          f"(target <= {PER_SLIDE_TARGET}x):")
    for step in STEPS:
        per = [_median(d.samples[step], "wall") / d.slides for d in decks]
        ratio = per[1] / per[0]
        verdict = "met" if ratio <= PER_SLIDE_TARGET else "NOT met"
        print(f"  {step:<11} {ratio:.2f}x ({verdict})")


def bench(out: Path, runs: int) -> None:
    decks = [Deck(make_session.SPEC, out / "bench"), Deck(make_scale.SPEC, out / "scale")]
    prepare(decks[0], make_session.make_session)
    prepare(decks[1], make_scale.make_scale)
    for i in range(runs):
        for deck in decks:
            for step in STEPS:
                deck.samples.setdefault(step, []).append(run_step(deck, step, i + 1))
            print(f"run {i + 1}/{runs} {deck.spec.name}: " + ", ".join(
                f"{step} {deck.samples[step][-1].wall:.2f}s" for step in STEPS), flush=True)
    report(decks, runs)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `bench_scale.py [--runs N] [--out DIR]`."""
    return run_bench(bench, __doc__.split("\n\n")[0], "deckgen-bench-scale-", argv,
                     default_runs=3)


if __name__ == "__main__":
    sys.exit(main())
