"""The real decks' slide sequences, slide by slide, from the transcripts in
../shared/reference-decks/, and what deckgen still builds differently (`Gap`).

Each entry is (slide number, kind, title). The kind is the deckgen slide kind that draws what
the transcript shows: `figure_text` for bullets beside a figure, `figures2` for two figures
(with two captions), `figure` for one figure with a heading and no bullets. None: the
transcript does not show it (a slide whose first text is a bullet or a figure's label shows
no title; the session gives one, which is not compared). Titles are as the transcripts print
them; the comparison ignores white space and the Kangxi radicals of the PDF text extraction
(`⽉` for `月`). A continued abstract is marked `(1/3)` on the real slide, written here as
deckgen writes it, at the end of the title.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

Real = tuple[int, str | None, str | None]
Built = tuple[str | None, str | None]


@dataclass(frozen=True)
class Gap:
    """Real slides `first`..`last` (inclusive; `last = first - 1` for an insertion before
    `first`) that deckgen builds as `built` instead, and why session.yaml cannot say it."""

    first: int
    last: int
    built: tuple[Built, ...]
    why: str


def norm(title: str | None) -> str | None:
    if title is None:
        return None
    folded = "".join(unicodedata.normalize("NFKC", ch) if 0x2E80 <= ord(ch) <= 0x2FDF else ch
                     for ch in title)
    return "".join(folded.split())


def expected_build(real: list[Real], gaps: list[Gap]) -> list[Built]:
    """The real sequence with the gaps applied: what deckgen builds today."""
    numbers = [n for n, _, _ in real]
    assert numbers == list(range(1, len(real) + 1)), "slides must be numbered 1, 2, ..."
    out: list[Built] = [(kind, title) for _, kind, title in real]
    for gap in sorted(gaps, key=lambda g: g.first, reverse=True):
        replaced = out[gap.first - 1:gap.last]
        vacuous = len(replaced) == len(gap.built) and all(
            same(want, got) for want, got in zip(replaced, gap.built, strict=True))
        assert not vacuous, f"the gap at slide {gap.first} changes nothing: remove it"
        out[gap.first - 1:gap.last] = list(gap.built)
    return out


def same(want: Built, got: Built) -> bool:
    """`got` (kind, title) as built matches `want`, whose None parts match anything."""
    kind_ok = want[0] is None or want[0] == got[0]
    title_ok = want[1] is None or norm(want[1]) == norm(got[1])
    return kind_ok and title_ok


def differences(want: list[Built], got: list[Built]) -> list[str]:
    """One line per slide that differs, numbered as built."""
    lines = []
    for n in range(max(len(want), len(got))):
        w = want[n] if n < len(want) else ("(none)", "")
        g = got[n] if n < len(got) else ("(none)", "")
        if n >= len(want) or n >= len(got) or not same(w, g):
            lines.append(f"slide {n + 1}: expected {w[0]} {w[1]!r}, built {g[0]} {g[1]!r}")
    return lines


# ---- 2020-10-arxiv-sanity-monthly.txt: 69 slides -------------------------------------------
WHOLISTIC = ("④ ディープニューラルネットワークを用いた継続学習の全体像. "
             "忘れられた教訓とアクティブでオープンワールドの学習への橋渡し")
GROUNDED = "⑩ 地に足のついた言語学習を速くゆっくりと"
DISTILLATION = ("知識蒸留に基づく正則化アプローチと貪欲なヘディング手順によって組み立てられた"
                "例題のリハーサルを組み合わせたもの")
UNITS = "ディープニューラルネットワークにおける個々のユニットの役割の理解"
REAL_2020_10: list[Real] = [
    (1, "title", "AI 最新技術 Update 会 10 ⽉"),
    (2, "bullets", "自己紹介"),
    (3, "bullets", "Agenda"),
    (4, "ranking", "top recent (2020/09/25)"),
    (5, "paper", "① " + UNITS),
    (6, "paper", "② 効率的な変圧器調査"),
    (7, "figure_text", None),  # "執筆時点 … 約 12 種類提案されている" and the models listed
    (8, "paper", "③ テキスト生成のための現代的な方法"),
    (9, "paper", WHOLISTIC + " (1/3)"),
    (10, "paper", WHOLISTIC + " (2/3)"),
    (11, "paper", WHOLISTIC + " (3/3)"),
    (12, "figure_text", DISTILLATION),  # a paper figure and three sentences
    (13, "paper", "⑤ ExGAN: 極端なサンプルの逆襲的生成"),
    (14, "figure_text", "ユーザーが指定した極限基準に基づいて, 現実的で極限的なサンプルを生成"),
    (15, "figures2", "実際の降雨量と生成した降雨量の比較"),  # two captions (ⅰ)..(ⅳ)
    (16, "paper", "⑥ フローエッジガイド動画完成"),
    (17, "figure_text", None),  # "• フローエッジガイドによる映像補完 • 提案手法である…"
    (18, "figure_text", "DFC-Net"),
    (19, "figure_text", None),  # "• (a) 入力は…" beside the pipeline figure
    (20, "figures2", "Image Inpainting"),  # two images, each credited with its URL
    (21, "paper", "⑦ ベイズパーセプトロン:完全ベイズニューラルネットワークを目指して"),
    (22, "bullets", "逐次学習 (オンライン学習)"),
    (23, "paper", "⑧ ワンショット 3D 写真"),
    (24, "paper", "⑨ MEAL V2: バニラ ResNet-50 をトリックなしで ImageNet 上で 80% 以上の "
                  "Top-1 精度にブースト"),
    (25, "figure_text", "蒸留 (distillation): モデル圧縮手法の一つ"),  # bullets and a diagram
    (26, "paper", GROUNDED),  # the first half of the abstract
    (27, "bullets", "ワンショット学習"),
    (28, "figure_text", "ワンショット学習"),  # the characters 夫 末 天 大 夫 as a picture
    (29, "paper", GROUNDED),  # the rest of the abstract, the take
    (30, "figure_text", None),  # "1. 発見: … 2. 命令: …" beside the paper's figure
    (31, "figure_text", None),  # "著者によるデモ" (the picture's caption), 結論, 今後の課題
    (32, "ranking", "top hypo (2020/09/25)"),
    (33, "paper", "① Relay: ディープラーニングのための高レベルコンパイラ"),
    (34, "bullets", "フレームワークとコンパイラ"),
    (35, "bullets", "中間表現 (intermediate representation)"),
    (36, "paper", "②ハードウェア宝くじ"),
    (37, "bullets", "失われた 10 年"),
    (38, "bullets", "Software Lottery"),
    (39, "bullets", "Software Lottery"),
    (40, "paper", "③ フローエッジガイド動画完成"),  # tagged "Top recent ⑥"
    (41, "paper", "④ AI を発掘する「発掘AI」。ギャラリーの中の象"),
    (42, "bullets", "「Training Humans」展"),
    (43, "bullets", "「Making Faces」展"),
    (44, "figure", "PRADA"),  # a screenshot credited with its URL
    (45, "paper", "⑤ ディープニューラルネットワークを用いた継続学習の全体像。 "
                  "忘れられた教訓とアクティブでオープンな世界の学習への橋渡し"),  # "Top recent ④"
    (46, "paper", "⑥ Brain2Word.言語生成のためのデコード脳活動"),
    (47, "figures2", None),  # bullets over two architecture figures with their captions
    (48, "paper", "⑦ テキスト生成のための現代的な方法"),  # "Top recent ③"
    (49, "paper", "⑧ 効率的な変圧器調査"),  # "Top recent ②"
    (50, "paper", "⑨ 地に足のついた言語学習を速くゆっくりと"),  # "Top recent ⑩", one slide
    (51, "paper", "⑩ 自動定理証明のための生成的言語モデリング"),
    (52, "bullets", "証明検索"),
    (53, "paper", "気になった 1 本 ワンショット 3D 写真"),
    (54, "figure_text", "実現出来ること"),
    (55, "bullets", "3D 写真"),
    (56, "bullets", "Datasets"),
    (57, "bullets", "PSPNet (Pyramid Scene Parsing Network)とは"),
    (58, "figure_text", "要点 ⇒ モバイルデバイスに最適化された 3D 撮影"),
    (59, "figure", "著者によるデモ"),
    (60, "paper", "気になった 1 本 " + UNITS),
    (61, "figure", "VGG-16 Image Classifier と Progressive GAN Generator で検証"),
    (62, "figures2", "VGG-16 シーン分類器における 単一ユニットの物体検出器の出現"),
    (63, "figure_text", "Progressive Growing of GANs 生成器内での物体・部分特定ユニットの出現"),
    (64, "figures2", "GAN生成器内のユニットを変更・削除"),
    (65, "figures2", "GAN生成器内のユニットを変更・削除"),
    (66, "figure_text", "敵対的攻撃の可視化"),
    (67, "figure_text", "GAN ニューロンを操作して絵を描く"),
    (68, "bullets", "結論"),
    (69, "closing", None),  # "DeepL (無料版) による翻訳を利用させて頂きました." and no title
]
MEAL = "⑨ MEAL V2: バニラ ResNet-50 をトリックなしで ImageNet 上で 80% 以上の Top-1 精度にブースト"
FLOOR = ("deckgen never sets a paper's body text below 14 pt (its smallest readable size, "
         "plan/fitting.py ROLE_SIZES) and continues it on the next slide; the real slide sets "
         "it smaller to keep it on one. Left on purpose: a session switch to go below the "
         "floor would make unreadable slides on purpose")
GAPS_2020_10: list[Gap] = [
    Gap(24, 24, (("paper", MEAL + " (1/2)"), ("paper", MEAL + " (2/2)")), FLOOR),
    Gap(26, 29, (("paper", GROUNDED + " (1/2)"), ("paper", GROUNDED + " (2/2)"),
                 ("bullets", "ワンショット学習"), ("figure_text", "ワンショット学習")),
        "a paper's own slides go after all of its slides: the real deck puts its two glossary "
        "slides between the two halves of ⑩'s abstract (translations.yaml breaks it where the "
        "real deck does). Left: it needs two notions for one slide pair, a place inside a "
        "paper's pages for own slides and halves without the (1/2) mark that the real deck "
        "itself puts on ④'s pages (9-11); neither has another use in the three decks"),
    Gap(32, 32, (("ranking", "top hype (2020/09/25)"),),
        "the real list's heading misspells its ranking (its agenda says top hype); a ranking "
        "has one name"),
    Gap(45, 45, tuple(("paper", WHOLISTIC.replace("④", "⑤") + f" ({n}/3)") for n in (1, 2, 3)),
        "a paper presented again has the translation and pages of its first presentation; "
        "the real deck shows it on one slide in a second translation (。 for ., オープンな世界). "
        "Left: translations.yaml holds one translation per paper, and a second one per "
        "presentation has no other use; and the real slide's eleven bullets are set below "
        "the 14 pt floor (see FLOOR), so even that translation would take more than one slide"),
    Gap(50, 50, (("paper", "⑨ 地に足のついた言語学習を速くゆっくりと (1/2)"),
                 ("paper", "⑨ 地に足のついた言語学習を速くゆっくりと (2/2)")), FLOOR),
]

# ---- 2022-04-paperswithcode-monthly.txt: 24 slides -----------------------------------------
REAL_2022_04: list[Real] = [
    (1, "title", "AI最新論文読み会2022年4月"),
    (2, "ranking", None),  # the list; "PaperWithCodeの10本を紹介" and the link below it
    (3, "paper", "1.テンソルプログラムV:ゼロショットハイパーパラメータ転送による"
                 "大規模ニューロネットワークのチューニング"),  # 目的/成果/… on the slide
    (4, "paper", "2.知的な意思決定者の共通モデルの探求"),
    (5, "bullets", "エージェントの内部構造"),
    (6, "paper", "3.キューブリック スケーラブルなデータセット生成ツール"),  # the pick
    (7, "figure_text", "従来から、大規模合成データセットが特定のタスクのために存在する。"),
    (8, "bullets", "Kubricの設計指針:"),
    (9, "figures2", None),  # 表6 and 図8 with captions, "4.4 姿勢推定" and a sentence
    (10, "paper", "4.ディープネット: トランスフォーマーを1,000層まで拡張する"),
    (11, "paper", "5.スパース全MLPによる効率的な言語モデリング"),
    (12, "figure_text", "sMLP アーキテクチャの概略図"),
    (13, "paper", "6.人工知能の数学"),
    (14, "bullets", "人工知能のための数学的基盤"),
    (15, "paper", "7.ブロック・リカレント・トランスフォーマー"),
    (16, "figure_text", None),  # "従来の手法の欠点に対し、…" beside the attention diagrams
    (17, "paper", "8. GAN"),
    (18, "bullets", "GANの利点と問題点"),
    (19, "figure_text", None),  # "・2つの確率密度関数の間の距離は, …" beside plots (a), (b)
    (20, "paper", "9.モデルスープ:複数の微調整されたモデルの重みを平均化することで、"
                  "推論時間を増やすことなく精度を向上させることができる"),
    (21, "bullets", None),  # "背景: 一般的なモデルの高精度化では…"
    (22, "paper", "10.表形式ディープラーニングにおける数値特徴のエンベッディングについて"),
    (23, "figure_text", "埋め込みモジュール"),
    (24, "figure_text", None),  # "データセットの例: …" beside the results table
]
def _paged(title: str, pages: int = 2) -> tuple[Built, ...]:
    """What deckgen builds for the real paper slide `title` ("3.キューブリック …"), its text
    continued over `pages` slides."""
    return tuple(("paper", f"{title} ({n}/{pages})") for n in range(1, pages + 1))


# the abstract and the summary's five lines on one slide: below 14 pt on the real ones
GAPS_2022_04: list[Gap] = [Gap(n, n, _paged(title), FLOOR)
                           for n, kind, title in REAL_2022_04
                           if kind == "paper" and title and n in {3, 4, 6, 20, 22}]

# ---- 2022-01-neurips-single-paper.txt: 12 slides -------------------------------------------
REAL_2022_01: list[Real] = [
    (1, "title", "How Modular should Neural Module Networks Be for Systematic Generalization?"),
    (2, "bullets", "自己紹介"),
    (3, "bullets", "Table of Contents"),  # VQAとは, この研究の位置付け, 研究内容, 結果, 所感
    (4, "figure_text", "VQA (Visual Question Answering)"),  # bullets, the leaderboard's table
    (5, "figure_text", "この研究の位置付け 1"),  # "右のような例で"
    (6, "figures2", "この研究の位置付け 2"),  # NMN and FiLM, each with its text
    (7, "bullets", "この研究の位置付け 3"),
    (8, "figure_text", "研究内容 1"),  # "下のような画像と質問1〜3があるとする"
    (9, "figure_text", "研究内容 2"),
    (10, "figure_text", "結果 1"),  # "グラフ(a)〜(d)"
    (11, "bullets", "結果 2"),
    (12, "bullets", "所感"),
]
GAPS_2022_01: list[Gap] = []
