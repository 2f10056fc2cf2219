"""Checks that an answer is what it claims to be, before anyone parses it.

A check is called with every 2xx answer under a URL prefix (`PoliteSession.add_check`). A
body cut short raises `RetryableResponse` (another try may bring it whole); an answer of the
wrong kind raises `WrongAnswer`: an HTML page where a feed or JSON was expected (a captive
portal or a proxy answering for the service), XML that is not the feed, a feed whose entries
have no ids. Retrying would bring the same page, so `PoliteSession` names it at once instead
of letting it pass as an empty answer ("arXiv does not know …").
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable

import requests

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_FEED = "arXiv's Atom feed"
LISTING_FEED = "arXiv's listing feed (RSS or Atom)"
_PORTAL = "a captive portal or proxy?"
_CUT_CODES = {3, 5, 6}  # expat: no element found, unclosed token, partial character


class RetryableResponse(Exception):
    """A 200 answer that is broken (e.g. cut short); another try may bring it whole."""


class WrongAnswer(Exception):
    """A 200 answer of another kind than `expected`: `what` it is, and maybe `why`."""

    def __init__(self, what: str, expected: str, why: str | None = None) -> None:
        super().__init__(f"{what} where {expected} was expected")
        self.what, self.expected, self.why = what, expected, why


def looks_like_html(response: requests.Response) -> bool:
    """An HTML page by its type or its first 2 KB (an XML declaration may come first)."""
    kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    head = response.content[:2048].lower()
    return kind in ("text/html", "application/xhtml+xml") or b"<!doctype html" in head \
        or b"<html" in head


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _xml(response: requests.Response, expected: str) -> ET.Element:
    """The parsed body; HTML is a WrongAnswer, a body cut short is retried."""
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError as exc:
        if looks_like_html(response):
            raise WrongAnswer("an HTML page", expected, _PORTAL) from None
        if not response.content.strip():
            raise RetryableResponse("an empty answer") from None
        if exc.code in _CUT_CODES:
            raise RetryableResponse(f"answer cut short (the XML ends early: {exc})") from None
        raise RetryableResponse(f"broken XML ({exc})") from None
    if _local(root.tag).lower() == "html":
        raise WrongAnswer("an HTML page", expected, _PORTAL)
    return root


def whole_xml(response: requests.Response) -> None:
    """A check: one complete XML document, not an HTML page."""
    _xml(response, "XML")


def arxiv_feed(response: requests.Response) -> None:
    """A check for the arXiv API: an Atom feed whose every entry has an id."""
    root = _xml(response, ARXIV_FEED)
    if root.tag != f"{ATOM}feed":
        raise WrongAnswer(f"XML that is not an Atom feed (<{_local(root.tag)}>)", ARXIV_FEED)
    entries = root.findall(f"{ATOM}entry")
    without = sum(1 for e in entries if not (e.findtext(f"{ATOM}id") or "").strip())
    if without:
        raise WrongAnswer(f"an Atom feed with {without} of {len(entries)} entries without an id",
                          ARXIV_FEED)


def listing_feed(response: requests.Response) -> None:
    """A check for arXiv's listing feeds: RSS 2.0 or Atom."""
    root = _xml(response, LISTING_FEED)
    if root.tag not in ("rss", f"{ATOM}feed"):
        raise WrongAnswer(f"XML that is neither RSS nor Atom (<{_local(root.tag)}>)",
                          LISTING_FEED)


def json_answer(expected: str) -> Callable[[requests.Response], None]:
    """A check: complete JSON, not an HTML page; `expected` names it in messages."""

    def check(response: requests.Response) -> None:
        try:
            json.loads(response.content)
        except RecursionError:
            raise WrongAnswer("JSON nested too deeply to read", expected) from None
        except ValueError as exc:
            if looks_like_html(response):
                raise WrongAnswer("an HTML page", expected, _PORTAL) from None
            if not response.content.strip():
                raise RetryableResponse("an empty answer") from None
            raise RetryableResponse(f"broken JSON ({exc})") from None

    return check


whole_json = json_answer("JSON")
