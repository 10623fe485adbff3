"""The compiler's layout keeps its promises: stages import only downwards, no cycles, small modules.

`ALLOWED` is the table of docs/architecture.md: which parts of `compiler/` each part
may import. A part is a subpackage (`compiler.testgen`) or a top-level module
(`compiler.cli`); the package root `compiler` (its `__version__`) is open to all.
The checks are also run on small synthetic trees that break them, so that a
violation is shown to be caught.
"""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest

from tests.architecture.import_graph import cycles, module_imports

ROOT = Path(__file__).resolve().parents[2]

ALLOWED: dict[str, set[str]] = {
    "ir": set(),
    "diagnostics": {"ir"},
    "parse": {"ir", "diagnostics"},
    "lower": {"ir", "diagnostics", "parse"},
    "check": {"ir", "diagnostics", "lower"},
    "frontend": {"ir", "diagnostics", "parse", "lower", "check"},
    "translate": {"ir"},
    "analyse": {"ir", "diagnostics", "translate"},
    "output": {"translate"},
    "appgen": {"ir", "translate", "analyse", "output"},
    "testgen": {"ir", "translate", "analyse", "output"},
    "evolve": {"ir", "diagnostics", "translate", "analyse", "appgen", "output"},
    "generate": {"ir", "analyse", "appgen", "testgen", "evolve", "output"},
    "gate": {"ir", "diagnostics", "output"},
    "llm": {"ir", "diagnostics", "parse", "check", "frontend", "translate", "analyse", "testgen"},
    "scaffold": set(),
    "cli": {
        "ir",
        "diagnostics",
        "frontend",
        "analyse",
        "evolve",
        "generate",
        "gate",
        "llm",
        "scaffold",
    },
    "__main__": {"cli"},
}
MAX_LINES = 400
MAX_MEDIAN_LINES = 150
MAX_MODULES_PER_PACKAGE = 20


def part(module: str) -> str:
    """`compiler.testgen.scenes.search` → `testgen`; `compiler` → ``."""
    return module.split(".")[1] if "." in module else ""


def layer_violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            source, dest = part(module), part(target)
            if dest in ("", source):
                continue
            if dest not in ALLOWED.get(source, set()):
                found.append(f"{module} imports {target}: {source} may not import {dest}")
    return found


def test_every_part_is_in_the_table() -> None:
    parts = {part(module) for module in module_imports(ROOT, "compiler")} - {""}
    assert parts == set(ALLOWED), "docs/architecture.md and ALLOWED must list every part"


def test_stages_import_only_what_the_table_allows() -> None:
    assert layer_violations(module_imports(ROOT, "compiler")) == []


def test_no_import_cycles() -> None:
    assert cycles(module_imports(ROOT, "compiler")) == []


def test_modules_are_small() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text().splitlines())
        for path in (ROOT / "compiler").rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
    assert statistics.median(sizes.values()) < MAX_MEDIAN_LINES


def test_packages_are_rooms_not_halls() -> None:
    crowded = {
        package.relative_to(ROOT).as_posix(): count
        for package in (ROOT / "compiler").rglob("*/")
        if (count := len(list(package.glob("*.py")))) > MAX_MODULES_PER_PACKAGE
    }
    assert crowded == {}


def _documented_parts() -> dict[str, tuple[set[str], set[str]]]:
    """Part → (names in its Holds cell, parts in its May import cell), from the doc's table."""
    text = (ROOT / "docs" / "architecture.md").read_text()
    section = text.split("## What each part may import")[1].split("\n## ")[0]
    rows = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`") or "templates" in cells[0]:
            continue
        name = cells[0].strip("`").removesuffix("/").removesuffix(".py")
        rows[name] = (
            set(re.findall(r"`([\w/]+?)/?`", cells[1])),
            set(re.findall(r"`(\w+)`", cells[2])),
        )
    return rows


def test_the_architecture_doc_matches_the_tree() -> None:
    documented = _documented_parts()
    assert set(documented) == set(ALLOWED)
    for name, (held, imports) in documented.items():
        assert imports == ALLOWED[name], f"docs/architecture.md: what {name} may import"
        package = ROOT / "compiler" / name
        if package.is_dir():
            modules = {p.stem for p in package.glob("*.py")} - {"__init__"}
            modules |= {p.parent.name for p in package.glob("*/__init__.py")}
            assert modules <= held, f"docs/architecture.md does not name {modules - held} of {name}"


# The checks catch what they guard against.


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp_path


def test_an_upward_import_is_reported(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "compiler/__init__.py": "",
            "compiler/ir/__init__.py": "",
            "compiler/ir/model.py": "from compiler.testgen.files import test_files\n",
            "compiler/testgen/__init__.py": "",
            "compiler/testgen/files.py": "from compiler.ir import model\n",
        },
    )
    assert layer_violations(module_imports(root, "compiler")) == [
        "compiler.ir.model imports compiler.testgen.files: ir may not import testgen"
    ]


@pytest.mark.parametrize(
    "guarded",
    [
        "from compiler.a.two import f\n",
        "def g():\n    from compiler.a.two import f\n",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from compiler.a import two\n",
    ],
    ids=["module-level", "inside-a-function", "type-checking-only"],
)
def test_a_cycle_is_reported_however_it_is_imported(tmp_path: Path, guarded: str) -> None:
    root = _tree(
        tmp_path,
        {
            "compiler/__init__.py": "",
            "compiler/a/__init__.py": "",
            "compiler/a/one.py": guarded,
            "compiler/a/two.py": "from compiler.a.one import g\n",
        },
    )
    assert cycles(module_imports(root, "compiler")) == [["compiler.a.one", "compiler.a.two"]]
