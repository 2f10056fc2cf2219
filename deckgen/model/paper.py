"""Paper metadata: the `Paper` record kept in the lock, one per arXiv id."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paper:
    """arXiv metadata of one paper at a pinned version (None when the source did not say)."""

    id: str
    title: str
    abstract: str
    version: int | None = None
    authors: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    published: str | None = None
    updated: str | None = None
    categories: tuple[str, ...] = ()
    origin: str = "arxiv"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def versioned_id(self) -> str:
        """`2401.12345v2`, or the bare id when the version is unknown."""
        return f"{self.id}v{self.version}" if self.version else self.id

    @property
    def abs_url(self) -> str:
        """The arXiv abstract page, pinned to the version when known."""
        return f"https://arxiv.org/abs/{self.versioned_id}"

    @property
    def pdf_url(self) -> str:
        """The arXiv PDF, pinned to the version when known."""
        return f"https://arxiv.org/pdf/{self.versioned_id}"

    def to_json(self) -> dict[str, Any]:
        """The lock's JSON form (URLs included for people reading the lock)."""
        data = asdict(self)
        for key in ("authors", "affiliations", "categories"):
            data[key] = list(data[key])
        data["abs_url"] = self.abs_url
        data["pdf_url"] = self.pdf_url
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Paper:
        """Read one lock entry (unknown keys, such as the URLs, are ignored).

        Raises TypeError naming the field when a value has the wrong type.
        """
        if not isinstance(data, dict):
            raise TypeError("an entry must be an object of fields")
        known = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        for key in ("id", "title", "abstract"):
            if not isinstance(known.get(key), str):
                raise TypeError(f"{key} must be text")
        for key in ("published", "updated", "origin"):
            if known.get(key) is not None and not isinstance(known[key], str):
                raise TypeError(f"{key} must be text or null")
        if known.get("origin") is None:
            known.pop("origin", None)
        for key in ("authors", "affiliations", "categories"):
            value = known.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TypeError(f"{key} must be a list of text")
            known[key] = tuple(value)
        version = known.get("version")
        if version is not None and (not isinstance(version, int) or isinstance(version, bool)
                                    or version < 1):
            raise TypeError("version must be a whole number from 1, or null")
        extra = known.get("extra") or {}
        if not isinstance(extra, dict) or not all(isinstance(v, str) for v in extra.values()):
            raise TypeError("extra must be an object of texts")
        known["extra"] = extra
        return cls(**known)
