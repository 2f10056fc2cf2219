"""SIGTERM and SIGHUP as exceptions, the way Python turns SIGINT into KeyboardInterrupt.

Their default action ends the process at once, leaving temporary files and a converting
LibreOffice behind. Raised as `errors.Stopped` they unwind through every `finally` instead:
temporary files are removed, LibreOffice's process group is killed. Only the command line
(cli.py) installs the handlers; the library just keeps its clean-up in `finally` blocks.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

from deckgen.errors import Stopped

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise Stopped.

    Once one has arrived, more of them are ignored, so a second signal cannot cut the
    clean-up short. The previous handlers are put back afterwards (the command may run
    inside another program, as in the tests); outside the main thread nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        raise Stopped(signum, signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, stop) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold SIGINT, SIGTERM and SIGHUP for the few lines of the block, then act on them.

    For a step that must not be cut in two, such as starting LibreOffice: a stop between
    the fork and the assignment of the Popen object would leave a process nobody kills.
    A held signal is handled when the block ends, by the handler that was in place.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    signals = (signal.SIGINT, *STOP_SIGNALS)
    previous = {sig: signal.signal(sig, lambda signum, frame: held.append(signum))
                for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if held:
        handler = previous[signal.Signals(held[0])]
        if callable(handler):
            handler(held[0], None)
        elif handler == signal.SIG_DFL:
            signal.raise_signal(held[0])
