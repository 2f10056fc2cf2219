"""The packages' dependencies point down the pipeline, with no import circle.

An AST walk reads every `import` in deckgen (lazy ones inside functions included, since a
circle hidden in a function is still a circle) and checks it against the table below.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import deckgen

PACKAGE = Path(deckgen.__file__).resolve().parent

# stage -> the stages it may import (itself, `errors`, `limits`, `interrupts` always allowed)
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "plan": {"model"},
    "session": {"model"},
    "net": {"model", "session", "figures"},
    "figures": {"model", "session", "net"},
    "translate": {"model", "session", "net"},
    "render": {"model", "session", "figures"},
    "pdf": {"model", "session", "render"},
}


# small modules every stage may use: errors, limits, signal handling, the version
EVERYWHERE = ("errors", "limits", "interrupts", "deckgen")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def deckgen_imports(path: Path) -> set[str]:
    """Every deckgen module `path` imports, by absolute dotted name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.split(".")[0] == "deckgen"}
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import (write deckgen.… in full)"
            if node.module and node.module.split(".")[0] == "deckgen":
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(
                        ".py").exists() or (PACKAGE.parent / candidate.replace(".", "/")).is_dir()
                    out.add(candidate if is_module else node.module)
    return out


def graph() -> dict[str, set[str]]:
    return {module_name(p): deckgen_imports(p) for p in PACKAGE.rglob("*.py")}


def test_no_import_circle_among_deckgen_modules() -> None:
    edges = graph()
    done: set[str] = set()

    def visit(node: str, stack: list[str]) -> None:
        if node in stack:
            circle = stack[stack.index(node):] + [node]
            raise AssertionError("import circle: " + " -> ".join(circle))
        if node in done:
            return
        for target in edges.get(node, ()):
            # importing a package runs its __init__, not its submodules
            visit(target, [*stack, node])
        done.add(node)

    for module in edges:
        visit(module, [])


def test_each_stage_imports_only_the_stages_below_it() -> None:
    wrong = []
    for module, targets in graph().items():
        stage = module.split(".")[1] if module.count(".") else None
        if stage not in ALLOWED:
            continue
        for target in targets:
            other = target.split(".")[1] if target.count(".") else target
            if other in (stage, *EVERYWHERE) or other in ALLOWED[stage]:
                continue
            wrong.append(f"{module} imports {target}")
    assert not wrong, "\n".join(sorted(wrong))


def test_the_planner_loads_without_click_yaml_pptx_or_requests() -> None:
    code = ("import sys, deckgen.plan.deck; "
            "print(','.join(m for m in ('click', 'yaml', 'pptx', 'requests', 'lxml', 'PIL') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "", f"import deckgen.plan pulled in: {out.stdout.strip()}"


def test_the_model_loads_nothing_but_the_standard_library() -> None:
    code = ("import sys; before = set(sys.modules); import deckgen.model.deck, "
            "deckgen.model.kinds, deckgen.model.figures, deckgen.model.paper; "
            "print(','.join(sorted(m for m in set(sys.modules) - before "
            "if not m.startswith('deckgen') and m.split('.')[0] not in sys.stdlib_module_names)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == ""
