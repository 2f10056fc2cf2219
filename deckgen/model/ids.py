"""The arXiv id grammar, written once: `ArxivRef` and `parse_arxiv_id`.

Every place that recognises an arXiv id (session.yaml, translations.yaml, ranking sources,
the deck check's links, the JSON Schema) builds on the patterns here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NEW_ID = r"\d{4}\.\d{4,5}"
_OLD_ID = r"[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?/\d{7}"
# Plain groups only, so it can be embedded in other patterns (URLs) and in JSON Schema
# (ECMA-262 has no `(?P<name>...)`).
ARXIV_ID_PATTERN = rf"(?:{_NEW_ID}|{_OLD_ID})(?:v\d+)?"
ARXIV_ID_RE = re.compile(rf"^(?P<base>{_NEW_ID}|{_OLD_ID})(?:v(?P<version>\d+))?$")


@dataclass(frozen=True)
class ArxivRef:
    """An arXiv id with an optional pinned version (`2401.12345v2`, `hep-ex/0406020v1`)."""

    base: str
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.base}v{self.version}" if self.version else self.base


def parse_arxiv_id(text: str) -> ArxivRef | None:
    """Parse an arXiv id, or return None when it is not one."""
    match = ARXIV_ID_RE.match(text.strip())
    if not match:
        return None
    version = match.group("version")
    return ArxivRef(match.group("base"), int(version) if version else None)
