"""The single-paper deck: one paper in depth, as at a conference reading group."""

from __future__ import annotations

from deckgen.model.deck import Para
from deckgen.model.session import Item
from deckgen.plan import compose, own
from deckgen.plan.planner import Planner, format_date, item_paras, translation_credits

COMMENTS_TITLE = "所感"


def plan_single(p: Planner) -> None:
    """Title, self-introduction, overview, contents, sections with figures, 所感, refs, thanks."""
    s = p.inp.session
    assert s.paper is not None  # load_session requires it for kind: single
    pid = s.paper.base
    paper = p.paper(pid)
    presenter = f"{s.presenter} @ {s.affiliation}" if s.affiliation else s.presenter
    p.title_slide(paper.title, [presenter, s.event,
                                format_date(s.date) if s.compose.title_date else ""])
    p.self_intro()
    own.insert(p, "start")

    shown, original = p.titles(pid)
    overview: list[Para] = []
    if s.point:
        overview.append(Para(f"Point: {s.point}"))
    if paper.authors:
        overview.append(Para(f"Authors: {', '.join(paper.authors)}"))
    if paper.affiliations:
        overview.append(Para(f"- {', '.join(paper.affiliations)}"))
    if s.reasons:
        overview.append(Para("選定理由:"))
        overview.extend(Para(f"{'  ' * depth}- {sub.text}")
                        for r in s.reasons for depth, sub in r.walk())
    if compose.overview_shown(p):
        p.add("summary", "overview", {
            "title": [Para("Overview")],
            "original": [Para(f"(邦題: {shown})")] if original else [],
            "body": overview,
        }, notes=f"{paper.title}\n\n{paper.abstract}")
    if s.compose.abstract_slide:
        compose.present(p, pid, "", f"paper:{pid}")
    own.insert(p, own.PAPER, pid)
    own.insert(p, "overview")

    contents = [Item(section.title) for section in s.sections]
    if s.comments:
        contents.append(Item(COMMENTS_TITLE))
    if contents:
        p.bullets("contents", "Table of Contents", contents)
    for n, section in enumerate(s.sections, 1):
        key = f"section:{n}"
        own.insert(p, "before", section.title)
        if section.items:
            p.bullets(key, section.title, section.items)
        elif not section.slides:  # with no items, a section's own slides begin it
            p.section(key, section.title)
        own.insert(p, own.SECTION, n)
        p.figure_slides(pid, "", key, numbers=section.figures, specs=section.figure_specs)
        own.insert(p, "after", section.title)
    if s.comments:
        p.bullets("comments", COMMENTS_TITLE, s.comments)
    own.insert(p, "end")
    references = [Item(f"{paper.title}. {paper.abs_url}"), *s.references]
    credits = []
    if s.translator != "none" or any(t.by for t in p.inp.translations.values()):
        credits = translation_credits(p.inp)  # an English-only deck needs no translation note
    if s.compose.references:
        p.bullets("references", "References", [*item_paras(references), *credits])
    if s.compose.thanks:
        p.section("thanks", s.thanks or "Thanks! Any questions?",
                  " / ".join(item.text for item in s.contact))
