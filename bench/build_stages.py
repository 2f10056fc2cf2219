"""Per-stage CPU time of one `deckgen build --no-pdf --offline`, in one process, no profiler.

    python bench/build_stages.py SESSION_DIR [--fresh] [--runs N]

Runs build_session's stages in turn (as deckgen/build.py does) in a fresh interpreter per run
and prints the median CPU time (`time.process_time`) of each: imports, session and lock,
figure check, translations, template, plan, content key, then either the up-to-date check or
drawing and saving the deck. `--fresh` removes SESSION_DIR/build before each run.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

STAGES = r"""
import json, os, shutil, sys, time
from pathlib import Path
marks, last = [], time.process_time()
def mark(name):
    global last
    now = time.process_time(); marks.append((name, now - last)); last = now
import deckgen.build as B
from deckgen.commands import decks  # noqa: F401  (what the CLI imports for `build`)
mark("imports")
session_dir = Path(sys.argv[1])
if sys.argv[2] == "fresh":
    shutil.rmtree(session_dir / "build", ignore_errors=True)
last = time.process_time()
session = B.load_session(session_dir); papers = B._papers_for(session); mark("session and lock")
figures, _ = B.load_figures(session_dir, papers); mark("figure check")
tr, credit, _ = B.translate_session(session, papers, figures, os.environ, offline=True)
template = B.load_template(session.template, session.layouts); mark("translations, template")
deck = B.plan_deck(B.PlanInput(session, papers, tr, figures, template.geometry(), credit))
mark("plan")
key = B.content_key(deck, template)
pptx = session_dir / "build" / f"{session.name}.pptx"
if pptx.exists() and B.up_to_date(pptx, key):
    mark("content key, up to date")
else:
    mark("content key")
    from deckgen.render import render as R
    from deckgen.render import identity
    if hasattr(identity, "remember_pictures"):  # not in deckgen before the figure hashes
        identity.remember_pictures(deck)
    drawn = R.add_slides(template.prs, template.layouts, deck.slides, [])
    mark("drawing (with its imports)")
    R.write_manifest(template.prs, {i.slide_id: i.digest for _, i in drawn})
    R.save_deck(template.prs, pptx); B.record_written(pptx, key); mark("save")
print(json.dumps(marks))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("session_dir")
    parser.add_argument("--fresh", action="store_true", help="remove build/ before each run")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    runs: list[list[tuple[str, float]]] = []
    for _ in range(args.runs):
        # run in the session folder: `-c` puts the working folder first on sys.path, and
        # PYTHONPATH must choose the deckgen measured, not a checkout one happens to be in
        done = subprocess.run([sys.executable, "-c", STAGES, str(Path(args.session_dir).resolve()),
                               "fresh" if args.fresh else "again"], cwd=args.session_dir,
                              capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    names = [name for name, _ in runs[0]]
    for name in names:
        values = [dict(run)[name] for run in runs if name in dict(run)]
        print(f"{name:<28} {statistics.median(values) * 1000:6.0f} ms")
    total = statistics.median(sum(t for _, t in run) for run in runs)
    print(f"{'total':<28} {total * 1000:6.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
