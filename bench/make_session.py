"""Generate the benchmark session: a survey deck of exactly 70 slides, 25 of them figures.

    python bench/make_session.py OUT_DIR

writes into OUT_DIR (empty, or made by an earlier run of this script):

- `session.yaml`, `deckgen.lock.json`, `translations.yaml`: two rankings of ten papers, four
  picks, eight summaries. The texts are derived from the example session (sessions/2026-06):
  the ten example papers appear under new ids 2606.90001-2606.90010 (first ranking) and, with
  varied titles and reordered sentences, as 2606.90011-2606.90020 (second ranking). All
  Japanese texts are marked `by: hand`.
- `figures/<id>/`: 20 plot-like PNGs and 5 photo-like JPEGs (quality 90), 1600x1000, each
  folder with its `index.json`, whose rows hold the hashes `deckgen fetch` stores with a
  figure it writes (`image_hash`, `pixel_hash`).
- `equivalent.md`: pandoc markdown with the same slides, texts, images and speaker notes, one
  `# heading` per slide (slide level 1), so `pandoc equivalent.md -o out.pptx` run in OUT_DIR
  also gives 70 slides.

Everything is deterministic (fixed seeds); two runs write identical files. Only the standard
library, Pillow and deckgen's own two hash functions are used.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from deckgen.figures.pixels import pixel_hash
from deckgen.session.store import IMAGE_HASH, PIXEL_HASH, image_hash

EXPECTED_SLIDES = 70
EXPECTED_FIGURES = 25
MARKER = ".deckgen-bench"
SESSION_NAME = "bench"
FIG_SIZE = (1600, 1000)
SEED = 20260617


# ---- source texts (from the example session, sessions/2026-06) ---------------------------


@dataclass(frozen=True)
class Base:
    """One paper of the example session, with everything the bench deck shows about it."""

    title: str
    title_ja: str
    abstract: str
    abstract_ja: str
    authors: tuple[str, ...]
    affiliations: tuple[str, ...]
    published: str
    captions: tuple[str, str]
    take: str | None = None
    summary: dict[str, str] | None = None
    points: tuple[tuple[str, tuple[str, ...]], ...] = ()


BASES: tuple[Base, ...] = (
    Base(  # example 2606.13681
        title="EvoArena: Tracking Memory Evolution for Robust LLM Agents in Dynamic Environments",
        title_ja="EvoArena：動的環境における頑健なLLMエージェントのための記憶進化の追跡",
        abstract=(
            "Large language model (LLM) agents have achieved strong performance on a wide range "
            "of benchmarks, yet most evaluations assume static environments. In contrast, "
            "real-world deployment is inherently dynamic, requiring agents to continually align "
            "their knowledge, skills, and behavior with changing environments and updated task "
            "conditions. To address this gap, we introduce EvoArena, a benchmark suite that "
            "models environment changes as sequences of progressive updates across terminal, "
            "software, and social domains. We further propose EvoMem, a patch-based memory "
            "paradigm that records memory evolution as structured update histories, enabling "
            "agents to reason about environmental evolution through changes in their memory. "
            "Experiments show that current agents struggle on EvoArena, achieving an average "
            "accuracy of 39.6% across evolving terminal, software, and social-preference "
            "domains. EvoMem consistently improves performance, yielding an average gain of 1.5% "
            "on EvoArena and also improving standard benchmarks such as GAIA and LoCoMo by 6.1% "
            "and 4.8%. Beyond individual tasks, EvoMem further improves chain-level accuracy by "
            "3.7% on EvoArena, where success requires completing a consecutive sequence of "
            "related evolutionary subtasks. Mechanistic analysis shows that EvoMem improves "
            "evidence capture in the memory, indicating better preservation of complete "
            "evolving environment states. Our results highlight the importance of modeling "
            "evolution in both evaluation and memory for reliable agent deployment."
        ),
        abstract_ja=(
            "大規模言語モデル（LLM）エージェントは幅広いベンチマークで高い性能を達成しているが、"
            "ほとんどの評価は静的な環境を前提としている。これに対し、実世界での運用は本質的に動的"
            "であり、エージェントは変化する環境や更新されるタスク条件に合わせて、自らの知識、"
            "スキル、行動を継続的に適合させる必要がある。このギャップを埋めるため、我々はEvoArena"
            "を導入する。EvoArenaは、ターミナル、ソフトウェア、ソーシャルの各ドメインにわたって、"
            "環境の変化を段階的な更新の系列としてモデル化するベンチマークスイートである。さらに"
            "我々は、記憶の進化を構造化された更新履歴として記録するパッチベースの記憶パラダイム"
            "であるEvoMemを提案する。これにより、エージェントは自らの記憶の変化を通じて環境の進化"
            "について推論できるようになる。実験の結果、現行のエージェントはEvoArenaで苦戦し、"
            "進化するターミナル、ソフトウェア、ソーシャル嗜好の各ドメインにおける平均正解率は"
            "39.6%にとどまることが示された。EvoMemは一貫して性能を向上させ、EvoArenaで平均1.5%の"
            "向上をもたらすとともに、GAIAやLoCoMoといった標準的なベンチマークでもそれぞれ6.1%、"
            "4.8%の改善をもたらす。個々のタスクにとどまらず、EvoMemは、関連する進化的サブタスク"
            "の連続した系列をすべて完了することが成功の条件となるチェーン単位の正解率についても、"
            "EvoArenaで3.7%向上させる。メカニズム分析により、EvoMemは記憶における証拠の捕捉を改善"
            "することが示され、進化する環境状態の完全な情報がより良く保持されていることが示唆"
            "される。我々の結果は、信頼性の高いエージェント運用のためには、評価と記憶の両方に"
            "おいて進化をモデル化することが重要であることを浮き彫りにする。"
        ),
        authors=("Jundong Xu", "Qingchuan Li", "Jiaying Wu", "Yihuai Lan", "Shuyue Stella Li",
                 "Huichi Zhou", "Bowen Jiang", "Lei Wang", "Jun Wang", "Anh Tuan Luu",
                 "Caiming Xiong", "Hae Won Park", "Bryan Hooi", "Zhiyuan Hu"),
        affiliations=("Massachusetts Institute of Technology",),
        published="2026-06-11T00:00:00.000Z",
        captions=(
            "Accuracy of current agents on EvoArena as the environment receives successive "
            "updates, per domain.",
            "Chain-level accuracy with and without EvoMem over the number of evolutionary "
            "subtasks.",
        ),
        take="→ 環境が変わり続ける中でエージェントの記憶が追従できるかを測るベンチマークと、"
        "パッチ型記憶EvoMemの提案",
        summary={
            "purpose": "変化し続ける動的環境において、LLMエージェントが知識や行動を適応させられるか"
            "を評価し改善する。",
            "result": "現行エージェントのEvoArena平均正解率は39.6%にとどまり、EvoMemはEvoArenaで"
            "平均1.5%、GAIAで6.1%、LoCoMoで4.8%の改善をもたらす。",
            "method": "環境変化を段階的な更新の系列としてモデル化し、記憶の進化をパッチ形式の構造化"
            "された更新履歴として記録する。",
            "name": "EvoArena（ベンチマーク）とEvoMem（記憶パラダイム）",
            "affiliations": "Massachusetts Institute of Technology",
        },
        points=(
            ("良い点", ("環境の変化を更新の系列として扱う設計が実運用に近い",
                       "記憶の差分（パッチ）を明示的に持つので後から分析しやすい")),
            ("気になる点", ("EvoArenaでの改善幅（平均1.5%）は小さめ",
                           "ドメインがターミナル・ソフトウェア・ソーシャルの3種に限られる")),
        ),
    ),
    Base(  # example 2606.13392
        title="MiniMax Sparse Attention",
        title_ja="MiniMaxスパースアテンション",
        abstract=(
            "Ultra-long-context capability is becoming indispensable for frontier LLMs: agentic "
            "workflows, repository-scale code reasoning, and persistent memory all require the "
            "model to jointly attend over hundreds of thousands to millions of tokens, yet the "
            "quadratic cost of softmax attention makes this untenable at deployment scale. We "
            "introduce MiniMax Sparse Attention (MSA), a blockwise sparse attention built upon "
            "Grouped Query Attention (GQA). A lightweight Index Branch scores key-value blocks "
            "and independently selects a Top-k subset for each GQA group, enabling "
            "group-specific sparse retrieval while maintaining efficient block-level execution; "
            "the Main Branch then performs exact block-sparse attention over only the selected "
            "blocks. Designed around a principle of simplicity and scalability, MSA is "
            "deliberately streamlined, making it straightforward to deploy efficiently across a "
            "broad range of GPUs. To translate sparsity into practical speedups, we co-design "
            "MSA with a GPU execution path that uses exp-free Top-k selection and KV-outer "
            "sparse attention to improve tensor-core utilization under block-granular access. "
            "On a 109B-parameter model with native multimodal training, MSA performs on par with "
            "GQA while reducing per-token attention compute by 28.4x at 1M context. Paired with "
            "our co-designed kernel, MSA achieves 14.2x prefill and 7.6x decoding wall-clock "
            "speedups on H800. Our inference kernel is available at: "
            "https://github.com/MiniMax-AI/MSA. A production-grade natively multimodal model "
            "powered by MSA has been publicly released at: "
            "https://huggingface.co/MiniMaxAI/MiniMax-M3."
        ),
        abstract_ja=(
            "超長文脈能力は最先端のLLMにとって不可欠なものになりつつある。エージェント型ワーク"
            "フロー、リポジトリ規模のコード推論、永続的な記憶はいずれも、モデルが数十万から数百万"
            "トークンにわたって同時にアテンションを行うことを必要とするが、softmaxアテンションの"
            "二次的な計算コストのため、これは実運用の規模では成り立たない。我々は、Grouped Query "
            "Attention（GQA）の上に構築されたブロック単位のスパースアテンションであるMiniMax "
            "Sparse Attention（MSA）を導入する。軽量なIndex Branchがキー・バリューブロックを"
            "スコアリングし、GQAグループごとに独立してTop-kの部分集合を選択することで、効率的な"
            "ブロック単位の実行を維持しつつ、グループ固有のスパースな検索を可能にする。続いて"
            "Main Branchが、選択されたブロックのみに対して厳密なブロックスパースアテンションを実行"
            "する。シンプルさとスケーラビリティという原則に基づいて設計されたMSAは、意図的に簡素な"
            "構成となっており、幅広いGPU上で効率的にデプロイすることが容易である。スパース性を実際"
            "の高速化につなげるため、我々はMSAを、指数関数計算を用いない（exp-free）Top-k選択と"
            "KV-outerスパースアテンションによってブロック粒度のアクセス下でのTensorコア利用率を"
            "向上させるGPU実行パスと協調設計する。ネイティブなマルチモーダル学習を行った109B"
            "パラメータのモデルにおいてMSAはGQAと同等の性能を示し、1Mコンテキストにおいてトークン"
            "あたりのアテンション計算量を28.4分の1に削減する。協調設計したカーネルと組み合わせる"
            "ことで、MSAはH800上でプリフィルにおいて14.2倍、デコードにおいて7.6倍の実時間での高速化"
            "を達成する。我々の推論カーネルは https://github.com/MiniMax-AI/MSA で公開されている。"
            "また、MSAを搭載した実運用レベルのネイティブマルチモーダルモデルが "
            "https://huggingface.co/MiniMaxAI/MiniMax-M3 で一般公開されている。"
        ),
        authors=("Xunhao Lai", "Weiqi Xu", "Yufeng Yang", "Qiaorui Chen", "Yang Xu",
                 "Lunbin Zeng", "Xiaolong Li", "Haohai Sun", "Haichao Zhu", "Vito Zhang",
                 "Pengyu Zhao"),
        affiliations=("MiniMax",),
        published="2026-06-11T00:00:00.000Z",
        captions=(
            "Attention compute per token versus context length for GQA and MSA.",
            "Prefill and decoding wall-clock speedups of MSA over dense attention on H800.",
        ),
        take="→ GQAグループごとのTop-kブロック選択で、1M文脈のアテンション計算を28.4分の1に"
        "する実用志向のスパースアテンション",
        summary={
            "purpose": "超長文脈におけるsoftmaxアテンションの二次的な計算コストを削減する。",
            "result": "109BモデルでGQAと同等の性能を保ちつつ、1M文脈でアテンション計算量を28.4分の1"
            "にし、H800でプリフィル14.2倍・デコード7.6倍の高速化を達成する。",
            "method": "軽量なIndex BranchがGQAグループごとにTop-kのKVブロックを選び、Main Branchが"
            "選択ブロックのみで厳密なブロックスパースアテンションを行う。",
            "name": "MiniMax Sparse Attention（MSA）",
            "affiliations": "MiniMax",
        },
        points=(
            ("良い点", ("カーネルまで協調設計して実時間の高速化を示している",
                       "推論カーネルとモデルの両方が公開されている")),
            ("気になる点", ("H800以外のGPUでの効果は報告されていない",
                           "短い文脈での品質と速度への影響")),
        ),
    ),
    Base(  # example 2606.08063
        title="Robust-U1: Can MLLMs Self-Recover Corrupted Visual Content for Robust "
        "Understanding?",
        title_ja="Robust-U1：MLLMは破損した視覚コンテンツを自己回復して頑健な理解を実現できるか？",
        abstract=(
            "Multimodal Large Language Models (MLLMs) have demonstrated remarkable success in "
            "visual understanding, yet their performance degrades significantly under "
            "real-world visual corruptions. While existing robustness enhancement approaches "
            "exist, they are limited: black-box feature alignment lacks interpretability, and "
            "white-box text-based reasoning cannot restore lost pixel-level details. This work "
            "investigates a fundamental research question: Can MLLMs recover corrupted visual "
            "content by themselves? To address this, we propose Robust-U1, a novel framework "
            "that equips MLLMs with explicit visual self-recovery capability for robust "
            "understanding. The approach comprises three core stages: supervised fine-tuning "
            "for initial reconstruction, reinforcement learning with dual rewards (pixel-level "
            "SSIM and semantic-level CLIP similarity) for aligning high visual quality, and "
            "multimodal reasoning that jointly considers both the corrupted input and the "
            "recovered image. Extensive experiments demonstrate that Robust-U1 achieves "
            "state-of-the-art robustness on the real-world corruption benchmark and maintains "
            "superior performance under adversarial corruptions on general VQA benchmarks. "
            "Analysis confirms that high-quality visual recovery directly enhances reasoning "
            "performance, establishing self-recovery as a critical mechanism for robust visual "
            "understanding. The source code is available at "
            "https://github.com/jqtangust/Robust-U1."
        ),
        abstract_ja=(
            "マルチモーダル大規模言語モデル（MLLM）は視覚理解において目覚ましい成功を収めているが、"
            "実世界の視覚的な破損のもとではその性能が大きく低下する。既存の頑健性向上手法には限界"
            "があり、ブラックボックスな特徴アライメントは解釈性に欠け、ホワイトボックスなテキスト"
            "ベースの推論では失われたピクセルレベルの詳細を復元できない。本研究は「MLLMは破損した"
            "視覚コンテンツを自ら回復できるか？」という根本的な問いを探究する。この問いに取り組む"
            "ため、我々はMLLMに明示的な視覚的自己回復能力を持たせて頑健な理解を実現する新しい"
            "フレームワークRobust-U1を提案する。本手法は三つの中核段階からなる。初期再構成のための"
            "教師ありファインチューニング、高い視覚品質に整合させるための二重報酬（ピクセルレベルの"
            "SSIMと意味レベルのCLIP類似度）を用いた強化学習、そして破損した入力と回復した画像の"
            "両方を同時に考慮するマルチモーダル推論である。大規模な実験により、Robust-U1は実世界の"
            "破損ベンチマークで最先端の頑健性を達成し、一般的なVQAベンチマークにおける敵対的な破損"
            "のもとでも優れた性能を維持することが示された。分析により、高品質な視覚回復が推論性能"
            "を直接向上させることが確認され、自己回復が頑健な視覚理解のための重要なメカニズムで"
            "あることが確立された。ソースコードは https://github.com/jqtangust/Robust-U1 で公開"
            "されている。"
        ),
        authors=("Jiaqi Tang", "Jianmin Chen", "Youyang Zhai", "Wei Wei", "Runtao Liu",
                 "Mengjie Zhao", "Xiangyu Wu", "Qingfa Xiao", "Qifeng Chen"),
        affiliations=(),
        published="2026-06-06T00:00:00.000Z",
        captions=(
            "Examples of real-world corruptions and the images recovered by Robust-U1.",
            "Robustness under increasing corruption severity on the real-world corruption "
            "benchmark.",
        ),
        take="→ 破損画像をMLLM自身に復元させてから推論する、自己回復型の頑健な視覚理解",
        summary={
            "purpose": "実世界の視覚的な破損のもとで低下するMLLMの視覚理解を頑健にする。",
            "result": "実世界の破損ベンチマークで最先端の頑健性を達成し、一般的なVQAベンチマークの"
            "敵対的な破損下でも優れた性能を維持する。",
            "method": "教師ありファインチューニングによる初期再構成、SSIMとCLIP類似度の二重報酬に"
            "よる強化学習、破損入力と回復画像を併用するマルチモーダル推論の三段階で自己回復能力を"
            "付与する。",
            "name": "Robust-U1",
        },
        points=(
            ("良い点", ("復元した画像を見せられるので、何を直したのかが人にも分かる",
                       "報酬がピクセル（SSIM）と意味（CLIP）の両面を見ている")),
            ("気になる点", ("復元の分だけ推論コストが増える",
                           "破損の種類が学習時と違う場合の汎化")),
        ),
    ),
    Base(  # example 2606.13289
        title="HYDRA-X: Native Unified Multimodal Models with Holistic Visual Tokenizers",
        title_ja="HYDRA-X：包括的な視覚トークナイザを備えたネイティブ統合マルチモーダルモデル",
        abstract=(
            "Holistic visual tokenizers are fundamental to unified multimodal models (UMMs) as "
            "they map diverse visual inputs into a unified representation space. In this paper, "
            "we present HYDRA-X, the first UMM that unifies image and video tokenization within "
            "a single Vision Transformer (ViT). Our design is driven by two core challenges: "
            "efficiently injecting spatiotemporal reconstruction capability into a native ViT, "
            "and embedding image- and video-level semantic awareness into the latent space. To "
            "address the first, comprehensive ablations reveal two key findings: (1) frame-level "
            "causal temporal attention suffices for visual reconstruction, whereas full "
            "spatiotemporal attention degrades it; and (2) hierarchical temporal compression "
            "substantially outperforms single-step alternatives. To tackle the second, we "
            "propose a lightweight decompressor that upsamples temporally compressed features "
            "under joint image-video teacher supervision, thereby enforcing complementary "
            "semantic structures within the compact latent space. Building on this holistic "
            "tokenizer, we further propose a principled improvement of the editing pipeline: "
            "source-target interaction should occur at the latent level inside the tokenizer "
            "rather than at the semantic level inside the LLM, substantially improving editing "
            "consistency and accelerating convergence. Instantiated at the 7B dense model, "
            "HYDRA-X achieves strong performance across image and video understanding and "
            "generation tasks, paving the way for future unified-tokenizer UMMs."
        ),
        abstract_ja=(
            "包括的な視覚トークナイザは、多様な視覚入力を統一された表現空間に写像するため、統合"
            "マルチモーダルモデル（UMM）の基盤となる。本論文では、単一のVision Transformer"
            "（ViT）の中で画像と動画のトークン化を統合した初のUMMであるHYDRA-Xを提示する。我々の"
            "設計は二つの中核的な課題に基づいている。すなわち、ネイティブなViTに時空間的な再構成"
            "能力を効率よく注入すること、そして画像レベルと動画レベルの意味的な認識を潜在空間に"
            "埋め込むことである。第一の課題について、包括的なアブレーションから二つの重要な知見が"
            "得られた。(1) 視覚的な再構成にはフレーム単位の因果的な時間方向アテンションで十分で"
            "あり、完全な時空間アテンションはかえって再構成を劣化させる。(2) 階層的な時間圧縮は"
            "単一ステップの代替手法を大きく上回る。第二の課題に対しては、画像と動画の教師による"
            "共同の監督のもとで時間方向に圧縮された特徴をアップサンプリングする軽量なデコンプレッサ"
            "を提案し、コンパクトな潜在空間の中に相補的な意味構造を持たせる。この包括的なトーク"
            "ナイザの上に、我々はさらに編集パイプラインの原理的な改善を提案する。ソースとターゲット"
            "の相互作用はLLM内部の意味レベルではなくトークナイザ内部の潜在レベルで行うべきであり、"
            "これにより編集の一貫性が大きく向上し、収束も加速する。7Bの密なモデルとして実装した"
            "HYDRA-Xは、画像と動画の理解および生成のタスク全体で高い性能を達成し、将来の統合"
            "トークナイザ型UMMへの道を開く。"
        ),
        authors=("Guozhen Zhang", "Xuerui Qiu", "Yutao Cui", "Tianhui Song", "Changlin Li",
                 "Junzhe Li", "Tao Huang", "Xiao Zhang", "Yang Li", "Jianbing Wu", "Miles Yang",
                 "Zhao Zhong", "Liefeng Bo", "Limin Wang"),
        affiliations=("Nanjing University",),
        published="2026-06-11T00:00:00.000Z",
        captions=(
            "Image and video reconstructions from the holistic tokenizer at 4x temporal "
            "compression.",
            "Reconstruction quality (PSNR) of single-step and hierarchical temporal "
            "compression.",
        ),
        summary={
            "purpose": "画像と動画のトークン化を単一のViTで統合した統合マルチモーダルモデルを構築"
            "する。",
            "result": "7Bの密なモデルで、画像・動画の理解と生成の両タスクにわたり高い性能を達成"
            "する。",
            "method": "フレーム単位の因果的な時間アテンションと階層的な時間圧縮で再構成能力を注入"
            "し、画像・動画教師の共同監督による軽量デコンプレッサで意味構造を潜在空間に埋め込む。",
            "name": "HYDRA-X",
            "affiliations": "南京大学 (Nanjing University)",
        },
    ),
    Base(  # example 2606.13106
        title="Demystifying Hidden-State Recurrence: Switchable Latent Reasoning with "
        "On-Policy Reinforcement Learning",
        title_ja="隠れ状態再帰の解明：オンポリシー強化学習による切り替え可能な潜在推論",
        abstract=(
            "Latent chain-of-thought compresses reasoning by replacing visible reasoning traces "
            "with continuous hidden-state recurrence, but existing formulations are difficult "
            "to optimize with standard on-policy reinforcement learning (RL) and hard to "
            "interpret causally. Our key insight is that a single pair of explicit boundary "
            "tokens can address both issues at once: discrete entry and exit anchors make the "
            "latent block compatible with standard on-policy RL, and the same anchors offer a "
            "natural foothold for mechanistic analysis. Motivated by this, we propose SWITCH, a "
            "switchable latent reasoning framework. The model emits <swi> to enter latent mode "
            "and </swi> to exit. Because the boundaries are ordinary discrete tokens, the GRPO "
            "policy ratio is well-defined at every decision point. The same anchors also expose "
            "the latent steps to direct probing and causal intervention. We train the model "
            "with a visible-to-latent curriculum and a Switch-GRPO objective that propagates "
            "gradients through recurrent latent computation. SWITCH consistently outperforms "
            "prior hidden-state-recurrence latent reasoning approaches at similar scale. "
            "Mechanistic analysis through the boundary tokens further reveals three findings: "
            "(i) <swi> is a sharply localised, learned switching policy rather than a stylistic "
            "artefact; (ii) the latent step it opens performs problem-specific, causally "
            "important computation rather than acting as an inert placeholder; and (iii) that "
            "computation is concentrated at a single hidden-state transition on entry. "
            "Together, these results show that hidden-state-recurrence latent reasoning is both "
            "RL-trainable and open to direct mechanistic analysis, including of how on-policy "
            "RL itself improves the model from the inside."
        ),
        abstract_ja=(
            "潜在的な思考連鎖（latent chain-of-thought）は、目に見える推論過程を連続的な隠れ状態"
            "の再帰で置き換えることで推論を圧縮するが、既存の定式化は標準的なオンポリシー強化学習"
            "（RL）で最適化しにくく、因果的な解釈も難しい。我々の重要な洞察は、明示的な境界トークン"
            "の組を一つ導入するだけで両方の問題に同時に対処できるという点にある。離散的な入口と"
            "出口のアンカーによって潜在ブロックは標準的なオンポリシーRLと両立し、同じアンカーが"
            "メカニズム分析のための自然な足がかりにもなる。これに基づき、我々は切り替え可能な潜在"
            "推論フレームワークSWITCHを提案する。モデルは<swi>を出力して潜在モードに入り、</swi>"
            "を出力して抜ける。境界は通常の離散トークンであるため、GRPOの方策比はすべての決定点で"
            "明確に定義される。同じアンカーにより、潜在ステップを直接プロービングし因果的に介入する"
            "ことも可能になる。我々は可視から潜在へのカリキュラムと、再帰的な潜在計算を通じて勾配を"
            "伝播させるSwitch-GRPO目的関数によってモデルを学習する。SWITCHは同程度の規模において、"
            "従来の隠れ状態再帰型の潜在推論手法を一貫して上回る。境界トークンを通じたメカニズム分析"
            "からは、さらに三つの知見が得られた。(i) <swi>は文体上の副産物ではなく、鋭く局在した"
            "学習済みの切り替え方策である。(ii) それが開く潜在ステップは、問題固有で因果的に重要な"
            "計算を行う。(iii) その計算は入口における単一の隠れ状態遷移に集中している。これらの結果"
            "は、隠れ状態再帰型の潜在推論がRLで学習可能であり、直接的なメカニズム分析にも開かれて"
            "いることを示す。"
        ),
        authors=("Jiayu Yang", "Chao Chen", "Shengen Wu", "Yinhong Liu", "Yuxuan Fan",
                 "Lujundong Li", "Songning Lai", "Chengwei Qin", "Zhijiang Guo"),
        affiliations=(),
        published="2026-06-11T00:00:00.000Z",
        captions=(
            "Accuracy of SWITCH and prior latent reasoning methods at matched model scale.",
            "Probability of emitting <swi> at each decoding position, averaged over the test "
            "set.",
        ),
        summary={
            "purpose": "潜在的な思考連鎖を、標準的なオンポリシーRLで最適化でき因果的に解釈できる"
            "ものにする。",
            "result": "同規模の従来の隠れ状態再帰型の潜在推論手法を一貫して上回り、<swi>が学習され"
            "た切り替え方策であることを示す。",
            "method": "明示的な境界トークン<swi>/</swi>で潜在モードへの出入りを表し、可視から潜在"
            "へのカリキュラムとSwitch-GRPO目的関数で学習する。",
            "name": "SWITCH",
        },
    ),
    Base(  # example 2606.12243
        title="VIA-SD: Verification via Intra-Model Routing for Speculative Decoding",
        title_ja="VIA-SD：投機的デコーディングのためのモデル内ルーティングによる検証",
        abstract=(
            "Speculative decoding (SD) addresses the high inference costs of LLMs by having "
            "lightweight drafters generate candidates for large verifiers to validate in "
            "parallel. Existing draft-verify methods use binary decisions: accept or fully "
            "recompute. Yet we find that many rejected tokens can be verified correctly by a "
            "slim submodel derived from the full verifier via intra-model routing, instead of "
            "the full verifier. This motivates our slim-verifier to handle tokens requiring "
            "moderate verification resources, reducing expensive large-model calls. We propose "
            "Verification via Intra-Model Routing for Speculative Decoding (VIA-SD), a "
            "multi-tier framework using a routed slim-verifier. Draft tokens are processed "
            "hierarchically: direct acceptance for high-confidence cases, slim-verifier "
            "regeneration for medium-confidence cases, and full-model verification for "
            "uncertain cases. Across four representative tasks and multiple model families, "
            "VIA-SD reduces rejection rates by 0.10-0.22 and delivers 10-20% speedups over "
            "strong SD baselines, while achieving 2.5-3x acceleration over non-drafting "
            "decoding. Moreover, VIA-SD is compatible with existing SD frameworks without "
            "modifying their training procedures. Our results suggest multi-tier SD as a "
            "general paradigm for scalable and efficient LLM inference. Project page: "
            "https://zju-xyc.github.io/VIA-SD-Project-Page/"
        ),
        abstract_ja=(
            "投機的デコーディング（SD）は、軽量なドラフターが生成した候補を大規模な検証器が並列に"
            "検証することで、LLMの高い推論コストに対処する。既存のドラフト・検証手法は、受理するか"
            "完全に再計算するかの二値の判断を用いる。しかし我々は、棄却されたトークンの多くが、完全"
            "な検証器ではなく、モデル内ルーティングによって完全な検証器から導かれるスリムなサブ"
            "モデルで正しく検証できることを見いだした。これを動機として、中程度の検証資源を必要と"
            "するトークンをスリム検証器で扱い、高価な大規模モデルの呼び出しを削減する。我々は、"
            "ルーティングされたスリム検証器を用いる多段階フレームワークVIA-SD（Verification via "
            "Intra-Model Routing for Speculative Decoding）を提案する。ドラフトトークンは階層的に"
            "処理され、高信頼のものは直接受理、中程度の信頼のものはスリム検証器で再生成、不確実な"
            "ものは完全なモデルで検証される。代表的な四つのタスクと複数のモデルファミリーにわたり、"
            "VIA-SDは棄却率を0.10〜0.22低減し、強力なSDベースラインに対して10〜20%の高速化を実現"
            "するとともに、ドラフトを用いないデコーディングに対して2.5〜3倍の加速を達成する。さらに"
            "VIA-SDは、学習手順を変更することなく既存のSDフレームワークと組み合わせて使える。我々の"
            "結果は、多段階SDがスケーラブルで効率的なLLM推論のための汎用的なパラダイムであること"
            "を示唆する。プロジェクトページ: https://zju-xyc.github.io/VIA-SD-Project-Page/"
        ),
        authors=("Yuchen Xian", "Yang He", "Yunqiu Xu", "Yi Yang"),
        affiliations=(),
        published="2026-06-10T00:00:00.000Z",
        captions=(
            "Rejection rate per tier on four tasks, for binary and multi-tier verification.",
            "Speedup over non-drafting decoding as a function of draft length.",
        ),
        take="→ 棄却されたトークンの多くはモデル内のスリムな検証器で足りる、という観察に基づく"
        "多段階の投機的デコーディング",
        summary={
            "purpose": "投機的デコーディングにおける大規模検証器の呼び出しコストを削減する。",
            "result": "棄却率を0.10〜0.22低減し、強力なSDベースラインより10〜20%、ドラフトなしの"
            "デコーディングより2.5〜3倍高速になる。",
            "method": "高信頼のトークンは直接受理、中程度はモデル内ルーティングによるスリム検証器で"
            "再生成、不確実なものは完全なモデルで検証する多段階の検証を行う。",
            "name": "VIA-SD",
        },
        points=(
            ("良い点", ("既存のSDフレームワークの学習手順を変えずに組み込める",
                       "受理か再計算かの二択を三段階にする発想が分かりやすい")),
            ("気になる点", ("スリム検証器へのルーティング自体のオーバーヘッド",
                           "バッチサイズが大きい場合の高速化率")),
        ),
    ),
    Base(  # example 2606.06113
        title="Where, What, Why, and Importance: Structured Defect Grounding for Text-to-Image "
        "Feedback",
        title_ja="どこで・何が・なぜ・どの程度重要か：テキスト画像生成へのフィードバックのための"
        "構造化された欠陥グラウンディング",
        abstract=(
            "Despite generating increasingly photorealistic images, text-to-image (T2I) models "
            "still exhibit localized, subtle, and structurally complex failures. Diagnosing "
            "these failures requires instance-level feedback that answers where a defect "
            "occurs, what type it is, why it is defective, and its importance to overall image "
            "quality. While recent dense-feedback methods move beyond scalar supervision, their "
            "heatmap-centric representations still formulate diagnosis as pixel-field "
            "regression, making it difficult to localize variable-cardinality defects and bind "
            "semantic reasons to individual failures. To address this representation "
            "bottleneck, we propose Structured Defect Grounding (SDG), which casts T2I "
            "diagnosis as structured set prediction by modeling each defect as a (location, "
            "type, reason, importance) tuple. To make this formulation trainable and "
            "measurable, we introduce SDG-30K, a 30K-image dataset with box-grounded "
            "annotations across four modern T2I generators, together with a dedicated "
            "evaluation protocol, SDG-Eval. Building on this structured representation, we "
            "further present a diagnosis-to-alignment framework in which a Vision-Language "
            "Model (VLM) serves as the SDG detector, and BoxFlow-GRPO converts predicted defect "
            "sets into box-derived, importance-weighted spatial rewards for diffusion model "
            "alignment. Extensive experiments show that our SDG detector outperforms leading "
            "proprietary VLMs on structured defect grounding, while SDG-guided rewards "
            "consistently improve T2I alignment and support localized image refinement. These "
            "results establish SDG as a unified, instance-level interface for diagnosing, "
            "evaluating, and enhancing modern generative models."
        ),
        abstract_ja=(
            "テキスト画像生成（T2I）モデルはますます写実的な画像を生成できるようになったが、局所的"
            "で微妙な、構造的に複雑な失敗を依然として示す。こうした失敗を診断するには、欠陥がどこ"
            "に生じ、どの種類で、なぜ欠陥なのか、そして画像全体の品質にとってどの程度重要なのかに"
            "答えるインスタンスレベルのフィードバックが必要である。近年の密なフィードバック手法は"
            "スカラーの教師信号を超えつつあるが、ヒートマップ中心の表現は依然として診断をピクセル"
            "場の回帰として定式化しており、個数が可変の欠陥を局在化し、意味的な理由を個々の失敗に"
            "結びつけることが難しい。この表現上のボトルネックに対処するため、我々は構造化欠陥"
            "グラウンディング（SDG）を提案する。SDGは各欠陥を（位置、種類、理由、重要度）の組として"
            "モデル化し、T2Iの診断を構造化された集合予測として扱う。この定式化を学習可能かつ測定"
            "可能にするため、四つの最新T2I生成器にわたるボックス単位の注釈付き3万枚の画像データ"
            "セットSDG-30Kと、専用の評価プロトコルSDG-Evalを導入する。さらにこの構造化表現の上に、"
            "視覚言語モデル（VLM）をSDG検出器として用い、BoxFlow-GRPOが予測された欠陥集合を重要度"
            "付きの空間的報酬に変換して拡散モデルを整合させる、診断から整合へのフレームワークを"
            "提示する。実験により、我々のSDG検出器は主要な商用VLMを上回り、SDGに導かれた報酬は"
            "T2Iの整合を一貫して改善することが示された。"
        ),
        authors=("Huaisong Zhang", "Hao Yu", "Yuxuan Zhang", "Jiahe Wang", "Xinrui Chen",
                 "Haoxiang Cao", "Feng Lu", "Wendong Zhang", "Changqian Yu", "Chun Yuan"),
        affiliations=("Kolors Team, Kuaishou Technology",),
        published="2026-06-04T00:00:00.000Z",
        captions=(
            "Structured defect grounding examples: boxes, defect types, reasons and "
            "importance.",
            "Reward curves of BoxFlow-GRPO during diffusion model alignment.",
        ),
    ),
    Base(  # example 2606.12303
        title="From 2D Grids to 1D Tokens: Reforming Shared Representations for Multimodal "
        "Image Fusion",
        title_ja="2Dグリッドから1Dトークンへ：マルチモーダル画像融合のための共有表現の再構築",
        abstract=(
            "Multimodal image fusion aims to integrate complementary information from different "
            "modalities into a fused image that preserves rich local details while maintaining "
            "globally consistent appearance. Existing approaches build shared representations "
            "on 2D feature grids, which excel at modeling local structures but offer limited "
            "leverage over image-level global appearance factors. To balance these objectives, "
            "we introduce a compact 1D token interface based on a frozen pretrained image "
            "tokenizer for modeling non-local appearance/base factors. Rather than using the "
            "tokenizer as a reconstruction backbone, our design uses the 1D token space as a "
            "global carrier while retaining the 2D spatial pathway for local structure "
            "restoration. Specifically, we introduce Selective Token Editing (STE), which "
            "sparsely updates/replaces a small set of critical tokens, providing a lightweight "
            "mechanism to steer global appearance coherence while keeping the fusion backbone "
            "unchanged and avoiding extra losses. Experiments on four commonly used benchmarks "
            "show that our method achieves the best overall performance, with consistent, "
            "multi-metric improvements in both global coherence and local fidelity. Project "
            "page: https://zju-xyc.github.io/1D-Fusion-Project-Page/"
        ),
        abstract_ja=(
            "マルチモーダル画像融合は、異なるモダリティからの相補的な情報を統合し、豊かな局所的"
            "詳細を保ちながら大域的に一貫した見た目を持つ融合画像を得ることを目的とする。既存の手法"
            "は2次元の特徴グリッド上に共有表現を構築しており、局所構造のモデル化には優れるものの、"
            "画像レベルの大域的な見た目の要因に対しては影響力が限られる。これらの目的の均衡をとる"
            "ため、我々は凍結した事前学習済み画像トークナイザに基づくコンパクトな1次元トークンの"
            "インタフェースを導入し、非局所的な見た目や基底の要因をモデル化する。トークナイザを"
            "再構成の基盤として使うのではなく、我々の設計は1次元トークン空間を大域的な情報の運び手"
            "として用い、局所構造の復元には2次元の空間的経路を残す。具体的には、少数の重要な"
            "トークンを疎に更新・置換するSelective Token Editing（STE）を導入し、融合の基盤モデルを"
            "変更せず追加の損失も用いずに、大域的な見た目の一貫性を制御する軽量な仕組みを提供する。"
            "広く使われている四つのベンチマークでの実験により、本手法は大域的な一貫性と局所的な"
            "忠実度の両方で複数の指標にわたり一貫した改善を示し、総合的に最良の性能を達成すること"
            "が示された。プロジェクトページ: https://zju-xyc.github.io/1D-Fusion-Project-Page/"
        ),
        authors=("Yuchen Xian", "Yunqiu Xu", "Yang He", "Yi Yang"),
        affiliations=(),
        published="2026-06-10T00:00:00.000Z",
        captions=(
            "Infrared and visible inputs and the fused images with and without Selective Token "
            "Editing.",
            "Global coherence and local fidelity metrics over the number of edited tokens.",
        ),
        summary={
            "purpose": "マルチモーダル画像融合で、局所的な詳細と大域的に一貫した見た目を両立する。",
            "result": "広く使われる四つのベンチマークで大域的な一貫性と局所的な忠実度の両方を改善"
            "し、総合的に最良の性能を達成する。",
            "method": "凍結した事前学習済み画像トークナイザの1次元トークン空間を大域的な情報の"
            "運び手とし、Selective Token Editingで少数の重要トークンを疎に編集する。",
            "name": "Selective Token Editing（STE）",
        },
    ),
    Base(  # example 2606.11662
        title="TreeSeeker: Tree-Structured Trial, Error, and Return in Deep Search",
        title_ja="TreeSeeker：ディープサーチにおける木構造の試行錯誤と後戻り",
        abstract=(
            "Deep search requires agents to answer complex questions through multi-step web "
            "search, browsing, evidence comparison, and synthesis. A central challenge is "
            "deciding how to search when several directions look plausible but only some will "
            "later lead to reliable evidence. If an agent greedily follows the current "
            "best-looking direction, it may keep extending a weak continuation. If it explores "
            "without discipline, it may waste budget on disconnected trials. We propose "
            "TreeSeeker, an inference-time framework for controlled trial-and-error in deep "
            "search. TreeSeeker organizes search as branch-and-return search over "
            "tree-structured states, where each branch is a tentative direction for a sub-goal. "
            "At each round, TreeSearch reads all sub-goal trees, identifies active goals, and "
            "uses textual UCB signals of value, uncertainty, and risk to select among "
            "exploiting a promising branch, exploring an uncertain alternative, or pruning an "
            "unproductive continuation and returning to an earlier branch point. TreeMem "
            "supports this control loop by keeping evidence, uncertainty, conflicts, progress, "
            "and failure cues attached to the branches that produced them, so trial outcomes "
            "can guide later decisions. Experiments on XBench-DeepSearch, BrowseComp, and "
            "BrowseComp-ZH show that TreeSeeker consistently outperforms strong open-source "
            "baselines, suggesting that explicit branch-and-return control complements "
            "stronger reasoning and tool execution."
        ),
        abstract_ja=(
            "ディープサーチでは、エージェントが多段階のウェブ検索、閲覧、証拠の比較と統合を通じて"
            "複雑な質問に答える必要がある。中心的な課題は、いくつかの方向がもっともらしく見えるが、"
            "そのうち一部しか後に信頼できる証拠につながらない状況で、どのように探索するかを決める"
            "ことである。エージェントが現時点で最も良さそうな方向に貪欲に従えば、弱い継続を延々と"
            "伸ばしてしまうかもしれない。規律なく探索すれば、互いに関連のない試行に予算を浪費し"
            "かねない。我々は、ディープサーチにおける制御された試行錯誤のための推論時フレームワーク"
            "TreeSeekerを提案する。TreeSeekerは探索を木構造の状態上での分岐と後戻りの探索として組織"
            "し、各分岐はサブゴールに対する暫定的な方向を表す。各ラウンドでTreeSearchはすべての"
            "サブゴールの木を読み、活性なゴールを特定し、価値・不確実性・リスクのテキスト版UCB信号"
            "を用いて、有望な分岐の活用、不確実な代替案の探索、非生産的な継続の枝刈りと以前の分岐点"
            "への後戻りのいずれかを選ぶ。TreeMemは、証拠、不確実性、矛盾、進捗、失敗の手がかりを"
            "それらを生んだ分岐に結びつけて保持することでこの制御ループを支え、試行の結果が後の判断"
            "を導けるようにする。XBench-DeepSearch、BrowseComp、BrowseComp-ZHでの実験により、"
            "TreeSeekerが強力なオープンソースのベースラインを一貫して上回ることが示された。"
        ),
        authors=("Zhuofan Shi", "Mingzhe Ma", "Lu Wang", "Fangkai Yang", "Pu Zhao",
                 "Yiming Guan", "Youling Huang", "Wei Zhang", "Qingwei Lin", "Dongmei Zhang",
                 "Saravan Rajmohan"),
        affiliations=(),
        published="2026-06-10T00:00:00.000Z",
        captions=(
            "Accuracy on BrowseComp as the search budget grows, for greedy, unconstrained and "
            "TreeSeeker search.",
            "Share of exploit, explore and prune actions per search round.",
        ),
    ),
    Base(  # example 2606.11409
        title="Risk Under Pressure: Compute-Aware Evaluation of Adversarial Robustness in "
        "Language Models",
        title_ja="プレッシャー下のリスク：言語モデルの敵対的頑健性に対する計算量を考慮した評価",
        abstract=(
            "Adversarial robustness evaluations of large language models (LLMs) typically "
            "report attack success rate (ASR) under fixed query budgets, implicitly treating "
            "all attacks as equally costly. In practice, the computational expense of different "
            "attack strategies can vary by orders of magnitude. Consequently, ASR at a fixed "
            "budget can obscure the true effort required to jailbreak a model, thereby making "
            "it hard to determine whether an attack's cost justifies its payoff to the "
            "attacker. We propose a compute-aware evaluation framework based on computational "
            "pressure, measured in cumulative floating-point operations (FLOPs), as a proxy for "
            "adversarial effort. We introduce risk-compute curves, which map compute budgets to "
            "attack risk, and derive two metrics that summarize the average pressure required "
            "for a given attack to succeed. Across ten models spanning three families and four "
            "different stages in language model training and alignment, evaluated with three "
            "attack strategies (gradient-based, iterative refinement, and template-based) on "
            "two jailbreak robustness benchmarks, we find: (1) alignment training has "
            "non-monotonic effects on compute-space robustness; (2) scaling model size reduces "
            "gradient-based attack effectiveness but has limited impact on cheaper "
            "template-based attacks; (3) gradient-based attacks optimized on a surrogate model "
            "can transfer to a separate target model, providing a way to reduce attacker costs; "
            "(4) compute cost varies by up to about 5 times across harm categories within a "
            "single model; and (5) safety-aligned RL increases aggregate cost while leaving some "
            "categories disproportionately accessible. We release our framework to enable "
            "compute-aware risk assessment and evaluation."
        ),
        abstract_ja=(
            "大規模言語モデル（LLM）の敵対的頑健性の評価では、一般に固定されたクエリ予算のもとでの"
            "攻撃成功率（ASR）が報告され、すべての攻撃のコストが等しいものと暗黙に扱われている。"
            "実際には、攻撃戦略ごとの計算コストは桁違いに異なりうる。そのため固定予算でのASRは、"
            "モデルをジェイルブレイクするのに本当に必要な労力を覆い隠し、攻撃のコストが攻撃者に"
            "とって見合うかどうかを判断しにくくする。我々は、攻撃者の労力の代理指標として、累積"
            "浮動小数点演算回数（FLOPs）で測った計算圧力に基づく、計算量を考慮した評価フレーム"
            "ワークを提案する。計算予算を攻撃リスクに写像するリスク・計算曲線を導入し、ある攻撃が"
            "成功するのに必要な平均的な圧力を要約する二つの指標を導く。十のモデルを三つの攻撃戦略"
            "で二つのジェイルブレイク頑健性ベンチマーク上で評価した結果、次のことがわかった。"
            "(1) 整合の学習は計算空間での頑健性に非単調な影響を与える。(2) モデル規模の拡大は勾配"
            "ベースの攻撃の有効性を下げるが、安価なテンプレートベースの攻撃への影響は限られる。"
            "(3) 代理モデル上で最適化した攻撃は別の標的モデルに転移できる。(4) 単一のモデル内でも、"
            "計算コストは有害カテゴリ間で最大約5倍異なる。(5) 安全性のための整合RLは全体のコストを"
            "増やす一方で、一部のカテゴリを攻撃しやすいまま残す。我々はこのフレームワークを公開"
            "する。"
        ),
        authors=("Malikeh Ehghaghi", "Boglárka Ecsedi", "Marsha Chechik", "Colin Raffel"),
        affiliations=("r-three",),
        published="2026-06-09T00:00:00.000Z",
        captions=(
            "Risk-compute curves of three attack strategies on one model.",
            "Average pressure to success across model sizes and training stages.",
        ),
        summary={
            "purpose": "LLMの敵対的頑健性を、攻撃に必要な計算コストを考慮して評価する。",
            "result": "整合の学習は計算空間での頑健性に非単調な影響を与え、有害カテゴリ間で計算"
            "コストが最大約5倍異なることなどを示す。",
            "method": "累積FLOPsで測った計算圧力を攻撃者の労力の代理とし、リスク・計算曲線と二つの"
            "要約指標を導入する。",
            "name": "リスク・計算曲線（risk-compute curves）",
        },
    ),
)

# The second ranking shows each example paper again, as a follow-up paper with its own id.
VARIANTS: tuple[tuple[str, str], ...] = (
    ("{} (Extended Study)", "{}（拡張版）"),
    ("{}: A Second Look", "{}：再検証"),
    ("{} at Scale", "{}の大規模検証"),
)

# ---- deck structure ----------------------------------------------------------------------


@dataclass(frozen=True)
class RankingSpec:
    """One ranking of the session: its provenance and, in rank order, the base paper shown."""

    name: str
    source: str
    source_name: str
    query: str
    surveyed_at: str
    bases: tuple[int, ...]
    first_id: int
    signals: tuple[int, ...]


RANKINGS = (
    RankingSpec("Top Upvoted", "hf-daily", "Hugging Face Daily Papers (huggingface.co/papers)",
                "date=2026-06-12", "2026-06-13", (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), 1,
                (118, 103, 74, 25, 18, 14, 13, 12, 10, 8)),
    RankingSpec("Trending", "hf-trending",
                "Hugging Face Trending Papers (huggingface.co/papers/trending)",
                "period=week", "2026-06-14", (4, 7, 2, 9, 0, 5, 8, 1, 6, 3), 11,
                (412, 377, 301, 254, 198, 160, 141, 97, 85, 66)),
)
PICKS = ("2606.90001", "2606.90002", "2606.90013", "2606.90016")
SUMMARIZED = ("2606.90001", "2606.90002", "2606.90004", "2606.90005",
              "2606.90012", "2606.90013", "2606.90014", "2606.90016")
# id -> figures as (number, kind); kind "plot" is a PNG line plot, "photo" a JPEG q90 image.
FIGURES: dict[str, tuple[tuple[int, str], ...]] = {
    "2606.90001": ((1, "plot"), (2, "plot")),
    "2606.90002": ((1, "plot"), (2, "plot")),
    "2606.90003": ((1, "photo"), (2, "plot")),
    "2606.90004": ((1, "photo"), (2, "plot")),
    "2606.90005": ((1, "plot"), (2, "plot")),
    "2606.90006": ((1, "plot"),),
    "2606.90007": ((1, "photo"), (2, "plot")),
    "2606.90008": ((1, "photo"),),
    "2606.90011": ((1, "plot"), (2, "plot")),
    "2606.90012": ((2, "plot"),),
    "2606.90013": ((1, "photo"), (2, "plot")),
    "2606.90014": ((1, "plot"),),
    "2606.90016": ((1, "plot"), (2, "plot")),
    "2606.90017": ((1, "plot"), (2, "plot")),
    "2606.90018": ((1, "plot"),),
}

EVENT = "AI最新論文読み会 ベンチマーク用セッション"
DATE = "2026-06-17"
PRESENTER = "山田 太郎"
AFFILIATION = "〇〇大学 AI研究会"
SELF_INTRO: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("山田 太郎 (やまだ たろう)", ()),
    ("仕事:", ("機械学習エンジニア (推薦・検索)",)),
    ("研究テーマ:", ("LLMエージェントの記憶と評価", "長文脈モデルの効率化")),
)
CLOSING = ("次回は 2026年7月の論文を紹介します",)
PICKUP_MARK = "【pickup】"
PICKUP_TITLE = "気になった論文"
SUMMARY_LABELS = (("purpose", "目的"), ("result", "成果"), ("method", "方法"),
                  ("name", "固有名"), ("affiliations", "著者所属"))


@dataclass(frozen=True)
class BenchPaper:
    """One paper of the generated session."""

    id: str
    base: Base
    title: str
    title_ja: str
    abstract: str
    abstract_ja: str
    authors: tuple[str, ...]
    origin: str

    @property
    def abs_url(self) -> str:
        """The arXiv abstract page (unversioned, as in the lock)."""
        return f"https://arxiv.org/abs/{self.id}"


def _sentences(text: str, japanese: bool) -> list[str]:
    """Split an abstract into sentences (keeping each sentence's end mark)."""
    if japanese:
        return [s for s in re.split(r"(?<=。)", text) if s]
    return re.split(r"(?<=[.?!])\s+(?=[A-Z(])", text)


def _reorder(text: str, japanese: bool, rng: random.Random) -> str:
    """The abstract with every sentence but the first in a shuffled order (same length)."""
    first, *rest = _sentences(text, japanese)
    rng.shuffle(rest)
    return ("" if japanese else " ").join([first, *rest])


def bench_papers() -> dict[str, BenchPaper]:
    """All twenty papers, by id, in ranking order."""
    rng = random.Random(SEED)
    papers: dict[str, BenchPaper] = {}
    for r_index, ranking in enumerate(RANKINGS):
        for rank, base_index in enumerate(ranking.bases):
            base = BASES[base_index]
            pid = f"2606.{90000 + ranking.first_id + rank}"
            if r_index == 0:
                papers[pid] = BenchPaper(pid, base, base.title, base.title_ja, base.abstract,
                                         base.abstract_ja, base.authors, ranking.source)
                continue
            en_pattern, ja_pattern = VARIANTS[rank % len(VARIANTS)]
            abstract = _reorder(base.abstract, False, rng)
            abstract_ja = _reorder(base.abstract_ja, True, rng)
            papers[pid] = BenchPaper(pid, base, en_pattern.format(base.title),
                                     ja_pattern.format(base.title_ja), abstract, abstract_ja,
                                     tuple(reversed(base.authors)), ranking.source)
    return papers


def take_of(pid: str, paper: BenchPaper) -> str | None:
    """The presenter's one-line take: on the picks and on first-ranking papers that have one."""
    return paper.base.take if pid in PICKS or paper.origin == RANKINGS[0].source else None


def ranking_ids(ranking: RankingSpec) -> list[str]:
    """The ids of a ranking, in rank order."""
    return [f"2606.{90000 + ranking.first_id + i}" for i in range(len(ranking.bases))]


# ---- session files -------------------------------------------------------------------------


def text_hash(text: str) -> str:
    """The source hash deckgen keeps next to a translation (sha256 of the normalised text)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def session_yaml(papers: dict[str, BenchPaper]) -> str:
    """session.yaml for the bench deck."""
    lines = [
        "# deckgen benchmark session, generated by bench/make_session.py (do not edit by hand).",
        "# Texts are derived from the example session sessions/2026-06.",
        "kind: survey",
        f"name: {SESSION_NAME}",
        f"event: {_q(EVENT)}",
        f"date: {DATE}",
        f"presenter: {_q(PRESENTER)}",
        f"affiliation: {_q(AFFILIATION)}",
        "self_intro:",
    ]
    for head, children in SELF_INTRO:
        if children:
            lines.append(f"  - {_q(head)}:")
            lines.extend(f"      - {_q(child)}" for child in children)
        else:
            lines.append(f"  - {_q(head)}")
    lines += ["", "rankings:"]
    for ranking in RANKINGS:
        lines += [f"  - name: {_q(ranking.name)}", f"    source: {ranking.source}",
                  f"    query: {_q(ranking.query)}", f"    surveyed_at: {ranking.surveyed_at}",
                  "    papers:"]
        for pid, signal in zip(ranking_ids(ranking), ranking.signals, strict=True):
            lines.append(f"      - {{id: {_q(pid)}, signal: {signal}, "
                         f"title: {_q(papers[pid].title)}}}")
    lines += ["", f"picks: [{', '.join(_q(p) for p in PICKS)}]", "", "papers:"]
    for pid, paper in papers.items():
        base = paper.base
        take = take_of(pid, paper)
        summary = base.summary if pid in SUMMARIZED else None
        points = base.points if pid in PICKS else ()
        # a paper that is not picked shows only Figure 1 unless told: show every figure
        all_figures = pid in FIGURES and pid not in PICKS
        if not (take or summary or points or all_figures):
            continue
        lines.append(f"  {_q(pid)}:")
        if take:
            lines.append(f"    take: {_q(take)}")
        if all_figures:
            lines.append("    figures: all")
        if summary:
            lines.append("    summary:")
            lines.extend(f"      {key}: {_q(value)}" for key, value in summary.items())
        if points:
            lines.append("    points:")
            for head, children in points:
                lines.append(f"      - {_q(head)}:")
                lines.extend(f"          - {_q(child)}" for child in children)
    lines += ["", "closing:"] + [f"  - {_q(line)}" for line in CLOSING]
    return "\n".join(lines) + "\n"


def lock_json(papers: dict[str, BenchPaper]) -> str:
    """deckgen.lock.json: English metadata per id and the rankings' provenance."""
    entries = {}
    for pid in sorted(papers):
        paper = papers[pid]
        entries[pid] = {
            "id": pid, "title": paper.title, "abstract": paper.abstract, "version": None,
            "authors": list(paper.authors), "affiliations": list(paper.base.affiliations),
            "published": paper.base.published, "updated": None, "categories": [],
            "origin": paper.origin, "extra": {}, "abs_url": paper.abs_url,
            "pdf_url": f"https://arxiv.org/pdf/{pid}",
        }  # fmt: skip
    data = {
        "version": 1,
        "rankings": [{"name": r.name, "source": r.source, "query": r.query,
                      "surveyed_at": r.surveyed_at} for r in RANKINGS],
        "papers": entries,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def translations_yaml(papers: dict[str, BenchPaper]) -> str:
    """translations.yaml: a hand-written Japanese title and abstract for every paper."""
    lines = ["# Japanese titles and abstracts of the benchmark session (derived from the",
             "# example session sessions/2026-06), all written by hand."]
    for pid in sorted(papers):
        paper = papers[pid]
        lines.append(f"{_q(pid)}:")
        for key, text, source in (("title", paper.title_ja, paper.title),
                                  ("abstract", paper.abstract_ja, paper.abstract)):
            lines += [f"  {key}:", f"    text: {_q(text)}", "    by: hand",
                      f"    source_hash: {_q(text_hash(source))}"]
    return "\n".join(lines) + "\n"


# ---- figures -------------------------------------------------------------------------------


def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    return ImageFont.load_default(size=size)


PALETTE = ((31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189))


def plot_image(seed: int, title: str) -> Image.Image:
    """A line plot like a paper's figure: axes, grid, ticks, 3-4 noisy curves and a legend."""
    rng = random.Random(seed)
    width, height = FIG_SIZE
    img = Image.new("RGB", FIG_SIZE, "white")
    draw = ImageDraw.Draw(img)
    left, top, right, bottom = 150, 90, width - 60, height - 130
    small, label = _font(26), _font(32)
    draw.text((width // 2, 40), title, fill="black", font=label, anchor="mm")
    for i in range(6):  # grid and ticks
        y = bottom - (bottom - top) * i / 5
        x = left + (right - left) * i / 5
        draw.line([left, y, right, y], fill=(225, 225, 225), width=2)
        draw.line([x, top, x, bottom], fill=(225, 225, 225), width=2)
        draw.text((left - 15, y), f"{i * 20}", fill="black", font=small, anchor="rm")
        draw.text((x, bottom + 15), f"{2 ** (i + 3)}", fill="black", font=small, anchor="mt")
    draw.rectangle([left, top, right, bottom], outline="black", width=3)
    draw.text(((left + right) // 2, height - 50), "budget (k tokens)", fill="black", font=label,
              anchor="mm")
    draw.text((50, (top + bottom) // 2), "acc. (%)", fill="black", font=label, anchor="mm")
    n_points = 40
    for s in range(rng.randint(3, 4)):
        color = PALETTE[s]
        level, slope = rng.uniform(0.1, 0.4), rng.uniform(0.2, 0.55)
        points = []
        for k in range(n_points):
            t = k / (n_points - 1)
            v = level + slope * (1 - math.exp(-3 * t)) + rng.gauss(0, 0.015)
            points.append((left + (right - left) * t, bottom - (bottom - top) * min(v, 0.98)))
        band = [(x, y - 18) for x, y in points] + [(x, y + 18) for x, y in reversed(points)]
        draw.polygon(band, fill=tuple(c + (255 - c) * 4 // 5 for c in color))
        draw.line(points, fill=color, width=5, joint="curve")
        for x, y in points[::4]:
            draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=color)
        ly = bottom - 40 - 45 * (3 - s)
        draw.line([right - 330, ly, right - 270, ly], fill=color, width=5)
        draw.text((right - 255, ly), f"method {chr(65 + s)}", fill="black", font=small,
                  anchor="lm")
    return img


def photo_image(seed: int) -> Image.Image:
    """A photo-like image: smooth colour gradients, blurred shapes and sensor-like noise."""
    rng = random.Random(seed)
    width, height = FIG_SIZE
    c0 = [rng.randint(20, 235) for _ in range(3)]
    c1 = [rng.randint(20, 235) for _ in range(3)]
    column = Image.new("RGB", (1, height))
    for y in range(height):
        t = y / (height - 1)
        column.putpixel((0, y), tuple(round(a + (b - a) * t) for a, b in zip(c0, c1, strict=True)))
    img = column.resize(FIG_SIZE)
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(60, 300)
        color = tuple(rng.randint(0, 255) for _ in range(3))
        draw.ellipse([x - r, y - r * 0.7, x + r, y + r * 0.7], fill=color)
    img = img.filter(ImageFilter.GaussianBlur(25))
    draw = ImageDraw.Draw(img)
    for _ in range(150):  # smaller, sharper detail on top of the blurred background
        x, y = rng.randint(0, width), rng.randint(0, height)
        r = rng.randint(4, 40)
        color = tuple(rng.randint(0, 255) for _ in range(3))
        draw.rectangle([x - r, y - r // 2, x + r, y + r // 2], fill=color)
    img = img.filter(ImageFilter.GaussianBlur(2))
    noise = Image.frombytes("RGB", FIG_SIZE, rng.randbytes(width * height * 3))
    noise = noise.filter(ImageFilter.GaussianBlur(0.8))
    return Image.blend(img, noise, 0.22)


def _words_upto(text: str, limit: int) -> list[str]:
    """The leading words of `text` that fit in `limit` characters (a figure's title)."""
    words: list[str] = []
    for word in text.split():
        if len(" ".join([*words, word])) > limit:
            break
        words.append(word)
    return words


def write_figures(out: Path, papers: dict[str, BenchPaper]) -> None:
    """figures/<id>/figN.png|jpg and index.json for every paper listed in FIGURES."""
    seed = SEED
    for pid, specs in FIGURES.items():
        folder = out / "figures" / pid
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for number, kind in specs:
            seed += 1
            caption = papers[pid].base.captions[number - 1]
            if kind == "photo":
                name = f"fig{number}.jpg"
                photo_image(seed).save(folder / name, "JPEG", quality=90)
            else:
                name = f"fig{number}.png"
                title = " ".join(_words_upto(caption.rstrip("."), 60))
                plot_image(seed, title).save(folder / name, "PNG")
            data = (folder / name).read_bytes()
            rows.append({"number": number, "file": name, "caption": caption,
                         IMAGE_HASH: image_hash(data), PIXEL_HASH: pixel_hash(data),
                         "source_url": f"https://arxiv.org/html/{pid}#F{number}",
                         "method": "bench", "width": FIG_SIZE[0], "height": FIG_SIZE[1]})
        (folder / "index.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")


# ---- the equivalent markdown (same slides as deckgen's survey plan) ------------------------


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


def _circled(n: int) -> str:
    return chr(0x2460 + n - 1)


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


def markdown_slides(papers: dict[str, BenchPaper]) -> list[MdSlide]:
    """The slides of the bench deck in order, with the texts deckgen shows on them."""
    slides: list[MdSlide] = []
    slides.append(MdSlide("自己紹介", [_bullets(SELF_INTRO)]))
    agenda = [f"- {esc(r.source_name + ' から人気の論文をピックアップして紹介')}"
              for r in RANKINGS]
    agenda.append(f"- {esc('、'.join(_date(r.surveyed_at) for r in RANKINGS))} にサーベイ")
    numbered = [f"{i}. {esc(r.name)} の上位 {len(r.bases)} 本" for i, r in enumerate(RANKINGS, 1)]
    numbered.append(f"{len(RANKINGS) + 1}. {PICKUP_TITLE} {len(PICKS)} 本")
    slides.append(MdSlide("Agenda", ["\n".join(agenda), "\n".join(numbered)]))

    def paper_slide(pid: str, label: str) -> None:
        paper = papers[pid]
        take = take_of(pid, paper)
        blocks = [f"\\({esc('原文: ' + paper.title)})", f"<{paper.abs_url}>",
                  esc(paper.abstract_ja)]
        if take:
            blocks.append(f"**{esc(take)}**")
        if paper.base.affiliations:
            blocks.append(esc("、".join(paper.base.affiliations) + " の研究"))
        slides.append(MdSlide(f"{label} {paper.title_ja}".strip(), blocks,
                              f"{paper.title}\n{paper.abs_url}\n\n{paper.abstract}"))

    def summary_slide(pid: str, label: str) -> None:
        paper = papers[pid]
        summary = paper.base.summary or {}
        lines = []
        for key, name in SUMMARY_LABELS:
            value = summary.get(key) or ("、".join(paper.base.affiliations)
                                         if key == "affiliations" else "")
            lines.append(f"- {esc(name + ': ' + (value.strip() or 'ー'))}")
        slides.append(MdSlide(f"{label} {paper.title_ja}".strip(),
                              [f"\\({esc('原文: ' + paper.title)})", "\n".join(lines)],
                              f"{paper.title}\n\n{paper.abstract}"))

    def figure_slides(pid: str, label: str) -> None:
        paper = papers[pid]
        for number, kind in FIGURES.get(pid, ()):
            caption = paper.base.captions[number - 1]
            caption = f"Figure {number}: {caption}"
            image = f"figures/{pid}/fig{number}.{'jpg' if kind == 'photo' else 'png'}"
            slides.append(MdSlide(f"Figure {number}  {label}".strip(),
                                  [f"![{esc(caption)}\\\n{esc(f'出典: arXiv:{pid}')}]({image})"],
                                  paper.base.captions[number - 1]))

    for ranking in RANKINGS:
        ids = ranking_ids(ranking)
        slides.append(MdSlide(f"{ranking.name} {len(ids)}",
                              [esc(f"{ranking.source_name} / {_date(ranking.surveyed_at)} "
                                   "にサーベイ")]))
        entries = []
        for rank, pid in enumerate(ids, 1):
            mark = f" {PICKUP_MARK}" if pid in PICKS else ""
            text = f"{_circled(rank)} {papers[pid].title_ja}{mark}\n(原文: {papers[pid].title})"
            entries.append("- " + _multiline(text).replace("\n", "\n  "))
        slides.append(MdSlide(f"{ranking.name} ({_date(ranking.surveyed_at)})",
                              ["\n".join(entries)]))
        for rank, pid in enumerate(ids, 1):
            paper_slide(pid, _circled(rank))
            if pid in PICKS:
                continue
            if pid in SUMMARIZED:
                summary_slide(pid, _circled(rank))
            figure_slides(pid, _circled(rank))
    slides.append(MdSlide(PICKUP_TITLE, [f"{len(PICKS)} 本"]))
    for pid in PICKS:
        paper_slide(pid, PICKUP_MARK)
        summary_slide(pid, PICKUP_MARK)
        slides.append(MdSlide(f"{PICKUP_MARK} {papers[pid].title_ja}",
                              [_bullets(papers[pid].base.points)]))
        figure_slides(pid, "")
    credits = ["翻訳: 発表者による (translations.yaml で by: hand の項目)"]
    credits += [f"ランキング「{r.name}」: {r.source_name} [{r.query}], "
                f"{_date(r.surveyed_at)} にサーベイ" for r in RANKINGS]
    credits += ["論文情報: arXiv (arxiv.org)", *CLOSING]
    slides.append(MdSlide("クレジット", ["\n".join(f"- {esc(line)}" for line in credits)]))
    return slides


def equivalent_markdown(papers: dict[str, BenchPaper]) -> tuple[str, int]:
    """The whole markdown document and its slide count (the title slide included)."""
    slides = markdown_slides(papers)
    meta = [
        "---",
        f"title: {_q(esc(EVENT))}",
        f"subtitle: {_q(esc(AFFILIATION))}",
        f"author: {_q(esc(PRESENTER))}",
        f"date: {_q(_date(DATE))}",
        "lang: ja-JP",
        "---",
    ]
    parts = ["\n".join(meta)]
    for slide in slides:
        body = [f"# {esc(slide.title)}", *slide.blocks]
        if slide.notes:
            notes = "\n\n".join(esc(p) for p in slide.notes.split("\n") if p.strip())
            body.append(f"::: notes\n{notes}\n:::")
        parts.append("\n\n".join(body))
    return "\n\n".join(parts) + "\n", len(slides) + 1


# ---- main ----------------------------------------------------------------------------------


def make_session(out: Path) -> int:
    """Write the whole bench session into `out`; return the slide count both decks must have."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out}: not empty and not a bench session; choose an empty folder")
    if (out / "figures").exists():
        shutil.rmtree(out / "figures")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("generated by bench/make_session.py\n", encoding="utf-8")
    papers = bench_papers()
    (out / "session.yaml").write_text(session_yaml(papers), encoding="utf-8")
    (out / "deckgen.lock.json").write_text(lock_json(papers), encoding="utf-8")
    (out / "translations.yaml").write_text(translations_yaml(papers), encoding="utf-8")
    write_figures(out, papers)
    markdown, slides = equivalent_markdown(papers)
    (out / "equivalent.md").write_text(markdown, encoding="utf-8")
    figures = sum(len(specs) for specs in FIGURES.values())
    if slides != EXPECTED_SLIDES or figures != EXPECTED_FIGURES:
        raise SystemExit(f"bench session has {slides} slides and {figures} figures; "
                         f"expected {EXPECTED_SLIDES} and {EXPECTED_FIGURES}")
    return slides


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `make_session.py OUT_DIR`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the session into")
    args = parser.parse_args(argv)
    slides = make_session(args.out_dir)
    print(f"wrote {args.out_dir}: {slides} slides, {EXPECTED_FIGURES} figures "
          f"(session.yaml, deckgen.lock.json, translations.yaml, figures/, equivalent.md)")
    return 0



def run_bench(bench: Callable[[Path, int], object], description: str, prefix: str,
              argv: Sequence[str] | None = None) -> int:
    """The benchmarks' shared command line: `[--runs N] [--out DIR]`, a temp folder by default."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=7, help="timed runs each (default 7)")
    parser.add_argument("--out", type=Path,
                        help="folder for the session and outputs (kept); default: a "
                             "temporary folder, removed afterwards")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.out:
        bench(args.out, args.runs)
    else:
        with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
            bench(Path(tmp) / "session", args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
