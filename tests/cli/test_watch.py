"""`deckgen watch`: a build at the start, one after each change, none for its own writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pptx import Presentation

from deckgen import watch as watching
from deckgen.cli import main

TIMEOUT = 30.0


def wait_for(check, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def edit(session: Path, old: str, new: str) -> None:
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new, 1), encoding="utf-8")


class Watching:
    """`deckgen watch ARGS` through CliRunner on a thread; `stop()` ends it, as Ctrl-C
    would, through deckgen.watch.stopping."""

    def __init__(self, *args: str) -> None:
        self.result: Result | None = None
        self.thread = threading.Thread(target=self._run, args=(args,), daemon=True)
        self.thread.start()

    def _run(self, args: tuple[str, ...]) -> None:
        self.result = CliRunner().invoke(main, ["watch", *args], catch_exceptions=False)

    def stop(self) -> Result:
        watching.stopping.set()
        self.thread.join(TIMEOUT)
        assert self.result is not None, "the watch did not end"
        return self.result


def author(pptx: Path) -> str:
    try:
        return Presentation(str(pptx)).core_properties.author
    except Exception:  # being written: ask again
        return ""


def test_a_build_at_the_start_and_one_per_change(example: Path):
    pptx = example / "build" / "2026-06.pptx"
    run = Watching(str(example), "--no-pdf", "--offline")
    try:
        wait_for(lambda: author(pptx) == "山田 太郎", "the first build")
        edit(example, "presenter: 山田 太郎", "presenter: 高山 温")
        wait_for(lambda: author(pptx) == "高山 温", "the build after the change")
        time.sleep(0.3)
        (example / "session.yaml").touch()  # saved again, unchanged: no build
        time.sleep(1.5)
    finally:
        result = run.stop()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    builds = [line for line in lines if " built 20 slides: " in line]
    assert len(builds) == 2, lines
    assert all(line[:8].count(":") == 2 for line in builds)  # HH:MM:SS first
    assert any(line.startswith("updated the deck: ") for line in lines)
    assert result.stderr == (f"watching {example}: session.yaml, translations.yaml, figures/ "
                             "(Ctrl-C stops)\n")


def test_a_failing_build_is_one_line_and_the_watch_goes_on(example: Path):
    pptx = example / "build" / "2026-06.pptx"
    run = Watching(str(example), "--no-pdf", "--offline", "-q")
    try:
        wait_for(pptx.exists, "the first build")
        edit(example, "presenter: 山田 太郎", "presenter: [山田 太郎")
        time.sleep(1.5)
        edit(example, "presenter: [山田 太郎", "presenter: 高山 温")
        wait_for(lambda: author(pptx) == "高山 温", "the build after the fix")
    finally:
        result = run.stop()
    assert result.stdout == ""  # -q: errors only
    [error] = result.stderr.splitlines()
    assert error[8:].startswith(f" Error: {example / 'session.yaml'}:6:")


def test_the_builds_own_writes_build_nothing(example: Path):
    calls: list[float] = []

    def rebuild() -> None:  # writes what a build writes: translations, a figure
        calls.append(time.monotonic())
        (example / "translations.yaml").write_text(f"# build {len(calls)}\n", encoding="utf-8")
        (example / "figures" / "2606.13681").mkdir(parents=True, exist_ok=True)
        (example / "figures" / "2606.13681" / "fig1.png").write_bytes(b"%d" % len(calls))

    stop = threading.Event()
    thread = threading.Thread(target=watching.watch_session, args=(example, rebuild),
                              kwargs={"stop": stop, "debounce_ms": 100}, daemon=True)
    thread.start()
    try:
        wait_for(lambda: len(calls) == 1, "the first build")
        time.sleep(1.0)
        assert len(calls) == 1
        (example / "figures" / "2606.13681" / "fig2.png").write_bytes(b"a new figure")
        wait_for(lambda: len(calls) == 2, "the build after a new figure")
        (example / "build").mkdir(exist_ok=True)
        (example / "build" / "2026-06.pptx").write_bytes(b"not watched")
        (example / "deckgen.lock.json").touch()
        time.sleep(1.0)
        assert len(calls) == 2
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert not thread.is_alive()


def test_ctrl_c_stops_it_with_one_line(example: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", "watch", str(example),
                             "--no-pdf", "--offline"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        wait_for((example / "build" / "2026-06.pptx").exists, "the first build")
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=TIMEOUT)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert " built 20 slides: " in out
    assert err.splitlines()[-1] == "deckgen: interrupted; files already written are complete"
    assert "Traceback" not in err
    assert not list((example / "build").glob(".*.tmp"))


@pytest.mark.parametrize("name", ["session.yaml", "translations.yaml", "figures/2606.1/x.png"])
def test_what_is_watched(example: Path, name: str):
    assert watching.watched(example, example / name)
    for other in ("deckgen.lock.json", "build/2026-06.pptx", ".session.yaml.swp",
                  "figures/2606.1/.x.png.tmp", "session.yaml~"):
        assert not watching.watched(example, example / other)


@pytest.mark.soffice
def test_with_the_pdf_preview_png_is_written_again(example: Path):
    preview = example / "build" / "preview.png"
    run = Watching(str(example), "--offline")
    try:
        wait_for(preview.exists, "the first preview")
        first = preview.stat().st_mtime_ns
        edit(example, "presenter: 山田 太郎", "presenter: 高山 温")
        wait_for(lambda: preview.stat().st_mtime_ns != first, "the preview after the change")
    finally:
        result = run.stop()
    assert result.exit_code == 0, result.output
    built = [line for line in result.stdout.splitlines() if " built 20 slides: " in line]
    assert len(built) == 2 and all(line.endswith(f"; wrote {preview}") for line in built)


def test_what_a_build_left_in_cycles_is_freed_by_the_next(example: Path):
    """A deck python-pptx opened is a reference cycle; a command collects those seldom (it
    lives seconds), a watch lives hours: each build's are freed as the next begins."""
    import gc
    import weakref

    from deckgen import watch

    class Deck:  # stands in for a Presentation: it refers to itself through its parts
        pass

    left: list[weakref.ref] = []

    def rebuild() -> None:
        deck = Deck()
        deck.part = {"presentation": deck}
        left.append(weakref.ref(deck))

    gc.collect()
    threshold = gc.get_threshold()
    gc.set_threshold(10**9)  # no collection but the watch's own
    try:
        watch._build(example, rebuild)
        watch._build(example, rebuild)
    finally:
        gc.set_threshold(*threshold)
    assert len(left) == 2 and left[0]() is None


def test_a_save_as_the_first_build_ends_is_built_too(example: Path):
    """The watch for changes begins after the first build: a save that lands in between sends
    no event, and is built all the same."""
    builds: list[float] = []
    stop = threading.Event()

    def rebuild() -> None:
        builds.append(time.monotonic())
        if len(builds) == 1:  # saved as the first build ends, before anything listens
            edit(example, "presenter: 山田 太郎", "presenter: 高山 温")

    runner = threading.Thread(target=watching.watch_session, args=(example, rebuild),
                              kwargs={"stop": stop, "debounce_ms": 50}, daemon=True)
    runner.start()
    try:
        wait_for(lambda: len(builds) == 2, "the build of the save")
        time.sleep(1.2)  # and no other: the next half seconds without events build nothing
        assert len(builds) == 2
    finally:
        stop.set()
        runner.join(TIMEOUT)
