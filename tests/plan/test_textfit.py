"""Tests for the text width estimator, line wrapping, font fitting and pagination."""

from __future__ import annotations

import random

import pytest

from deckgen.model.kinds import Box
from deckgen.plan import textfit
from deckgen.plan.textfit import (
    NO_LINE_END,
    NO_LINE_START,
    Page,
    char_width_em,
    count_lines,
    fit_font_size,
    paginate,
    text_height_pt,
    text_width_em,
    wrap_text,
)

TITLE_JA = "EvoArena：動的環境における頑健なLLMエージェントのための記憶進化の追跡"
RANKING_LINE = (
    "1. EvoArena：動的環境における頑健なLLMエージェントのための記憶進化の追跡"
    "（原文: EvoArena: Tracking Memory Evolution for Robust LLM Agents in Dynamic Environments）"
)
ABSTRACT_EN = (
    "Large language model (LLM) agents are increasingly deployed in open-ended environments "
    "whose dynamics change over time, yet most benchmarks evaluate them in static settings "
    "where the rules, tools and reward structure stay fixed for the whole episode. We "
    "introduce EvoArena, a benchmark of 48 procedurally generated environments in which tool "
    "interfaces, object affordances and task goals drift during interaction. To succeed, an "
    "agent must notice that its stored knowledge has become stale, revise its memory and "
    "re-plan without external supervision. We further propose MemTrace, a lightweight method "
    "that records the provenance of every memory entry and tracks how entries evolve, so that "
    "contradictions between new observations and old beliefs can be detected and resolved. "
    "Across 12 open and proprietary models, including GPT-4o, Claude 3.5 Sonnet and "
    "Llama-3.1-70B-Instruct, we find that success rates drop by 31.4% on average once the "
    "environment changes, and that larger context windows alone do not close the gap. "
    "MemTrace recovers 62% of the lost performance, reduces repeated failed actions by a "
    "factor of 2.7 and adds less than 5% token overhead. Ablations show that provenance "
    "tracking, rather than memory size, drives most of the improvement, and that agents which "
    "explicitly reason about when a memory was written adapt faster to abrupt shifts. We "
    "release the environments, the evaluation harness and all agent trajectories to support "
    "research on robust, self-correcting agents."
)
ABSTRACT_JA_SHORT = (
    "大規模言語モデル（LLM）を用いたエージェントは、規則や道具の仕様が時間とともに変化する環境で"
    "使われることが増えている。本論文では、対話の途中で道具のインターフェースやタスクの目標が変化する"
    "48種類の環境からなるベンチマークEvoArenaと、記憶項目の出所を記録してその変化を追跡する軽量な手法"
    "MemTraceを提案する。12種類のモデルで評価したところ、環境が変化すると成功率は平均で31.4%低下したが、"
    "MemTraceは失われた性能の62%を回復した。"
)
ABSTRACT_JA_LONG = (
    "大規模言語モデル（LLM）を用いたエージェントは、時間とともに規則や道具の仕様が変化する開かれた環境で"
    "使われることが増えている。しかし既存のベンチマークの多くは、規則・道具・報酬の構造がエピソードを通じて"
    "固定された静的な設定でしか評価を行っていない。本論文では、対話の途中で道具のインターフェース、物体の"
    "アフォーダンス、タスクの目標が変化する48種類の手続き的に生成された環境からなるベンチマーク"
    "EvoArenaを提案する。エージェントが成功するためには、自らの記憶が古くなったことに気づき、外部からの"
    "監督なしに記憶を修正して計画を立て直さなければならない。さらに我々は、各記憶項目の出所を記録し、"
    "項目がどのように変化したかを追跡する軽量な手法MemTraceを提案する。これにより、新しい観測と古い信念の"
    "矛盾を検出して解消できる。GPT-4o、Claude 3.5 Sonnet、Llama-3.1-70B-Instructを含む12種類の"
    "オープンおよびプロプライエタリなモデルで評価したところ、環境が変化すると成功率は平均で31.4%低下し、"
    "文脈長を伸ばすだけではこの差は埋まらないことがわかった。MemTraceは失われた性能の62%を回復し、"
    "失敗した行動の繰り返しを2.7分の1に減らし、追加のトークン消費は5%未満にとどまった。"
    "アブレーション実験では、記憶の容量を増やすことよりも出所の追跡が改善の大部分をもたらしていること、"
    "そして記憶がいつ書き込まれたかを明示的に推論するエージェントほど急激な変化に速く適応できることが"
    "示された。また、変化の種類別に分析すると、道具の引数名や返り値の形式が変わる「インターフェースの変化」"
    "に対しては多くのモデルが比較的早く適応する一方で、目標そのものが途中で書き換わる「目標の変化」に対しては、"
    "ほとんどのモデルが古い目標に固執し続けることが明らかになった。特に、長い対話履歴をそのまま文脈に保持する"
    "エージェントは、古い観測と新しい観測が混在することで判断が揺らぎ、同じ失敗を何度も繰り返す傾向が強かった。"
    "これに対してMemTraceを導入したエージェントは、矛盾する記憶を検出した時点で古い項目に「失効」の印を付け、"
    "以後の計画ではその項目を参照しないように振る舞うため、無駄な試行が大幅に減少した。"
    "一方で、本手法にはいくつかの限界もある。第一に、出所の記録には環境から得られる時刻や行動の情報が"
    "必要であり、それらが得られない設定では効果が小さくなる。第二に、変化が非常に緩やかで観測のノイズと"
    "区別しにくい場合には、矛盾の検出が遅れ、適応までに多くのステップを要する。第三に、今回の評価は"
    "テキストベースの環境に限られており、画像や音声を含むマルチモーダルな環境への拡張は今後の課題である。"
    "それでも本研究は、動的な環境における頑健性を測る共通の基盤と、記憶の進化を追跡するという単純だが"
    "効果的な設計原理を示した点で意義がある。"
    "我々は環境、評価用のハーネス、そして全エージェントの行動履歴を公開し、頑健で自己修正可能なエージェントの"
    "研究を後押しすることを目指す。今後は、複数のエージェントが記憶を共有する協調的な設定や、"
    "人間の利用者との長期的な対話において記憶がどのように進化するかについても調べる予定である。"
    "加えて、記憶の出所情報を学習時の信号として用いることで、モデル自身が古い知識を自発的に疑う能力を"
    "獲得できるかどうかも重要な研究課題であると考えている。"
    "なお、本論文で用いた48種類の環境は、家庭内の片付け、オンラインでの買い物、表計算ソフトの操作、"
    "簡単なプログラムの修正という四つの領域に分かれており、各領域には変化の頻度と強さが異なる"
    "三段階の難易度が設定されている。最も難しい設定では、十数ステップごとに道具の仕様が変わり、"
    "さらに二回に一回の割合で目標も書き換えられる。このような設定でも人間の被験者は平均して"
    "85%以上の課題を達成できたのに対し、最良のモデルでも達成率は40%台にとどまっており、"
    "人間との差は依然として大きい。"
    "この結果は、動的な環境への適応が現在のエージェントにとって未解決の問題であることを示しており、"
    "記憶の管理を中心に据えた設計の重要性を改めて浮き彫りにしている。"
)
BULLETS_JA = [
    "動的に変化する48環境のベンチマークEvoArenaを提案",
    "記憶の出所を記録して矛盾を検出する手法MemTrace",
    "環境変化で成功率が平均31.4%低下（12モデル）",
    "MemTraceは失われた性能の62%を回復、トークン増は5%未満",
]
# A 16:9 body placeholder and a title placeholder, in points after insets.
BODY = Box(width=850.0, height=340.0, max_pt=24.0, min_pt=14.0)
TITLE_BOX = Box(width=850.0, height=90.0, max_pt=36.0, min_pt=20.0)


