"""Fake code generators for the build stage tests: a tiny app with one generated test.

Importable by the subprocess the promotion tests kill (`python -m tests.gate.fake_app`).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import cast

from compiler.frontend import analyse_text
from compiler.gate import GeneratedFile, GeneratedTree, build, promote
from compiler.gate.run_tests import REFERENCE_CONFTEST
from compiler.ir.model import Spec

SPEC_TEXT = """---
app: fake
title: Fake
auth:
  roles: [member]
---

# Fake

## Thing

| Field | Type | Rules |
|-------|------|-------|
| name  | text | |
"""
SPEC = cast(Spec, analyse_text(SPEC_TEXT).spec)
"""The fake generators ignore the spec; the build fingerprints it for its audit entry."""

PASSING_TEST = """\
import pytest

from app.calc import add


@pytest.mark.spec(line=7, col=3)
def test_add():
    assert add(1, 2) == 3
"""

FAILING_TEST = """\
import pytest

from app.calc import add


@pytest.mark.spec(line=12, col=5)
def test_add_twice():
    assert add(1, 2) == 4, "adding is broken"
"""


def app_tree(test: str = PASSING_TEST, extra: dict[str, str] | None = None) -> GeneratedTree:
    """The fake app; `extra` adds or replaces files (path → content)."""
    files = {
        "app/__init__.py": "",
        "app/calc.py": "def add(a,b):\n    return a+b\n",
        "tests/__init__.py": "",
        "tests/conftest.py": REFERENCE_CONFTEST,
        "tests/test_calc.py": test,
        "README.md": "A fake app.\r\nGenerated.\n",
    }
    files.update(extra or {})
    hook = GeneratedFile("app/hooks.py", "def before_save(row):\n    return row\n", True)
    return (*(GeneratedFile(path, text) for path, text in files.items()), hook)


def generator(tree: GeneratedTree):
    return lambda spec: tree


def snapshot(root: Path, *, audit: bool = False) -> dict[str, str]:
    """path → sha256 of every file under `root` (the audit log only if asked)."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file() and (audit or path.name != "audit.jsonl")
    }


def main(spec_path: str, out: str, version: str, promotion: str) -> None:
    """Build a variant of the fake app without the gate (run by the promotion tests);
    `promotion` is "exchange", or "fallback" to promote as if renameat2 were missing."""
    if promotion == "fallback":
        promote._renameat2 = lambda: None
    tree = app_tree(extra={"README.md": f"version {version}\n"})
    build(SPEC, Path(spec_path), Path(out), generator(tree), gate=False)


if __name__ == "__main__":
    main(*sys.argv[1:])
