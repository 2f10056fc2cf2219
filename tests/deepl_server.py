"""A local server on 127.0.0.1 speaking the DeepL API v2 as the official SDK sends it.

What it implements, read from the SDK (deepl/translator.py, deepl/http_client.py):
- every request carries `Authorization: DeepL-Auth-Key <key>`; a wrong key gets 403;
- POST /v2/translate with a JSON body {text: [...], target_lang, source_lang?,
  glossary_id?, show_billed_characters}; the answer is {translations: [{text,
  detected_source_language, billed_characters}]};
- GET /v2/glossaries -> {glossaries: [info]}; POST /v2/glossaries with JSON {name,
  source_lang, target_lang, entries_format: "tsv", entries} -> 201 and the info
  {glossary_id, name, ready, source_lang, target_lang, creation_time, entry_count};
- 456 when the character quota is used up, {"message": ...} bodies on errors.

The "translation" is deterministic so tests can recognise it: `【訳】` followed by the
text upper-cased, except glossary terms, which become their fixed translation. Every
character sent for translation is counted, as DeepL bills it.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PREFIX = "【訳】"


def fake_translate(text: str, glossary: dict[str, str]) -> str:
    """Upper-case the text, writing each glossary term as its fixed translation."""
    if not glossary:
        return PREFIX + text.upper()
    pattern = re.compile("|".join(re.escape(t) for t in sorted(glossary, key=len, reverse=True)))
    out, pos = [], 0
    for match in pattern.finditer(text):
        out.append(text[pos:match.start()].upper())
        out.append(glossary[match.group(0)])
        pos = match.end()
    out.append(text[pos:].upper())
    return PREFIX + "".join(out)


@dataclass
class FakeDeepL:
    """The server's state: what it was sent, and what it should do next."""

    key: str
    url: str = ""
    quota: int = 10_000_000
    characters: int = 0  # characters billed (sent for translation and accepted)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path)
    translate_bodies: list[dict[str, Any]] = field(default_factory=list)
    glossaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    glossary_entries: dict[str, dict[str, str]] = field(default_factory=dict)
    # statuses for the next translate requests (0: answer normally)
    fail: list[int] = field(default_factory=list)

    def translate_calls(self) -> int:
        return sum(1 for _, path in self.requests if path == "/v2/translate")


def _handler(state: FakeDeepL, lock: threading.Lock) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # no 40 ms wait for a delayed ACK between header and body

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # keep test output clean

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict[str, Any] | None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if not self.headers.get("Content-Type", "").startswith("application/json"):
                return None  # the SDK sends JSON; anything else is answered 400
            return json.loads(raw or b"{}")

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") != f"DeepL-Auth-Key {state.key}":
                self._send(403, {"message": "Wrong endpoint. Use https://api.deepl.com"})
                return False
            return True

        def do_GET(self) -> None:  # noqa: N802
            with lock:
                state.requests.append(("GET", self.path))
                if not self._authorised():
                    return
                if self.path == "/v2/glossaries":
                    self._send(200, {"glossaries": list(state.glossaries.values())})
                elif self.path == "/v2/usage":
                    self._send(200, {"character_count": state.characters,
                                     "character_limit": state.quota})
                else:
                    self._send(404, {"message": "Not found"})

        def do_POST(self) -> None:  # noqa: N802
            with lock:
                state.requests.append(("POST", self.path))
                body = self._body()
                if not self._authorised():
                    return
                if body is None:
                    self._send(400, {"message": "Expected a JSON body"})
                    return
                if self.path == "/v2/glossaries":
                    self._create_glossary(body)
                elif self.path == "/v2/translate":
                    self._translate(body)
                else:
                    self._send(404, {"message": "Not found"})

        def _create_glossary(self, body: dict[str, Any]) -> None:
            if body.get("entries_format") != "tsv":
                self._send(400, {"message": "Unsupported entries format"})
                return
            entries = dict(line.split("\t") for line in body["entries"].splitlines() if line)
            gid = f"g{len(state.glossaries) + 1:04d}"
            info = {"glossary_id": gid, "name": body["name"], "ready": True,
                    "source_lang": body["source_lang"].lower(),
                    "target_lang": body["target_lang"].lower(),
                    "creation_time": "2026-06-13T09:00:00.000000Z", "entry_count": len(entries)}
            state.glossaries[gid] = info
            state.glossary_entries[gid] = entries
            self._send(201, info)

        def _translate(self, body: dict[str, Any]) -> None:
            state.translate_bodies.append(body)
            status = state.fail.pop(0) if state.fail else 0
            if status:
                self._send(status, {"message": f"failure {status} from the local server"})
                return
            texts = body.get("text")
            if not isinstance(texts, list) or not texts or len(texts) > 50 \
                    or not body.get("target_lang"):
                self._send(400, {"message": "Value for 'text' not supported."})
                return
            gid = body.get("glossary_id")
            if gid is not None and gid not in state.glossaries:
                self._send(400, {"message": "Invalid glossary_id"})
                return
            size = sum(len(t) for t in texts)
            if state.characters + size > state.quota:
                self._send(456, {"message": "Quota Exceeded"})
                return
            state.characters += size
            glossary = state.glossary_entries.get(gid, {}) if gid else {}
            self._send(200, {"translations": [
                {"detected_source_language": "EN", "text": fake_translate(t, glossary),
                 "billed_characters": len(t)} for t in texts]})

    return Handler


class DeepLServer:
    """Run FakeDeepL in a thread on 127.0.0.1 (a free port); stop it with `close()`."""

    def __init__(self, key: str) -> None:
        self.state = FakeDeepL(key)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state, threading.Lock()))
        self.state.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
