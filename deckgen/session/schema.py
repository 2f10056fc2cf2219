"""session.yaml's fields, each declared once: name, type, default and a one-line doc.

The validator (`session.validate`) takes allowed and required fields, choices and defaults
from here, and `deckgen schema` derives the JSON Schema editors use from the same
declarations (`session.jsonschema`), so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

KINDS = ("survey", "single")
TRANSLATORS = ("none", "deepl")
SUMMARY_PLACES = ("slide", "paper")
ABSTRACT_FORMS = ("paragraph", "sentences")
REPEATS = ("mark", "present")
PICKUP_ABSTRACTS = ("refer", "repeat")
EARLIER = ("mark", "present")
CHARTS = ("off", "slide", "beside")
NUMBER_STYLES = ("circled", "dotted")
LAYOUT_KINDS = ("title", "section", "bullets", "ranking", "paper", "summary", "figure",
                "figure_text", "figures2", "figures3", "closing", "ranking_chart", "chart")

# Field types. Scalars are read as text (see yamlsrc), so every type below says what text,
# or what structure of texts, it accepts.
TEXT = "text"  # any scalar
TEXTS = "texts"  # one text or a list of texts
DATE = "date"  # YYYY-MM-DD
DATETIME = "datetime"  # ISO 8601 time, or a date alone
CHOICE = "choice"  # one of `choices`
BOOL = "bool"  # true or false
ARXIV = "arxiv"  # an arXiv id (model.ids)
ARXIV_LIST = "arxiv_list"  # a list of arXiv ids
ITEMS = "items"  # bullets: a text, or a list of texts and `head: [sub, sub]`
FIGURES = "figures"  # figure numbers or figure slides ({figure, heading, text, caption}),
#                      `all` or `none`
IMAGES = "images"  # up to MAX_SLIDE_IMAGES: a file or `<id>#N`, or {file|figure, caption}
GLOSSARY = "glossary"  # term -> fixed translation
OBJECT = "object"  # a mapping with the declared `fields`
LIST = "list"  # a list of mappings with the declared `fields` (or their `shorthand`)
ID_MAP = "id_map"  # arXiv id -> a mapping with the declared `fields`


@dataclass(frozen=True)
class Field:
    """One field of session.yaml (or of a mapping inside it)."""

    name: str
    type: str
    doc: str
    default: Any = None
    required: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()  # for OBJECT, LIST and ID_MAP: the fields inside
    shorthand: str | None = None  # for LIST: the one field a plain scalar entry stands for
    kinds: tuple[str, ...] = KINDS  # at the top level: the session kinds that take it


def names(fields: Sequence[Field]) -> set[str]:
    """The field names allowed in a mapping."""
    return {f.name for f in fields}


def required(fields: Sequence[Field]) -> tuple[str, ...]:
    """The required field names, in declaration order."""
    return tuple(f.name for f in fields if f.required)


def for_kind(fields: Sequence[Field], kind: str) -> tuple[Field, ...]:
    """The top-level fields a session of `kind` takes."""
    return tuple(f for f in fields if kind in f.kinds)


def field(fields: Sequence[Field], name: str) -> Field:
    """The declaration of `name` (a KeyError names a field that was never declared)."""
    for f in fields:
        if f.name == name:
            return f
    raise KeyError(name)


SUMMARY = (
    Field("purpose", TEXT, "目的: what the paper sets out to do"),
    Field("result", TEXT, "成果: what it achieved"),
    Field("method", TEXT, "方法: how"),
    Field("name", TEXT, "固有名: the name of the method, model or benchmark"),
    Field("affiliations", TEXT, "著者所属: the authors' affiliations"),
)

MAX_SLIDE_IMAGES = 3

FIGURE_SPEC = (
    Field("figure", TEXT, "The figure's number, or [N, M] / [N, M, K]: two or three figures "
          "on one slide", required=True),
    Field("heading", TEXT, "The slide's heading, as written (default: 図N, the paper's number "
          "and name)"),
    Field("text", TEXT, "A sentence or two explaining the figure, shown beside or above it"),
    Field("caption", TEXT, "Your caption instead of the paper's (one figure only)"),
)

IMAGE = (
    Field("file", TEXT, "An image file, relative to the session folder (e.g. images/demo.png "
          "or figures/<id>/x.png)"),
    Field("figure", TEXT, "A paper's figure by reference: \"<arXiv id>#<number>\""),
    Field("caption", TEXT, "The caption under the image (a paper figure's own by default)"),
)

OWN_SLIDE = (
    Field("title", TEXT, "The slide's title", required=True),
    Field("bullets", ITEMS, "Bullets, nested to any depth: a text, or `head: [sub, "
          "{head: [subsub]}]`"),
    Field("images", IMAGES, f"Up to {MAX_SLIDE_IMAGES} images: a file or \"<id>#N\", or "
          "{file, caption} / {figure, caption}", fields=IMAGE),
    Field("notes", TEXT, "Speaker notes"),
    Field("key", TEXT, "A stable identity for the slide (default: from its place and title); "
          "rebuilds keep your edits to it"),
)

PLACED_SLIDE = (
    Field("at", TEXT, "Where it goes. Survey: start (after the agenda), before <ranking>, "
          "after <ranking>, pickup (end of the pickup), end (before the credits). Single: "
          "start, overview (after the paper's slides), before <section>, after <section>, end "
          "(before the references)", default="end"),
    *OWN_SLIDE,
)

NOTES = (
    Field("take", TEXT, "Your one-line take, shown on the paper's slide"),
    Field("summary", OBJECT, "The 目的 / 成果 / 方法 / 固有名 / 著者所属 slide (ー for an "
          "empty field)", fields=SUMMARY),
    Field("figures", FIGURES, "Figures to show: [1, 3], all or none, or figure slides "
          "{figure: 3, heading, text, caption}, {figure: [4, 5], heading, text} (default: "
          "Figure 1, every figure of a pick)", fields=FIGURE_SPEC),
    Field("points", ITEMS, "Pickup: your reading, as bullets"),
    Field("repeat", CHOICE, "When an earlier ranking has the paper too: mark or present "
          "(default: compose.repeats)", choices=REPEATS),
    Field("earlier", CHOICE, "When an earlier month presented the paper: mark or present "
          "(default: compose.earlier)", choices=EARLIER),
    Field("surveyed_by", TEXT, "Who of the team surveyed it: shown on its slide, in the "
          "agenda's split and in the notes (`deckgen new --team` deals papers out)"),
    Field("slides", LIST, "Your own slides after this paper's slides in its ranking",
          fields=OWN_SLIDE),
    Field("pickup_slides", LIST, "Your own slides after this pick's slides in the pickup "
          "section", fields=OWN_SLIDE),
)

ENTRY = (
    Field("id", ARXIV, "The arXiv id; a version (v2) pins it", required=True),
    Field("signal", TEXT, "The ranking's signal (upvotes, stars); for you, not shown"),
    Field("title", TEXT, "The title as the source gave it; for you, not shown"),
    Field("org", TEXT, "The authors' organisation; 著者所属 when arXiv names none"),
)

RANKING = (
    Field("name", TEXT, "The ranking's name: section \"<name> 10\", list \"<name> (date)\"",
          required=True),
    Field("source", TEXT, "Where it came from: hf-daily, hf-trending, pwc-trending, arxiv, "
          "arxiv-listing or list"),
    Field("query", TEXT, "The source's query, e.g. date=2026-06-12"),
    Field("surveyed_at", DATETIME, "When it was taken, ISO 8601 (a date alone is fine)"),
    Field("description", TEXT, "How the agenda names the source (default: from source)"),
    Field("papers", LIST, "Papers in rank order: an id, or {id, signal, title, org}",
          required=True, fields=ENTRY, shorthand="id"),
)

SECTION = (
    Field("title", TEXT, "The section's heading", required=True),
    Field("items", ITEMS, "Its bullets; `head: [sub, sub]` nests"),
    Field("figures", FIGURES, "Figures shown with it, as a paper's: [1, 2] or "
          "{figure: 3, heading, text, caption}", fields=FIGURE_SPEC),
    Field("slides", LIST, "Your own slides after the section's first slide", fields=OWN_SLIDE),
)

LAYOUTS = tuple(Field(kind, TEXT, f"The layout of your template for {kind} slides")
                for kind in LAYOUT_KINDS)

_SURVEY = ("survey",)
_SINGLE = ("single",)

# `compose:` switches, each with the kind of deck it applies to (model.session.Compose)
COMPOSE = (
    Field("agenda", BOOL, "The Agenda slide", default=True, kinds=_SURVEY),
    Field("dividers", BOOL, "Divider slides: \"<ranking> 10\" before each ranking, 気になった論文 "
          "before the pickup", default=True, kinds=_SURVEY),
    Field("title_date", BOOL, "The date on the title slide", default=True),
    Field("summary", CHOICE, "slide: 目的/成果/方法/固有名/著者所属 on a slide of its own; paper: "
          "on the paper's slide, after the abstract", default="slide", choices=SUMMARY_PLACES,
          kinds=_SURVEY),
    Field("abstract", CHOICE, "paragraph: the abstract as written; sentences: one bullet per "
          "sentence", default="paragraph", choices=ABSTRACT_FORMS),
    Field("repeats", CHOICE, "A paper already in an earlier ranking. mark: `⇒ <ranking> #N` on "
          "the list only; present: its slide again in the later ranking", default="mark",
          choices=REPEATS, kinds=_SURVEY),
    Field("pickup_abstract", CHOICE, "In the pickup, refer: a line pointing back to the "
          "paper's abstract (アブストラクトは ① を参照); repeat: the abstract slide again",
          default="refer", choices=PICKUP_ABSTRACTS, kinds=_SURVEY),
    Field("earlier", CHOICE, "A paper an earlier month presented (the session folders beside "
          "this one, history.yaml). mark: `⇒ 2026-05 #3` on the list only; present: its "
          "slides again", default="mark", choices=EARLIER, kinds=_SURVEY),
    Field("chart", CHOICE, "The ranking's signal (upvotes, stars) as a bar chart. off: none; "
          "slide: on a slide after the list; beside: on the list's slide, right of it",
          default="off", choices=CHARTS, kinds=_SURVEY),
    Field("pickup_label", TEXT, "Before a pick's title on its slides in the pickup (the "
          "ranking list marks picks 【pickup】 whatever it says)", default="【pickup】",
          kinds=_SURVEY),
    Field("credits", BOOL, "The credits slide at the end (translation service, rankings' "
          "sources, closing:)", default=True, kinds=_SURVEY),
    Field("numbers", CHOICE, "How ranks are labelled in titles, lists, back-references and "
          "the chart. circled: ① ② … ⑩; dotted: 1. 2. … 10.", default="circled",
          choices=NUMBER_STYLES, kinds=_SURVEY),
    Field("overview", BOOL, "The Overview slide (Point, Authors, 選定理由); left out when there "
          "is neither point nor reasons", default=True, kinds=_SINGLE),
    Field("abstract_slide", BOOL, "The paper's abstract slide", default=True, kinds=_SINGLE),
    Field("references", BOOL, "The References slide", default=True, kinds=_SINGLE),
    Field("thanks", BOOL, "The Thanks slide", default=True, kinds=_SINGLE),
)
_COMPOSE_DOC = "Composition switches: which slides the deck has and how they read"

SESSION = (
    Field("kind", CHOICE, "survey: rankings of papers; single: one paper in sections",
          default="survey", choices=KINDS),
    Field("name", TEXT, "Output file name (build/<name>.pptx); default: the folder's name"),
    Field("event", TEXT, "The event, on the title slide (e.g. AI最新論文読み会 2026年6月)",
          required=True),
    Field("date", DATE, "The meeting's date, YYYY-MM-DD", required=True),
    Field("presenter", TEXT, "Your name", required=True),
    Field("affiliation", TEXT, "Your affiliation, on the title slide"),
    Field("team", TEXTS, "The team; the title slide lists it, the presenter marked *"),
    Field("template", TEXT, "A .pptx whose layouts to use, relative to this folder "
          "(--template wins)"),
    Field("layouts", OBJECT, "Slide kind -> layout name in your template", fields=LAYOUTS),
    Field("language", TEXT, "The language titles and abstracts are translated into",
          default="ja"),
    Field("translator", CHOICE, "deepl translates titles, abstracts and captions (needs "
          "DEEPL_AUTH_KEY)", default="none", choices=TRANSLATORS),
    Field("glossary", GLOSSARY, "Term -> its fixed translation (an empty value keeps the term)"),
    Field("self_intro", ITEMS, "Bullets of the self-introduction slide; `head: [sub, sub]` "
          "nests"),
    Field("rankings", LIST, "Rankings frozen at survey time, papers in rank order",
          required=True, fields=RANKING, kinds=_SURVEY),
    Field("picks", ARXIV_LIST, "気になった論文: ids from the rankings, shown again with your "
          "notes", kinds=_SURVEY),
    Field("papers", ID_MAP, "Your notes per arXiv id: take, summary, figures, points",
          fields=NOTES),
    Field("closing", ITEMS, "Extra lines on the credits slide"),
    Field("compose", OBJECT, _COMPOSE_DOC, fields=for_kind(COMPOSE, "survey"), kinds=_SURVEY),
    Field("compose", OBJECT, _COMPOSE_DOC, fields=for_kind(COMPOSE, "single"), kinds=_SINGLE),
    Field("paper", ARXIV, "The paper of a single-paper deck", required=True, kinds=_SINGLE),
    Field("point", TEXT, "Overview: the point of the paper in one line", kinds=_SINGLE),
    Field("reasons", ITEMS, "Overview: 選定理由, why you chose it", kinds=_SINGLE),
    Field("sections", LIST, "Table of contents, then each section's slides: a title, or "
          "{title, items, figures, slides}", fields=SECTION, shorthand="title", kinds=_SINGLE),
    Field("comments", ITEMS, "所感: your comments", kinds=_SINGLE),
    Field("references", ITEMS, "References: links, related work", kinds=_SINGLE),
    Field("thanks", TEXT, "The closing slide's title (default: Thanks! Any questions?)",
          kinds=_SINGLE),
    Field("contact", ITEMS, "Contact lines on the closing slide", kinds=_SINGLE),
    Field("slides", LIST, "Your own slides, placed by `at:` (background, glossary, demos)",
          fields=PLACED_SLIDE),
)
