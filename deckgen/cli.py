"""The `deckgen` command: the group, its options and how errors become exit codes.

The subcommands live in deckgen/commands/; each parses its options, calls one library
function and prints.
"""

from __future__ import annotations

import gc
import sys

# A command lives a second or two and makes hundreds of thousands of small objects (lxml
# elements' proxies, dataclasses), few of them in cycles. Collecting the youngest generation
# every 700 of them, Python's default, took about 8 % of a one-change rebuild (bench/README.md);
# every 50,000 costs 8 MB more at its peak.
gc.set_threshold(50_000, 20, 20)

try:  # Ctrl-C while Python loads the command line is an interruption, not a traceback
    import contextlib
    import os
    import select

    import click

    from deckgen.commands import decks, history, sessions, tools
    from deckgen.commands.output import logging_to_stderr, output, verbosity_options
    from deckgen.errors import (
        EXIT_BROKEN_PIPE,
        EXIT_INTERNAL,
        EXIT_INTERRUPTED,
        DeckgenError,
        Stopped,
    )
    from deckgen.interrupts import stop_signals_raise
except KeyboardInterrupt:
    sys.stderr.write("deckgen: interrupted\n")
    raise SystemExit(130) from None  # errors.EXIT_INTERRUPTED, which may not be loaded yet


class _Reported(click.ClickException):
    """A DeckgenError as click prints it: `Error: <message>` on stderr, then its exit code."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class _Group(click.Group):
    """Maps deckgen's errors to one line and an exit code (see errors.EXIT_CODES)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order of a month's work, not alphabetical

    def main(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        with logging_to_stderr():  # deckgen's log lines on stderr, at the levels -v/-q set
            return super().main(*args, **kwargs)

    def make_context(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        try:  # click would say "Aborted!" and exit 1 for a Ctrl-C while it reads the options
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:
            _last_words("deckgen: interrupted")
            raise click.exceptions.Exit(EXIT_INTERRUPTED) from None

    def invoke(self, ctx: click.Context):
        try:
            with stop_signals_raise():  # SIGTERM and SIGHUP unwind like Ctrl-C
                return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except DeckgenError as exc:
            raise _Reported(exc.message, exc.exit_code) from None
        except BrokenPipeError:
            if not _stdout_gone():  # a pipe of deckgen's own (LibreOffice's, say): a bug
                raise _Reported("internal error: BrokenPipeError (run with -v for details "
                                "and report it)", EXIT_INTERNAL) from None
            ctx.exit(EXIT_BROKEN_PIPE)
        except KeyboardInterrupt:
            _last_words("deckgen: interrupted; files already written are complete")
            ctx.exit(EXIT_INTERRUPTED)
        except Stopped as exc:
            _last_words(f"deckgen: stopped by {exc.name}; files already written are complete, "
                        "nothing half-written is left")
            ctx.exit(exc.exit_code)
        except Exception as exc:  # a bug: say so in one line, the traceback only with -v
            if output(ctx).verbose:
                raise
            detail = " ".join(str(exc).split())[:300]  # one line, whatever the exception says
            raise _Reported(f"internal error: {type(exc).__name__}{': ' if detail else ''}"
                            f"{detail} (run with -v for details and report it)",
                            EXIT_INTERNAL) from None


def _stdout_gone() -> bool:
    """True when stdout is a pipe nobody reads any more (`deckgen figures | head -3`).

    Then stdout is pointed at /dev/null, so what Python still holds for it is flushed
    there on the way out instead of raising again.
    """
    try:
        fd = sys.stdout.fileno()
        poll = select.poll()
        poll.register(fd, select.POLLOUT)
        gone = any(events & select.POLLERR for _, events in poll.poll(0))
    except (AttributeError, OSError, ValueError):  # not a file (a test's capture)
        return False
    if gone:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    return gone


def _last_words(message: str) -> None:
    """One line on stderr on the way out; a terminal that has gone (SIGHUP) is no error."""
    with contextlib.suppress(OSError):
        click.echo(message, err=True)


@click.group(cls=_Group, params=verbosity_options())
@click.version_option(package_name="deckgen")
def main() -> None:
    """Make slide decks for paper reading groups from arXiv rankings."""


for _command in (sessions.new, sessions.sources, sessions.rank, sessions.fetch,
                 sessions.figures, decks.build, decks.watch, decks.preview, decks.check,
                 history.history,
                 tools.layouts, tools.schema, tools.doctor, tools.pdf_server, tools.serve):
    main.add_command(_command)
