"""`specc init`: the rendered project compiles with its own Makefile, and CI checks it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from compiler.cli import main
from compiler.frontend import analyse_file
from compiler.scaffold import app_name

SPECC = Path(sys.executable).with_name("specc")


def _make(project: Path, target: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", target, f"SPECC={SPECC}"], cwd=project, capture_output=True, text=True, timeout=900
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_the_rendered_project_compiles_and_passes_its_ci_check(tmp_path: Path) -> None:
    project = tmp_path / "my-notes"
    assert main(["init", str(project)]) == 0
    files = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    assert files == {
        "spec.md",
        "Makefile",
        ".gitignore",
        "README.md",
        ".github/workflows/specc.yml",
    }
    result = analyse_file(project / "spec.md")
    assert result.ok and result.spec is not None and result.spec.app.name == "my_notes"

    compiled = _make(project, "compile")
    assert compiled.returncode == 0, compiled.stderr
    assert (project / "app" / ".specc" / "manifest.json").is_file()
    checked = _make(project, "check")
    assert checked.returncode == 0, checked.stderr
    locked = _make(project, "lock")  # no prose rules: nothing to ask, offline or not
    assert locked.returncode == 0, locked.stderr
    # The CI check fails once the spec changes and the app is not recompiled.
    spec = project / "spec.md"
    spec.write_text(spec.read_text().replace("| body  |", "| tag   | text? | |\n| body  |"))
    assert _make(project, "check").returncode != 0


def test_the_workflow_runs_the_check_when_the_spec_changes(tmp_path: Path) -> None:
    project = tmp_path / "shop"
    assert main(["init", str(project), "--specc-requirement", "specc==9.9"]) == 0
    workflow = yaml.safe_load((project / ".github" / "workflows" / "specc.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert "spec.md" in triggers["push"]["paths"] and "spec.md" in triggers["pull_request"]["paths"]
    steps = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert 'python -m pip install "specc==9.9"' in steps and "make check" in steps
    recompile = workflow["jobs"]["recompile"]
    assert recompile["env"]["ANTHROPIC_API_KEY"] == "${{ secrets.ANTHROPIC_API_KEY }}"
    guarded = [step for step in recompile["steps"] if "if" in step]
    assert [step.get("run") or step["uses"] for step in guarded] == [
        "make lock compile diff",
        "peter-evans/create-pull-request@v6",
    ]
    assert all(step["if"] == "env.ANTHROPIC_API_KEY != ''" for step in guarded)
    makefile = (project / "Makefile").read_text()
    assert "compile $(SPEC) -o $(OUT) --check" in makefile
    assert "\tlock:" not in makefile and "\t$(SPECC) lock $(SPEC)" in makefile
    ignored = (project / ".gitignore").read_text().splitlines()
    assert ".venv/" in ignored and "*.db-wal" in ignored


def test_init_refuses_a_directory_that_is_not_empty(tmp_path: Path, capsys) -> None:
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine")
    assert main(["init", str(tmp_path / "taken")]) == 2
    assert "not an empty directory" in capsys.readouterr().err
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]


def test_app_names_come_from_the_directory() -> None:
    assert app_name(Path("My-Notes")) == "my_notes"
    assert app_name(Path("2024 plans")) == "app_2024_plans"
