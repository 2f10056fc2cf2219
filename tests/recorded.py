"""The recorded real responses of arXiv, Hugging Face and the listing feeds, served by FakeWeb.

Answers are the recorded bytes wherever one request was recorded. Where the tests need an
answer nobody recorded (an `id_list` with several hits, a month of Daily Papers over several
pages), it is assembled from recorded parts; tests/fixtures/derived/README.md says how.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from tests.fakeweb import FakeWeb, Reply, Request

REAL = Path(__file__).parent / "fixtures" / "real"
DERIVED = Path(__file__).parent / "fixtures" / "derived"
API = REAL / "arxiv_api"
ATOM = {"Content-Type": "application/atom+xml; charset=utf-8"}
JSON = {"Content-Type": "application/json; charset=utf-8"}
HF_PAGE_CAP = 20  # the fake caps pages like a server may; clients must read every page

_ENTRY_RE = re.compile(r"  <entry>.*?</entry>\n", re.S)
_ID_RE = re.compile(r"<id>https?://arxiv\.org/abs/([^<]+?)(v\d+)?</id>")
_ARXIV_ID_RE = re.compile(r"^(\d{4}\.\d{4,5}|[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/\d{7})(v\d+)?$")


def _entries(path: Path) -> list[tuple[str, str, str]]:
    """(base id, version, entry text) of every entry in a recorded feed."""
    text = path.read_text(encoding="utf-8")
    out = []
    for entry in _ENTRY_RE.findall(text):
        match = _ID_RE.search(entry)
        if match:
            out.append((match.group(1), match.group(2) or "", entry))
    return out


def entry_pool() -> dict[str, tuple[str, str]]:
    """Every recorded new-format arXiv entry by base id: (version, entry text)."""
    files = sorted((API / "arxivpy_fixtures_2026_extracted_xml").glob("*.xml"))
    files += sorted((API / "arxivdl_2026").glob("*.xml"))
    files += [API / "paperpulse_2026" / "search_query=cat_cs.LG_max5.xml",
              API / "sotawhat_2026" / "search_query=all_transformer+AND+cat_cs.LG_max5.xml"]
    pool: dict[str, tuple[str, str]] = {}
    for path in files:
        for base, version, entry in _entries(path):
            pool.setdefault(base, (version, entry))
    return pool


def _envelope() -> tuple[str, str]:
    text = (API / "arxivpy_fixtures_2026_extracted_xml"
            / "id_0808.05394_1707.08567_s0_m100_42e5aa0ec3af.xml").read_text(encoding="utf-8")
    start = text.index("  <entry>")
    end = text.rindex("</entry>\n") + len("</entry>\n")
    return text[:start], text[end:]


def feed(entries: list[str], total: int | None = None) -> bytes:
    """A feed in the recorded envelope holding `entries`."""
    head, tail = _envelope()
    count = len(entries) if total is None else total
    head = re.sub(r"<opensearch:totalResults>\d+<", f"<opensearch:totalResults>{count}<", head)
    return (head + "".join(entries) + tail).encode("utf-8")


def error_feed(bad_id: str) -> bytes:
    """arXiv's recorded HTTP 400 answer for a malformed id, naming `bad_id`."""
    text = (API / "arxivpy_fixtures_2026_extracted_xml" / "id_abc_s0_m100_b79c8dcf6bc3.xml"
            ).read_text(encoding="utf-8")
    return text.replace("_for_abc", f"_for_{bad_id}").replace(
        "format for abc", f"format for {bad_id}").encode("utf-8")


def _iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


