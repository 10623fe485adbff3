"""The CLI's no-op compile and its audit entries for spec errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from compiler.cli import main

ROOT = Path(__file__).resolve().parents[2]


def audit_results(out: Path) -> list[str]:
    text = (out / ".specc" / "audit.jsonl").read_text(encoding="utf-8")
    return [json.loads(line)["result"] for line in text.splitlines()]


def test_second_compile_is_one_line_no_op_and_spec_errors_are_audited(tmp_path, capsys):
    spec = tmp_path / "spec.md"
    shutil.copy(ROOT / "specs" / "helpdesk" / "spec.md", spec)
    out = tmp_path / "out"
    assert main(["compile", str(spec), "-o", str(out), "--no-gate"]) == 0
    capsys.readouterr()

    assert main(["compile", str(spec), "-o", str(out), "--no-gate"]) == 0
    [line] = capsys.readouterr().err.splitlines()
    assert "up to date" in line
    assert audit_results(out) == ["promoted", "up to date"]

    spec.write_text("---\nbroken: [\n---\n", encoding="utf-8")
    assert main(["compile", str(spec), "-o", str(out), "--no-gate"]) == 1
    assert audit_results(out)[-1] == "spec errors"
