"""E641: test data the generator cannot derive is the spec's located error (exit 1), not an
internal error (exit 3) — issue 9, fuzz class 5."""

from __future__ import annotations

import shutil
from pathlib import Path

from compiler.gate.pipeline import no_test_data
from compiler.ir.span import Span
from compiler.testgen.data.sample_values import DataGenerationError
from tests.test_cli import specc

SPEC = Path(__file__).parent / "no_test_data.spec.md"


def test_an_unsatisfiable_only_where_is_e641_at_the_field(tmp_path: Path) -> None:
    spec = tmp_path / "spec.md"
    shutil.copy(SPEC, spec)
    run = specc("compile", str(spec), "-o", str(tmp_path / "out"), "--offline")
    assert run.returncode == 1, run.stderr
    assert f"{spec}:27:1: error[E641]" in run.stderr
    assert "Item.site: cannot derive a row that satisfies its `only where`" in run.stderr
    assert "internal error" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_without_a_known_place_it_points_at_the_spec() -> None:
    found = no_test_data(DataGenerationError("no value"))
    assert found.code.id == "E641" and found.span == Span.point(1, 1)
    assert "no value" in found.message and found.hint
