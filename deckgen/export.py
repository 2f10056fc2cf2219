"""export_pdf(): the .pptx to PDF through LibreOffice headless.

soffice exits 0 even when it could not convert, so success is judged by the output file.
Each conversion gets its own LibreOffice profile, so builds can run side by side.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import ExportError
from .store import write_atomic

SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_TIMEOUT = 300.0
# Keep figures at full resolution: faster, and the presenter's PDF stays sharp.
PDF_FILTER = 'pdf:impress_pdf_Export:{"ReduceImageResolution":{"type":"boolean","value":"false"}}'


def find_soffice() -> str | None:
    """Path of LibreOffice's soffice, from DECKGEN_SOFFICE or PATH."""
    explicit = os.environ.get("DECKGEN_SOFFICE")
    if explicit:
        return explicit if Path(explicit).exists() else None
    for name in SOFFICE_NAMES:
        if found := shutil.which(name):
            return found
    return None


def export_pdf(pptx: Path, pdf: Path, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert `pptx` to `pdf` (written atomically); raise ExportError with the fix."""
    soffice = find_soffice()
    if soffice is None:
        raise ExportError("LibreOffice (soffice) not found: install it with "
                          "`apt-get install libreoffice-impress-nogui`, or build with --no-pdf")
    with tempfile.TemporaryDirectory(prefix="deckgen-lo-") as tmp:
        profile = Path(tmp) / "profile"
        outdir = Path(tmp) / "out"
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--convert-to", PDF_FILTER, "--outdir", str(outdir), str(pptx)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ExportError(f"{pptx}: LibreOffice did not finish within {timeout:.0f} s; "
                              f"the .pptx is kept (try again, or --no-pdf)") from None
        except OSError as exc:
            raise ExportError(f"{soffice}: cannot run LibreOffice ({exc.strerror})") from None
        produced = outdir / (pptx.stem + ".pdf")
        if not produced.is_file() or produced.stat().st_size == 0:
            detail = " ".join((proc.stderr or proc.stdout or "").split())[-300:]
            raise ExportError(f"{pptx}: LibreOffice made no PDF ({detail or 'no message'}); "
                              "the .pptx is kept")
        write_atomic(pdf, produced.read_bytes())
    return pdf
