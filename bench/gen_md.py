"""The equivalent markdown of a bench deck: the slides deckgen's survey plan makes, with the
same titles, bullets, paragraphs, images (captioned with the caption and its `出典` line) and
speaker notes, one `# heading` per slide (slide level 1) for `pandoc equivalent.md -o x.pptx`.

deckgen fits a long ranking list to as many slides as it needs; here a list is cut every
RANKING_PAGE entries, so a long ranking may take a slide more or less than in deckgen's deck.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from gen import DeckSpec, Paper, figure_file, q, take_of

from deckgen.plan.planner import circled

PICKUP_MARK = "【pickup】"
PICKUP_TITLE = "気になった論文"
SUMMARY_LABELS = (("purpose", "目的"), ("result", "成果"), ("method", "方法"),
                  ("name", "固有名"), ("affiliations", "著者所属"))
RANKING_PAGE = 10


@dataclass
class MdSlide:
    """One slide of the markdown deck: a title, markdown blocks and speaker notes."""

    title: str
    blocks: list[str] = field(default_factory=list)
    notes: str = ""


_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#+\-!|$^~@&\"'])")


def esc(text: str) -> str:
    """Inline text with every markdown-active character escaped."""
    return _ESCAPE.sub(r"\\\1", text)


def _date(iso: str) -> str:
    return iso.replace("-", "/")


def _bullets(items: Sequence[tuple[str, Sequence[str]]]) -> str:
    lines = []
    for head, children in items:
        lines.append(f"- {esc(head)}")
        lines.extend(f"    - {esc(child)}" for child in children)
    return "\n".join(lines)


def _multiline(text: str) -> str:
    """Lines of one paragraph kept apart with hard line breaks."""
    return "\\\n".join(esc(line) for line in text.split("\n"))


class _Slides(list[MdSlide]):
    """The slides of one deck, added in order by the methods below."""

    def __init__(self, spec: DeckSpec, papers: dict[str, Paper]) -> None:
        super().__init__()
        self.spec, self.papers = spec, papers

    def paper(self, pid: str, label: str) -> None:
        paper = self.papers[pid]
        take = take_of(self.spec, paper)
        blocks = [f"\\({esc('原文: ' + paper.title)})", f"<{paper.abs_url}>",
                  esc(paper.abstract_ja)]
        if take:
            blocks.append(f"**{esc(take)}**")
        if paper.base.affiliations:
            blocks.append(esc("、".join(paper.base.affiliations) + " の研究"))
        self.append(MdSlide(f"{label} {paper.title_ja}".strip(), blocks,
                            f"{paper.title}\n{paper.abs_url}\n\n{paper.abstract}"))

    def summary(self, pid: str, label: str) -> None:
        paper = self.papers[pid]
        summary = paper.base.summary or {}
        lines = []
        for key, name in SUMMARY_LABELS:
            value = summary.get(key) or ("、".join(paper.base.affiliations)
                                         if key == "affiliations" else "")
            lines.append(f"- {esc(name + ': ' + (value.strip() or 'ー'))}")
        self.append(MdSlide(f"{label} {paper.title_ja}".strip(),
                            [f"\\({esc('原文: ' + paper.title)})", "\n".join(lines)],
                            f"{paper.title}\n\n{paper.abstract}"))

    def figures(self, pid: str, label: str) -> None:
        paper = self.papers[pid]
        for number, kind in self.spec.figures.get(pid, ()):
            caption = f"Figure {number}: {paper.base.captions[number - 1]}"
            image = f"figures/{pid}/{figure_file(number, kind)}"
            self.append(MdSlide(f"Figure {number}  {label}".strip(),
                                [f"![{esc(caption)}\\\n{esc(f'出典: arXiv:{pid}')}]({image})"],
                                paper.base.captions[number - 1]))

    def ranking_list(self, title: str, ids: list[str]) -> None:
        pages = [ids[i:i + RANKING_PAGE] for i in range(0, len(ids), RANKING_PAGE)]
        for n, page in enumerate(pages, 1):
            entries = []
            for rank, pid in enumerate(page, (n - 1) * RANKING_PAGE + 1):
                mark = f" {PICKUP_MARK}" if pid in self.spec.picks else ""
                paper = self.papers[pid]
                text = f"{circled(rank)} {paper.title_ja}{mark}\n(原文: {paper.title})"
                entries.append("- " + _multiline(text).replace("\n", "\n  "))
            suffix = f" ({n}/{len(pages)})" if len(pages) > 1 else ""
            self.append(MdSlide(title + suffix, ["\n".join(entries)]))


def markdown_slides(spec: DeckSpec, papers: dict[str, Paper]) -> list[MdSlide]:
    """The slides of the bench deck in order, with the texts deckgen shows on them."""
    slides = _Slides(spec, papers)
    slides.append(MdSlide("自己紹介", [_bullets(spec.self_intro)]))
    agenda = [f"- {esc(r.source_name + ' から人気の論文をピックアップして紹介')}"
              for r in spec.rankings]
    agenda.append(f"- {esc('、'.join(_date(r.surveyed_at) for r in spec.rankings))} にサーベイ")
    numbered = [f"{i}. {esc(r.name)} の上位 {len(r.bases)} 本"
                for i, r in enumerate(spec.rankings, 1)]
    numbered.append(f"{len(spec.rankings) + 1}. {PICKUP_TITLE} {len(spec.picks)} 本")
    slides.append(MdSlide("Agenda", ["\n".join(agenda), "\n".join(numbered)]))
    for ranking in spec.rankings:
        ids = ranking.ids()
        slides.append(MdSlide(f"{ranking.name} {len(ids)}",
                              [esc(f"{ranking.source_name} / {_date(ranking.surveyed_at)} "
                                   "にサーベイ")]))
        slides.ranking_list(f"{ranking.name} ({_date(ranking.surveyed_at)})", ids)
        for rank, pid in enumerate(ids, 1):
            slides.paper(pid, circled(rank))
            if pid in spec.picks:
                continue
            if pid in spec.summarized:
                slides.summary(pid, circled(rank))
            slides.figures(pid, circled(rank))
    slides.append(MdSlide(PICKUP_TITLE, [f"{len(spec.picks)} 本"]))
    for pid in spec.picks:
        slides.paper(pid, PICKUP_MARK)
        slides.summary(pid, PICKUP_MARK)
        slides.append(MdSlide(f"{PICKUP_MARK} {papers[pid].title_ja}",
                              [_bullets(papers[pid].base.points)]))
        slides.figures(pid, "")
    credits = ["翻訳: 発表者による (translations.yaml で by: hand の項目)"]
    credits += [f"ランキング「{r.name}」: {r.source_name} [{r.query}], "
                f"{_date(r.surveyed_at)} にサーベイ" for r in spec.rankings]
    credits += ["論文情報: arXiv (arxiv.org)", *spec.closing]
    slides.append(MdSlide("クレジット", ["\n".join(f"- {esc(line)}" for line in credits)]))
    return list(slides)


def equivalent_markdown(spec: DeckSpec, papers: dict[str, Paper]) -> tuple[str, int]:
    """The whole markdown document and its slide count (the title slide included)."""
    slides = markdown_slides(spec, papers)
    meta = ["---", f"title: {q(esc(spec.event))}", f"subtitle: {q(esc(spec.affiliation))}",
            f"author: {q(esc(spec.presenter))}", f"date: {q(_date(spec.date))}", "lang: ja-JP",
            "---"]
    parts = ["\n".join(meta)]
    for slide in slides:
        body = [f"# {esc(slide.title)}", *slide.blocks]
        if slide.notes:
            notes = "\n\n".join(esc(p) for p in slide.notes.split("\n") if p.strip())
            body.append(f"::: notes\n{notes}\n:::")
        parts.append("\n\n".join(body))
    return "\n\n".join(parts) + "\n", len(slides) + 1
