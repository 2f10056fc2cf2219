"""The planner: which slides, in which order, with which text (sizes from plan/fitting.py).

The plan follows the reference decks: title, self-introduction, agenda, then per ranking a
divider, the ranking list (①..⑩, `(原文: …)`, cross-references, 【pickup】) and a slide per
paper; the pickup section; credits. Text is fitted against the placeholder sizes of
the template (`geometry`), so the renderer only draws.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from deckgen.model.deck import Para, Picture, Slide, Text
from deckgen.model.figures import FigureEntry, shown_figures
from deckgen.model.history import History
from deckgen.model.paper import Paper
from deckgen.model.session import FigureSpec, Item, Ranking, Session, Summary
from deckgen.model.texts import Translated, TranslationCredit
from deckgen.plan import figslides
from deckgen.plan.fitting import Fitter, Geometry

TITLE_SLIDE_TITLE = (36, 20)
SECTION_TITLE = (40, 24)
RANKING_BODY = (18, 12)

SOURCE_NAMES = {
    "hf-daily": "Hugging Face Daily Papers (huggingface.co/papers)",
    "hf-trending": "Hugging Face Trending Papers (huggingface.co/papers/trending)",
    "pwc-trending": "Papers with Code (paperswithcode.co) trending",
    "arxiv": "arXiv API 検索 (新着順)",
    "arxiv-listing": "arXiv 新着一覧 (rss.arxiv.org)",
    "list": "発表者の選んだ論文リスト",
}
SUMMARY_LABELS = (("purpose", "目的"), ("result", "成果"), ("method", "方法"),
                  ("name", "固有名"), ("affiliations", "著者所属"))
EMPTY_FIELD = "ー"
# A line of its own in an abstract (a hand translation's): the presenter's page break
PAGE_BREAK = "---"


@dataclass(frozen=True)
class PlanInput:
    """Everything the plan needs, already loaded and checked."""

    session: Session
    papers: Mapping[str, Paper]
    translations: Mapping[str, Translated]
    figures: Mapping[str, Sequence[FigureEntry]]
    geometry: Geometry
    credit: TranslationCredit = TranslationCredit()
    # the own slides' image files by their path in session.yaml (relative to the session
    # folder): a Picture, or None for one that could not be read (a warning said why)
    images: Mapping[Path, Picture | None] = field(default_factory=dict)
    # earlier months: what they presented, for the `⇒ 2026-05 #3` marks (session/history.py)
    history: History = History()


def number_label(n: int, style: str) -> str:
    """Rank `n` as `compose.numbers` writes it: `circled` ①..⑩ (see circled), `dotted` 1."""
    return f"{n}." if style == "dotted" else circled(n)


def circled(n: int) -> str:
    """①..⑳, ㉑..㊿, then `No.N`."""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return f"No.{n}"


def format_date(value: dt.date | dt.datetime | None) -> str:
    """2026/06/12, the date style of the reference decks."""
    if value is None:
        return ""
    return f"{value.year}/{value.month:02d}/{value.day:02d}"


@dataclass
class Planner:
    inp: PlanInput
    slides: list[Slide] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for -v: what was left out, and why
    own_keys: set[str] = field(default_factory=set)  # own slides' keys and places done

    def __post_init__(self) -> None:
        self.fitter = Fitter(self.inp.geometry)

    def label(self, rank: int) -> str:
        """Rank `rank` as this deck labels it (`compose.numbers`): the one place that decides
        for titles, lists, back-references, the agenda's split and the chart."""
        return number_label(rank, self.inp.session.compose.numbers)

    # ---- fitting (plan/fitting.py does the measuring) ------------------------------------
    def add(self, kind: str, key: str, texts: Mapping[str, Sequence[Para]],
            picture: Picture | None = None, notes: str = "",
            sizes: Mapping[str, tuple[float, float]] | None = None,
            pictures: Sequence[Picture] = ()) -> None:
        """Fit every role's text (moving roles the layout lacks into their fallback) and add;
        `pictures` (or the one `picture`) fill the picture roles in order."""
        fitted, overflow = self.fitter.fit_slide(kind, texts, sizes)
        if overflow:
            self.warnings.append(f"slide {len(self.slides) + 1} ({key}): text too long for "
                                 f"{', '.join(overflow)} even at "
                                 "the smallest size; shorten it or edit the slide")
        shown = ((picture,) if picture is not None else ()) + tuple(pictures)
        self.slides.append(Slide(kind, key, fitted, shown, notes))

    def paginate(self, kind: str, role: str, paras: Sequence[Para], reserve: int = 0,
                 sizes=None) -> list[Text]:
        """Split body paragraphs over pages at one common size (see Fitter.paginate)."""
        return self.fitter.paginate(kind, role, paras, reserve, sizes)

    def paginate_at_breaks(self, kind: str, role: str, paras: Sequence[Para],
                           reserve: int = 0) -> list[Text]:
        """Pages as `paginate` makes them, with a page ending at each PAGE_BREAK paragraph
        (none empty); every page is set in the size of the smallest, so that they read as
        one text."""
        parts: list[list[Para]] = [[]]
        for para in paras:
            if para.text.strip() == PAGE_BREAK:
                parts.append([])
            else:
                parts[-1].append(para)
        parts = [part for part in parts if part] or [[]]
        if len(parts) == 1:
            return self.paginate(kind, role, parts[0], reserve)
        pages = [page for part in parts for page in self.paginate(kind, role, part, reserve)]
        size = min((page.size_pt for page in pages if page.size_pt is not None), default=None)
        return [Text(page.paras, size) for page in pages]

    # ---- common slides -------------------------------------------------------------------
    def title_slide(self, title: str, lines: Sequence[str]) -> None:
        self.add("title", "title", {"title": [Para(title)],
                                    "subtitle": [Para(line) for line in lines if line]},
                 sizes={"title": TITLE_SLIDE_TITLE})

    def bullets(self, key: str, title: str, items: Sequence[Item] | Sequence[Para],
                kind: str = "bullets") -> None:
        paras = item_paras(items)
        role = "body" if "body" in self.inp.geometry[kind] else "subtitle"
        pages = self.paginate(kind, role, paras)
        for n, page in enumerate(pages, 1):
            suffix = page_mark(n, len(pages))
            self.add(kind, f"{key}:{n}" if len(pages) > 1 else key,
                     {"title": [Para(title + suffix)], role: page.paras},
                     sizes={role: (page.size_pt, page.size_pt)})

    def section(self, key: str, title: str, subtitle: str = "") -> None:
        self.add("section", key, {"title": [Para(title)],
                                  "subtitle": [Para(subtitle)] if subtitle else []},
                 sizes={"title": SECTION_TITLE})

    def self_intro(self) -> None:
        if self.inp.session.self_intro:
            self.bullets("intro", "自己紹介", self.inp.session.self_intro)

    # ---- papers --------------------------------------------------------------------------
    def paper(self, pid: str) -> Paper:
        return self.inp.papers[pid]

    def titles(self, pid: str) -> tuple[str, str | None]:
        """(the title the deck shows, the English original when the shown one is Japanese)."""
        paper, ja = self.paper(pid), self.inp.translations.get(pid, Translated())
        return (ja.title, paper.title) if ja.title else (paper.title, None)

    def affiliation_line(self, pid: str) -> str:
        affs = self.paper(pid).affiliations
        line = f"{'、'.join(affs)} の研究" if affs else ""
        who = self.inp.session.notes(pid).surveyed_by  # a team's survey: who to ask
        return " ／ ".join(part for part in (line, f"調査: {who}" if who else "") if part)

    def paper_slides(self, pid: str, label: str, key: str, body: Sequence[Para] | None = None,
                     tag: str = "") -> None:
        """The per-paper slides: title, 原文, link, abstract (1/2, 2/2 …), take, affiliation.

        `body` replaces the abstract paragraphs (plan/compose.py makes it); `tag` follows the
        affiliation (where the paper was first presented)."""
        paper = self.paper(pid)
        shown, original = self.titles(pid)
        abstract = self.inp.translations.get(pid, Translated()).abstract or paper.abstract
        take = self.inp.session.notes(pid).take
        paras = list(body) if body is not None else [
            Para(p) for p in abstract.split("\n") if p.strip()]
        paras = paras or [Para("(アブストラクトなし)")]
        geometry = self.inp.geometry["paper"]
        # text that the layout lacks a box for ends up in the body: leave it room
        reserve = sum(1 for r in ("original", "link", "take", "affiliation") if r not in geometry)
        pages = self.paginate_at_breaks("paper", "body", paras, reserve=reserve)
        notes = f"{paper.title}\n{paper.abs_url}\n\n{paper.abstract}"
        if who := self.inp.session.notes(pid).surveyed_by:
            notes += f"\n\n調査担当: {who} (この論文の質問は {who} へ)"
        for n, page in enumerate(pages, 1):
            marker = page_mark(n, len(pages))
            texts = {
                "title": [Para(f"{label} {shown}".strip() + marker)],
                "original": [Para(f"(原文: {original})")] if original else [],
                "link": [Para(paper.abs_url, url=paper.abs_url)],
                "body": list(page.paras),
                "take": [Para(take, bold=True)] if take and n == len(pages) else [],
                "affiliation": [Para(line)] if (line := " / ".join(
                    x for x in (self.affiliation_line(pid), tag) if x)) else [],
            }
            self.add("paper", f"{key}:abstract:{n}", texts, notes=notes,
                     sizes={"body": (page.size_pt, page.size_pt)})

    def summary_paras(self, pid: str, summary: Summary) -> list[Para]:
        """目的 / 成果 / 方法 / 固有名 / 著者所属, `ー` for an empty field."""
        affs = "、".join(self.paper(pid).affiliations)
        paras = []
        for attr, name in SUMMARY_LABELS:
            value = getattr(summary, attr) or (affs if attr == "affiliations" else "")
            paras.append(Para(f"{name}: {value.strip() or EMPTY_FIELD}"))
        return paras

    def summary_slide(self, pid: str, label: str, key: str, summary: Summary,
                      before: Sequence[Para] = (), after: Sequence[Para] = ()) -> None:
        shown, original = self.titles(pid)
        self.add("summary", f"{key}:summary", {
            "title": [Para(f"{label} {shown}".strip())],
            "original": [Para(f"(原文: {original})")] if original else [],
            "body": [*before, *self.summary_paras(pid, summary), *after],
        }, notes=f"{self.paper(pid).title}\n\n{self.paper(pid).abstract}")

    def figure_slides(self, pid: str, label: str, key: str,
                      numbers: Sequence[int] | None = None,
                      specs: Sequence[FigureSpec] | None = None) -> None:
        """The figure slides of paper `pid` (plan/figslides.py)."""
        figslides.figure_slides(self, pid, label, key, numbers, specs)


