"""One polite HTTP layer for every source: endpoints, timeouts, retries, per-host pacing.

Every request deckgen sends goes through `PoliteSession` (a `requests.Session`, so the
`arxiv` package can use it too): it waits a minimum interval per host (arXiv asks for one
request every 3 seconds), sends a descriptive User-Agent, applies a timeout, retries 429,
5xx, broken bodies and connection errors with exponential backoff, and honours
`Retry-After`. When retries run out it raises `NetworkError` with one line that names the
host and what to do. Every answer is read within bounds (`bounded.py`: bytes after
decompression, a deadline per request) and, where a check is registered, checked to be what
it claims (`answers.py`); an answer that breaks a bound or is of the wrong kind is named at
once, without retrying.
"""

from __future__ import annotations

import contextlib
import email.utils
import logging
import math
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import requests

from deckgen import limits
from deckgen.errors import DeckgenError
from deckgen.net.answers import (  # noqa: F401 (the checks are imported from here too)
    RetryableResponse,
    WrongAnswer,
    whole_json,
    whole_xml,
)
from deckgen.net.bounded import AnswerTooLarge, AnswerTooSlow, answer_limit, bound

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class NetworkError(DeckgenError):
    """A service could not be reached or kept failing after the retries."""


class AnswerTooLargeError(NetworkError):
    """An answer over its byte limit; `limit`, and `size` when the server declared it."""

    def __init__(self, message: str, limit: int, size: int | None) -> None:
        super().__init__(message)
        self.limit, self.size = limit, size


def _env_float(environ: Mapping[str, str], name: str, default: float) -> float:
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise DeckgenError(f"environment: {name}={raw!r} is not a number of seconds "
                           f"(unset it or use e.g. {name}={default:g})") from None
    if value < 0 or not math.isfinite(value):
        raise DeckgenError(f"environment: {name}={raw!r} must be a finite number, 0 or more "
                           f"(e.g. {name}={default:g})")
    return value


def _env_url(environ: Mapping[str, str], name: str, default: str) -> str:
    raw = (environ.get(name) or "").strip()
    if not raw:
        return default
    if urlsplit(raw).scheme not in ("http", "https"):
        raise DeckgenError(f"environment: {name}={raw!r} is not an http(s) URL "
                           f"(unset it or use e.g. {name}={default})")
    return raw.rstrip("/")


