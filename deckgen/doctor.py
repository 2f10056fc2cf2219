"""diagnose(): what this machine and a session folder have, and what is missing with its fix.

Endpoints are shown (without any user:password part); keys are only said to be set or
unset, never shown. Each setting is checked by the code `fetch` reads it with
(`Endpoints.from_env`), so what doctor passes, fetch accepts. With `online`, each service
gets one cheap request (net/health.py) and DeepL's usage endpoint is asked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from deckgen.errors import DeckgenError
from deckgen.net.http import Endpoints
from deckgen.pdf import server
from deckgen.pdf.export import find_soffice
from deckgen.pdf.glyphs import japanese_font_names
from deckgen.render.template import DEFAULT_EA_FONT
from deckgen.session.store import BUILD_DIR, FIGURES_DIR, load_lock, load_translations
from deckgen.session.validate import load_session

OK, WARN, FAIL = "ok", "warn", "FAIL"
SETUP = "bash scripts/setup.sh"
ENDPOINTS = ("HF_ENDPOINT", "DECKGEN_ARXIV_API_URL", "DECKGEN_ARXIV_URL", "DECKGEN_ARXIV_RSS_URL",
             "DECKGEN_AR5IV_URL", "DECKGEN_PWC_API_URL", "DECKGEN_DEEPL_URL")
SETTINGS = ("DECKGEN_ARXIV_DELAY", "DECKGEN_HTTP_TIMEOUT", "DECKGEN_HTTP_DEADLINE",
            "DECKGEN_HTTP_RETRIES", "DECKGEN_HTTP_BACKOFF")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")  # what figures/<id>/ stores besides its JSON
KEYS = ("HF_TOKEN", "DEEPL_AUTH_KEY")


@dataclass(frozen=True)
class Finding:
    """One line of the diagnosis; `fix` is the command that repairs a warn or FAIL."""

    status: str
    label: str
    detail: str
    fix: str | None = None


def diagnose(session_dir: Path | None = None, online: bool = False) -> list[Finding]:
    """Everything `deckgen doctor` reports, in order."""
    findings = [*_libreoffice(), _fonts(), _server(), *_environment()]
    if online:
        findings += _online()
    if session_dir is not None:
        findings += _session(session_dir)
    return findings


def _libreoffice() -> list[Finding]:
    soffice = find_soffice()
    if soffice is None:
        where = os.environ.get("DECKGEN_SOFFICE")
        if where:
            return [Finding(FAIL, "LibreOffice", f"DECKGEN_SOFFICE={where} does not exist",
                            "unset DECKGEN_SOFFICE (or point it at soffice)")]
        return [Finding(FAIL, "LibreOffice", "soffice not on PATH",
                        "apt-get install libreoffice-impress-nogui (or " + SETUP + ")")]
    try:
        out = subprocess.run([soffice, "--version"], capture_output=True, text=True,
                             stdin=subprocess.DEVNULL, timeout=60).stdout
        version = " ".join(out.split()[:2]) or "version unknown"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [Finding(FAIL, "LibreOffice", f"{soffice} does not run ({exc})",
                        "apt-get install --reinstall libreoffice-impress-nogui")]
    return [Finding(OK, "LibreOffice", f"{soffice} ({version})")]


def _fonts() -> Finding:
    names = japanese_font_names()
    # Japanese-specific families first: "Noto Sans CJK JP" before its HK/KR/SC siblings
    families = sorted({line.strip() for line in _fc_families()},
                      key=lambda name: (" JP" not in name and "IPA" not in name, name))
    if not names or not families:
        return Finding(FAIL, "Japanese fonts", "none installed (Japanese would print as boxes)",
                       "apt-get install fonts-noto-cjk")
    shown = ", ".join(families[:4]) + (f" and {len(families) - 4} more" if len(families) > 4
                                        else "")
    if DEFAULT_EA_FONT not in families:
        return Finding(WARN, "Japanese fonts", f"{shown}; deckgen's default "
                       f"{DEFAULT_EA_FONT} is missing", "apt-get install fonts-noto-cjk")
    return Finding(OK, "Japanese fonts", shown)


def _fc_families() -> list[str]:
    if shutil.which("fc-list") is None:
        return []
    try:
        out = subprocess.run(["fc-list", ":lang=ja", "family"], capture_output=True, text=True,
                             stdin=subprocess.DEVNULL, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [name for line in out.splitlines() for name in line.split(",")[:1] if name]


def _server() -> Finding:
    from deckgen.pdf import pool

    statuses = pool.statuses()
    ready = [s for s in statuses if s.ready]
    if len(ready) > 1:  # the pool (pool.py): each of its servers, and their memory in all
        return Finding(OK, "warm PDF servers", f"{len(ready)} of {pool.size()} ready ("
                       + "; ".join(s.detail for s in ready) + f"), "
                       f"{sum(s.rss_mb for s in ready):.0f} MiB in all (each restarted "
                       f"above {server.max_rss_mb():.0f} MiB)")
    status = ready[0] if ready else statuses[0]
    if status.ready:
        return Finding(OK, "warm PDF server", f"{status.detail}, {status.rss_mb:.0f} MiB "
                       f"(restart above {server.max_rss_mb():.0f} MiB)")
    python = server.find_uno_python()
    if python is None:
        return Finding(WARN, "warm PDF server", "cannot run here (no Python with uno and "
                       "unoserver); PDFs use a cold LibreOffice", SETUP)
    return Finding(OK, "warm PDF server", f"{status.detail}; can start with {python} (the "
                   "next build that makes a PDF starts it, or `deckgen pdf-server start`)")


def _setting(name: str, shown: str) -> Finding:
    """A variable as fetch reads it: ok, or FAIL with the message fetch would stop with."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return Finding(OK, name, "unset (default)")
    try:
        Endpoints.from_env({name: value})  # fetch's own check, this variable alone
    except DeckgenError as exc:
        detail = exc.message.removeprefix("environment: ").removeprefix(f"{name}=")
        return Finding(FAIL, name, detail, f"unset {name}, or correct it as the line says")
    return Finding(OK, name, shown)


