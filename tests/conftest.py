"""Shared fixtures: the example session in a temp folder, the two templates, figures."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from PIL import Image, ImageDraw

from deckgen.cli import main
from deckgen.pdf.server import ENV_DIR, ENV_SWITCH
from deckgen.render.template import LAYOUT_NAMES
from tests.recorded import RecordedWeb

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "sessions" / "2026-06"


ENDPOINT_VARIABLES = ("HF_ENDPOINT", "DECKGEN_ARXIV_API_URL", "DECKGEN_ARXIV_URL",
                      "DECKGEN_ARXIV_RSS_URL", "DECKGEN_AR5IV_URL", "DECKGEN_PWC_API_URL")


NO_NETWORK = {**{name: "http://127.0.0.1:9" for name in ENDPOINT_VARIABLES},
              "DECKGEN_HTTP_RETRIES": "0", "DECKGEN_ARXIV_DELAY": "0"}


@pytest.fixture(scope="session", autouse=True)
def no_network_for_the_session() -> None:
    """Session-wide fixtures (decks built once) see the same closed endpoints."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in NO_NETWORK.items():
            patch.setenv(name, value)
        patch.delenv("HF_TOKEN", raising=False)
        yield


@pytest.fixture(scope="session", autouse=True)
def no_server_started_for_the_session(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Session-wide fixtures (decks built once, with their PDF) start no warm server: one
    would outlive the tests. Each test's own setting comes from soffice_only_when_marked.

    The server's state folder is the tests' own, so a server the user runs (one a `make
    example` started, say) is never found and used by a test that expects LibreOffice cold;
    tests of the server set their own folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ENV_SWITCH, "manual")
        patch.setenv(ENV_DIR, str(tmp_path_factory.mktemp("server-state")))
        yield


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every service points at a closed local port unless a test serves it: nothing leaves."""
    for name, value in NO_NETWORK.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("HF_TOKEN", raising=False)
    # the presenter's own defaults and keys change what `deckgen new` writes: none here
    for name in ("DECKGEN_PRESENTER", "DECKGEN_AFFILIATION", "DEEPL_AUTH_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DECKGEN_CONFIG", str(Path(__file__).parent / "no-such-config.toml"))


UNMARKED_SOFFICE = """#!/bin/sh
echo "this test runs LibreOffice but is not marked @pytest.mark.soffice" >&2
exit 3
"""


@pytest.fixture(scope="session")
def refusing_soffice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stand-in soffice that fails, so an unmarked test cannot run LibreOffice unnoticed."""
    path = tmp_path_factory.mktemp("no-soffice") / "soffice"
    path.write_text(UNMARKED_SOFFICE)
    path.chmod(0o755)
    return path


@pytest.fixture(autouse=True)
def soffice_only_when_marked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
                             refusing_soffice: Path) -> None:
    """Tests without the `soffice` marker get a soffice that fails: `-m "not soffice"` is
    then truly free of LibreOffice, and a test that needs it but lacks the mark fails.
    No test starts a warm server by building (one would outlive it) unless it asks to."""
    if request.node.get_closest_marker("soffice") is None:
        monkeypatch.setenv("DECKGEN_SOFFICE", str(refusing_soffice))
        monkeypatch.setenv(ENV_SWITCH, "off")
    else:
        monkeypatch.setenv(ENV_SWITCH, "manual")


@dataclass(frozen=True)
class TemplateCase:
    """A template to render with, and what each slide kind's layout is called in it."""

    name: str
    path: Path | None
    mapping: dict[str, str]
    layout_names: dict[str, str]


def make_alt_template(path: Path) -> None:
    """A presenter's template unlike deckgen's: python-pptx's stock 4:3 template.

    Its layouts have PowerPoint's names and positions; two are renamed (so the spec must
    map them), and "Section Header" is deleted (so deckgen must fall back to its own).
    """
    from pptx import Presentation

    prs = Presentation()
    layouts = {layout.name: layout for layout in prs.slide_layouts}
    layouts["Content with Caption"].name = "論文"
    layouts["Picture with Caption"].name = "図"
    prs.slide_layouts.remove(layouts["Section Header"])
    prs.save(str(path))


