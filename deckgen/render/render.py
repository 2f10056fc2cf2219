"""render_deck(): draw a planned Deck onto a template's layouts and save the .pptx.

Every text goes into the layout's placeholders (real, editable text), every run gets the
East Asian font and `lang="ja-JP"`, each figure is fitted into its picture area (picture,
picture2, picture3) with its aspect kept, unused placeholders are removed, and every slide
but the title gets a page number field. Every slide carries its identity and content hash
(see identity.py), and the deck lists them in its custom properties, so a rebuild can keep
what a presenter edited.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Emu, Inches, Pt

from deckgen.figures.images import slide_image
from deckgen.model.deck import Deck, DeckInfo, Para, Picture, Slide, Text
from deckgen.model.kinds import KIND_ROLES, PICTURE_ROLES, UNNUMBERED_KINDS
from deckgen.render import opc, oxml
from deckgen.render.drawn import Drawn, plan_keys, slide_warning, write_record
from deckgen.render.identity import (
    CARRIER_PREFIX,
    MANIFEST_PROPERTY,
    Identity,
    carrier_text,
    manifest_chunks,
    remember_pictures,
    slide_digest,
)
from deckgen.render.package import written
from deckgen.render.template import (
    DEFAULT_EA_FONT,
    ResolvedLayout,
    Template,
    slide_number_placeholder,
)
from deckgen.session.store import write_atomic

# XML 1.0 cannot hold these; arXiv titles and abstracts occasionally do.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


MAX_PROPERTY = 255  # characters of a document property (python-pptx refuses more)


def clean_text(text: str) -> str:
    """`text` without characters XML cannot hold (tabs and newlines are kept)."""
    return _XML_ILLEGAL.sub("", text)


def render_deck(deck: Deck, template: Template, out: Path) -> list[str]:
    """Render `deck` with `template` and write it to `out` atomically; return warnings."""
    prs = template.prs
    warnings: list[str] = []
    remember_pictures(deck)
    keys = plan_keys(deck, template)  # before the template's unused layouts are dropped
    template.drop_unused(slide.kind for slide in deck.slides)
    by_key: dict[str, Drawn] = {}
    drawn = add_slides(prs, template.layouts, deck.slides, warnings, by_key)
    write_manifest(prs, {identity.slide_id: identity.digest for _, identity in drawn})
    set_deck_info(prs, deck.info)
    save_deck(prs, out)
    write_record(out, {keys[k]: d for k, d in by_key.items()}, keys.values())
    return warnings


def set_deck_info(prs: Any, info: DeckInfo | None) -> None:
    """The document properties (docProps/core.xml): title, author, subject, language and
    keywords, instead of the template's own ("deckgen default template" by "deckgen").
    LibreOffice carries them into the PDF's properties."""
    if info is None:
        return
    props = prs.core_properties
    props.title, props.subject = _property(info.title), _property(info.subject)
    props.author = props.last_modified_by = _property(info.author)
    props.language, props.keywords = info.language, _property(info.keywords, ", ")
    props.comments = "made with deckgen"  # not the template's own description


def _property(text: str, sep: str = "") -> str:
    """`text` cleaned and cut to the MAX_PROPERTY characters a document property holds (a
    survey of 200 papers lists more ids than that): at the last `sep`, else with "…"."""
    text = clean_text(text)
    if len(text) <= MAX_PROPERTY:
        return text
    head = text[:MAX_PROPERTY]
    if sep and sep in head:
        return head[:head.rindex(sep)]
    return head[:MAX_PROPERTY - 1] + "…"


def save_deck(prs: Any, out: Path) -> None:
    """Write `prs` to `out` atomically (never half a file, never a lost old deck)."""
    buffer = io.BytesIO()
    opc.save_package(prs, buffer)  # media stored, not deflated again
    write_atomic(out, buffer.getvalue())
    written(prs, out)  # for the PDF stage (package.take_written)


