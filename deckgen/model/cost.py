"""What a build spent: requests per service and DeepL characters. Plain data, no I/O."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Spent:
    """Requests sent per service (arXiv, Hugging Face, DeepL, …), the DeepL characters
    this build was billed for, and the DeepL account's (used, limit) this billing period
    when DeepL's usage endpoint answered."""

    requests: Counter[str] = field(default_factory=Counter)
    characters: int = 0
    usage: tuple[int, int] | None = None

    def add_requests(self, by_service: dict[str, int]) -> None:
        self.requests.update({k: v for k, v in by_service.items() if v})

    def line(self) -> str:
        """`12 requests (arXiv 11, DeepL 1), DeepL 3,456 characters (12,345 of 500,000
        used this period)`, or `no request sent`."""
        total = sum(self.requests.values())
        if not total:
            return "no request sent"
        services = ", ".join(f"{name} {n}" for name, n in sorted(self.requests.items(),
                                                                 key=lambda kv: -kv[1]))
        out = f"{total} request{'' if total == 1 else 's'} ({services})"
        if self.characters or "DeepL" in self.requests:
            out += f", DeepL {self.characters:,} characters"
            if self.usage is not None:
                out += f" ({self.usage[0]:,} of {self.usage[1]:,} used this period)"
        return out
