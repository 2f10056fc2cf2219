"""merge_edits(): rebuild a deck in place of an existing one without losing hand edits.

The existing deck is the starting point, so everything of the presenter's stays as it was
(slides, masters, comments, media). Every deckgen slide is recognised by its carrier
(identity.py) and compared with the hash stored when it was drawn:

- untouched, and deckgen's content for it changed: replaced by the new slide, in place;
- untouched, content unchanged: left as it is (moves and formatting survive), unless its
  text lost the template's fonts or styles to a LibreOffice save (styles.py): redrawn;
- edited (text, shapes, pictures, notes): kept, and reported, with whether deckgen's
  content changed under it;
- a slide without a carrier is the presenter's: it stays where it is;
- an id the deck was built with but no longer holds was deleted: it stays deleted;
- an id new to the plan is inserted after the slide the plan puts before it (and after
  the presenter's slides that follow that one), in the presenter's order.

New and redrawn slides go on the template's own layouts, master and theme (restyle.py), so
they look like a fresh build's even after LibreOffice rewrote the deck's; every slide's
slide-number field then holds its position.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deckgen.errors import DeckgenError
from deckgen.model.deck import Deck
from deckgen.render import opc, oxml
from deckgen.render.drawn import Drawn, plan_keys, read_record, slide_warning, write_record
from deckgen.render.identity import (
    Identity,
    read_manifest,
    read_slide,
    remember_pictures,
)
from deckgen.render.package import PackageRefused, open_pptx
from deckgen.render.render import (
    add_slides,
    clean_text,
    restamp_identity,
    save_deck,
    set_deck_info,
    write_manifest,
)
from deckgen.render.restyle import layouts_for, renumber_slides
from deckgen.render.styles import style_problems
from deckgen.render.template import Template

log = logging.getLogger(__name__)


class NotADeckgenDeck(Exception):
    """The existing deck holds no deckgen identity at all: nothing can be merged into it."""


@dataclass(frozen=True)
class MergeReport:
    """What a rebuild did to an existing deck, for the one report line and the warnings."""

    updated: tuple[str, ...] = ()
    unchanged: int = 0
    kept: tuple[str, ...] = ()
    changed_under: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    presenter_slides: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)
    restyled: tuple[str, ...] = ()

    def line(self, touched: bool = True) -> str:
        """One line: what was regenerated, what was kept, and where content changed under it.

        It says "merged with your edits" only when there were any: the deck was saved by
        anyone since deckgen wrote it (`touched`), or it holds slides the presenter edited,
        added or deleted.
        """
        parts = [f"{len(self.updated)} regenerated", f"{self.unchanged} unchanged"]
        if self.restyled:
            parts.append(f"{len(self.restyled)} redrawn in the template's style (they were "
                         f"on LibreOffice's rewrite of it: {', '.join(self.restyled)})")
        if self.added:
            parts.append(f"{len(self.added)} new")
        if self.kept:
            kept = ", ".join(self.kept)
            parts.append(f"kept {len(self.kept)} edited ({kept})")
        if self.changed_under:
            parts.append(f"deckgen's content changed under {', '.join(self.changed_under)} "
                         "(build --fresh, or delete the slide, to take it)")
        if self.presenter_slides:
            parts.append(f"{self.presenter_slides} of your own slides kept")
        if self.deleted:
            parts.append(f"{len(self.deleted)} deleted by you stay deleted "
                         f"({', '.join(self.deleted)})")
        if self.removed:
            parts.append(f"{len(self.removed)} no longer planned removed")
        edits = touched or self.kept or self.presenter_slides or self.deleted
        return ("merged with your edits: " if edits else "updated the deck: ") + "; ".join(parts)


@dataclass
class _Old:
    """A slide of the existing deck, its identity (None: the presenter's) and its hash."""

    slide: Any
    identity: Identity | None
    digest: str

    @property
    def edited(self) -> bool:
        return self.identity is not None and self.identity.digest != self.digest


def open_deck(pptx: Path) -> Any:
    """Open the existing deck, or say in one line how to get past an unreadable one."""
    try:
        return open_pptx(pptx)
    except PackageRefused as exc:
        raise DeckgenError(f"{pptx}: {exc}; build with --fresh (it keeps the old file as a "
                           "timestamped copy)") from None
    except Exception as exc:  # zip, XML or package errors: any broken or foreign file
        raise DeckgenError(f"{pptx}: cannot read the existing deck ({type(exc).__name__}); "
                           "save it as .pptx again, or build with --fresh (it keeps the "
                           "old file as a timestamped copy)") from None


def _scan(prs: Any, manifest: dict[str, str] | None, warnings: list[str],
          recognised: list[str]) -> list[_Old]:
    """Every slide with its identity; duplicates and lost carriers resolved (the ids of
    slides recognised by their content go to `recognised`)."""
    old = []
    for slide in prs.slides:
        old.append(_Old(slide, *read_slide(slide)))
    by_id: dict[str, list[_Old]] = {}
    for entry in old:
        if entry.identity is not None:
            by_id.setdefault(entry.identity.slide_id, []).append(entry)
    for slide_id, copies in by_id.items():
        if len(copies) > 1:
            # a duplicated slide: the copy still matching its hash (else the first) keeps it
            keeper = next((c for c in copies if not c.edited), copies[0])
            for c in copies:
                if c is not keeper:
                    c.identity = None
                    restamp_identity(prs, c.slide, None)
            warnings.append(f"{slide_id} appears {len(copies)} times (a copied slide); the "
                            "copies are kept as your own slides, without deckgen's mark")
    present = {e.identity.slide_id for e in old if e.identity is not None}
    by_digest = {digest: slide_id for slide_id, digest in (manifest or {}).items()
                 if slide_id not in present}
    for entry in old:
        if entry.identity is None and entry.digest in by_digest:
            slide_id = by_digest.pop(entry.digest)
            entry.identity = Identity(slide_id, entry.digest)
            restamp_identity(prs, entry.slide, entry.identity)
            recognised.append(slide_id)
    return old


def _at_final_positions(drawn: list[tuple[str, str]], recognised: list[str],
                        order: Sequence[tuple[str | None, Any]]) -> list[str]:
    """Warnings naming slides by where they are in the merged deck: the old deck's numbering
    changes as slides come and go."""
    at = {slide_id: n for n, (slide_id, _) in enumerate(order, 1) if slide_id is not None}
    out = [f"slide {at[slide_id]} had lost its deckgen mark; recognised by its content as "
           f"{slide_id}" for slide_id in recognised if slide_id in at]
    return out + [slide_warning(at.get(slide_id, 0), slide_id, text)
                  for slide_id, text in drawn]


def _check_size(prs: Any, template: Template, pptx: Path) -> None:
    if (prs.slide_width, prs.slide_height) != (template.prs.slide_width,
                                               template.prs.slide_height):
        raise DeckgenError(f"{pptx}: its slide size differs from the template's, so new "
                           "slides cannot join it; build with --fresh (the old deck is kept "
                           "as a timestamped copy)")


def merge_edits(old_pptx: Path, deck: Deck, template: Template, out: Path,
                touched: bool = True) -> MergeReport:
    """Rebuild `deck` into the existing `old_pptx`, keeping hand edits; write to `out`.

    `touched` False: `old_pptx` is byte for byte the deck deckgen last wrote. When this
    deckgen wrote it (its record of what it drew is there), no LibreOffice save can have
    changed its styles, and that check is left out.
    """
    prs = open_deck(old_pptx)
    keys = plan_keys(deck, template)  # before the template's unused layouts are dropped
    record = read_record(old_pptx)
    try:
        report = _merge(prs, old_pptx, deck, template, keys, record, touched or not record)
    except oxml.DAMAGED as exc:  # a part python-pptx opened lazily, or a value, is broken
        raise DeckgenError(f"{old_pptx}: cannot read the existing deck ({type(exc).__name__} "
                           "inside it); save it as .pptx again, or build with --fresh (it "
                           "keeps the old file as a timestamped copy)") from None
    set_deck_info(prs, deck.info)
    save_deck(prs, out)
    write_record(out, record, keys.values())
    return report


def _merge(prs: Any, old_pptx: Path, deck: Deck, template: Template, keys: dict[str, str],
           record: dict[str, Drawn], check_styles: bool) -> MergeReport:
    """The merge itself, on the opened deck; the caller saves it. `record` (plan key -> what
    it draws) is read, and gets what is drawn now."""
    warnings: list[str] = []
    remember_pictures(deck)  # the old deck's pictures that are the figures' bytes as well
    manifest = read_manifest(prs)
    recognised: list[str] = []
    old = _scan(prs, manifest, warnings, recognised)
    if manifest is None and all(e.identity is None for e in old):
        raise NotADeckgenDeck(str(old_pptx))
    _check_size(prs, template, old_pptx)
    if manifest is None:
        warnings.append(f"{old_pptx}: the list of deckgen's slides is missing from the deck's "
                        "properties, so slides you deleted cannot be told from new ones: "
                        "missing slides were added again")
        manifest = {}
    # a slide's id is its key as stamped on it: without characters a .pptx cannot hold
    ids = {s.key: clean_text(s.key) for s in deck.slides}
    planned = [ids[s.key] for s in deck.slides]
    present = {e.identity.slide_id: e for e in old if e.identity is not None}
    deleted = [k for k in planned if k in manifest and k not in present]
    wanted = [s for s in deck.slides if ids[s.key] not in deleted]
    restyle = ({old[p.slide - 1].identity.slide_id for p in style_problems(prs, template)
                if p.libreoffice} if check_styles else set())
    masters = {id(m): m for m in (e.slide.slide_layout.slide_master for e in old
                                  if e.identity is not None)}
    template.drop_unused(s.kind for s in deck.slides)  # before its master is copied in
    # a slide is drawn when what it draws is unknown, or when it goes into the deck
    draw = [s for s in wanted if _to_draw(present.get(ids[s.key]), record.get(keys[s.key]),
                                          ids[s.key] in restyle)]
    layouts = layouts_for(prs, template, {s.kind for s in draw}, masters.values())
    opc.renumber_slide_parts(prs)
    by_key: dict[str, Drawn] = {}
    generated = add_slides(prs, layouts, draw, [], by_key)  # their warnings: below
    fresh = {ident.slide_id: slide for slide, ident in generated}
    for slide_key, result in by_key.items():
        record[keys[slide_key]] = result
    digests = {ids[s.key]: record[keys[s.key]].digest for s in wanted}
    # every planned slide's drawing warnings, drawn now or before, numbered where it ends up
    drawn = [(ids[s.key], text) for s in wanted for text in record[keys[s.key]].warnings]

    order: list[tuple[str | None, Any]] = []  # (id or None for the presenter's, slide)
    updated, kept, changed_under, removed, restyled = [], [], [], [], []
    unchanged = 0
    new_manifest: dict[str, str] = {}
    for entry in old:
        ident = entry.identity
        if ident is None:
            order.append((None, entry.slide))
            continue
        slide_id = ident.slide_id
        if slide_id not in digests:  # no longer planned
            if entry.edited:
                kept.append(slide_id)
                order.append((slide_id, entry.slide))
                new_manifest[slide_id] = ident.digest
            else:
                removed.append(slide_id)
            continue
        new_digest = digests[slide_id]
        if entry.edited:
            kept.append(slide_id)
            if new_digest != ident.digest:
                changed_under.append(slide_id)
            order.append((slide_id, entry.slide))
            new_manifest[slide_id] = ident.digest
        elif new_digest == ident.digest and slide_id not in restyle:
            unchanged += 1
            order.append((slide_id, entry.slide))
            new_manifest[slide_id] = ident.digest
        else:
            (restyled if new_digest == ident.digest else updated).append(slide_id)
            if oxml.is_slide_hidden(entry.slide):  # hidden by the presenter: stays so
                oxml.hide_slide(fresh[slide_id])
            order.append((slide_id, fresh[slide_id]))
            new_manifest[slide_id] = new_digest
    added = [k for k in planned if k in digests and k not in present]
    for slide_id in added:
        _insert(order, slide_id, fresh[slide_id], planned)
        new_manifest[slide_id] = digests[slide_id]
    for slide_id in deleted:
        new_manifest[slide_id] = manifest[slide_id]

    _apply_order(prs, [slide for _, slide in order])
    warnings += _at_final_positions(drawn, recognised, order)
    renumber_slides(prs)
    write_manifest(prs, new_manifest)
    presenter = sum(1 for slide_id, _ in order if slide_id is None)
    return MergeReport(tuple(updated), unchanged, tuple(kept), tuple(changed_under),
                       tuple(added), tuple(deleted), tuple(removed), presenter, tuple(warnings),
                       tuple(restyled))


def _to_draw(entry: _Old | None, known: Drawn | None, restyle: bool) -> bool:
    """Whether a planned slide must be drawn: it is new, or what it draws is not known, or it
    replaces an unedited slide of the old deck (its content changed, or its style was lost)."""
    if entry is None or known is None:
        return True
    return not entry.edited and (known.digest != entry.identity.digest or restyle)


def _insert(order: list[tuple[str | None, Any]], slide_id: str, slide: Any,
            planned: Sequence[str]) -> None:
    """Put a new slide after the nearest earlier planned slide present (and the presenter's
    slides right after it); failing that, before the nearest later one; else at the end."""
    at = {k: n for n, (k, _) in enumerate(order) if k is not None}
    index = planned.index(slide_id)
    for before in reversed(planned[:index]):
        if before in at:
            pos = at[before] + 1
            while pos < len(order) and order[pos][0] is None:
                pos += 1
            order.insert(pos, (slide_id, slide))
            return
    for after in planned[index + 1:]:
        if after in at:
            order.insert(at[after], (slide_id, slide))
            return
    order.append((slide_id, slide))


def _apply_order(prs: Any, keep: Sequence[Any]) -> None:
    """Make the deck's slide list exactly `keep`, in that order; drop the other slides."""
    for slide in list(prs.slides):
        if slide not in keep:
            opc.delete_slide(prs, slide)
    for n, slide in enumerate(keep):
        opc.move_slide(prs, slide, n)
