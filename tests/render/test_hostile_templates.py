"""A template whose placeholder has no size or unreadable insets: one line naming the layout
and the placeholder, and the fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from deckgen.render.template import DEFAULT_TEMPLATE
from tests.conftest import run_cli

WHERE = "layout 'deckgen Paper', placeholder 'Abstract' (idx 1)"


def _abstract(prs: Any) -> Any:
    layout = next(lay for lay in prs.slide_layouts if lay.name == "deckgen Paper")
    return next(ph for ph in layout.placeholders if ph.placeholder_format.idx == 1)


def wide_insets(prs: Any) -> None:
    _abstract(prs)._element.find(".//" + qn("a:bodyPr")).set("lIns", "wide")


def no_size(prs: Any) -> None:
    for ph in [_abstract(prs), *prs.slide_masters[0].placeholders]:
        xfrm = ph._element.spPr.find(qn("a:xfrm"))
        if xfrm is not None:
            ph._element.spPr.remove(xfrm)


def insets_larger_than_the_box(prs: Any) -> None:
    _abstract(prs)._element.find(".//" + qn("a:bodyPr")).set("lIns", str(10**9))


@pytest.mark.parametrize(("damage", "said"), [
    (wide_insets, "its text insets (lIns, tIns, rIns, bIns) are not whole numbers; set its "
                  "margins again in PowerPoint's slide master view, or remove them"),
    (no_size, "has no size, and neither has the master's placeholder it follows; give it one "
              "in PowerPoint's slide master view"),
    (insets_larger_than_the_box, "leaves no room for text"),
])
def test_an_unusable_placeholder_is_named(example: Path, tmp_path: Path,
                                          damage: Callable[[Any], None], said: str):
    prs = Presentation(str(DEFAULT_TEMPLATE))
    damage(prs)
    template = tmp_path / "damaged.pptx"
    prs.save(str(template))
    spec = example / "session.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + f"\ntemplate: {template}\n",
                    encoding="utf-8")
    result = run_cli("build", str(example), "--no-pdf", "--offline")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {template}: {WHERE}: {said}"), result.output
    assert result.output.count("\n") == 1