def squeeze(text: str) -> str:
    """The text without any whitespace, to compare content across line and page breaks."""
    return "".join(text.split())


def test_a_pure_cjk_string_of_n_characters_is_n_em_wide() -> None:
    text = "動的環境における頑健な記憶進化の追跡"
    assert text_width_em(text) == pytest.approx(len(text))


def test_kana_fullwidth_punctuation_and_circled_numbers_are_one_em() -> None:
    for ch in "あア、。「」（）：ー①⑳㉑㊿　":
        assert char_width_em(ch) == 1.0, ch


def test_latin_text_is_narrower_than_the_same_number_of_cjk_characters() -> None:
    latin = "Tracking Memory Evolution"
    assert text_width_em(latin) < 0.7 * len(latin)
    assert char_width_em("i") < char_width_em("a") < char_width_em("M") <= char_width_em("m")
    assert char_width_em("0") == pytest.approx(0.56)


@pytest.mark.parametrize("text", ["頑健なLLMエージェント", "2024年6月", "手法 MemTrace を提案"])
def test_autospace_is_counted_between_cjk_and_latin_digits_or_spaces(text: str) -> None:
    assert text_width_em(text) >= sum(char_width_em(ch) for ch in text) + 0.4


@pytest.mark.parametrize("text", [TITLE_JA, RANKING_LINE, ABSTRACT_EN, ABSTRACT_JA_SHORT])
@pytest.mark.parametrize("width_em", [7.0, 12.5, 30.0, 57.3])
def test_wrapped_lines_never_exceed_the_width(text: str, width_em: float) -> None:
    lines = wrap_text(text, width_em)
    assert all(text_width_em(line) <= width_em + 1e-9 for line in lines)
    assert squeeze("".join(lines)) == squeeze(text)


