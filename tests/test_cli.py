"""The `specc` command line: exit statuses, output streams, and what each command writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_examples import ROOT

HELPDESK = ROOT / "specs" / "helpdesk" / "spec.md"
PROSE = """---
app: a
title: A
auth: {roles: [x]}
---
## Thing

| Field | Type | Rules    |
|-------|------|----------|
| name  | text | required |

### Rules

- At most five things per person.

### Access

| Role | create | read | update | delete |
|------|--------|------|--------|--------|
| x    | yes    | all  | all    | all    |
"""


def specc(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "compiler", *args], capture_output=True, text=True, cwd=cwd
    )


def test_check_of_a_clean_spec_exits_0() -> None:
    run = specc("check", str(HELPDESK))
    assert run.returncode == 0
    assert run.stderr.strip().endswith(": ok")


def test_check_of_a_broken_spec_exits_1_with_located_diagnostics(tmp_path: Path) -> None:
    spec = tmp_path / "spec.md"
    spec.write_text(HELPDESK.read_text().replace("| text  |", "| txt   |", 1))
    run = specc("check", str(spec))
    assert run.returncode == 1
    assert f"{spec}:" in run.stderr and "error[E203]: unknown type 'txt'" in run.stderr
    assert "hint: did you mean 'text'?" in run.stderr
    assert "Traceback" not in run.stderr


def test_check_json_prints_one_object_per_diagnostic(tmp_path: Path) -> None:
    spec = tmp_path / "spec.md"
    spec.write_text(PROSE)
    run = specc("check", "--json", str(spec))
    found = [json.loads(line) for line in run.stdout.splitlines()]
    assert [(d["code"], d["line"], d["col"], d["severity"]) for d in found] == [
        ("W602", 14, 1, "warning")
    ]
    assert run.returncode == 0


@pytest.mark.parametrize("args", [[], ["check"], ["frobnicate", "x"], ["compile", "spec.md"]])
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert specc(*args).returncode == 2


def test_ir_prints_the_json_form() -> None:
    run = specc("ir", str(HELPDESK.relative_to(ROOT)))
    assert run.returncode == 0
    ir = json.loads(run.stdout)
    assert ir["node"] == "Spec" and ir["app"]["name"] == "helpdesk"


def test_a_missing_file_is_a_diagnostic_not_a_traceback(tmp_path: Path) -> None:
    run = specc("check", str(tmp_path / "nope.md"))
    assert run.returncode == 1
    assert "error[E001]" in run.stderr and "Traceback" not in run.stderr


def test_compile_refuses_a_prose_rule_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "spec.md"
    spec.write_text(PROSE)
    run = specc("compile", str(spec), "-o", str(tmp_path / "out"))
    assert run.returncode == 1
    assert f"{spec}:14:1: error[E605]" in run.stderr
    assert "`count(Thing where …) <= 5`" in run.stderr
    assert not (tmp_path / "out").exists()


def test_codes_prints_the_reference() -> None:
    run = specc("codes")
    assert run.returncode == 0
    assert "| E203 | unknown type |" in run.stdout and "| G001 |" in run.stdout
