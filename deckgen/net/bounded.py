"""Answers read within bounds: bytes counted after decompression, and a deadline per request.

`BoundedAdapter` is a `requests` transport adapter. It reads every answer itself, as it
streams in: past `max_bytes` decoded bytes (a gzip answer of 2 MB that expands to gigabytes
stops there) it raises `AnswerTooLarge`. A request, from sending it to the last byte of the
answer, gets `deadline` seconds: the `timeout` of `requests` is per read, so a server that
sends one byte a second would never trip it. A watchdog shuts the request's socket down when
the deadline passes, which wakes whatever read is waiting, and `AnswerTooSlow` is raised.

Both are `requests` exceptions, so a library that sends through a session with this adapter
(the `arxiv` package through `PoliteSession`, the DeepL SDK) sees an ordinary failed request.
`PoliteSession` turns them into one line naming the host.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar

import requests
from requests.adapters import HTTPAdapter
from urllib3 import poolmanager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

CHUNK = 64 * 1024  # bytes decoded per read; urllib3 inflates gzip at most this far per read


class AnswerRefused(requests.exceptions.RequestException):
    """An answer deckgen stopped reading; retrying would not help."""


class AnswerTooLarge(AnswerRefused):
    """More than `limit` bytes after decompression; `size` when Content-Length said so."""

    def __init__(self, url: str, limit: int, size: int | None = None) -> None:
        self.url, self.limit, self.size = url, limit, size
        said = f" (Content-Length {size})" if size is not None else ""
        super().__init__(f"answer over {limit} bytes after decompression{said}: {url}")


class AnswerTooSlow(AnswerRefused):
    """No complete answer within `seconds` of sending the request."""

    def __init__(self, url: str, seconds: float) -> None:
        self.url, self.seconds = url, seconds
        super().__init__(f"no complete answer within {seconds:g} s: {url}")


class _Watch:
    """The deadline of one request: shuts its sockets down when the time is up."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._done = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            if self.expired:
                _shut(sock)
            else:
                self._sockets.append(sock)

    def passed(self) -> bool:
        return self.expired or time.monotonic() > self.ends

    def stop(self) -> None:
        with self._lock:
            self._done = True
            self._sockets.clear()
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            if self._done:
                return
            self.expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    """Wake a read blocked on `sock` (the plain socket's shutdown, also under TLS)."""
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


_WATCH: ContextVar[_Watch | None] = ContextVar("deckgen_http_watch", default=None)
_LIMIT: ContextVar[int | None] = ContextVar("deckgen_http_limit", default=None)


@contextlib.contextmanager
def answer_limit(max_bytes: int | None) -> Iterator[None]:
    """Another byte limit for the requests sent inside (a figure's image, an e-print)."""
    token = _LIMIT.set(max_bytes)
    try:
        yield
    finally:
        _LIMIT.reset(token)


class _Watched:
    """A connection that puts its socket under the current request's deadline."""

    sock: socket.socket | None

    def getresponse(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        watch = _WATCH.get()
        if watch is not None and self.sock is not None:
            watch.watch(self.sock)
        return super().getresponse(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


def _watched_pools(manager):  # type: ignore[no-untyped-def]
    # a SOCKS proxy brings its own pools; there the deadline is checked between reads only
    if manager.pool_classes_by_scheme == poolmanager.pool_classes_by_scheme:
        manager.pool_classes_by_scheme = _POOLS
    return manager


class BoundedAdapter(HTTPAdapter):
    """Reads each answer whole, within `max_bytes` (decoded) and `deadline` seconds."""

    def __init__(self, max_bytes: int, deadline: float, **kwargs) -> None:  # type: ignore[no-untyped-def]
        self.max_bytes = max_bytes
        self.deadline = deadline
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().init_poolmanager(*args, **kwargs)
        _watched_pools(self.poolmanager)

    def proxy_manager_for(self, proxy, **proxy_kwargs):  # type: ignore[no-untyped-def]
        return _watched_pools(super().proxy_manager_for(proxy, **proxy_kwargs))

    def send(self, request, stream=False, timeout=None, verify=True, cert=None,  # type: ignore[no-untyped-def]
             proxies=None):
        """Send, then read the whole answer (also with `stream=True`: it is then replayed
        from memory by `iter_content`)."""
        limit = _LIMIT.get() or self.max_bytes
        watch = _Watch(self.deadline)
        token = _WATCH.set(watch)
        url = request.url or ""
        try:
            response = super().send(request, stream=True, timeout=timeout, verify=verify,
                                    cert=cert, proxies=proxies)
            _read_body(response, url, limit, watch)
            return response
        except AnswerRefused:
            raise
        except (requests.RequestException, OSError):
            if watch.passed():
                raise AnswerTooSlow(url, self.deadline) from None
            raise
        finally:
            watch.stop()
            _WATCH.reset(token)


def _read_body(response: requests.Response, url: str, limit: int, watch: _Watch) -> None:
    length = response.headers.get("Content-Length", "").strip()
    plain = response.headers.get("Content-Encoding", "identity").strip().lower() == "identity"
    if plain and length.isdigit() and int(length) > limit:
        response.close()
        raise AnswerTooLarge(url, limit, int(length))
    body = bytearray()
    try:
        for chunk in response.iter_content(CHUNK):
            body += chunk
            if len(body) > limit:
                raise AnswerTooLarge(url, limit)
            if watch.passed():
                raise AnswerTooSlow(url, watch.seconds)
    except BaseException:
        response.close()
        raise
    response._content = bytes(body)  # what `response.content` returns from now on


def bound(session: requests.Session, max_bytes: int, deadline: float) -> requests.Session:
    """Mount a BoundedAdapter on `session` for http and https; returns the session."""
    adapter = BoundedAdapter(max_bytes, deadline)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