@pytest.mark.parametrize("width_em", [float(w) for w in range(6, 40)])
def test_no_line_starts_with_closing_punctuation_or_ends_with_an_opening_bracket(
    width_em: float,
) -> None:
    lines = wrap_text(ABSTRACT_JA_SHORT + RANKING_LINE, width_em)
    assert not any(line[0] in NO_LINE_START for line in lines[1:])
    assert not any(line[-1] in NO_LINE_END for line in lines)
    assert not any(line.startswith(("、", "。")) for line in lines)


def test_latin_text_breaks_only_between_words_or_after_hyphens() -> None:
    words = set(ABSTRACT_EN.split())
    pieces = words | {w.rsplit("-", 1)[-1] for w in words} | {w[: w.find("-") + 1] for w in words}
    for line in wrap_text(ABSTRACT_EN, 30.0):
        assert all(word in pieces for word in line.split())


def test_a_latin_word_longer_than_a_line_is_broken_by_characters() -> None:
    lines = wrap_text("See https://arxiv.org/abs/2406.01234v2 for details", 8.0)
    assert len(lines) > 3
    assert all(text_width_em(line) <= 8.0 for line in lines)
    assert "".join(lines[1:-1]).startswith("https://arxiv")


def test_closing_punctuation_stays_with_a_following_latin_word() -> None:
    lines = wrap_text("漢" * 12 + "、Claude 3.5", 14.4)
    assert lines == ["漢" * 11, "漢、Claude 3.5"]


def test_hyphenated_words_may_break_after_the_hyphen() -> None:
    assert wrap_text("state-of-the-art", 4.0)[0] == "state-"


def test_explicit_newlines_start_new_lines() -> None:
    assert wrap_text("原文:\nEvoArena", 40.0) == ["原文:", "EvoArena"]
    assert wrap_text("a\n\nb", 40.0) == ["a", "", "b"]


def test_an_empty_paragraph_counts_as_one_line() -> None:
    assert count_lines(["", "本文"], 500.0, 20.0) == 2


def test_a_hanging_indent_reduces_the_usable_width() -> None:
    plain = count_lines([ABSTRACT_JA_SHORT], 420.0, 20.0)
    assert count_lines([ABSTRACT_JA_SHORT], 420.0, 20.0, indent_em=1.5) > plain


def test_text_height_counts_line_pitch_and_space_between_paragraphs() -> None:
    height = text_height_pt(["一行目", "二行目"], 500.0, 20.0, line_spacing=1.2, para_space_pt=6)
    assert height == pytest.approx(2 * 20 * 1.2 + 6)


def test_a_short_title_gets_the_maximum_size() -> None:
    assert fit_font_size(["記憶進化の追跡"], TITLE_BOX) == TITLE_BOX.max_pt


def test_a_long_abstract_gets_a_smaller_size_that_fits() -> None:
    size = fit_font_size([ABSTRACT_EN], BODY)
    assert size is not None and BODY.min_pt <= size < BODY.max_pt
    assert text_height_pt([ABSTRACT_EN], BODY.width, size) <= BODY.height
    assert text_height_pt([ABSTRACT_EN], BODY.width, size + 1) > BODY.height


