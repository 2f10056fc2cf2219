"""How much deckgen says: -v and -q (before or after the subcommand) and the log's levels.

| option | deckgen's log           | other libraries' logs |
| ------ | ----------------------- | --------------------- |
| -q     | errors                  | errors                |
| (none) | warnings                | warnings              |
| -v     | + progress and choices  | warnings              |
| -vv    | + debugging             | warnings              |
| -vvv   | + debugging             | everything            |

Pillow, pdfminer, urllib3 and the DeepL SDK log at DEBUG freely (pdfminer some 190,000
lines for one check), so their loggers stay at warnings unless asked for three times.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import click

DECKGEN = logging.getLogger("deckgen")


@dataclass
class Output:
    """The verbosity chosen on the command line; the root context's `obj`."""

    verbose: int = 0
    quiet: bool = False


def output(ctx: click.Context) -> Output:
    """The command line's Output (one for the group and its subcommand)."""
    return ctx.ensure_object(Output)


def _levels(out: Output) -> tuple[int, int]:
    """(deckgen's level, other libraries' level)."""
    if out.quiet:
        return logging.ERROR, logging.ERROR
    deckgen = {0: logging.WARNING, 1: logging.INFO}.get(out.verbose, logging.DEBUG)
    return deckgen, logging.DEBUG if out.verbose >= 3 else logging.WARNING


class _Handler(logging.Handler):
    """Log records as lines on the current stderr (click's, so tests capture them)."""

    def __init__(self) -> None:
        super().__init__()
        self.others = logging.WARNING

    def filter(self, record: logging.LogRecord) -> bool:
        mine = record.name == "deckgen" or record.name.startswith("deckgen.")
        return mine or record.levelno >= self.others  # a library may set its own level

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info and DECKGEN.isEnabledFor(logging.DEBUG):
                message += "\n" + logging.Formatter().formatException(record.exc_info)
            mine = record.name == "deckgen" or record.name.startswith("deckgen.")
            if not mine:
                message = f"{record.name}: {message}"
            elif record.levelno >= logging.WARNING:
                message = f"{record.levelname.lower()}: {message}"
            click.echo(message, err=True)
        except Exception:  # never let a log line break the command
            self.handleError(record)


_HANDLER = _Handler()


def apply(out: Output) -> None:
    """Set the loggers' levels for `out` (called again as options are parsed)."""
    deckgen, others = _levels(out)
    DECKGEN.setLevel(deckgen)
    logging.getLogger().setLevel(others)
    _HANDLER.others = others


@contextlib.contextmanager
def logging_to_stderr() -> Iterator[None]:
    """For one run of the command: log records go to stderr at the levels -v/-q choose;
    the loggers are left as they were afterwards (the command may run inside a test)."""
    root = logging.getLogger()
    before = (root.level, DECKGEN.level)
    root.addHandler(_HANDLER)
    apply(Output())
    try:
        yield
    finally:
        root.removeHandler(_HANDLER)
        root.setLevel(before[0])
        DECKGEN.setLevel(before[1])


def _verbose(ctx: click.Context, param: click.Parameter, value: int) -> None:
    out = output(ctx)
    out.verbose += value or 0
    apply(out)


def _quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    out = output(ctx)
    out.quiet = out.quiet or bool(value)
    apply(out)


def verbosity_options() -> list[click.Option]:
    """-v and -q, for the group and for every subcommand (`deckgen build -v` works too)."""
    return [
        click.Option(["-v", "--verbose"], count=True, expose_value=False, callback=_verbose,
                     help="Say more on stderr: -v deckgen's steps, -vv its debugging, -vvv "
                          "every library's."),
        click.Option(["-q", "--quiet"], is_flag=True, expose_value=False, callback=_quiet,
                     help="Print errors only (a listing still prints)."),
    ]


def whole_first_line(command: click.Command) -> str:
    """A command's line in its group's help: the docstring's first paragraph, never cut
    with "..." (click's default); the help formatter wraps it to the terminal instead."""
    text = command.short_help or command.help or ""
    return " ".join(text.split("\n\n", 1)[0].split())


class Command(click.Command):
    """A deckgen subcommand: takes -v and -q after its name too; its summary is never cut."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.params.extend(verbosity_options())

    def get_short_help_str(self, limit: int = 45) -> str:
        return whole_first_line(self)


class Group(click.Group):
    """A deckgen command with subcommands of its own (`pdf-server start`)."""

    command_class = Command

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.params.extend(verbosity_options())

    def get_short_help_str(self, limit: int = 45) -> str:
        return whole_first_line(self)