@dataclass(frozen=True)
class Endpoints:
    """Where each service lives and how politely to talk to it, from the environment."""

    hf: str = "https://huggingface.co"
    hf_token: str | None = None
    arxiv_api: str = "https://export.arxiv.org/api/query"
    arxiv: str = "https://arxiv.org"
    arxiv_rss: str = "https://rss.arxiv.org"
    ar5iv: str = "https://ar5iv.labs.arxiv.org"
    pwc_api: str = "https://paperswithcode.co/api/v1"
    arxiv_delay: float = 3.0
    timeout: float = 30.0
    deadline: float = limits.REQUEST_DEADLINE
    retries: int = 4
    backoff: float = 2.0
    contact: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Endpoints:
        """Read `HF_ENDPOINT`, `HF_TOKEN` and the `DECKGEN_*` variables (README lists them)."""
        env = os.environ if environ is None else environ
        d = cls()
        return cls(
            hf=_env_url(env, "HF_ENDPOINT", d.hf),
            hf_token=(env.get("HF_TOKEN") or "").strip() or None,
            arxiv_api=_env_url(env, "DECKGEN_ARXIV_API_URL", d.arxiv_api),
            arxiv=_env_url(env, "DECKGEN_ARXIV_URL", d.arxiv),
            arxiv_rss=_env_url(env, "DECKGEN_ARXIV_RSS_URL", d.arxiv_rss),
            ar5iv=_env_url(env, "DECKGEN_AR5IV_URL", d.ar5iv),
            pwc_api=_env_url(env, "DECKGEN_PWC_API_URL", d.pwc_api),
            arxiv_delay=_env_float(env, "DECKGEN_ARXIV_DELAY", d.arxiv_delay),
            timeout=_env_float(env, "DECKGEN_HTTP_TIMEOUT", d.timeout) or d.timeout,
            deadline=_env_float(env, "DECKGEN_HTTP_DEADLINE", d.deadline) or d.deadline,
            retries=min(int(_env_float(env, "DECKGEN_HTTP_RETRIES", d.retries)), 20),
            backoff=_env_float(env, "DECKGEN_HTTP_BACKOFF", d.backoff),
            contact=(env.get("DECKGEN_CONTACT") or "").strip() or None,
        )

    def variables(self) -> dict[str, str]:
        """Each configured endpoint URL and the environment variable that sets it."""
        return {self.hf: "HF_ENDPOINT", self.arxiv_api: "DECKGEN_ARXIV_API_URL",
                self.arxiv: "DECKGEN_ARXIV_URL", self.arxiv_rss: "DECKGEN_ARXIV_RSS_URL",
                self.ar5iv: "DECKGEN_AR5IV_URL", self.pwc_api: "DECKGEN_PWC_API_URL"}

    def variable_for(self, url: str) -> str | None:
        """The variable whose endpoint `url` is under (the longest match), if any."""
        matches = [(len(base), name) for base, name in self.variables().items()
                   if url == base or url.startswith(base.rstrip("/") + "/")
                   or url.startswith(base + "?")]
        return max(matches)[1] if matches else None

    def serves_figures(self, url: str) -> bool:
        """True for an http(s) URL on an arXiv host or on a configured arXiv endpoint's
        host: the only places figure images are downloaded from."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return False
        if host == "arxiv.org" or host.endswith(".arxiv.org"):
            return True
        return _host(url) in {_host(u) for u in (self.arxiv, self.ar5iv, self.arxiv_api,
                                                  self.arxiv_rss)}

    def service(self, host: str) -> str:
        """The service a host belongs to, as the build's cost line names it."""
        if host in {_host(u) for u in (self.arxiv_api, self.arxiv, self.arxiv_rss,
                                       self.ar5iv)} or host.endswith("arxiv.org"):
            return "arXiv"
        if host == _host(self.hf):
            return "Hugging Face"
        if host == _host(self.pwc_api):
            return "Papers with Code"
        return host

    def host_intervals(self) -> dict[str, float]:
        """Minimum seconds between two requests to the same host."""
        arxiv_hosts = (self.arxiv_api, self.arxiv, self.arxiv_rss, self.ar5iv)
        intervals = {_host(url): self.arxiv_delay for url in arxiv_hosts}
        for url in (self.hf, self.pwc_api):
            intervals.setdefault(_host(url), 0.0)
        return intervals


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.lower()


def user_agent(contact: str | None = None) -> str:
    """`deckgen/0.1 (slide decks for paper reading groups; mailto:…)`."""
    try:
        ours = version("deckgen")
    except PackageNotFoundError:  # running from a source tree
        ours = "dev"
    about = "slide decks for paper reading groups"
    if contact:
        mail = "@" in contact and "://" not in contact
        about += f"; mailto:{contact}" if mail else f"; {contact}"
    return f"deckgen/{ours} ({about}) python-requests/{requests.__version__}"


ResponseCheck = Callable[[requests.Response], None]


@dataclass
class _HostState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float | None = None


