"""The `compose:` switches, each on and off, by the slides they plan (kinds, keys, titles)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from deckgen.model.deck import Slide, Text
from deckgen.model.ids import ArxivRef
from deckgen.model.kinds import KIND_ROLES
from deckgen.model.paper import Paper
from deckgen.model.session import (
    Compose,
    Item,
    PaperNotes,
    Ranking,
    RankingEntry,
    Section,
    Session,
    Summary,
)
from deckgen.plan.compose import leave_out_empty, split_sentences
from deckgen.plan.deck import PlanInput, plan_deck

FULL = {kind: {role.name: (800.0, 300.0 if role.name == "body" else 40.0)
               for role in roles} for kind, roles in KIND_ROLES.items()}
IDS = ["2601.00001", "2601.00002", "2601.00003"]
SUMMARY = Summary(purpose="目的です", result="成果です", name="X")


def paper(pid: str, abstract: str = "First sentence. Second one, e.g. this. Third.") -> Paper:
    return Paper(id=pid, title=f"Title of {pid}", abstract=abstract, version=1,
                 authors=("A. Author", "B. Author"), affiliations=("Example Lab",))


def survey(compose: Compose | None = None, **changes) -> Session:
    base = dict(
        dir=Path("s"), file=Path("s/session.yaml"), kind="survey", name="s",
        event="AI最新論文読み会 2026年1月", date=dt.date(2026, 1, 20), presenter="B",
        rankings=(Ranking("Top Recent", "hf-daily", None, dt.date(2026, 1, 15), None,
                          tuple(RankingEntry(ArxivRef(i)) for i in IDS)),
                  Ranking("Top Hype", "list", None, None, None,
                          (RankingEntry(ArxivRef("2601.00004")),
                           RankingEntry(ArxivRef("2601.00003"))))),
        picks=(ArxivRef("2601.00002"),),
        papers={"2601.00001": PaperNotes(take="→ 面白い", summary=SUMMARY),
                "2601.00002": PaperNotes(summary=SUMMARY, points=(Item("一つだけ"),))},
        compose=compose or Compose(),
    )
    base.update(changes)
    return Session(**base)


def single(compose: Compose | None = None, **changes) -> Session:
    base = dict(
        dir=Path("s"), file=Path("s/session.yaml"), kind="single", name="s",
        event="NeurIPS 読み会", date=dt.date(2026, 12, 10), presenter="高山 温",
        paper=ArxivRef("2601.00001"), point="要点", reasons=(Item("理由"),),
        sections=(Section("背景", (Item("a"),)),), compose=compose or Compose())
    base.update(changes)
    return Session(**base)


def plan(s: Session, papers: dict[str, Paper] | None = None, translations=None):
    papers = papers or {r.base: paper(r.base) for r in s.all_refs()}
    return plan_deck(PlanInput(s, papers, translations or {}, {}, FULL))


def keys(deck) -> list[str]:
    return [s.key for s in deck.slides]


def slide(deck, key: str):
    return next(s for s in deck.slides if s.key == key)


def body(deck, key: str) -> list[str]:
    return [p.text for p in slide(deck, key).texts["body"].paras]


# ---- sentences ----------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "sentences"), [
    ("深層学習は高価である。我々は新手法を示す！本当か？はい。",
     ["深層学習は高価である。", "我々は新手法を示す！", "本当か？", "はい。"]),
    ("「これは引用だ。」と彼は言った。次の文。",
     ["「これは引用だ。」", "と彼は言った。", "次の文。"]),
    ("We improve accuracy by 2.3 points. It runs 1.5x faster! Does it scale? Yes.",
     ["We improve accuracy by 2.3 points.", "It runs 1.5x faster!", "Does it scale?", "Yes."]),
    ("Smith et al. showed this, e.g. in Fig. 3 and Eq. 2. Ours differs, i.e. it is new.",
     ["Smith et al. showed this, e.g. in Fig. 3 and Eq. 2.", "Ours differs, i.e. it is new."]),
    ("BERT vs. GPT-2 is compared (cf. Sec. 4). A. Turing said so. The end.",
     ["BERT vs. GPT-2 is compared (cf. Sec. 4).", "A. Turing said so.", "The end."]),
    ("It reaches 90.94% top-1. We release code at github.com/x/y. Done.",
     ["It reaches 90.94% top-1.", "We release code at github.com/x/y.", "Done."]),
    ("Transformerと ResNetで検証しています。例えば 1) 13Mパラメータのモデルから転送する。",
     ["Transformerと ResNetで検証しています。", "例えば 1) 13Mパラメータのモデルから転送する。"]),
    ("得意としている. 人間はどうか?本研究では3.5倍速い.次に示す.",
     ["得意としている.", "人間はどうか?", "本研究では3.5倍速い.", "次に示す."]),
    ("No full stop at the end", ["No full stop at the end"]),
    ("", []),
])
def test_sentences_end_where_they_end_in_japanese_and_english(text: str, sentences: list[str]):
    assert split_sentences(text) == sentences


def test_sentences_put_back_together_are_the_text():
    text = ("Deep nets are costly (e.g. GPT-3). We show that μP keeps 2.3x more. "
            "本研究では新しい手法を提案する。実験で確認した！")
    assert "".join(split_sentences(text)).replace(" ", "") == text.replace(" ", "")


# ---- nothing to show ----------------------------------------------------------------------
def test_a_slide_with_nothing_but_its_title_is_left_out_with_a_note():
    from deckgen.model.deck import Para

    title = {"title": Text((Para("見出し"),))}
    slides = [Slide("bullets", "own:x", title),
              Slide("bullets", "own:y", {**title, "body": Text((Para(" "),))}),
              Slide("section", "ranking:1:section", title),
              Slide("bullets", "intro", {**title, "body": Text((Para("本文"),))})]
    kept, notes = leave_out_empty(slides)
    assert [s.key for s in kept] == ["ranking:1:section", "intro"]
    assert notes == ["left out slide own:x (見出し): nothing to show but its title",
                     "left out slide own:y (見出し): nothing to show but its title"]
