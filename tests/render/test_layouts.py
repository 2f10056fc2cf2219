"""The default template matches the layout contract; `deckgen layouts` lists any template."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation

from deckgen.model.kinds import KIND_ROLES, SLIDE_NUMBER, UNNUMBERED_KINDS
from deckgen.render.template import DEFAULT_TEMPLATE, LAYOUT_NAMES, load_template, resolve_roles
from tests.conftest import run_cli


def test_the_default_template_is_16_9_with_a_layout_per_slide_kind():
    prs = Presentation(str(DEFAULT_TEMPLATE))
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    names = [layout.name for layout in prs.slide_layouts]
    assert sorted(names) == sorted(LAYOUT_NAMES.values())
    assert len(prs.slides) == 0


def test_every_role_of_every_kind_has_its_placeholder_idx_in_the_default_template():
    prs = Presentation(str(DEFAULT_TEMPLATE))
    for kind, name in LAYOUT_NAMES.items():
        layout = prs.slide_layouts.get_by_name(name)
        roles = resolve_roles(layout, kind)
        assert roles == {role.name: role.idx for role in KIND_ROLES[kind]}, kind
        idxs = {ph.placeholder_format.idx for ph in layout.placeholders}
        assert (SLIDE_NUMBER.idx in idxs) == (kind not in UNNUMBERED_KINDS), kind


def test_layouts_command_lists_names_and_placeholders():
    result = run_cli("layouts")
    assert result.exit_code == 0
    assert "layout 'deckgen Paper'  (deckgen: paper slides)" in result.output
    assert "idx  21  BODY           arXiv Link" in result.output


def test_layouts_command_reads_a_presenters_template(alt_template_path: Path):
    result = run_cli("layouts", str(alt_template_path))
    assert result.exit_code == 0
    assert "layout '論文'" in result.output and "layout 'Section Header'" not in result.output
    assert "PICTURE" in result.output


def test_a_missing_layout_is_copied_from_the_default_template(alt_template_path: Path):
    template = load_template(alt_template_path, {"paper": "論文", "figure": "図"})
    assert [w for w in template.warnings if "for section slides" in w]
    # the kinds that have no layout there: section and the figure layouts deckgen added
    assert set(template.missing) == {"section", "figure_text", "figures2", "figures3"}
    assert template.warnings_for(["section", "paper"]) == [template.missing["section"]]
    section = template.layouts["section"]
    assert section.imported and section.layout.name == LAYOUT_NAMES["section"]
    # copied under the presenter's master and scaled to their 4:3 slide
    assert section.layout.slide_master is template.prs.slide_masters[0]
    title = next(ph for ph in section.layout.placeholders if ph.placeholder_format.idx == 0)
    assert title.left + title.width <= template.prs.slide_width