def translation_credits(inp: PlanInput) -> list[Para]:
    """Credit lines: the translation service, hand translations, which texts stay English."""
    paras: list[Para] = []
    figures = shown_figures(inp.session, inp.figures)
    texts = {pid: inp.translations.get(pid, Translated()) for pid in inp.papers}
    by = set().union(*(t.by for t in texts.values()))
    if "deepl" in by:
        service = inp.credit.service or "DeepL"
        paras.append(Para(f"{service} による翻訳を利用させて頂きました. https://www.deepl.com/",
                          level=1))
    if "hand" in by:
        paras.append(Para("翻訳: 発表者による (translations.yaml で by: hand の項目)", level=1))
    missing: list[str] = []
    for pid, t in texts.items():
        parts = [name for name, done in (("タイトル", t.title), ("アブストラクト", t.abstract))
                 if not done]
        numbers = [f.number for f in figures.get(pid, ()) if f.caption.strip()
                   and f.number not in t.captions]
        if numbers:
            parts.append("図" + "・".join(str(n) for n in numbers) + "の説明")
        if parts:
            missing.append(f"{pid} ({'・'.join(parts)})")
    if missing and len(missing) == len(texts) and not by:
        paras.append(Para("未翻訳 (英語のまま): すべての論文", level=1))
    elif missing:
        paras.append(Para(f"未翻訳 (英語のまま): {', '.join(missing)}", level=1))
    if missing and inp.credit.how_to_enable:
        paras.append(Para(inp.credit.how_to_enable, level=2))
    return paras


def page_mark(n: int, total: int) -> str:
    """` (1/2)` on continued slides, nothing on a single one."""
    return f" ({n}/{total})" if total > 1 else ""


# bullet levels a slide can show (a placeholder has nine; deeper bullets stay at the last)
MAX_BULLET_LEVEL = 9


def item_paras(items: Sequence[Item] | Sequence[Para]) -> list[Para]:
    """Bullets as paragraphs: a top-level bullet at level 1, its sub-bullets below it."""
    paras: list[Para] = []
    for item in items:
        if isinstance(item, Para):
            paras.append(item)
            continue
        paras.extend(Para(sub.text, level=min(depth + 1, MAX_BULLET_LEVEL))
                     for depth, sub in item.walk())
    return paras


def ranking_date(ranking: Ranking) -> str:
    """The survey date of a ranking, as the decks print it."""
    return format_date(ranking.surveyed_at)
