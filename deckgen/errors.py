"""Errors a user can act on: each message names the file, field or id, and the fix.

Library code raises these and never prints or exits; `deckgen.cli` turns them into one line
on stderr and an exit code (see EXIT_CODES). Nothing here imports click, so the pure stages
can raise them.
"""

from __future__ import annotations

# The exit codes of the `deckgen` command, documented in the README.
EXIT_OK = 0
EXIT_PROBLEM = 1  # a problem the user can fix; the message says what and how
EXIT_USAGE = 2  # the command line itself is wrong (click's own usage errors)
EXIT_INTERNAL = 70  # a bug in deckgen (EX_SOFTWARE): please report it
EXIT_HANGUP = 129  # SIGHUP: the terminal went away; temporary files were removed
EXIT_INTERRUPTED = 130  # SIGINT (Ctrl-C)
EXIT_BROKEN_PIPE = 141  # SIGPIPE's code: the program reading the output stopped (`| head`)
EXIT_TERMINATED = 143  # SIGTERM

EXIT_CODES: dict[int, str] = {
    EXIT_OK: "success",
    EXIT_PROBLEM: "a problem with your files, the network, LibreOffice or a check that failed; "
                  "the message names the file, field, id or host and the fix",
    EXIT_USAGE: "the command line is wrong (unknown option, missing argument)",
    EXIT_INTERNAL: "an internal error in deckgen; run again with -v and report it",
    EXIT_HANGUP: "stopped by SIGHUP; nothing half-written is left behind",
    EXIT_INTERRUPTED: "interrupted (Ctrl-C); nothing half-written is left behind",
    EXIT_BROKEN_PIPE: "the program reading the output stopped early (`deckgen figures | head`); "
                      "the rest of the output is dropped without a message",
    EXIT_TERMINATED: "stopped by SIGTERM; nothing half-written is left behind",
}


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived (deckgen's command turns them into this exception).

    Like KeyboardInterrupt for Ctrl-C it is no Exception, so no `except Exception` stops it:
    it unwinds the stack, and every `finally` on the way removes its temporary file and
    kills the LibreOffice it started.
    """

    def __init__(self, signum: int, name: str) -> None:
        super().__init__(name)
        self.signum = signum
        self.name = name
        self.exit_code = 128 + signum  # the shell's convention: EXIT_TERMINATED, EXIT_HANGUP


class DeckgenError(Exception):
    """Base of every error deckgen reports to the user: one line, no traceback."""

    exit_code = EXIT_PROBLEM

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class SpecError(DeckgenError):
    """session.yaml (or another presenter-written file) is invalid.

    Holds every problem found, so the presenter can fix them all in one go.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class LockError(DeckgenError):
    """The lock lacks metadata the deck needs, or cannot be read."""


class TemplateError(DeckgenError):
    """A template is missing or is not a usable .pptx."""


class OutputError(DeckgenError):
    """An output file cannot be written."""


class ExportError(DeckgenError):
    """LibreOffice could not turn the deck into a PDF."""
