"""One cheap request to each service deckgen talks to, for `deckgen doctor --online`.

Each probe is a single request through the same PoliteSession every fetch uses (its
endpoints, User-Agent and bounds), with no retry and a short timeout, so a service that is
down is reported in seconds rather than after a minute of backoff.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from deckgen.net.http import Endpoints, NetworkError, PoliteSession

PROBE_TIMEOUT = 10.0  # seconds; a doctor should answer quickly


@dataclass(frozen=True)
class Probe:
    """What one service answered: its HTTP status (None: no answer) and how long it took."""

    service: str
    variable: str
    url: str
    status: int | None
    seconds: float
    problem: str | None = None


def probe_urls(ep: Endpoints) -> list[tuple[str, str, str]]:
    """(service, the variable that moves it, a cheap URL) for every service."""
    return [
        ("arXiv API", "DECKGEN_ARXIV_API_URL", f"{ep.arxiv_api}?id_list=1706.03762&max_results=1"),
        ("arXiv pages", "DECKGEN_ARXIV_URL", f"{ep.arxiv}/abs/1706.03762"),
        ("arXiv listings", "DECKGEN_ARXIV_RSS_URL", f"{ep.arxiv_rss}/rss/cs.LG"),
        ("ar5iv", "DECKGEN_AR5IV_URL", f"{ep.ar5iv}/"),
        ("Hugging Face", "HF_ENDPOINT", f"{ep.hf}/api/daily_papers?limit=1"),
        ("Papers with Code", "DECKGEN_PWC_API_URL", f"{ep.pwc_api}/"),
    ]


def probe_services(http: PoliteSession | None = None) -> list[Probe]:
    """One HEAD request to each service, in turn."""
    http = http or PoliteSession()
    out = []
    with http.retrying_at_most(0):
        for service, variable, url in probe_urls(http.endpoints):
            started = time.monotonic()
            try:
                response = http.head(url, timeout=min(PROBE_TIMEOUT, http.endpoints.timeout),
                                     allow_redirects=True)
                status, problem = response.status_code, None
            except NetworkError as exc:
                status, problem = None, exc.message
            out.append(Probe(service, variable, url, status, time.monotonic() - started,
                             problem))
    return out