class RecordedWeb(FakeWeb):
    """FakeWeb with arXiv API, Daily Papers, listing feeds, PwC and an abs page."""

    def __init__(self) -> None:
        super().__init__()
        self.pool = entry_pool()
        self.rejects: set[str] = set()  # ids the fake arXiv calls malformed (HTTP 400)
        self.hf_items = self._hf_items()
        self.route("/api/query", self.arxiv_query)
        self.route("/api/daily_papers", self.daily_papers)
        self.route("/rss/", self.listing)
        self.route("/atom/", self.listing)
        self.route("/api/v1/papers/trending", lambda r: Reply(200, (
            DERIVED / "pwc_trending_derived_from_hf_daily_2026-06-12.json").read_bytes(), JSON))
        self.route("/abs/2508.16190", lambda r: Reply(200, (
            REAL / "arxiv_abs_page" / "abs_2508.16190.html").read_bytes(),
            {"Content-Type": "text/html; charset=utf-8"}))

    def env(self) -> dict[str, str]:
        """The environment that points deckgen at this server, with no waiting."""
        return {
            "HF_ENDPOINT": self.url,
            "DECKGEN_ARXIV_API_URL": f"{self.url}/api/query",
            "DECKGEN_ARXIV_URL": self.url,
            "DECKGEN_ARXIV_RSS_URL": self.url,
            "DECKGEN_AR5IV_URL": self.url,
            "DECKGEN_PWC_API_URL": f"{self.url}/api/v1",
            "DECKGEN_ARXIV_DELAY": "0",
            "DECKGEN_HTTP_BACKOFF": "0",
            "DECKGEN_HTTP_TIMEOUT": "2",
            "DECKGEN_HTTP_RETRIES": "4",
        }

    # --- arXiv API ------------------------------------------------------------------------
    def arxiv_query(self, request: Request) -> Reply:
        id_list = request.arg("id_list") or ""
        start = int(request.arg("start", "0") or 0)
        size = int(request.arg("max_results", "10") or 10)
        if id_list:
            ids = [i.strip() for i in id_list.split(",") if i.strip()]
            for i in ids:
                if i in self.rejects or not _ARXIV_ID_RE.match(i):
                    return Reply(400, error_feed(i), ATOM)
            found = []
            for i in ids:
                base = re.sub(r"v\d+$", "", i)
                have = self.pool.get(base)
                if have and (i == base or i == base + have[0]):
                    found.append(have[1])
            page = found[start:start + size]
            return Reply(200, feed(page, len(found)), ATOM)
        query = request.arg("search_query") or ""
        return Reply(200, self._search(query, start, size), ATOM)

    def _search(self, query: str, start: int, size: int) -> bytes:
        if query == "cat:cs.LG":
            path = API / "paperpulse_2026" / "search_query=cat_cs.LG_max5.xml"
        elif query == "all:transformer AND cat:cs.LG":
            path = API / "sotawhat_2026" / "search_query=all_transformer+AND+cat_cs.LG_max5.xml"
        elif query in ("testing", "all:testing"):
            path = (API / "arxivpy_fixtures_2026_extracted_xml"
                    / "q_testing_s0_m100_cfe7536492ca.xml")
        else:
            return feed([], 0)
        if start == 0 and size >= 100 or path.name.endswith("max5.xml") and start == 0:
            return path.read_bytes()
        entries = [e for _, _, e in _entries(path)][start:start + size]
        return feed(entries, 214881 if "testing" in path.name else 5)

    # --- Hugging Face Daily Papers ---------------------------------------------------------
    @staticmethod
    def _hf_items() -> list[dict]:
        items: list[dict] = []
        for name in ("sotawhat_daily_papers_2026-06-12.json",
                     "newsassistant_daily_papers_2026-08-03_pretty.json",
                     "allnewsai_daily_papers_2026-07-31_pretty.json"):
            items += json.loads((REAL / "hf_daily_papers_api" / name).read_text(encoding="utf-8"))
        return items

    def daily_papers(self, request: Request) -> Reply:
        items = self.hf_items
        day = lambda item: dt.date.fromisoformat(  # noqa: E731
            (item["paper"].get("submittedOnDailyAt") or item["publishedAt"])[:10])
        if date := request.arg("date"):
            items = [i for i in items if day(i).isoformat() == date]
        elif week := request.arg("week"):
            items = [i for i in items if _iso_week(day(i)) == week]
        elif month := request.arg("month"):
            items = [i for i in items if day(i).isoformat()[:7] == month]
        limit = min(int(request.arg("limit", "50") or 50), HF_PAGE_CAP)
        page = int(request.arg("p", "0") or 0)
        return Reply(200, json.dumps(items[page * limit:(page + 1) * limit]).encode(), JSON)

    # --- arXiv listing feeds ----------------------------------------------------------------
    def listing(self, request: Request) -> Reply:
        files = {
            "/rss/cs.LG+cs.AI+cs.CL+stat.ML":
                "rss.arxiv.org_rss_cs.LG+cs.AI+cs.CL+stat.ML_2026-09-24_trimmed.xml",
            "/rss/cs.CL": "rss.arxiv.org_rss_cs.CL_weekend_empty_2026-08-01.xml",
            "/atom/cs.LG": "rss.arxiv.org_atom_cs.LG_2026-09-25_abridged.xml",
        }
        name = files.get(request.path)
        if name is None:
            return Reply(404, b"Not Found", {"Content-Type": "text/plain"})
        return Reply(200, (REAL / "arxiv_rss" / name).read_bytes(),
                     {"Content-Type": "application/xml; charset=utf-8"})
