"""arXiv metadata through the `arxiv` package: batched `id_list` requests and searches.

The package's `Client` does the Atom parsing and paging; it sends through our
`PoliteSession`, which paces (one request per `DECKGEN_ARXIV_DELAY` seconds, 3 by
default), retries with backoff and honours Retry-After, so the client's own delay and
retries are off. One request carries up to 100 ids; never one request per paper.
"""

from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import arxiv

from deckgen.errors import DeckgenError
from deckgen.model.ids import ArxivRef, parse_arxiv_id
from deckgen.model.paper import Paper
from deckgen.net.answers import arxiv_feed
from deckgen.net.http import PoliteSession
from deckgen.session.affiliations import FROM as AFFILIATIONS_FROM

log = logging.getLogger(__name__)

BATCH = 100  # ids per id_list request
_REJECTED_RE = re.compile(r"incorrect id format for (\S+)")


@dataclass(frozen=True)
class Batch:
    """What one id_list request gave: papers found, ids arXiv did not return or rejected."""

    papers: dict[str, Paper]
    missing: tuple[str, ...]
    rejected: tuple[str, ...]


def make_client(http: PoliteSession, page_size: int = BATCH) -> arxiv.Client:
    """An `arxiv.Client` sending through `http` to `DECKGEN_ARXIV_API_URL`."""
    client = arxiv.Client(page_size=page_size, delay_seconds=0.0, num_retries=0)
    client.query_url_format = http.endpoints.arxiv_api + "?{}"
    # the package keeps its session in `_session`; ours paces, retries and explains
    client._session = http
    # an HTML page or a feed without ids is named, not taken for "arXiv does not know"
    http.add_check(http.endpoints.arxiv_api, arxiv_feed)
    return client


def fetch_batches(
    refs: Sequence[ArxivRef], http: PoliteSession,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Batch]:
    """Metadata for `refs`, one `id_list` request per 100 ids, yielded batch by batch.

    The caller stores each batch before asking for the next, so an interruption keeps
    what was fetched.
    """
    client = make_client(http)
    for start in range(0, len(refs), BATCH):
        chunk = list(refs[start:start + BATCH])
        yield _fetch_chunk(client, http, chunk)
        if progress:
            progress(len(chunk))


def _fetch_chunk(client: arxiv.Client, http: PoliteSession, chunk: list[ArxivRef]) -> Batch:
    rejected: list[str] = []
    asked = list(chunk)
    while asked:
        try:
            results = list(client.results(arxiv.Search(id_list=[str(r) for r in asked],
                                                       max_results=len(asked))))
            break
        except arxiv.HTTPError as exc:
            bad = _rejected_id(exc, http)
            if bad is None or bad not in {str(r) for r in asked}:
                raise DeckgenError(f"arXiv answered HTTP {exc.status} for "
                                   f"{', '.join(map(str, asked[:5]))}"
                                   f"{' …' if len(asked) > 5 else ''}; run the command again "
                                   "later, or check DECKGEN_ARXIV_API_URL") from None
            log.warning("arXiv rejects id %s (incorrect id format)", bad)
            rejected.append(bad)
            asked = [r for r in asked if str(r) != bad]
        except arxiv.UnexpectedEmptyPageError:
            results = []
            break
    else:
        results = []
    papers: dict[str, Paper] = {}
    wanted = {r.base: r for r in asked}
    for result in results:
        paper = paper_from_result(result)
        if paper is not None and paper.id in wanted:
            papers[paper.id] = paper
    missing = tuple(str(r) for r in asked if r.base not in papers)
    return Batch(papers, missing, tuple(rejected))


def search(query: str, top: int, http: PoliteSession) -> list[arxiv.Result]:
    """The `top` newest results of an arXiv search query (e.g. `cat:cs.LG`)."""
    client = make_client(http, page_size=min(top, BATCH))
    search_ = arxiv.Search(query=query, max_results=top,
                           sort_by=arxiv.SortCriterion.SubmittedDate,
                           sort_order=arxiv.SortOrder.Descending)
    results: list[arxiv.Result] = []
    try:
        for result in client.results(search_):
            results.append(result)
    except arxiv.UnexpectedEmptyPageError:  # arXiv sometimes ends early; keep what came
        pass
    except arxiv.HTTPError as exc:
        bad = _error_text(http)
        raise DeckgenError(f"arXiv rejects the search {query!r} (HTTP {exc.status}"
                           f"{': ' + bad if bad else ''}); see the query syntax at "
                           "https://info.arxiv.org/help/api/user-manual.html") from None
    return results


def paper_from_result(result: arxiv.Result) -> Paper | None:
    """A lock entry from one Atom entry; None for an entry whose id cannot be read."""
    ref = parse_arxiv_id(result.get_short_id())
    if ref is None:
        return None
    affiliations: list[str] = []
    for author in result.authors:
        for aff in getattr(author, "affiliation", None) or []:
            aff = " ".join(aff.split())
            if aff and aff not in affiliations:
                affiliations.append(aff)
    extra = {k: " ".join(str(v).split()) for k, v in (
        ("primary_category", result.primary_category), ("doi", result.doi),
        ("journal_ref", result.journal_ref), ("comment", result.comment)) if v}
    if affiliations:  # the session's org: never replaces these (session/affiliations.py)
        extra[AFFILIATIONS_FROM] = "arxiv"
    return Paper(
        id=ref.base,
        title=" ".join(result.title.split()),
        abstract=" ".join(result.summary.split()),
        version=ref.version,
        authors=tuple(" ".join(a.name.split()) for a in result.authors),
        affiliations=tuple(affiliations),
        published=result.published.isoformat() if result.published else None,
        updated=result.updated.isoformat() if result.updated else None,
        categories=tuple(result.categories),
        origin="arxiv",
        extra=extra,
    )


def _error_text(http: PoliteSession) -> str | None:
    """The summary of arXiv's one-entry error feed in the last answer, if there is one."""
    response = http.last_response
    if response is None:
        return None
    try:
        root = ET.fromstring(response.content)
    except ET.ParseError:
        return None
    ns = {"a": "http://www.w3.org/2005/Atom"}
    summary = root.find("a:entry/a:summary", ns)
    return " ".join(summary.text.split()) if summary is not None and summary.text else None


def _rejected_id(exc: arxiv.HTTPError, http: PoliteSession) -> str | None:
    if exc.status != 400:
        return None
    match = _REJECTED_RE.search(_error_text(http) or "")
    return match.group(1) if match else None

