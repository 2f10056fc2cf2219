"""Benchmark the pptx -> PDF step: a cold soffice against the warm conversion server.

    python bench/bench_pdf.py [--autostart | --splice | --parallel] [--runs N] [--out DIR]

Generates the bench session (bench/make_session.py: 70 slides, 25 figures), builds its pptx
once, starts a warm server (`deckgen serve`, in a private state folder) and then times
deckgen's own `export_pdf` on that pptx, interleaved: cold, warm, cold, warm, ... after one
untimed warm-up of each. The server is stopped at the end, whatever happens.
`--autostart` times instead the first PDF with no server running (which starts one in the
background and converts cold), how long until the server answers, and the PDF after it.
`--splice` times a one-line change and its `deckgen build` with the PDF (only the changed
pages converted), cold and warm, against a cold conversion of the whole deck.
`--parallel` times a whole conversion in chunks side by side, on cold LibreOffices and on
warm servers (one per core), and one warm server in one piece, against one cold LibreOffice
converting the deck in one piece.
"""

from __future__ import annotations

import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen import run_bench  # noqa: E402
from make_session import SESSION_NAME, make_session  # noqa: E402

from deckgen.pdf import pool, server  # noqa: E402
from deckgen.pdf.export import export_pdf, require_soffice  # noqa: E402
from deckgen.pdf.procs import group_rss_mb  # noqa: E402

TARGET_RATIO = 0.6


def convert(pptx: Path, warm: bool) -> float:
    """Wall time of one export_pdf, with the warm server or a cold soffice."""
    if warm:
        os.environ.pop(server.ENV_SWITCH, None)
    else:
        os.environ[server.ENV_SWITCH] = "off"
    start = time.perf_counter()
    export_pdf(pptx, pptx.with_suffix(".pdf"))
    return time.perf_counter() - start


class _Used(logging.Handler):
    """Counts conversions that really went through the warm server."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.warm = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "with the warm server" in record.getMessage():
            self.warm += 1



def _bench_deck(out: Path) -> Path:
    """Write the bench session into `out`, build its pptx (no PDF) and keep the warm
    server's state beside it; the pptx."""
    make_session(out)
    deckgen = Path(sys.executable).parent / "deckgen"
    subprocess.run([str(deckgen), "build", str(out), "--no-pdf", "--offline"], check=True)
    os.environ[server.ENV_DIR] = str(out / "server")
    return out / "build" / f"{SESSION_NAME}.pptx"


def _listen() -> _Used:
    """Which way deckgen converted, from its log."""
    used = _Used()
    logger = logging.getLogger("deckgen")
    logger.addHandler(used)
    logger.setLevel(logging.INFO)
    return used

def bench(out: Path, runs: int) -> float:
    """Time both ways on the bench deck; return warm/cold of the medians."""
    os.environ["DECKGEN_PDF_JOBS"] = "1"  # whole conversions in one piece, as before
    pptx = _bench_deck(out)
    used = _listen()
    started = time.perf_counter()
    server.start_server(require_soffice())
    print(f"warm server ready in {time.perf_counter() - started:.1f} s", flush=True)
    try:
        convert(pptx, warm=False)
        convert(pptx, warm=True)
        cold, warm = [], []
        for i in range(runs):
            cold.append(convert(pptx, warm=False))
            warm.append(convert(pptx, warm=True))
            print(f"run {i + 1}/{runs}: cold {cold[-1]:.2f} s, warm {warm[-1]:.2f} s",
                  flush=True)
        rss = server.group_rss_mb(server.running_server().pid)  # type: ignore[union-attr]
    finally:
        server.stop_server()
    if used.warm != runs + 1:
        raise SystemExit(f"only {used.warm} of {runs + 1} warm conversions used the server")
    pdf_mb = pptx.with_suffix(".pdf").stat().st_size / 2**20
    print(f"\npptx {pptx.stat().st_size / 2**20:.2f} MiB, pdf {pdf_mb:.2f} MiB, "
          f"server after the runs {rss:.0f} MiB")
    print(f"{'':6} {'median':>8} {'min':>8} {'max':>8}")
    for name, values in (("cold", cold), ("warm", warm)):
        print(f"{name:6} {statistics.median(values):>7.2f}s {min(values):>7.2f}s "
              f"{max(values):>7.2f}s")
    ratio = statistics.median(warm) / statistics.median(cold)
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(f"\nratio warm/cold (median): {ratio:.2f}x (target <= {TARGET_RATIO}x: {verdict})")
    return ratio


