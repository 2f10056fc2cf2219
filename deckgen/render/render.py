"""render_deck(): draw a planned Deck onto a template's layouts and save the .pptx.

Every text goes into the layout's placeholders (real, editable text), every run gets the
East Asian font and `lang="ja-JP"`, figures are fitted into the picture area with their
aspect kept, unused placeholders are removed, and every slide but the title gets a page
number field. Every slide carries its identity and content hash (see identity.py), and the
deck lists them in its custom properties, so a rebuild can keep what a presenter edited.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from lxml import etree
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from deckgen.figures.images import slide_image
from deckgen.model.deck import Deck, Para, Picture, Slide, Text
from deckgen.model.kinds import UNNUMBERED_KINDS
from deckgen.render import opc
from deckgen.render.identity import (
    CARRIER_PREFIX,
    MANIFEST_PROPERTY,
    Identity,
    carrier_text,
    manifest_chunks,
    slide_digest,
)
from deckgen.render.template import (
    DEFAULT_EA_FONT,
    ResolvedLayout,
    Template,
    slide_number_placeholder,
)
from deckgen.session.store import write_atomic

# XML 1.0 cannot hold these; arXiv titles and abstracts occasionally do.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` without characters XML cannot hold (tabs and newlines are kept)."""
    return _XML_ILLEGAL.sub("", text)


def render_deck(deck: Deck, template: Template, out: Path) -> list[str]:
    """Render `deck` with `template` and write it to `out` atomically; return warnings."""
    prs = template.prs
    warnings: list[str] = []
    drawn = add_slides(prs, template.layouts, deck.slides, warnings)
    write_manifest(prs, {identity.slide_id: identity.digest for _, identity in drawn})
    save_deck(prs, out)
    return warnings


def save_deck(prs: Any, out: Path) -> None:
    """Write `prs` to `out` atomically (never half a file, never a lost old deck)."""
    buffer = io.BytesIO()
    prs.save(buffer)
    write_atomic(out, buffer.getvalue())


def add_slides(prs: Any, layouts: Mapping[str, ResolvedLayout], slides: Sequence[Slide],
               warnings: list[str]) -> list[tuple[Any, Identity]]:
    """Append `slides` to `prs`, each stamped with its identity; return (slide, identity)."""
    latin, ea = _theme_fonts(prs)
    drawn = []
    for model in slides:
        resolved = layouts[model.kind]
        slide = prs.slides.add_slide(resolved.layout)
        filled: set[int] = set()
        for role, text in model.texts.items():
            idx = resolved.roles.get(role)
            if idx is None:
                continue
            if _fill(slide.placeholders[idx].text_frame, text, latin, ea):
                warnings.append(f"slide {len(prs.slides)} ({model.key}): removed characters "
                                "that cannot be stored in a .pptx")
            filled.add(idx)
        if model.picture is not None:
            _add_picture(slide, resolved.roles.get("picture"), model.picture, prs)
        for ph in list(slide.placeholders):
            if ph.placeholder_format.idx not in filled:
                # LibreOffice draws an empty picture placeholder as an icon: never leave one
                ph._element.getparent().remove(ph._element)
        if model.kind not in UNNUMBERED_KINDS:
            _add_slide_number(slide, resolved.layout, len(prs.slides))
        if model.notes:
            slide.notes_slide.notes_text_frame.text = clean_text(model.notes)
        # the hash is taken from the finished slide, exactly as a rebuild will read it
        identity = Identity(clean_text(model.key), slide_digest(slide))
        stamp_identity(slide, identity, prs.slide_width, ea)
        drawn.append((slide, identity))
    return drawn


def restamp_identity(prs: Any, slide: Any, identity: Identity | None) -> None:
    """Remove the slide's carrier shapes, then stamp `identity` (None: leave it unmarked).

    For a slide recognised by its content after its mark was lost, and for a presenter's
    copy of a deckgen slide, which must not claim the original's identity.
    """
    tree = slide.shapes._spTree
    for shape in list(slide.shapes):
        if shape.name.startswith(CARRIER_PREFIX):
            tree.remove(shape._element)
    if identity is not None:
        stamp_identity(slide, identity, prs.slide_width, _theme_fonts(prs)[1])


