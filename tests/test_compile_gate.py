"""Faults injected into code generation never reach the output directory.

The real helpdesk spec is compiled with a generator that breaks one thing; the
gate must refuse the result, say why in terms of the spec, and leave OUT
byte-identical.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.frontend import analyse_file
from compiler.gate import GeneratedTree, build
from compiler.generate import generate
from compiler.ir.model import Spec
from tests.test_examples import ROOT, tree_digest

SPEC = ROOT / "specs" / "helpdesk" / "spec.md"


@pytest.fixture(scope="module")
def spec() -> Spec:
    result = analyse_file(SPEC, "specs/helpdesk/spec.md")
    assert result.spec is not None and result.ok
    return result.spec


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A copy of the committed helpdesk app: the last good build."""
    target = tmp_path / "helpdesk"
    shutil.copytree(ROOT / "examples" / "helpdesk", target)
    return target


def breaking(path: str, old: str, new: str) -> Callable[[Spec], GeneratedTree]:
    """`generate`, with one replacement made in one generated file."""

    def broken_generate(spec: Spec) -> GeneratedTree:
        files = []
        for file in generate(spec):
            if file.path == path:
                assert old in file.content, f"{old!r} not in {path}"
                file = dataclasses.replace(file, content=file.content.replace(old, new, 1))
            files.append(file)
        return tuple(files)

    return broken_generate


def test_a_broken_template_fails_lint_and_leaves_out_unchanged(spec: Spec, out: Path) -> None:
    before = tree_digest(out)
    result = build(spec, SPEC, out, breaking("app/main.py", "app = FastAPI(", "app = FastAPI(("))
    assert not result.ok
    assert {d.code.id for d in result.diagnostics} == {"G005"}
    assert tree_digest(out) == before


def test_a_failing_generated_test_is_reported_against_the_spec(spec: Spec, out: Path) -> None:
    before = tree_digest(out)
    # Customers may read only their own tickets (the Ticket Access table); the fault lets
    # them read every ticket.
    own = "return Ticket.opened_by_id == user.id"
    result = build(spec, SPEC, out, breaking("app/access/ticket.py", own, "return sa.true()"))
    assert not result.ok
    failures = [d for d in result.diagnostics if d.code.id == "G001"]
    assert failures, [d.message for d in result.diagnostics]
    # The access tests point at the Access table; the spec's examples about privacy fail too.
    access_table = _lines_of_access_table(SPEC, "Ticket")
    assert {d.span.line for d in failures} & access_table
    assert tree_digest(out) == before


def _lines_of_access_table(spec_path: Path, entity: str) -> set[int]:
    lines = spec_path.read_text().splitlines()
    start = lines.index(f"## {entity}")
    access = next(i for i in range(start, len(lines)) if lines[i] == "### Access")
    end = next(i for i in range(access + 2, len(lines)) if not lines[i].startswith("|"))
    return set(range(access + 1, end + 1))


def test_the_audit_log_records_the_refusal(spec: Spec, out: Path) -> None:
    log = out / ".specc" / "audit.jsonl"
    lines = log.read_text().splitlines() if log.exists() else []
    build(spec, SPEC, out, breaking("app/main.py", "app = FastAPI(", "app = FastAPI(("))
    new_lines = log.read_text().splitlines()
    assert len(new_lines) == len(lines) + 1
    assert re.search(r'"result": "[^"]*(lint|ruff)[^"]*"', new_lines[-1]) or "G005" in new_lines[-1]
