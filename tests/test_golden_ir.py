"""Golden IR of every example spec: reviewed as a diff whenever the front end changes.

Run `make golden` to rewrite the files after an intended change, then read the
diff before committing it.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from compiler.frontend import analyse_file
from compiler.ir.json_form import dumps, from_json, loads, to_json

ROOT = Path(__file__).resolve().parents[1]
SPECS = sorted(ROOT.glob("specs/*/spec.md"))
GOLDEN = ROOT / "tests" / "golden"
IR_SCHEMA = json.loads((ROOT / "spec_schema" / "ir.schema.json").read_text(encoding="utf-8"))


def _analyse(spec: Path):
    result = analyse_file(spec, name=spec.relative_to(ROOT).as_posix())
    errors = [d for d in result.diagnostics if d.is_error]
    assert not errors, f"{spec} has errors: {errors}"
    assert result.spec is not None
    return result


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_example_spec_checks_clean(spec: Path) -> None:
    """No diagnostics, except W602 for a prose rule its committed spec.lock answers."""
    result = _analyse(spec)
    locked = (
        json.loads(spec.with_name("spec.lock").read_text())
        if spec.with_name("spec.lock").exists()
        else {"entries": {}}
    )
    answered = {name.split(": ", 1)[1] for name in locked["entries"]}
    unexpected = [
        d
        for d in result.diagnostics
        if not (d.code.id == "W602" and d.message.split("'")[1] in answered)
    ]
    assert unexpected == []


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_golden_ir(spec: Path, update_golden: bool) -> None:
    text = dumps(_analyse(spec).spec)
    golden = GOLDEN / f"{spec.parent.name}.ir.json"
    if update_golden or not golden.exists():
        golden.write_text(text, encoding="utf-8")
        if not update_golden:
            pytest.fail(f"wrote new golden file {golden}; review and commit it")
    assert text == golden.read_text(encoding="utf-8"), f"IR of {spec} changed; run `make golden`"


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_ir_validates_against_schema(spec: Path) -> None:
    data = to_json(_analyse(spec).spec)
    jsonschema.Draft202012Validator(IR_SCHEMA).validate(data)


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.parent.name)
def test_ir_round_trips(spec: Path) -> None:
    ir = _analyse(spec).spec
    assert from_json(to_json(ir)) == ir
    assert loads(dumps(ir)) == ir


def test_there_are_at_least_three_example_specs() -> None:
    assert len(SPECS) >= 3