@pytest.fixture(scope="session")
def alt_template_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("templates") / "presenter-template.pptx"
    make_alt_template(path)
    return path


ALT_MAPPING = {"paper": "論文", "figure": "図"}
ALT_NAMES = {
    "title": "Title Slide", "section": LAYOUT_NAMES["section"], "bullets": "Title and Content",
    "ranking": "Title and Content", "paper": "論文", "summary": "Title and Content",
    "figure": "図", "closing": "Title and Content",
}  # fmt: skip


@pytest.fixture(params=["default", "presenter"])
def template_case(request: pytest.FixtureRequest, alt_template_path: Path) -> TemplateCase:
    """Every render test runs against deckgen's template and a differently built one."""
    if request.param == "default":
        return TemplateCase("default", None, {}, dict(LAYOUT_NAMES))
    return TemplateCase("presenter", alt_template_path, ALT_MAPPING, ALT_NAMES)


def copy_example(dest: Path) -> Path:
    """The example session, without its build outputs, under `dest`."""
    target = dest / "2026-06"
    shutil.copytree(EXAMPLE, target, ignore=shutil.ignore_patterns("build"))
    return target


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path)


def use_template(session: Path, case: TemplateCase) -> None:
    """Point the session at the case's template (and layout mapping)."""
    if case.path is None:
        return
    text = (session / "session.yaml").read_text(encoding="utf-8")
    mapping = "".join(f"  {kind}: {name}\n" for kind, name in case.mapping.items())
    text += f"\ntemplate: {case.path}\nlayouts:\n{mapping}"
    (session / "session.yaml").write_text(text, encoding="utf-8")


def add_figures(session: Path, paper_id: str, specs: list[tuple[int, int, int, str]]) -> None:
    """Write figures (number, width, height, format) and their index for `paper_id`."""
    folder = session / "figures" / paper_id
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for number, width, height, fmt in specs:
        name = f"fig{number}.{'jpg' if fmt == 'JPEG' else 'png'}"
        img = Image.new("RGB", (width, height), "white")
        draw = ImageDraw.Draw(img)
        draw.rectangle([0, 0, width - 1, height - 1], outline="black", width=3)
        draw.line([0, height - 1, width - 1, 0], fill="blue", width=4)
        img.save(folder / name, fmt)
        rows.append({"number": number, "file": name, "caption": f"Figure {number}: overview "
                     f"of the method ({width}x{height}).", "source_url": None,
                     "method": "test", "width": width, "height": height})
    (folder / "index.json").write_text(json.dumps(rows), encoding="utf-8")


def revise_take(session: Path) -> None:
    """Change one take in session.yaml, as a presenter revising it would: a content change."""
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "パッチ型記憶EvoMemの提案" in text
    spec.write_text(text.replace("パッチ型記憶EvoMemの提案", "パッチ型記憶EvoMemの提案 (改訂)"),
                    encoding="utf-8")


def choose_figures(session: Path, paper_id: str, numbers: list[int]) -> None:
    """Write `figures: [...]` for a paper into session.yaml, as a presenter would.

    A listed paper shows Figure 1 unless the presenter chooses (model/figures.py).
    """
    spec = session / "session.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "\nclosing:" in text
    spec.write_text(text.replace("\nclosing:", f'\n  "{paper_id}":\n    figures: {numbers}\n'
                                 "\nclosing:", 1), encoding="utf-8")


def run_cli(*args: str) -> Result:
    """Run the real `deckgen` command line in-process."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def example_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example deck built once with LibreOffice: (pptx, pdf)."""
    session = copy_example(tmp_path_factory.mktemp("example-pdf"))
    result = run_cli("build", str(session))
    assert result.exit_code == 0, result.output
    return session / "build" / "2026-06.pptx", session / "build" / "2026-06.pdf"


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch):
    """The recorded real responses served on 127.0.0.1, every endpoint pointed at them."""
    with RecordedWeb() as server:
        for key, value in server.env().items():
            monkeypatch.setenv(key, value)
        yield server

