"""Edit a deck the way a presenter does in LibreOffice Impress, through its UNO API.

Run with a Python that imports `uno` (Debian's /usr/bin/python3 with python3-uno):

    /usr/bin/python3 tests/uno_edit.py IN.pptx OUT.pptx OPS.json

OPS.json is a list of edits applied in order; slide numbers are 1-based positions at the
time of the edit:

    {"op": "title", "slide": 5, "text": "..."}     replace the title's text
    {"op": "insert", "after": 3, "title": "..."}   a new "Title, Content" slide after slide 3
    {"op": "delete", "slide": 7}
    {"op": "move", "slide": 9, "to": 4}            slide 9 becomes slide 4

The deck is then stored as "Impress MS PowerPoint 2007 XML", as File > Save As .pptx does.
soffice runs headless with its own profile under a temporary folder, in its own process
group, which is killed on the way out whatever happened; every wait is bounded.

A test calls `edit_deck()` (below) from any Python: it finds a Python with `uno` and runs
this file in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UNO_PYTHONS = ("/usr/bin/python3", str(Path(__file__).resolve().parent.parent / ".venv-uno"
                                        / "bin" / "python"))
PPTX_FILTER = "Impress MS PowerPoint 2007 XML"
CONNECT_TIMEOUT = 30.0
SUBPROCESS_TIMEOUT = 120.0


# ---- the test side: any Python --------------------------------------------------------------

def uno_python() -> str | None:
    """A Python that can import `uno`, or None."""
    for candidate in UNO_PYTHONS:
        if not Path(candidate).exists():
            continue
        probe = subprocess.run([candidate, "-c", "import uno"], capture_output=True,
                               timeout=30)
        if probe.returncode == 0:
            return candidate
    return None


def edit_deck(src: Path, dst: Path, ops: list[dict], soffice: str,
              timeout: float = SUBPROCESS_TIMEOUT) -> None:
    """Apply `ops` to `src` in a real LibreOffice session and store the result as `dst`."""
    python = uno_python()
    if python is None:
        raise RuntimeError("no Python with the `uno` module (apt-get install python3-uno)")
    with tempfile.TemporaryDirectory(prefix="uno-edit-") as tmp:
        ops_file = Path(tmp) / "ops.json"
        ops_file.write_text(json.dumps(ops, ensure_ascii=False), encoding="utf-8")
        env = {**os.environ, "UNO_EDIT_SOFFICE": soffice}
        proc = subprocess.Popen([python, __file__, str(src), str(dst), str(ops_file)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env=env, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except BaseException:
            _kill_group(proc.pid)
            proc.communicate()
            raise
        finally:
            _kill_group(proc.pid)  # anything the driver left behind
    if proc.returncode != 0 or not dst.is_file():
        raise RuntimeError(f"uno_edit failed ({proc.returncode}): {err[-2000:]}{out[-500:]}")


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# ---- the LibreOffice side: Debian's Python with python3-uno ----------------------------------

def _connect(pipe: str, deadline: float):
    import uno
    from com.sun.star.connection import NoConnectException

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _prop(name: str, value):
    from com.sun.star.beans import PropertyValue

    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _title_shape(page):
    for i in range(page.getCount()):
        shape = page.getByIndex(i)
        if shape.getShapeType() == "com.sun.star.presentation.TitleTextShape":
            return shape
    return None


def _dispatch(ctx, frame, command: str) -> None:
    helper = ctx.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.DispatchHelper", ctx)
    helper.executeDispatch(frame, command, "", 0, ())


def _apply(ctx, doc, op: dict) -> None:
    pages = doc.getDrawPages()
    kind = op["op"]
    if kind == "title":
        shape = _title_shape(pages.getByIndex(op["slide"] - 1))
        if shape is None:
            raise RuntimeError(f"slide {op['slide']} has no title")
        shape.setString(op["text"])
    elif kind == "insert":
        page = pages.insertNewByIndex(op["after"] - 1)  # inserted after that index
        page.Layout = 1  # AUTOLAYOUT_TITLE_CONTENT: "Title, Content"
        _title_shape(page).setString(op["title"])
    elif kind == "delete":
        pages.remove(pages.getByIndex(op["slide"] - 1))
    elif kind == "move":
        # no API moves a page: select it in the view and use Slide > Move, as a presenter does
        controller = doc.getCurrentController()
        src, to = op["slide"] - 1, op["to"] - 1
        controller.setCurrentPage(pages.getByIndex(src))
        frame = controller.getFrame()
        step = ".uno:MovePageUp" if to < src else ".uno:MovePageDown"
        for _ in range(abs(to - src)):
            _dispatch(ctx, frame, step)
    else:
        raise ValueError(f"unknown op {kind!r}")


def main(src: str, dst: str, ops_path: str) -> int:
    import uno

    ops = json.loads(Path(ops_path).read_text(encoding="utf-8"))
    soffice = os.environ.get("UNO_EDIT_SOFFICE") or shutil.which("soffice") or "soffice"
    tmp = Path(tempfile.mkdtemp(prefix="uno-edit-lo-"))
    pipe = f"uno_edit_{os.getpid()}"
    proc = subprocess.Popen(
        [soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
         "--invisible", "--norestore", "--nologo", "--nodefault",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    try:
        ctx = _connect(pipe, time.monotonic() + CONNECT_TIMEOUT)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop",
                                                               ctx)
        # not Hidden: a hidden document has no slide pane, and Slide > Move needs one
        # (--headless still shows nothing)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(Path(src).resolve())),
                                           "_blank", 0, (_prop("Hidden", False),))
        if doc is None:
            raise RuntimeError(f"{src}: LibreOffice could not load it")
        for op in ops:
            _apply(ctx, doc, op)
        doc.storeToURL(uno.systemPathToFileUrl(str(Path(dst).resolve())),
                       (_prop("FilterName", PPTX_FILTER),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes down with the office: expected
            pass
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        return 0
    finally:
        _kill_group(proc.pid)
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
