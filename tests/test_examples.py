"""The committed example apps: each is exactly what the compiler makes of its spec,
and its generated tests pass. An example may hold hand-written files (extensions and
their tests, `examples/helpdesk`): those are the user's, outside the comparison.

After a change to code generation or templates, `make examples` recompiles them;
review the diff of `examples/` like any other code change.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

import pytest

from compiler.evolve.history import FIRST_BUILD, History, read_history
from compiler.frontend import analyse_file
from compiler.gate import build
from compiler.generate import generate
from compiler.llm import Options, Provider, resolve

ROOT = Path(__file__).resolve().parents[1]
SPECS = sorted(ROOT.glob("specs/*/spec.md"))
VOLATILE = {".specc/audit.jsonl"}
"""The audit log records when a build happened; it is the one file allowed to differ."""


def tree_digest(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and path.relative_to(root).as_posix() not in VOLATILE
        and "__pycache__" not in path.parts
    }


def generated_digest(root: Path) -> dict[str, str]:
    """`tree_digest` of the files the build generated (its manifest, and the manifest itself)."""
    manifest = root / ".specc" / "manifest.json"
    generated = {*json.loads(manifest.read_text(encoding="utf-8")), ".specc/manifest.json"}
    return {path: sha for path, sha in tree_digest(root).items() if path in generated}


def compile_to(spec_path: Path, out: Path, *, gate: bool, history: History = FIRST_BUILD) -> None:
    """Compile as `specc compile --offline` does: prose rules only from the committed lock.

    `history`: the previous build the migrations continue (the committed example's).
    """
    result = analyse_file(spec_path, spec_path.relative_to(ROOT).as_posix())
    assert result.ok and result.spec is not None, result.diagnostics
    resolution = resolve(result.spec, spec_path, Provider(None, None), Options(offline=True))
    assert resolution.ok, resolution.diagnostics
    continued = functools.partial(generate, history=history)
    built = build(resolution.spec, spec_path, out, continued, gate=gate)
    assert built.ok, "\n".join(f"{d.code.id}: {d.message} ({d.hint})" for d in built.diagnostics)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_committed_example_is_up_to_date(spec: Path, tmp_path: Path) -> None:
    committed = ROOT / "examples" / spec.parent.name
    assert committed.is_dir(), f"{committed} is missing: run `make examples`"
    compile_to(spec, tmp_path / spec.parent.name, gate=False, history=read_history(committed))
    fresh = generated_digest(tmp_path / spec.parent.name)
    assert fresh == generated_digest(committed), f"{committed} is stale: run `make examples`"


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_compiling_twice_gives_byte_identical_trees(spec: Path, tmp_path: Path) -> None:
    compile_to(spec, tmp_path / "first", gate=False)
    compile_to(spec, tmp_path / "second", gate=False)
    assert tree_digest(tmp_path / "first") == tree_digest(tmp_path / "second")


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_generated_tests_of_every_example_pass(spec: Path, tmp_path: Path) -> None:
    compile_to(spec, tmp_path / spec.parent.name, gate=True)
