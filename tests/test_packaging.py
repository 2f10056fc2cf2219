"""Every package deckgen imports is declared, with a bounded range and a reason."""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

import deckgen

REPO = Path(__file__).resolve().parent.parent
PACKAGE = Path(deckgen.__file__).resolve().parent


def pyproject() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# run by the interpreter that has `uno` (.venv-uno), not deckgen's: its packages are Debian's
# python3-uno and unoserver, pinned in constraints.txt and installed by scripts/setup.sh
UNO_SIDE = {PACKAGE / "pdf" / "unoserver_hidden.py"}


def imported_top_level_modules() -> set[str]:
    names: set[str] = set()
    for path in sorted(set(PACKAGE.rglob("*.py")) - UNO_SIDE):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n != "deckgen" and n not in sys.stdlib_module_names}


def test_every_imported_package_is_a_declared_dependency() -> None:
    declared = {normalise(re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0])
                for d in pyproject()["project"]["dependencies"]}
    providers = md.packages_distributions()
    missing = sorted(f"{module} (from {', '.join(providers.get(module, ['?']))})"
                     for module in imported_top_level_modules()
                     if not {normalise(d) for d in providers.get(module, [module])} & declared)
    assert not missing, f"imported but not in pyproject.toml dependencies: {missing}"


def test_every_pin_is_bounded_above_and_says_why() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    for dep in pyproject()["project"]["dependencies"]:
        line = next(ln for ln in text.splitlines() if f'"{dep}"' in ln)
        assert "#" in line.split(f'"{dep}"', 1)[1], f"{dep}: say why in a comment"
        if not dep.startswith("pdfminer"):  # calendar versions: bounded by pdfplumber's pin
            assert "<" in dep, f"{dep}: bound it to the major the tests run"


def test_the_version_has_one_source() -> None:
    project = pyproject()["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert md.version("deckgen") == deckgen.__version__


def test_the_constraints_file_pins_every_declared_dependency() -> None:
    pinned = {normalise(ln.split("==")[0]) for ln in
              (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines()
              if "==" in ln and not ln.startswith("#")}
    project = pyproject()["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"],
              *project["optional-dependencies"]["dev"]]
    loose = [d for d in wanted if normalise(re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0])
             not in pinned]
    assert not loose, f"not pinned in constraints.txt: {loose}"
