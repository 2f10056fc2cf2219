"""What every command shares: warnings, the session-folder check and progress display."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import click

from deckgen.commands.output import output
from deckgen.errors import DeckgenError


def warn(ctx: click.Context, messages: list[str]) -> None:
    """Each message as one `warning:` line on stderr, once (none with -q): fetching and
    building can both find the same damaged file."""
    if output(ctx).quiet:
        return
    for message in dict.fromkeys(messages):
        click.echo(f"warning: {message}", err=True)


def say(ctx: click.Context, line: str, err: bool = False) -> None:
    """A line saying what was done, on stdout (a note on stderr); none with -q."""
    if not output(ctx).quiet:
        click.echo(line, err=err)


def need_session(session_dir: Path, command: str) -> None:
    if not (session_dir / "session.yaml").is_file():
        raise DeckgenError(f"{session_dir}: no session.yaml here (pass a session folder, "
                           f"e.g. `deckgen {command} sessions/2026-06`)")


class Progress:
    """How far a fetch is, on stderr; nothing with -q.

    On a terminal: a bar that moves per item (a batch of metadata, a paper's figures) and
    shows the step under way beside it (a figure being fetched, a wait between two requests
    to arXiv). Piped or logged: one plain line per item done.
    """

    def __init__(self, ctx: click.Context, label: str, stream: TextIO | None = None) -> None:
        self.quiet = output(ctx).quiet
        self.stream = stream or sys.stderr  # sys.stderr now: a test's runner may swap it
        self.terminal = self.stream.isatty()
        self.label = label
        self.bar: Any = None
        self.done = 0

    def __call__(self, done: int, total: int, what: str) -> None:
        if self.quiet:
            return
        if not self.terminal:
            if done > self.done:
                click.echo(f"{self.label.strip()} {done}/{total}: {what}", file=self.stream)
            self.done = done
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=self.stream,
                                         show_pos=True, item_show_func=_shorter)
            self.bar.__enter__()
        self.bar.update(done - self.done, what)
        self.done = done

    def note(self, message: str) -> None:
        """A step within the current item: shown beside the bar, on a terminal only."""
        if self.bar is not None and not self.quiet:
            self.bar.current_item = message
            self.bar.render_progress()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _shorter(item: str | None) -> str | None:
    """The step beside the bar, cut to leave the bar room on an 80-column terminal."""
    return item if item is None or len(item) <= 40 else item[:39] + "…"


@contextlib.contextmanager
def progress_bars(ctx: click.Context) -> Iterator[tuple[Progress, Progress]]:
    """(metadata, figures) progress, closed whatever happens."""
    bars = (Progress(ctx, "arXiv metadata"), Progress(ctx, "figures      "))
    try:
        yield bars
    finally:
        for bar in bars:
            bar.close()