def _environment() -> list[Finding]:
    findings = []
    for name in ENDPOINTS:
        value = os.environ.get(name) or ""
        findings.append(_setting(name, _safe_url(value)) if name != "DECKGEN_DEEPL_URL"
                        else Finding(OK, name, _safe_url(value) if value
                                     else "unset (default)"))
    for name in KEYS:
        value = os.environ.get(name, "")
        if not value:
            findings.append(Finding(OK, name, "unset"))
            continue
        plan = ""
        if name == "DEEPL_AUTH_KEY":
            plan = " (DeepL Free key)" if value.strip().endswith(":fx") else " (DeepL Pro key)"
        findings.append(Finding(OK, name, f"set{plan}"))
    for name in SETTINGS:
        value = os.environ.get(name, "").strip()
        findings.append(_setting(name, value if name == "DECKGEN_HTTP_RETRIES"
                                 else f"{value} s"))
    soffice = os.environ.get("DECKGEN_SOFFICE")
    findings.append(Finding(OK, "DECKGEN_SOFFICE", soffice or "unset (soffice from PATH)"))
    return findings


def _online() -> list[Finding]:
    """One request to each service, and DeepL's usage when a key is set."""
    from deckgen.net.health import probe_services

    findings = []
    for probe in probe_services():
        label = f"{probe.service} (online)"
        if probe.status is None:
            findings.append(Finding(FAIL, label, probe.problem or "no answer",
                                    f"check the network and {probe.variable}"))
        elif probe.status >= 400:
            findings.append(Finding(WARN, label, f"HTTP {probe.status} in {probe.seconds:.2f} s "
                                    f"from {_safe_url(probe.url)}",
                                    f"check {probe.variable}"))
        else:
            findings.append(Finding(OK, label, f"HTTP {probe.status} in {probe.seconds:.2f} s"))
    findings.append(_deepl_usage())
    return findings


def _deepl_usage() -> Finding:
    import deepl

    from deckgen.translate.deepl import account_usage

    label = "DeepL (online)"
    if not os.environ.get("DEEPL_AUTH_KEY", "").strip():
        return Finding(OK, label, "not asked (DEEPL_AUTH_KEY unset)")
    started = time.monotonic()
    try:
        usage = account_usage(os.environ)
    except (deepl.DeepLException, DeckgenError) as exc:
        return Finding(FAIL, label, " ".join(str(exc).split())[:160],
                       "check DEEPL_AUTH_KEY (and DECKGEN_DEEPL_URL if you set it)")
    seconds = time.monotonic() - started
    if usage is None:
        return Finding(OK, label, f"answers in {seconds:.2f} s (no character limit named)")
    used, limit = usage
    status = WARN if used >= limit else OK
    return Finding(status, label, f"answers in {seconds:.2f} s; {used:,} of {limit:,} "
                   "characters used this period", "wait for the period to renew, or raise "
                   "the limit at https://www.deepl.com/account" if status == WARN else None)


def _safe_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.username or parts.password:  # a URL may carry credentials: never show them
        host = parts.hostname or ""
        netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return value


def _session(session_dir: Path) -> list[Finding]:
    label = f"session {session_dir}"
    if not (session_dir / "session.yaml").is_file():
        return [Finding(WARN, label, "no session.yaml here", None)]
    findings = []
    try:
        session = load_session(session_dir)
        findings.append(Finding(OK, "session.yaml", f"{session.kind}, {len(session.all_refs())} "
                                "papers"))
    except DeckgenError as exc:
        first = exc.message.splitlines()[0]
        more = len(exc.message.splitlines()) - 1
        findings.append(Finding(FAIL, "session.yaml", first + (f" (and {more} more)"
                                                               if more else ""),
                                f"fix session.yaml, then `deckgen build {session_dir}`"))
    try:
        lock = load_lock(session_dir)
        findings.append(Finding(OK, "lock", f"{len(lock.papers)} papers, "
                                f"{len(lock.rankings)} rankings"))
    except DeckgenError as exc:
        findings.append(Finding(FAIL, "lock", exc.message,
                                f"git checkout -- {session_dir / 'deckgen.lock.json'}"))
    try:
        entries = load_translations(session_dir)
        by = Counter(t.by for fields in entries.values() for t in fields.values())
        detail = ", ".join(f"{n} by {who}" for who, n in sorted(by.items())) or "none"
        findings.append(Finding(OK, "translations", f"{len(entries)} papers ({detail})"))
    except DeckgenError as exc:
        findings.append(Finding(FAIL, "translations", exc.message.splitlines()[0],
                                f"fix {session_dir / 'translations.yaml'} as the message says"))
    figures = session_dir / FIGURES_DIR
    images = [p for p in figures.rglob("*") if p.is_file()
              and p.suffix.lower() in IMAGE_SUFFIXES] if figures.is_dir() else []
    papers = {p.parent.name for p in images}
    size = sum(p.stat().st_size for p in images) / 2**20
    findings.append(Finding(OK, "figures", f"{len(images)} images for {len(papers)} papers "
                            f"({size:.1f} MiB)"))
    build = session_dir / BUILD_DIR
    outputs = sorted(p.name for p in build.iterdir() if p.is_file()
                     and not p.name.startswith(".")) if build.is_dir() else []
    findings.append(Finding(OK, "build", ", ".join(outputs) or "nothing built yet"))
    return findings