def bench_autostart(out: Path, runs: int) -> float:
    """The first PDF when no server runs: it starts one in the background and converts cold.

    Per round, interleaved: a cold conversion with DECKGEN_SERVER=off; then, with no server
    running, the first conversion (which starts one); the wait until the server answers;
    and the next conversion, through it. Returns first/cold of the medians.
    """
    os.environ["DECKGEN_PDF_JOBS"] = "1"  # whole conversions in one piece, as before
    pptx = _bench_deck(out)
    convert(pptx, warm=False)  # warm-up: page cache
    cold, first, ready, warm = [], [], [], []
    try:
        for i in range(runs):
            cold.append(convert(pptx, warm=False))
            server.stop_server()
            first.append(convert(pptx, warm=True))
            started = time.perf_counter()
            while not server.server_status(2.0).ready:
                if time.perf_counter() - started > 120:
                    raise SystemExit("the server did not start within 120 s")
                time.sleep(0.1)
            ready.append(first[-1] + time.perf_counter() - started)
            warm.append(convert(pptx, warm=True))
            print(f"run {i + 1}/{runs}: cold {cold[-1]:.2f} s, first {first[-1]:.2f} s, "
                  f"server ready after {ready[-1]:.1f} s, next {warm[-1]:.2f} s", flush=True)
    finally:
        server.stop_server()
    print(f"\n{'':22} {'median':>8} {'min':>8} {'max':>8}")
    for name, values in (("cold", cold), ("first (starts server)", first),
                         ("server ready after", ready), ("next (warm)", warm)):
        print(f"{name:22} {statistics.median(values):>7.2f}s {min(values):>7.2f}s "
              f"{max(values):>7.2f}s")
    ratio = statistics.median(first) / statistics.median(cold)
    print(f"\nratio first/cold (median): {ratio:.2f}x; next/cold: "
          f"{statistics.median(warm) / statistics.median(cold):.2f}x")
    return ratio


TAKE = "パッチ型記憶EvoMemの提案"  # a pick's take in the bench session


def _build_after_a_change(out: Path, n: int, switch: str) -> float:
    """Change the take once more, then time `deckgen build` with its PDF (a subprocess)."""
    spec = out / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    start = text.index(TAKE) + len(TAKE)
    spec.write_text(text[:start] + f" ({n})" * (n > 0) + text[text.index('"', start):],
                    encoding="utf-8")
    deckgen = Path(sys.executable).parent / "deckgen"
    env = {**os.environ, server.ENV_SWITCH: switch}
    started = time.perf_counter()
    done = subprocess.run([str(deckgen), "build", str(out), "--offline", "-v"], env=env,
                          capture_output=True, text=True, check=True)
    took = time.perf_counter() - started
    if "pages converted again" not in done.stderr + done.stdout:
        raise SystemExit(f"the PDF was converted whole:\n{done.stderr}")
    return took


def bench_splice(out: Path, runs: int) -> float:
    """A one-line change (a pick's take) and its rebuild with the PDF, against a cold whole PDF.

    Per round, interleaved: a cold conversion of the whole deck (the reference); then the
    take changed and `deckgen build` run with its PDF, once with a cold LibreOffice
    (DECKGEN_SERVER=off) and once with the warm server running. Returns warm/cold.
    """
    os.environ["DECKGEN_PDF_JOBS"] = "1"  # whole conversions in one piece, as before
    make_session(out)
    pptx = out / "build" / f"{SESSION_NAME}.pptx"
    os.environ[server.ENV_DIR] = str(out / "server")
    deckgen = Path(sys.executable).parent / "deckgen"
    subprocess.run([str(deckgen), "build", str(out), "--offline"], check=True,
                   env={**os.environ, server.ENV_SWITCH: "off"})
    server.start_server(require_soffice())
    reference = out / "whole.pdf"
    cold, spliced_cold, spliced_warm = [], [], []
    try:
        _build_after_a_change(out, 1, "manual")  # warm-up
        for i in range(runs):
            os.environ[server.ENV_SWITCH] = "off"
            started = time.perf_counter()
            export_pdf(pptx, reference)
            cold.append(time.perf_counter() - started)
            spliced_cold.append(_build_after_a_change(out, 2 * i + 2, "off"))
            spliced_warm.append(_build_after_a_change(out, 2 * i + 3, "manual"))
            print(f"run {i + 1}/{runs}: cold whole PDF {cold[-1]:.2f} s, change + build + PDF "
                  f"cold {spliced_cold[-1]:.2f} s, warm {spliced_warm[-1]:.2f} s", flush=True)
    finally:
        server.stop_server()
    print(f"\n{'':28} {'median':>8} {'min':>8} {'max':>8}")
    for name, values in (("cold whole PDF", cold), ("build + PDF, cold LibreOffice",
                                                     spliced_cold),
                         ("build + PDF, warm server", spliced_warm)):
        print(f"{name:28} {statistics.median(values):>7.2f}s {min(values):>7.2f}s "
              f"{max(values):>7.2f}s")
    reference_time = statistics.median(cold)
    ratio = statistics.median(spliced_warm) / reference_time
    print(f"\nratio build + PDF after one change / cold whole PDF (median): warm {ratio:.2f}x, "
          f"cold {statistics.median(spliced_cold) / reference_time:.2f}x (target <= 0.25x)")
    return ratio


