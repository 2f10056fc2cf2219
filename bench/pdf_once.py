"""Convert one deck to PDF as a build does, for timing it in a process of its own.

    python bench/pdf_once.py DECK.pptx OUT.pdf

deckgen's `export_pdf` with the environment as given: DECKGEN_SERVER=off for a cold
LibreOffice, DECKGEN_PDF_JOBS=1 for one conversion of the whole deck, unset for chunks
converted side by side on every core. Prints the wall time of the conversion, and deckgen's
log (how the deck was converted) on stderr.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from deckgen.pdf.export import export_pdf

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    started = time.perf_counter()
    export_pdf(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{time.perf_counter() - started:.3f}")