def renumber_slide_parts(prs: Any) -> None:
    """Name the slide parts slide1.xml.. in deck order before slides are added.

    python-pptx names a new slide after the slide count, which collides with an existing
    part once a slide was deleted (PowerPoint and LibreOffice renumber on save anyway).
    """
    from pptx.opc.packuri import PackURI

    for n, slide in enumerate(prs.slides, 1):
        slide.part.partname = PackURI(f"/ppt/slides/slide{n}.xml")


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
    box._element.nvSpPr.cNvPr.set("hidden", "1")


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
    # python-pptx writes only <a:latin>; Japanese needs <a:ea> and lang, in schema order.
    r_pr = run._r.get_or_add_rPr()
    ea = r_pr.find(qn("a:ea"))
    if ea is None:
        ea = r_pr.makeelement(qn("a:ea"), {})
        r_pr.insert_element_before(ea, "a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver",
                                   "a:rtl", "a:extLst")
    ea.set("typeface", typeface)
    r_pr.set("lang", "ja-JP")
    r_pr.set("altLang", "en-US")


def _set_bullet(p: Any, para: Para) -> None:
    # python-pptx has no bullet API. Level 0 is plain text (buNone), so a list numbered
    # in its text (①, 1.) never also gets a bullet glyph; numbered paragraphs use buAutoNum.
    p_pr = p._p.get_or_add_pPr()
    for tag in ("a:buNone", "a:buAutoNum", "a:buChar"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    if para.numbered:
        p.level = 0
        p_pr.set("marL", str(Emu(Pt(24))))
        p_pr.set("indent", str(-Emu(Pt(24))))
        bullet = p_pr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod"})
    elif para.level >= 1:
        p.level = para.level - 1
        return  # the layout's bullet for that level
    else:
        p.level = 0
        p_pr.set("marL", "0")
        p_pr.set("indent", "0")
        bullet = p_pr.makeelement(qn("a:buNone"), {})
    p_pr.insert_element_before(bullet, "a:tabLst", "a:defRPr", "a:extLst")


def _add_picture(slide: Any, idx: int | None, picture: Picture, prs: Any) -> None:
    """Fit the image into the picture placeholder's box (or below the title), centred.

    `insert_picture` would crop to fill; a figure must never lose its edges.
    """
    if idx is not None:
        ph = slide.placeholders[idx]
        left, top, width, height = ph.left, ph.top, ph.width, ph.height
    else:
        left, width = int(prs.slide_width * 0.05), int(prs.slide_width * 0.9)
        top, height = int(prs.slide_height * 0.2), int(prs.slide_height * 0.65)
    scale = min(width / picture.width_px, height / picture.height_px)
    w, h = int(picture.width_px * scale), int(picture.height_px * scale)
    # a stream, not a path (python-pptx would put the path into the XML); photos as JPEG
    pic = slide.shapes.add_picture(slide_image(picture.path), left + (width - w) // 2,
                                   top + (height - h) // 2, w, h)
    pic.name = clean_text(f"Figure {picture.path.stem}")
    pic._element.nvPicPr.cNvPr.set("descr", clean_text(picture.path.name))


def _add_slide_number(slide: Any, layout: Any, number: int) -> None:
    """Copy the layout's slide-number placeholder onto the slide with a slidenum field.

    python-pptx does not copy footer placeholders to new slides, and has no field API.
    """
    source = slide_number_placeholder(layout)
    if source is None:
        return
    slide.shapes.clone_placeholder(source)
    sp = slide.shapes._spTree[-1]
    tx_body = sp.find(qn("p:txBody"))
    if tx_body is None:
        tx_body = etree.SubElement(sp, qn("p:txBody"))
        etree.SubElement(tx_body, qn("a:bodyPr"))
        etree.SubElement(tx_body, qn("a:lstStyle"))
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)
    p = etree.SubElement(tx_body, qn("a:p"))
    fld = etree.SubElement(p, qn("a:fld"), {"id": "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}",
                                             "type": "slidenum"})
    etree.SubElement(fld, qn("a:rPr"), {"lang": "ja-JP"})
    etree.SubElement(fld, qn("a:t")).text = str(number)


def _theme_fonts(prs: Any) -> tuple[str | None, str]:
    """The theme's minor (body) Latin font and its East Asian font (or the default one)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    master_part = prs.slide_masters[0].part
    theme = etree.fromstring(master_part.part_related_by(RT.THEME).blob)
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    latin = theme.find(".//a:fontScheme/a:minorFont/a:latin", ns)
    ea = theme.find(".//a:fontScheme/a:minorFont/a:ea", ns)
    latin_face = latin.get("typeface") if latin is not None else None
    ea_face = ea.get("typeface") if ea is not None and ea.get("typeface") else DEFAULT_EA_FONT
    # a Latin-only theme font (Calibri) would set Japanese in a fallback: let ea govern
    return (latin_face if latin_face and not latin_face.startswith("+") else None), ea_face
