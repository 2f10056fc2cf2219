"""A build imports only what it uses: no HTTP client offline, no drawing when the deck is up
to date, no PDF export without a PDF (each import is time at every start)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

PROBE = """
import json, sys
from deckgen.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print(json.dumps(sorted(sys.modules)))
"""


def modules_of_build(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, "build", *args], cwd=REPO,
                          capture_output=True, text=True, check=True, timeout=300)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_an_offline_build_without_pdf_leaves_out_fetching_and_export(example: Path):
    first = modules_of_build(str(example), "--offline", "--no-pdf")
    assert "deckgen.render.render" in first
    assert not {"requests", "urllib3", "deepl", "deckgen.net.fetch",
                "deckgen.pdf.export", "deckgen.render.merge"} & first
    again = modules_of_build(str(example), "--offline", "--no-pdf")  # up to date
    assert not {"deckgen.render.render", "deckgen.render.merge", "requests",
                "deckgen.pdf.export"} & again
