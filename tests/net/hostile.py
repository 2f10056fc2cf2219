"""A hostile HTTP server on 127.0.0.1, and a way to run deckgen against it safely.

The server answers what a broken network or a hostile server sends: a gzip body of a few
MB that expands to gigabytes, a body sent one byte at a time, a captive portal's HTML page,
a body cut short. An answer is a sequence of byte strings written in order, with pauses
(floats, seconds) between them, so it can drip, lie about its length or never end. The
server is threaded, serves only 127.0.0.1, and stops by itself: every connection gives up
after `lifetime` seconds and the whole server shuts down after it too.

`run_deckgen()` runs the real command in a subprocess with a 1 GiB address-space limit and
a timeout, so a regression fails the test instead of the machine.
"""

from __future__ import annotations

import json
import os
import re
import resource
import socketserver
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[2]
MEMORY = 1 << 30  # bytes of address space a deckgen subprocess may use

Piece = bytes | float  # bytes to send, or seconds to wait
Answer = Callable[["Seen"], Iterable[Piece]]


@dataclass(frozen=True)
class Seen:
    """A request as the server read it."""

    method: str
    path: str
    query: dict[str, list[str]]
    body: bytes

    def json(self) -> dict:
        return json.loads(self.body or b"{}")


def head(status: int = 200, headers: dict[str, str] | None = None,
         length: int | None = None) -> bytes:
    """A status line and headers; `Connection: close`, Content-Length when given."""
    lines = [f"HTTP/1.1 {status} {'OK' if status < 400 else 'Error'}", "Connection: close"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def plain(body: bytes, kind: str, status: int = 200,
          headers: dict[str, str] | None = None) -> Answer:
    """An ordinary answer (the hostile part is what the body is)."""
    return lambda seen: [head(status, {"Content-Type": kind, **(headers or {})}, len(body)), body]


def until_close(body: bytes, kind: str) -> Answer:
    """No Content-Length: the body ends where the connection does (so a cut is not seen)."""
    return lambda seen: [head(200, {"Content-Type": kind}), body]


def drip(body: bytes, kind: str, every: float = 0.2, headers_too: bool = False) -> Answer:
    """One byte every `every` seconds: each read gets a byte well within the timeout."""
    def answer(seen: Seen) -> Iterator[Piece]:
        start = head(200, {"Content-Type": kind}, len(body))
        if not headers_too:
            yield start
        for byte in (start if headers_too else b"") + body:
            yield bytes([byte])
            yield every
    return answer


def gzip_bomb(expanded_mb: int = 2048) -> bytes:
    """A gzip body of about expanded_mb KB that expands to `expanded_mb` MB of zeros.

    Each MB is compressed after a full flush, so every block is the same bytes: the bomb
    is built by repetition in milliseconds instead of compressing gigabytes.
    """
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(bytes(1 << 20)) + squeeze.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # the final, empty block
    crc = 0  # a reader stops long before the trailer; a small bomb gets the right one
    for _ in range(expanded_mb if expanded_mb <= 64 else 0):
        crc = zlib.crc32(bytes(1 << 20), crc)
    size = (expanded_mb << 20) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + block * expanded_mb + end + crc.to_bytes(4, "little") + size.to_bytes(
        4, "little")


def bomb(kind: str, expanded_mb: int = 2048) -> Answer:
    body = gzip_bomb(expanded_mb)
    return plain(body, kind, headers={"Content-Encoding": "gzip"})


class Hostile:
    """The server: `route(prefix, answer)`, then use as a context manager."""

    def __init__(self, lifetime: float = 40.0) -> None:
        self.lifetime = lifetime
        self.routes: list[tuple[str, Answer]] = []
        self.seen: list[Seen] = []
        self._server: socketserver.ThreadingTCPServer | None = None
        self._lock = threading.Lock()

    def route(self, prefix: str, answer: Answer) -> None:
        self.routes.append((prefix, answer))
        self.routes.sort(key=lambda r: -len(r[0]))

    def hits(self, prefix: str) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if s.path.startswith(prefix)]

    @property
    def url(self) -> str:
        """The server's URL (still known after it stopped, for assertions)."""
        return self._url

    @property
    def host(self) -> str:
        return self.url.removeprefix("http://")

    def __enter__(self) -> Hostile:
        server = self
        ends = time.monotonic() + self.lifetime

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                self.request.settimeout(self.lifetime_left())
                try:
                    seen = self.read_request()
                    if seen is None:
                        return
                    with server._lock:
                        server.seen.append(seen)
                    for piece in server.answer_for(seen)(seen):
                        if time.monotonic() > ends:
                            return
                        if isinstance(piece, float):
                            time.sleep(piece)
                        else:
                            self.request.sendall(piece)
                except OSError:  # the client gave up, as it should
                    return

            def lifetime_left(self) -> float:
                return max(ends - time.monotonic(), 0.1)

            def read_request(self) -> Seen | None:
                data = b""
                while b"\r\n\r\n" not in data and len(data) < 65536:
                    chunk = self.request.recv(4096)
                    if not chunk:
                        return None
                    data += chunk
                top, _, rest = data.partition(b"\r\n\r\n")
                lines = top.decode("latin-1").split("\r\n")
                method, target = lines[0].split(" ")[:2]
                headers = {k.strip().lower(): v.strip() for k, _, v in
                           (line.partition(":") for line in lines[1:])}
                length = int(headers.get("content-length") or 0)
                while len(rest) < length:
                    chunk = self.request.recv(65536)
                    if not chunk:
                        break
                    rest += chunk
                parts = urlsplit(target)
                return Seen(method, parts.path, parse_qs(parts.query), rest[:length])

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                         daemon=True).start()
        self._stopper = threading.Timer(self.lifetime, self.stop)  # stops by itself
        self._stopper.daemon = True
        self._stopper.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        with self._lock:
            server, self._server = self._server, None
        if server is not None:
            self._stopper.cancel()
            server.shutdown()
            server.server_close()
            self._server = None

    def answer_for(self, seen: Seen) -> Answer:
        for prefix, answer in self.routes:
            if seen.path.startswith(prefix):
                return answer
        return plain(b"not found", "text/plain", 404)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def environment(**extra: str) -> dict[str, str]:
    """The subprocess's environment: small limits, no pauses, nothing but 127.0.0.1."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DECKGEN_", "HF_", "DEEPL"))}
    env.update({"PYTHONPATH": str(ROOT), "DECKGEN_ARXIV_DELAY": "0", "DECKGEN_HTTP_BACKOFF": "0",
                "DECKGEN_HTTP_RETRIES": "0", "DECKGEN_HTTP_TIMEOUT": "2",
                "DECKGEN_HTTP_DEADLINE": "2", **{name: "http://127.0.0.1:9" for name in (
                    "HF_ENDPOINT", "DECKGEN_ARXIV_API_URL", "DECKGEN_ARXIV_URL",
                    "DECKGEN_ARXIV_RSS_URL", "DECKGEN_AR5IV_URL", "DECKGEN_PWC_API_URL")}})
    env.update(extra)
    return env


def run_limited(argv: list[str], env: dict[str, str], timeout: float = 20.0,
                ) -> subprocess.CompletedProcess[str]:
    """`argv` under the memory limit; a run past `timeout` is killed and fails the test."""
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_limit_memory, cwd=ROOT)


def run_deckgen(*args: str, env: dict[str, str], timeout: float = 20.0,
                ) -> subprocess.CompletedProcess[str]:
    return run_limited([sys.executable, "-m", "deckgen", *args], env, timeout)


# `arXiv metadata 1/1: 1 papers stored`, `figures 1/1: 2606.13681: 1 figure`
PROGRESS_LINE = re.compile(r"^(arXiv metadata|figures) \d+/\d+: ")


def one_line(proc: subprocess.CompletedProcess[str], code: int = 1) -> str:
    """The single stderr line of a run that ended with `code`, no traceback, no internal error
    (besides the progress lines a fetch writes when stderr is not a terminal)."""
    err = "\n".join(line for line in proc.stderr.strip().splitlines()
                    if not PROGRESS_LINE.match(line))
    assert "Traceback" not in err and "internal error" not in err, err
    assert proc.returncode == code, (proc.returncode, err)
    assert len(err.splitlines()) == 1, err
    return err
