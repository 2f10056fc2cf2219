"""A local web server on 127.0.0.1 that replays recorded real responses and injects faults.

Routes are (method, path prefix) -> handler(request) -> Reply. Faults are queued per path
prefix and consumed in order before the normal handler answers, so a test can say "503,
then the real answer". Every request is recorded for assertions (`server.requests`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Request:
    """What the server saw."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def arg(self, name: str, default: str | None = None) -> str | None:
        values = self.query.get(name)
        return values[0] if values else default


@dataclass(frozen=True)
class Reply:
    """An answer: status, body, headers; `delay` seconds before answering; `cut` drops the
    connection after that many body bytes (a truncated response)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    cut: int | None = None


Handler = Callable[[Request], Reply]


class _QuietServer(ThreadingHTTPServer):
    """A client closing its kept-alive connection is normal here, not worth a traceback."""

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FakeWeb:
    """The server; use as a context manager or call start()/stop()."""

    def __init__(self) -> None:
        self.routes: list[tuple[str, str, Handler]] = []
        self.faults: dict[str, list[Reply]] = {}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    # --- configuration -------------------------------------------------------------------
    def route(self, prefix: str, handler: Handler, method: str = "GET") -> None:
        """Answer requests whose path starts with `prefix` (longest prefix wins)."""
        self.routes.append((method, prefix, handler))
        self.routes.sort(key=lambda r: -len(r[1]))

    def fail(self, prefix: str, *replies: Reply) -> None:
        """Answer the next requests under `prefix` with `replies`, in order."""
        with self._lock:
            self.faults.setdefault(prefix, []).extend(replies)

    def hits(self, prefix: str) -> list[Request]:
        """The requests seen so far whose path starts with `prefix`."""
        with self._lock:
            return [r for r in self.requests if r.path.startswith(prefix)]

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # --- lifecycle -----------------------------------------------------------------------
    def start(self) -> FakeWeb:
        web = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in two writes; without this, a kept-alive connection
            # waits 40 ms for the client's delayed ACK before the body is sent
            disable_nagle_algorithm = True

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                web._answer(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                web._answer(self, "POST")

            def do_HEAD(self) -> None:  # noqa: N802
                web._answer(self, "HEAD")

            def log_message(self, *args) -> None:  # keep test output clean
                pass

        self._server = _QuietServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02},
                         daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeWeb:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- serving -------------------------------------------------------------------------
    def _answer(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        request = Request(method, parts.path, parse_qs(parts.query, keep_blank_values=True),
                          {k.lower(): v for k, v in handler.headers.items()}, body)
        with self._lock:
            self.requests.append(request)
            reply = self._fault_for(parts.path)
        if reply is None:
            reply = self._route(method, parts.path)(request)
        if reply.delay:
            time.sleep(reply.delay)
        try:
            handler.send_response(reply.status)
            headers = {"Content-Length": str(len(reply.body)), **reply.headers}
            for key, value in headers.items():
                handler.send_header(key, value)
            handler.end_headers()
            if method != "HEAD":
                handler.wfile.write(reply.body if reply.cut is None else reply.body[:reply.cut])
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            return
        if reply.cut is not None:
            handler.close_connection = True

    def _fault_for(self, path: str) -> Reply | None:
        for prefix in sorted(self.faults, key=len, reverse=True):
            if path.startswith(prefix) and self.faults[prefix]:
                return self.faults[prefix].pop(0)
        return None

    def _route(self, method: str, path: str) -> Handler:
        for route_method, prefix, handler in self.routes:
            if route_method == method and path.startswith(prefix):
                return handler
        return lambda request: Reply(404, b"not found", {"Content-Type": "text/plain"})
