"""Time `deckgen build` (pptx only) against pandoc on the same 70-slide, 25-figure deck.

    python bench/bench_build.py [--runs N] [--out DIR]

Generates the bench session (bench/make_session.py) in DIR (default: a temporary folder),
checks that both tools produce 70 slides with 25 pictures, then runs, interleaved,

    deckgen build DIR --no-pdf          (the venv's console script, next to sys.executable)
    pandoc equivalent.md -o pandoc.pptx (run in DIR, so the image paths resolve)

N times each (after one untimed warm-up run of each) and prints the median, min and max wall
time of the whole process, its CPU time and peak RSS (from os.wait4, per child), the slide
and picture counts and pptx sizes, and the ratio deckgen/pandoc of the median wall times.
deckgen is timed twice per round: a fresh build (DIR/build removed before it, untimed) and
a rebuild with nothing changed (it decides that the deck is up to date and writes nothing).
Standard library, Pillow and python-pptx only.
"""

from __future__ import annotations

import shutil
import statistics
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.shapes.base import BaseShape
from pptx.shapes.group import GroupShape
from pptx.shapes.picture import Picture

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gen import run_bench  # noqa: E402
from make_session import EXPECTED_FIGURES, EXPECTED_SLIDES, SESSION_NAME, make_session  # noqa: E402
from timing import Sample, machine, run_timed  # noqa: E402

TARGET_RATIO = 0.8  # fresh build / pandoc
REBUILD_TARGET_RATIO = 0.5  # no-change rebuild / pandoc
PANDOC_OUT = "pandoc.pptx"


@dataclass
class Tool:
    """A command to time, where it runs, what it writes, and its samples."""

    name: str
    command: list[str]
    cwd: Path
    output: Path
    samples: list[Sample] = field(default_factory=list)
    prepare: Callable[[], None] | None = None  # run before each timed run, untimed
    target: float | None = None  # ratio to pandoc


def count_slides(path: Path) -> tuple[int, int]:
    """(slides, slides that show at least one picture) of a pptx."""
    def has_picture(shapes: Iterable[BaseShape]) -> bool:
        return any(isinstance(s, Picture) or (isinstance(s, GroupShape) and has_picture(s.shapes))
                   for s in shapes)

    prs = Presentation(str(path))
    slides = list(prs.slides)
    return len(slides), sum(1 for slide in slides if has_picture(slide.shapes))


def deckgen_command(session: Path) -> list[str]:
    """`deckgen build SESSION --no-pdf` through the console script of this interpreter's env."""
    script = Path(sys.executable).parent / "deckgen"
    if not script.exists():
        raise SystemExit(f"{script}: not found; install deckgen into this environment "
                         "(make setup) or run the bench with the venv's python")
    return [str(script), "build", str(session), "--no-pdf", "--offline"]


def check_outputs(tools: Sequence[Tool]) -> dict[str, tuple[int, int]]:
    """Slide and picture counts of each output; exit when a deck is not the expected one."""
    counts = {tool.name: count_slides(tool.output) for tool in tools}
    wrong = [f"{name}: {slides} slides, {pictures} with pictures"
             for name, (slides, pictures) in counts.items()
             if (slides, pictures) != (EXPECTED_SLIDES, EXPECTED_FIGURES)]
    if wrong:
        raise SystemExit(f"expected {EXPECTED_SLIDES} slides, {EXPECTED_FIGURES} with pictures; "
                         + "; ".join(wrong))
    return counts


def _stats(values: Sequence[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def report(tools: Sequence[Tool], counts: dict[str, tuple[int, int]], info: dict[str, str],
           runs: int) -> float:
    """Print the machine, the table and the ratio; return the ratio of the medians."""
    print("machine: " + ", ".join(f"{key} {value}" for key, value in info.items()))
    print(f"\nruns: {runs} per tool, interleaved, after 1 untimed warm-up run each\n")
    header = (f"{'tool':<8} {'median':>8} {'min':>8} {'max':>8} {'CPU med':>8} "
              f"{'RSS med':>9} {'slides':>7} {'pictures':>9} {'pptx':>9}")
    print(header)
    print("-" * len(header))
    for tool in tools:
        med, low, high = _stats([s.wall for s in tool.samples])
        cpu = statistics.median(s.cpu for s in tool.samples)
        rss = statistics.median(s.rss_mib for s in tool.samples)
        slides, pictures = counts[tool.name]
        size = tool.output.stat().st_size / 2**20
        print(f"{tool.name:<8} {med:>7.3f}s {low:>7.3f}s {high:>7.3f}s {cpu:>7.3f}s "
              f"{rss:>5.0f} MiB {slides:>7} {pictures:>9} {size:>5.2f} MiB")
    reference = statistics.median(s.wall for s in tools[-1].samples)
    print()
    ratios = []
    for tool in tools[:-1]:
        ratio = statistics.median(s.wall for s in tool.samples) / reference
        ratios.append(ratio)
        verdict = "met" if tool.target is None or ratio <= tool.target else "NOT met"
        print(f"ratio {tool.name}/pandoc (median wall time): {ratio:.2f}x "
              f"(target <= {tool.target:.1f}x: {verdict})")
    return ratios[0]


def bench(out: Path, runs: int) -> float:
    """Generate the session in `out`, check both decks, time both tools; return the ratio."""
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc not found (install it: bash scripts/setup.sh pandoc)")
    make_session(out)
    deck = out / "build" / f"{SESSION_NAME}.pptx"

    def remove_build() -> None:
        shutil.rmtree(out / "build", ignore_errors=True)

    tools = [
        Tool("deckgen", deckgen_command(out), out, deck, prepare=remove_build,
             target=TARGET_RATIO),
        Tool("rebuild", deckgen_command(out), out, deck, target=REBUILD_TARGET_RATIO),
        Tool("pandoc", ["pandoc", "equivalent.md", "-o", PANDOC_OUT], out, out / PANDOC_OUT),
    ]
    for tool in tools:  # warm-up: page cache, .pyc files; also the output to check
        if tool.prepare:
            tool.prepare()
        _, stderr = run_timed(tool.command, tool.cwd)
        if stderr.strip():
            print(f"{tool.name} stderr:\n{stderr.rstrip()}", flush=True)
    counts = check_outputs(tools)
    for i in range(runs):
        for tool in tools:
            if tool.prepare:
                tool.prepare()
            sample, _ = run_timed(tool.command, tool.cwd)
            tool.samples.append(sample)
        print(f"run {i + 1}/{runs}: " + ", ".join(f"{t.name} {t.samples[-1].wall:.3f}s"
                                                   for t in tools), flush=True)
    return report(tools, counts, machine(), runs)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `bench_build.py [--runs N] [--out DIR]`."""
    return run_bench(bench, __doc__.split("\n\n")[0], "deckgen-bench-", argv)


if __name__ == "__main__":
    sys.exit(main())