def add_slides(prs: Any, layouts: Mapping[str, ResolvedLayout], slides: Sequence[Slide],
               warnings: list[str], record: dict[str, Drawn] | None = None,
               ) -> list[tuple[Any, Identity]]:
    """Append `slides` to `prs`, each stamped with its identity; return (slide, identity).

    `record`, when given, gets slide key -> its hash and warnings (drawn.py)."""
    drawn = []
    new = opc.NewSlides(prs)  # python-pptx's add_slide, notes_slide and add_picture, faster
    fonts: dict[Any, tuple[str | None, str]] = {}  # per master part
    for model in slides:
        resolved = layouts[model.kind]
        # the fonts of the theme the slide is drawn with (a merged deck may hold several)
        master = resolved.layout.slide_master
        if master.part not in fonts:
            fonts[master.part] = _theme_fonts(master)
        latin, ea = fonts[master.part]
        slide = new.add_slide(resolved.layout)
        mine: list[str] = []  # this slide's warnings, without its number
        # each placeholder's idx read once (python-pptx finds `placeholders[idx]` by reading
        # every placeholder's idx again); the first of an idx, as `placeholders[idx]` gives
        placeholders = [(ph.placeholder_format.idx, ph) for ph in slide.placeholders]
        by_idx: dict[int, Any] = {}
        for idx, ph in placeholders:
            by_idx.setdefault(idx, ph)
        filled: set[int] = set()
        for role, text in model.texts.items():
            idx = resolved.roles.get(role)
            if idx is None:
                continue
            if _fill(by_idx[idx].text_frame, text, latin, ea):
                mine.append("removed characters that cannot be stored in a .pptx")
            filled.add(idx)
        roles = [role for role in KIND_ROLES[model.kind] if role in PICTURE_ROLES]
        if len(model.pictures) > len(roles):
            mine.append(f"{len(model.pictures)} pictures for a {model.kind} slide, which "
                        f"shows {len(roles)}; the others are left out")
        for role, picture in zip(roles, model.pictures, strict=False):
            # each into its own placeholder (a layout without one: below the title)
            idx = resolved.roles.get(role.name)
            _add_picture(slide, None if idx is None else by_idx[idx], picture, prs, new)
        if model.chart is not None:
            from deckgen.render.chart import add_chart  # python-pptx's chart code, when used

            idx = resolved.roles.get("chart")
            add_chart(slide, None if idx is None else by_idx[idx], model.chart,
                      _below_title(prs), latin, ea)
            if idx is not None:
                filled.add(idx)
        for idx, ph in placeholders:
            if idx not in filled:
                # LibreOffice draws an empty picture placeholder as an icon: never leave one
                oxml.remove_shape(ph)
        if model.kind not in UNNUMBERED_KINDS:
            _add_slide_number(slide, resolved.layout, len(prs.slides))
        if model.notes:
            new.notes_slide(slide).notes_text_frame.text = clean_text(model.notes)
        # the hash is taken from the finished slide, exactly as a rebuild will read it
        identity = Identity(clean_text(model.key), slide_digest(slide))
        stamp_identity(slide, identity, prs.slide_width, ea)
        drawn.append((slide, identity))
        warnings += [slide_warning(len(prs.slides), identity.slide_id, text) for text in mine]
        if record is not None:
            record[model.key] = Drawn(identity.digest, tuple(mine))
    return drawn


def restamp_identity(prs: Any, slide: Any, identity: Identity | None) -> None:
    """Remove the slide's carrier shapes, then stamp `identity` (None: leave it unmarked).

    For a slide recognised by its content after its mark was lost, and for a presenter's
    copy of a deckgen slide, which must not claim the original's identity.
    """
    for shape in list(slide.shapes):
        if shape.name.startswith(CARRIER_PREFIX):
            oxml.remove_shape(shape)
    if identity is not None:
        stamp_identity(slide, identity, prs.slide_width,
                       _theme_fonts(slide.slide_layout.slide_master)[1])


def stamp_identity(slide: Any, identity: Identity, slide_width: int, ea: str) -> None:
    """Add the hidden, off-slide carrier shape `deckgen|<id>|<hash>` to `slide`.

    A shape name and the hidden flag survive LibreOffice and PowerPoint saves (slide names,
    tags and extLst do not survive LibreOffice). No autofit and a fixed wrap: LibreOffice
    re-grows an autofit box around its centre, which would drag it onto the slide.
    """
    text = carrier_text(identity)
    box = slide.shapes.add_textbox(slide_width + Inches(0.2), 0, Inches(3), Inches(0.6))
    box.name = text
    frame = box.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(6)
    _set_east_asian(run, ea)
    oxml.set_hidden(box)