class PoliteSession(requests.Session):
    """A `requests.Session` that paces, retries and explains; see the module docstring."""

    def __init__(self, endpoints: Endpoints | None = None) -> None:
        super().__init__()
        self.endpoints = endpoints or Endpoints.from_env()
        self.headers["User-Agent"] = user_agent(self.endpoints.contact)
        self.intervals = self.endpoints.host_intervals()
        self.checks: dict[str, ResponseCheck] = {}  # URL prefix -> check of a 200 answer
        self.requests_sent = 0
        self.sent_to: Counter[str] = Counter()  # requests per host, for the build's cost line
        self.last_response: requests.Response | None = None  # for error bodies callers parse
        self._hosts: dict[str, _HostState] = {}
        self._sleep = time.sleep
        self.retries = self.endpoints.retries
        # told (host, seconds, why) before each pause: pacing between two requests to one
        # host, or the backoff before a retry
        self.on_wait: Callable[[str, float, str], None] | None = None
        bound(self, limits.MAX_ANSWER_BYTES, self.endpoints.deadline)

    @contextlib.contextmanager
    def retrying_at_most(self, retries: int) -> Iterator[None]:
        """Fewer retries for a while: for downloads a build can do without (figures)."""
        before = self.retries
        self.retries = min(before, retries)
        try:
            yield
        finally:
            self.retries = before

    def add_check(self, url_prefix: str, check: ResponseCheck) -> None:
        """Check every 2xx answer under `url_prefix`; the check may raise RetryableResponse."""
        self.checks[url_prefix] = check

    def request(self, method: str, url: str, *args, max_bytes: int | None = None,  # type: ignore[override]
                **kwargs) -> requests.Response:
        """Send with pacing, timeout, User-Agent and retries; raise NetworkError when it fails.

        The answer is read whole, at most `max_bytes` after decompression (MAX_ANSWER_BYTES
        unless given) within the deadline; `stream=True` is served from memory.
        """
        kwargs.setdefault("timeout", self.endpoints.timeout)
        headers = dict(kwargs.pop("headers", None) or {})
        # the arxiv package sends its own user-agent per request; ours says who we are
        for key in [k for k in headers if k.lower() == "user-agent"]:
            del headers[key]
        host = _host(url)
        if self.endpoints.hf_token and host == _host(self.endpoints.hf):
            headers.setdefault("Authorization", f"Bearer {self.endpoints.hf_token}")
        kwargs["headers"] = headers
        attempts = self.retries + 1
        for attempt in range(attempts):
            self._wait_turn(host)
            sent = time.monotonic()
            try:
                with answer_limit(max_bytes):
                    response = self.last_response = super().request(method, url, *args,
                                                                     **kwargs)
                problem = self._problem(url, response)
            except AnswerTooLarge as exc:
                raise AnswerTooLargeError(
                    f"{host}: the answer to {_short(url)} is over the {_size(exc.limit)} limit "
                    f"(counted after decompression); {self._check_hint(url)}",
                    exc.limit, exc.size) from None
            except AnswerTooSlow as exc:
                raise NetworkError(
                    f"{host}: no complete answer to {_short(url)} within {exc.seconds:g} s "
                    f"(the server sends too slowly); {self._check_hint(url)}, or raise "
                    "DECKGEN_HTTP_DEADLINE on a slow connection") from None
            except requests.Timeout:
                problem = f"no answer within {kwargs['timeout']:g} s"
                response = None
            except (requests.exceptions.ChunkedEncodingError,
                    requests.exceptions.ContentDecodingError) as exc:
                problem = f"answer cut short ({type(exc).__name__})"
                response = None
            except requests.ConnectionError as exc:
                problem = f"cannot connect ({_reason(exc)})"
                response = None
            except (requests.TooManyRedirects, requests.exceptions.InvalidURL) as exc:
                raise NetworkError(f"{host}: {type(exc).__name__} for {_short(url)}; "
                                   f"{self._check_hint(url)}") from None
            finally:
                self._hosts[host].last = time.monotonic()
                self.requests_sent += 1
                self.sent_to[host] += 1
            log.debug("%s %s: %s (%.2f s)", method, _short(url),
                      problem or f"HTTP {response.status_code}",
                      time.monotonic() - sent)
            if problem is None:
                return response  # type: ignore[return-value]
            if attempt + 1 == attempts:
                break
            pause = self._pause(attempt, response)
            log.warning("%s: %s; retrying in %.1f s (%d/%d)", host, problem, pause,
                        attempt + 1, attempts - 1)
            if self.on_wait is not None:
                self.on_wait(host, pause, f"{problem}; retry {attempt + 1}/{attempts - 1}")
            self._sleep(pause)
        tries = f"{attempts} tries" if attempts > 1 else "1 try"
        raise NetworkError(f"{host}: {problem} after {tries} ({_short(url)}); "
                           f"{_advice(url, self.endpoints)}")

    def _check_hint(self, url: str) -> str:
        name = self.endpoints.variable_for(url)
        return f"check the network or {name}" if name else "check the network and the URL"

    def _wait_turn(self, host: str) -> None:
        state = self._hosts.setdefault(host, _HostState())
        interval = self.intervals.get(host, 0.0)
        if state.last is not None and interval > 0:
            wait = state.last + interval - time.monotonic()
            if wait > 0:
                log.info("%s: waiting %.1f s (at most one request every %g s)", host, wait,
                         interval)
                if self.on_wait is not None:
                    self.on_wait(host, wait, f"at most one request every {interval:g} s")
                self._sleep(wait)

    def _problem(self, url: str, response: requests.Response) -> str | None:
        """Why this answer must be retried, or None when it is usable (4xx is the caller's)."""
        if response.status_code in RETRY_STATUSES:
            return f"HTTP {response.status_code} {response.reason or ''}".rstrip()
        if response.ok:
            for prefix, check in self.checks.items():
                if url.startswith(prefix):
                    try:
                        check(response)
                    except RetryableResponse as exc:
                        return str(exc)
                    except WrongAnswer as exc:  # the same page again on a retry: say it now
                        why = f" ({exc.why})" if exc.why else ""
                        raise NetworkError(f"{_host(url)} answered {exc}{why}: "
                                           f"{self._check_hint(url)}") from None
        return None

    def _pause(self, attempt: int, response: requests.Response | None) -> float:
        backoff = min(self.endpoints.backoff * 2**attempt, 120.0)
        retry_after = _retry_after(response)
        if retry_after is None:
            return backoff
        if retry_after > limits.MAX_RETRY_AFTER:
            wait = f"{retry_after:.0f} s" if retry_after < 1e6 else "more than 11 days"
            raise NetworkError(f"{_host(response.url)} asks to wait {wait} "  # type: ignore[union-attr]
                               "(Retry-After); try again later")
        return retry_after