def test_fit_font_size_returns_none_when_even_the_minimum_size_overflows() -> None:
    assert fit_font_size([ABSTRACT_JA_LONG], BODY) is None


def test_max_lines_keeps_a_title_on_one_line() -> None:
    size = fit_font_size([TITLE_JA], TITLE_BOX, max_lines=1)
    assert size is not None and size < fit_font_size([TITLE_JA], TITLE_BOX)
    assert count_lines([TITLE_JA], TITLE_BOX.width, size) == 1


def test_paragraph_spacing_and_indent_can_only_shrink_the_size() -> None:
    plain = fit_font_size(BULLETS_JA * 3, BODY)
    spaced = fit_font_size(BULLETS_JA * 3, BODY, para_space_pt=12.0, indent_em=1.5)
    assert plain is not None and spaced is not None and spaced < plain


@pytest.mark.parametrize("text", [ABSTRACT_EN, ABSTRACT_JA_LONG[:1200]])
def test_more_text_never_gets_a_bigger_size(text: str) -> None:
    box = Box(width=850.0, height=340.0, max_pt=40.0, min_pt=8.0)
    sizes = [fit_font_size([text[:n]], box) for n in range(40, len(text), 40)]
    assert all(size is not None for size in sizes)
    assert sizes == sorted(sizes, reverse=True)
    assert sizes[0] == 40.0 and sizes[-1] < 20.0


def test_a_short_abstract_goes_on_one_page_at_its_fitted_size() -> None:
    pages = paginate([ABSTRACT_JA_SHORT], BODY)
    assert pages == [Page((ABSTRACT_JA_SHORT,), fit_font_size([ABSTRACT_JA_SHORT], BODY), (0,))]


def test_a_long_japanese_abstract_is_split_at_sentence_ends_in_one_common_size() -> None:
    pages = paginate([ABSTRACT_JA_LONG], BODY)
    assert len(pages) >= 2
    assert len({page.size_pt for page in pages}) == 1
    assert all(page.paragraphs[-1].endswith("。") for page in pages)
    assert squeeze("".join(p for page in pages for p in page.paragraphs)) == squeeze(
        ABSTRACT_JA_LONG
    )


@pytest.mark.parametrize(
    "paragraphs",
    [
        [ABSTRACT_JA_LONG],
        [ABSTRACT_EN, ABSTRACT_JA_LONG],
        [ABSTRACT_EN, ABSTRACT_EN, ABSTRACT_EN],
        ABSTRACT_JA_LONG.split("。")[:-1],
        BULLETS_JA * 8,
    ],
    ids=["ja-long", "en+ja", "en*3", "ja-sentences", "bullets*8"],
)
def test_every_page_fits_and_no_text_is_lost_or_duplicated(paragraphs: list[str]) -> None:
    pages = paginate(paragraphs, BODY, para_space_pt=6.0, indent_em=1.0)
    size = pages[0].size_pt
    assert BODY.min_pt <= size <= BODY.max_pt
    for page in pages:
        assert page.size_pt == size
        height = text_height_pt(page.paragraphs, BODY.width, size, 1.2, 6.0, 1.0)
        assert height <= BODY.height + 1e-6
    joined = [p for page in pages for p in page.paragraphs]
    assert squeeze("".join(joined)) == squeeze("".join(paragraphs))
    assert len(joined) >= len(paragraphs)


def test_paragraphs_that_fit_a_page_are_never_split() -> None:
    pages = paginate(BULLETS_JA * 8, BODY)
    assert len(pages) >= 2
    assert all(p in BULLETS_JA for page in pages for p in page.paragraphs)


@pytest.mark.parametrize("box", [BODY, Box(850.0, 340.0, 18.0, 18.0)], ids=["body", "fixed-18pt"])
def test_pages_are_balanced_rather_than_leaving_a_short_last_page(box: Box) -> None:
    pages = paginate([ABSTRACT_JA_LONG], box)
    assert len(pages) >= 2
    heights = [text_height_pt(page.paragraphs, box.width, page.size_pt) for page in pages]
    assert min(heights) >= 0.8 * max(heights)


