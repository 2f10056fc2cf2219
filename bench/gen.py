"""What the bench generators share: the example papers' texts, a deck's spec, the session
files deckgen reads, the figures and the benchmarks' command line.

A bench deck is a `DeckSpec` (rankings, picks, summaries, figures) and its papers, each
derived from one of the ten papers of the example session (`texts.json`, from
sessions/2026-06), as it is or as a variant with another title and its abstract's sentences
reordered. `write_session` writes the session folder and `equivalent.md` (gen_md.py).
Everything is deterministic (fixed seeds): two runs write identical files. Only the standard
library, Pillow and deckgen's own hash functions are used.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import random
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from deckgen.figures.pixels import pixel_hash
from deckgen.session.store import IMAGE_HASH, PIXEL_HASH, image_hash

HERE = Path(__file__).resolve().parent
MARKER = ".deckgen-bench"
Bullets = tuple[tuple[str, tuple[str, ...]], ...]


# ---- the example papers' texts -------------------------------------------------------------


@dataclass(frozen=True)
class Base:
    """One paper of the example session, with everything a bench deck shows about it."""

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
    points: Bullets = ()


@functools.cache
def bases() -> tuple[Base, ...]:
    """The ten example papers, from texts.json."""
    rows = json.loads((HERE / "texts.json").read_text(encoding="utf-8"))
    return tuple(Base(**{**row, "authors": tuple(row["authors"]),
                         "affiliations": tuple(row["affiliations"]),
                         "captions": tuple(row["captions"]),
                         "points": tuple((h, tuple(c)) for h, c in row["points"])})
                 for row in rows)


# ---- a deck's spec and its papers ----------------------------------------------------------


@dataclass(frozen=True)
class RankingSpec:
    """One ranking: its provenance and, in rank order, the base paper shown and its signal."""

    name: str
    source: str
    source_name: str
    query: str
    surveyed_at: str
    bases: tuple[int, ...]
    first_id: int
    signals: tuple[int, ...]

    def ids(self) -> list[str]:
        """The ids of the ranking, in rank order."""
        return [f"2606.{90000 + self.first_id + i}" for i in range(len(self.bases))]


@dataclass(frozen=True)
class DeckSpec:
    """Everything that decides a bench session, apart from the texts."""

    name: str  # the session's name, and the deck's file name
    generator: str  # the script that writes it, named in its files
    seed: int
    rankings: tuple[RankingSpec, ...]
    picks: tuple[str, ...]
    summarized: tuple[str, ...]
    # id -> figures as (number, kind); kind "plot" is a PNG line plot, "photo" a JPEG q90 image
    figures: dict[str, tuple[tuple[int, str], ...]]
    event: str = "AI最新論文読み会 ベンチマーク用セッション"
    date: str = "2026-06-17"
    presenter: str = "山田 太郎"
    affiliation: str = "〇〇大学 AI研究会"
    self_intro: Bullets = (("山田 太郎 (やまだ たろう)", ()),
                           ("仕事:", ("機械学習エンジニア (推薦・検索)",)),
                           ("研究テーマ:", ("LLMエージェントの記憶と評価", "長文脈モデルの効率化")))
    closing: tuple[str, ...] = ("次回は 2026年7月の論文を紹介します",)
    # composition switches: a pick's abstract is shown again in the pickup, as the bench decks
    # always had it (and as equivalent.md has it)
    compose: tuple[tuple[str, str], ...] = (("pickup_abstract", "repeat"),)

    @property
    def figure_count(self) -> int:
        return sum(len(specs) for specs in self.figures.values())


@dataclass(frozen=True)
class Paper:
    """One paper of a generated session."""

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


Variant = Callable[[int, int], tuple[str, str] | None]  # (ranking, rank) -> title patterns


def make_papers(spec: DeckSpec, variant: Variant) -> dict[str, Paper]:
    """Every paper, by id, in ranking order. `variant(ranking, rank)` gives the English and
    Japanese title patterns of a variant ("{}" is the base's title), or None for the base
    paper as it is; a variant's abstracts are reordered and its authors reversed."""
    rng = random.Random(spec.seed)
    papers: dict[str, Paper] = {}
    for r_index, ranking in enumerate(spec.rankings):
        for rank, (pid, base_index) in enumerate(zip(ranking.ids(), ranking.bases,
                                                     strict=True)):
            base = bases()[base_index]
            patterns = variant(r_index, rank)
            if patterns is None:
                papers[pid] = Paper(pid, base, base.title, base.title_ja, base.abstract,
                                    base.abstract_ja, base.authors, ranking.source)
                continue
            abstract = _reorder(base.abstract, False, rng)
            abstract_ja = _reorder(base.abstract_ja, True, rng)
            papers[pid] = Paper(pid, base, patterns[0].format(base.title),
                                patterns[1].format(base.title_ja), abstract, abstract_ja,
                                tuple(reversed(base.authors)), ranking.source)
    return papers


def take_of(spec: DeckSpec, paper: Paper) -> str | None:
    """The presenter's one-line take: on the picks and on first-ranking papers that have one."""
    return (paper.base.take if paper.id in spec.picks or paper.origin == spec.rankings[0].source
            else None)


# ---- session files -------------------------------------------------------------------------


def text_hash(text: str) -> str:
    """The source hash deckgen keeps next to a translation (sha256 of the normalised text)."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def session_yaml(spec: DeckSpec, papers: dict[str, Paper]) -> str:
    """session.yaml of the deck."""
    lines = [
        f"# deckgen benchmark session, generated by {spec.generator} (do not edit by hand).",
        "# Texts are derived from the example session sessions/2026-06.",
        "kind: survey", f"name: {spec.name}", f"event: {q(spec.event)}", f"date: {spec.date}",
        f"presenter: {q(spec.presenter)}", f"affiliation: {q(spec.affiliation)}", "self_intro:",
    ]
    for head, children in spec.self_intro:
        if children:
            lines.append(f"  - {q(head)}:")
            lines.extend(f"      - {q(child)}" for child in children)
        else:
            lines.append(f"  - {q(head)}")
    if spec.compose:
        lines += ["", "compose:"] + [f"  {key}: {value}" for key, value in spec.compose]
    lines += ["", "rankings:"]
    for ranking in spec.rankings:
        lines += [f"  - name: {q(ranking.name)}", f"    source: {ranking.source}",
                  f"    query: {q(ranking.query)}", f"    surveyed_at: {ranking.surveyed_at}",
                  "    papers:"]
        for pid, signal in zip(ranking.ids(), ranking.signals, strict=True):
            lines.append(f"      - {{id: {q(pid)}, signal: {signal}, "
                         f"title: {q(papers[pid].title)}}}")
    lines += ["", f"picks: [{', '.join(q(p) for p in spec.picks)}]", "", "papers:"]
    for pid, paper in papers.items():
        base = paper.base
        take = take_of(spec, paper)
        summary = base.summary if pid in spec.summarized else None
        points = base.points if pid in spec.picks else ()
        # a paper that is not picked shows only Figure 1 unless told: show every figure
        all_figures = pid in spec.figures and pid not in spec.picks
        if not (take or summary or points or all_figures):
            continue
        lines.append(f"  {q(pid)}:")
        if take:
            lines.append(f"    take: {q(take)}")
        if all_figures:
            lines.append("    figures: all")
        if summary:
            lines.append("    summary:")
            lines.extend(f"      {key}: {q(value)}" for key, value in summary.items())
        if points:
            lines.append("    points:")
            for head, children in points:
                lines.append(f"      - {q(head)}:")
                lines.extend(f"          - {q(child)}" for child in children)
    lines += ["", "closing:"] + [f"  - {q(line)}" for line in spec.closing]
    return "\n".join(lines) + "\n"


def lock_json(spec: DeckSpec, papers: dict[str, Paper]) -> str:
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
    data = {"version": 1,
            "rankings": [{"name": r.name, "source": r.source, "query": r.query,
                          "surveyed_at": r.surveyed_at} for r in spec.rankings],
            "papers": entries}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def translations_yaml(papers: dict[str, Paper]) -> str:
    """translations.yaml: a hand-written Japanese title and abstract for every paper."""
    lines = ["# Japanese titles and abstracts of the benchmark session (derived from the",
             "# example session sessions/2026-06), all written by hand."]
    for pid in sorted(papers):
        paper = papers[pid]
        lines.append(f"{q(pid)}:")
        for key, text, source in (("title", paper.title_ja, paper.title),
                                  ("abstract", paper.abstract_ja, paper.abstract)):
            lines += [f"  {key}:", f"    text: {q(text)}", "    by: hand",
                      f"    source_hash: {q(text_hash(source))}"]
    return "\n".join(lines) + "\n"


# ---- figures -------------------------------------------------------------------------------

def figure_file(number: int, kind: str) -> str:
    return f"fig{number}.{'jpg' if kind == 'photo' else 'png'}"


def write_figures(out: Path, spec: DeckSpec, papers: dict[str, Paper]) -> None:
    """figures/<id>/figN.png|jpg and index.json, with the hashes `deckgen fetch` stores."""
    from gen_images import FIG_SIZE, photo_image, plot_image, words_upto

    seed = spec.seed
    for pid, specs in spec.figures.items():
        folder = out / "figures" / pid
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for number, kind in specs:
            seed += 1
            caption = papers[pid].base.captions[number - 1]
            name = figure_file(number, kind)
            if kind == "photo":
                photo_image(seed).save(folder / name, "JPEG", quality=90)
            else:
                title = " ".join(words_upto(caption.rstrip("."), 60))
                plot_image(seed, title).save(folder / name, "PNG")
            data = (folder / name).read_bytes()
            rows.append({"number": number, "file": name, "caption": caption,
                         IMAGE_HASH: image_hash(data), PIXEL_HASH: pixel_hash(data),
                         "source_url": f"https://arxiv.org/html/{pid}#F{number}",
                         "method": "bench", "width": FIG_SIZE[0], "height": FIG_SIZE[1]})
        (folder / "index.json").write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n",
                                           encoding="utf-8")


# ---- the whole session ---------------------------------------------------------------------


def write_session(out: Path, spec: DeckSpec, papers: dict[str, Paper]) -> int:
    """Write the session and equivalent.md into `out`; return the markdown deck's slides."""
    from gen_md import equivalent_markdown

    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
        raise SystemExit(f"{out}: not empty and not a bench session; choose an empty folder")
    if (out / "figures").exists():
        shutil.rmtree(out / "figures")
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text(f"generated by {spec.generator}\n", encoding="utf-8")
    (out / "session.yaml").write_text(session_yaml(spec, papers), encoding="utf-8")
    (out / "deckgen.lock.json").write_text(lock_json(spec, papers), encoding="utf-8")
    (out / "translations.yaml").write_text(translations_yaml(papers), encoding="utf-8")
    write_figures(out, spec, papers)
    markdown, slides = equivalent_markdown(spec, papers)
    (out / "equivalent.md").write_text(markdown, encoding="utf-8")
    return slides


def run_bench(bench: Callable[[Path, int], object], description: str, prefix: str,
              argv: Sequence[str] | None = None, default_runs: int = 7) -> int:
    """The benchmarks' shared command line: `[--runs N] [--out DIR]`, a temp folder by default."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=default_runs,
                        help=f"timed runs each (default {default_runs})")
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