def _retry_after(response: requests.Response | None) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date), at least 0;
    None when there is none or it cannot be read (NaN, garbage): the backoff applies."""
    if response is None:
        return None
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError, IndexError, OverflowError, OSError):
            return None
    if math.isnan(seconds):
        return None
    return max(seconds, 0.0)


def _reason(exc: Exception) -> str:
    text = str(exc)
    for marker in ("Connection refused", "Name or service not known", "timed out",
                   "Temporary failure in name resolution", "Connection reset"):
        if marker in text:
            return marker.lower()
    return type(exc).__name__


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"


def _short(url: str) -> str:
    return url if len(url) <= 100 else url[:97] + "..."


def _advice(url: str, endpoints: Endpoints) -> str:
    """What to do about a service that keeps failing, by which endpoint the URL is under."""
    if url.startswith(endpoints.hf):
        return "check the network, HF_ENDPOINT and HF_TOKEN, then run the command again"
    if url.startswith(endpoints.pwc_api):
        return "check the network and DECKGEN_PWC_API_URL, then run the command again"
    if url.startswith((endpoints.arxiv_api, endpoints.arxiv, endpoints.arxiv_rss)):
        return ("arXiv is busy or unreachable (it often is right after the daily announcement, "
                "00:05-00:30 UTC); what was fetched is kept, run the command again later")
    return "check the network (and the DECKGEN_* endpoint variables), then run the command again"