WAYS = {  # name: (DECKGEN_PDF_JOBS, DECKGEN_SERVER, what deckgen's log must say)
    "cold, one piece": ("1", "off", None),
    "cold, chunks": ("cores", "off", "chunks side by side"),
    "warm, one piece": ("1", "manual", "with the warm server"),
    "warm pool, chunks": ("cores", "manual", "warm servers side by side"),
}


class _Said(logging.Handler):
    """What deckgen logged since the last `clear`."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _whole(pptx: Path, way: str, said: _Said) -> float:
    """Wall time of one whole export_pdf the `way` named (WAYS); it must go that way."""
    jobs, switch, sign = WAYS[way]
    os.environ["DECKGEN_PDF_JOBS"] = str(len(os.sched_getaffinity(0))) if jobs == "cores" \
        else jobs
    os.environ[server.ENV_SWITCH] = switch
    said.lines.clear()
    try:
        start = time.perf_counter()
        export_pdf(pptx, pptx.with_suffix(".pdf"))
        took = time.perf_counter() - start
    finally:
        os.environ.pop("DECKGEN_PDF_JOBS", None)
        os.environ.pop(server.ENV_SWITCH, None)
    text = "\n".join(said.lines)
    wrong = ("side by side" in text or "warm server" in text) if sign is None \
        else sign not in text
    if wrong:
        raise SystemExit(f"{way}: the PDF went another way:\n{text}")
    return took


def bench_parallel(out: Path, runs: int) -> float:
    """A whole conversion on every core (chunks side by side) against one cold conversion.

    Per round, interleaved: one cold LibreOffice for the whole deck (DECKGEN_SERVER=off,
    DECKGEN_PDF_JOBS=1: the reference); cold chunks, one LibreOffice per core; one warm
    server converting the deck in one piece; and the warm pool, one server per core, each
    converting a chunk. The pool is started before the rounds and stopped at the end,
    whatever happens. Returns the warm pool over the reference.
    """
    pptx = _bench_deck(out)
    said = _Said()
    logger = logging.getLogger("deckgen")
    logger.addHandler(said)
    logger.setLevel(logging.INFO)
    cores = len(os.sched_getaffinity(0))
    times: dict[str, list[float]] = {name: [] for name in WAYS}
    try:
        started = time.perf_counter()
        if len(pool.start_all(require_soffice(), cores)) != cores:
            raise SystemExit(f"not all {cores} warm servers started")
        print(f"{cores} warm servers ready in {time.perf_counter() - started:.1f} s", flush=True)
        for name in WAYS:  # warm-up
            _whole(pptx, name, said)
        for i in range(runs):
            for name in WAYS:
                times[name].append(_whole(pptx, name, said))
            print(f"run {i + 1}/{runs}: " + ", ".join(f"{name} {t[-1]:.2f} s"
                                                     for name, t in times.items()), flush=True)
        rss = [group_rss_mb(state.pid) for state in pool.ready(cores)]
    finally:
        pool.stop_all()
    print(f"\ncores: {cores}; load average at the end {os.getloadavg()[0]:.2f} (others' "
          "work on the machine); servers after the runs: "
          + ", ".join(f"{mb:.0f} MiB" for mb in rss))
    print(f"{'':28} {'median':>8} {'min':>8} {'max':>8}")
    reference = statistics.median(times["cold, one piece"])
    for name, values in times.items():
        print(f"{name:28} {statistics.median(values):>7.2f}s {min(values):>7.2f}s "
              f"{max(values):>7.2f}s  {statistics.median(values) / reference:.2f}x")
    for kind in ("cold", "warm"):
        one = statistics.median(times[f"{kind}, one piece"])
        many = statistics.median(times[f"{kind}, chunks" if kind == "cold" else
                                       "warm pool, chunks"])
        # T(c) = fixed + divisible / c, from c = 1 and c = cores
        divisible = (one - many) / (1 - 1 / cores)
        fixed = one - divisible
        guess = ", ".join(f"{c} cores {(fixed + divisible / c) / reference:.2f}x"
                          for c in (2, 4, 8))
        print(f"{kind}: fixed {fixed:.2f} s + divisible {divisible:.2f} s / cores: {guess}")
    ratio = statistics.median(times["warm pool, chunks"]) / reference
    verdict = "met" if ratio <= 0.5 else "NOT met"
    print(f"\nratio warm pool in chunks / cold one piece (median): {ratio:.2f}x "
          f"(target <= 0.5x: {verdict})")
    return ratio


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `bench_pdf.py [--autostart | --splice | --parallel] [--runs N] [--out DIR]`."""
    args = list(sys.argv[1:] if argv is None else argv)
    for flag, function in (("--autostart", bench_autostart), ("--splice", bench_splice),
                           ("--parallel", bench_parallel)):
        if flag in args:
            args.remove(flag)
            return run_bench(function, function.__doc__.split("\n\n")[0],
                             "deckgen-bench-pdf-", args)
    return run_bench(bench, __doc__.split("\n\n")[0], "deckgen-bench-pdf-", args)


if __name__ == "__main__":
    sys.exit(main())