def test_the_common_size_is_the_largest_at_which_every_page_fits() -> None:
    pages = paginate([ABSTRACT_EN, ABSTRACT_JA_LONG], BODY)
    size = pages[0].size_pt
    if size < BODY.max_pt:
        assert any(
            text_height_pt(page.paragraphs, BODY.width, size + 1) > BODY.height for page in pages
        )


def test_a_single_sentence_longer_than_a_page_is_split_by_lines() -> None:
    sentence = "記憶" * 900 + "。"
    pages = paginate([sentence], BODY)
    assert len(pages) >= 2
    assert "".join(p for page in pages for p in page.paragraphs) == sentence
    for page in pages:
        assert text_height_pt(page.paragraphs, BODY.width, page.size_pt) <= BODY.height


def test_pagination_is_deterministic() -> None:
    first = paginate([ABSTRACT_EN, ABSTRACT_JA_LONG], BODY)
    assert paginate([ABSTRACT_EN, ABSTRACT_JA_LONG], BODY) == first


def _clear_width_caches() -> None:
    for cached in (textfit._atoms, textfit._piece_width, textfit._wrap_spans, textfit._extent,
                   textfit._widest):
        cached.cache_clear()


@pytest.mark.parametrize("text", [TITLE_JA, RANKING_LINE, ABSTRACT_EN, ABSTRACT_JA_LONG,
                                  "、Claude と GPT-4o-mini の比較 (2024年)\n  次の行  "])
def test_wrapping_does_not_depend_on_the_sizes_tried_before(text: str) -> None:
    widths = [w / 4 for w in range(8, 240, 7)]
    _clear_width_caches()
    ascending = [wrap_text(text, w) for w in widths]
    _clear_width_caches()
    descending = [wrap_text(text, w) for w in reversed(widths)][::-1]
    assert ascending == descending
    for a0, a1, piece, stripped in textfit._atoms(text.split("\n")[0]):
        assert text.split("\n")[0][a0:a1] == piece and stripped == piece.rstrip(" ")
        for prev in ("", "a", "語", " "):
            assert textfit._piece_width(stripped, prev) == textfit._run_width(stripped, prev)


def test_fitting_wraps_the_text_only_at_sizes_its_fewest_lines_do_not_rule_out() -> None:
    # at 24-17 pt even the fewest lines the abstract's width allows are too many for the box
    _clear_width_caches()
    assert fit_font_size([ABSTRACT_EN], BODY) == 16.0
    assert textfit._wrap_spans.cache_info().misses <= 3  # not one wrap per size from 24 pt
    _clear_width_caches()
    assert fit_font_size([ABSTRACT_JA_LONG], BODY) is None
    assert textfit._wrap_spans.cache_info().misses == 0


def _fit_trying_every_size(paragraphs: list[str], box: Box, indent: float,
                           max_lines: int | None) -> float | None:
    for size in textfit._sizes(box, 1.0):
        if (text_height_pt(paragraphs, box.width, size, 1.2, 4.0, indent) <= box.height + 1e-6
                and (max_lines is None
                     or count_lines(paragraphs, box.width, size, indent) <= max_lines)):
            return size
    return None


@pytest.mark.parametrize("seed", range(4))
def test_the_fewest_lines_are_never_more_than_wrapping_makes(seed: int) -> None:
    rng = random.Random(seed)
    alphabet = [*"ab Z9-.,、。「」（）ー・？!?%％…語あアッ①※é\t", "\n", "MemTrace", "x" * 30,
                "ーーーー", "（（（（", "超長文脈"]
    for _ in range(150):
        paragraphs = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
                      for _ in range(rng.randint(1, 3))]
        for width in (0.4, 1.0, 2.6, 7.0, 19.3, 41.0):
            for text in paragraphs:
                assert textfit._fewest_lines(text, width) <= len(textfit._wrap_spans(text, width))
        box = Box(rng.uniform(20, 900), rng.uniform(20, 400), 24.0, rng.choice([8.0, 14.0]))
        indent, max_lines = rng.choice([0.0, 1.2]), rng.choice([None, 1, 2, 5])
        assert fit_font_size(paragraphs, box, para_space_pt=4.0, indent_em=indent,
                             max_lines=max_lines) == _fit_trying_every_size(
                                 paragraphs, box, indent, max_lines)
