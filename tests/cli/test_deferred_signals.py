"""A signal that arrives while LibreOffice is being started is acted on once it has started."""

from __future__ import annotations

import os
import signal

import pytest

from deckgen.errors import Stopped
from deckgen.interrupts import deferred, stop_signals_raise


def test_a_stop_inside_the_block_waits_for_its_end_then_raises() -> None:
    reached_end = False
    with stop_signals_raise(), pytest.raises(Stopped) as stopped:
        with deferred():
            os.kill(os.getpid(), signal.SIGTERM)  # delivered now, while the block runs
            reached_end = True  # the block was not cut in two
    assert reached_end and stopped.value.exit_code == 143


def test_ctrl_c_inside_the_block_is_a_keyboard_interrupt_at_its_end() -> None:
    after: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with deferred():
            os.kill(os.getpid(), signal.SIGINT)
            after.append("end of block")
    assert after == ["end of block"]


def test_handlers_are_put_back_when_nothing_arrived() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with deferred():
        pass
    assert signal.getsignal(signal.SIGTERM) is before
