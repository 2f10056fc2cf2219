"""Month-to-month memory as plain data: which papers earlier sessions presented, picked and
skipped, and where a paper of this month's rankings was presented before.

`deckgen.session.history` reads it from the other session folders beside this one and the
presenter's `history.yaml`; the plan reads `History.mark(id)` to write `⇒ 2026-05 #3` on the
ranking list and, by default, not present that paper again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Mark:
    """Where a paper was presented before: the month and its rank on that month's ranking."""

    month: str  # YYYY-MM
    rank: int | None = None  # None: a history file that gave no rank

    @property
    def text(self) -> str:
        """`⇒ 2026-05 #3`, the form of the cross-ranking marks."""
        return f"⇒ {self.month}" + (f" #{self.rank}" if self.rank else "")


@dataclass(frozen=True)
class Month:
    """One earlier month: what it presented (id and rank), picked and skipped (id and the
    mark of the month that had presented it)."""

    month: str  # YYYY-MM
    source: Path  # the session folder, or the history file
    presented: tuple[tuple[str, int | None], ...] = ()
    picked: tuple[str, ...] = ()
    skipped: tuple[tuple[str, Mark], ...] = ()


@dataclass(frozen=True)
class History:
    """The earlier months, oldest first, and what each paper's latest presentation was."""

    months: tuple[Month, ...] = ()
    marks: dict[str, Mark] = field(default_factory=dict)  # base id -> latest presentation

    def mark(self, base_id: str) -> Mark | None:
        """Where `base_id` was last presented before this session, or None."""
        return self.marks.get(base_id)
