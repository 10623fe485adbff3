"""The audit entry summarises the spec change by construct and its schema impact, and names
what --force overwrote."""

from __future__ import annotations

import json
from pathlib import Path

from compiler.cli import main
from tests.gate.test_check_and_diff import SPEC


def _last(out: Path) -> dict:
    return json.loads((out / ".specc" / "audit.jsonl").read_text().splitlines()[-1])


def test_the_spec_change_is_summarised_by_construct(tmp_path: Path) -> None:
    spec, out = tmp_path / "spec.md", tmp_path / "app"
    text = SPEC.replace(
        "### Access", "### Rules\n\n- Names are short. `len(name) <= 30`\n\n### Access"
    )
    spec.write_text(text)
    assert main(["compile", str(spec), "-o", str(out), "--no-gate"]) == 0
    assert "spec_changes" not in _last(out)  # nothing to compare the first build with
    assert _last(out)["schema_impact"] == ["the initial revision creates every table"]

    # A field added, a rule removed, a field changed — and a line of prose, which is no change.
    changed = text.replace("| kind  |", "| note  | text? | |\n| kind  |")
    changed = changed.replace("- Names are short. `len(name) <= 30`\n", "")
    changed = changed.replace("length 1..40", "length 1..50")
    changed = changed.replace("# Demo\n", "# Demo\n\nA line of prose.\n")
    spec.write_text(changed)
    assert main(["compile", str(spec), "-o", str(out), "--no-gate"]) == 0
    assert _last(out)["spec_changes"] == {
        "added": ["entities.Thing.fields.note"],
        "removed": ["entities.Thing.rules.1"],
        "changed": ["app", "entities.Thing.fields.name"],
    }
    impact = _last(out)["schema_impact"]
    assert "add column thing.note" in impact
    assert "add check ck_thing_name_max_length to thing" in impact  # length 1..50
    assert main(["compile", str(spec), "-o", str(out), "--no-gate", "--full-gate"]) == 0
    assert "schema_impact" not in _last(out), "a rebuild of the same spec changes no table"


def test_force_records_what_it_overwrote(tmp_path: Path) -> None:
    spec, out = tmp_path / "spec.md", tmp_path / "app"
    spec.write_text(SPEC)
    assert main(["compile", str(spec), "-o", str(out), "--no-gate"]) == 0
    model = out / "app" / "models" / "thing.py"
    model.write_text(model.read_text() + "# a hand edit\n")
    assert main(["compile", str(spec), "-o", str(out), "--no-gate"]) == 1
    assert main(["compile", str(spec), "-o", str(out), "--no-gate", "--force"]) == 0
    entry = _last(out)
    assert entry["result"] == "promoted" and entry["overwritten"] == ["app/models/thing.py"]
    assert "# a hand edit" not in model.read_text()
