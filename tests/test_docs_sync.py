"""Documentation that is generated from code must be committed up to date."""

from __future__ import annotations

from pathlib import Path

from compiler.diagnostics.codes import CODES
from compiler.diagnostics.reference import diagnostics_reference

ROOT = Path(__file__).resolve().parents[1]


def test_diagnostics_reference_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert committed == diagnostics_reference(), (
        "docs/diagnostics.md is stale: run `.venv/bin/specc codes > docs/diagnostics.md`"
    )


def test_every_code_is_documented_with_an_explanation() -> None:
    for code in CODES.values():
        assert code.title and code.explanation.endswith((".", ")")), code.id
        assert code.id[0] in "EWG" and len(code.id) == 4 and code.id[1:].isdigit()