def write_manifest(prs: Any, manifest: Mapping[str, str]) -> None:
    """Store id -> hash of every deckgen slide in docProps/custom.xml (others kept).

    The custom properties part survives LibreOffice (which renumbers `pid`s and adds its
    own) and is PowerPoint's document-properties store; text values are kept under 255
    characters each, so the JSON is cut into numbered properties.
    """
    chunks = manifest_chunks(dict(manifest))
    opc.set_text_properties(prs, MANIFEST_PROPERTY + ".", {
        f"{MANIFEST_PROPERTY}.{n:03d}": chunk for n, chunk in enumerate(chunks)})


def _fill(frame: Any, text: Text, latin: str | None, ea: str) -> bool:
    """Write `text` into a placeholder's text frame; True when characters had to be removed."""
    cleaned = False
    frame.word_wrap = True
    paragraphs = frame.paragraphs
    for i, para in enumerate(text.paras):
        p = paragraphs[0] if i == 0 else frame.add_paragraph()
        _set_bullet(p, para)
        for j, line in enumerate(para.text.split("\n")):
            if j:
                p.add_line_break()
            safe = clean_text(line)
            cleaned |= safe != line
            run = p.add_run()
            run.text = safe
            font = run.font
            if text.size_pt:
                font.size = Pt(text.size_pt)
            if para.bold:
                font.bold = True
            if latin:
                font.name = latin
            if para.url:
                run.hyperlink.address = clean_text(para.url)
            _set_east_asian(run, ea)
    return cleaned


def _set_east_asian(run: Any, typeface: str) -> None:
    # font.name sets only the Latin font; Japanese needs the East Asian one and lang.
    oxml.set_east_asian_font(run, typeface)
    run.font.language_id = MSO_LANGUAGE_ID.JAPANESE
    oxml.set_alt_lang(run, "en-US")


def _set_bullet(p: Any, para: Para) -> None:
    # Level 0 is plain text (no bullet), so a list numbered in its text (①, 1.) never
    # also gets a bullet glyph; numbered paragraphs are numbered 1. 2. by the bullet.
    oxml.remove_bullet(p)
    if para.numbered:
        p.level = 0
        oxml.set_indent(p, Emu(Pt(24)), -Emu(Pt(24)))
        oxml.set_bullet_number(p, "arabicPeriod")
    elif para.level >= 1:
        p.level = para.level - 1  # the layout's bullet for that level
    else:
        p.level = 0
        oxml.set_indent(p, 0, 0)
        oxml.set_bullet_none(p)


def _add_picture(slide: Any, ph: Any, picture: Picture, prs: Any, new: opc.NewSlides) -> None:
    """Fit the image into the picture placeholder's box (or below the title), centred.

    `insert_picture` would crop to fill; a figure must never lose its edges.
    """
    if ph is not None:
        left, top, width, height = ph.left, ph.top, ph.width, ph.height
    else:
        left, top, width, height = _below_title(prs)
    scale = min(width / picture.width_px, height / picture.height_px)
    w, h = int(picture.width_px * scale), int(picture.height_px * scale)
    # a stream, not a path (python-pptx would put the path into the XML); photos as JPEG
    pic = new.add_picture(slide, slide_image(picture.path), left + (width - w) // 2,
                          top + (height - h) // 2, w, h)
    pic.name = clean_text(f"Figure {picture.path.stem}")
    oxml.set_description(pic, clean_text(picture.path.name))


def _below_title(prs: Any) -> tuple[int, int, int, int]:
    """(left, top, width, height) of the area below the title, for a layout without a box."""
    return (int(prs.slide_width * 0.05), int(prs.slide_height * 0.2),
            int(prs.slide_width * 0.9), int(prs.slide_height * 0.65))


def _add_slide_number(slide: Any, layout: Any, number: int) -> None:
    """Copy the layout's slide-number placeholder onto the slide with a slidenum field."""
    source = slide_number_placeholder(layout)
    if source is None:
        return
    oxml.add_slide_number(slide, source, number)


def _theme_fonts(master: Any) -> tuple[str | None, str]:
    """The master's theme's minor (body) Latin font and its East Asian font (or the default)."""
    fonts = opc.font_scheme(opc.master_theme(master))
    latin_face, ea_face = fonts["minor.latin"], fonts["minor.ea"] or DEFAULT_EA_FONT
    # a Latin-only theme font (Calibri) would set Japanese in a fallback: let ea govern
    return (latin_face if latin_face and not latin_face.startswith("+") else None), ea_face
