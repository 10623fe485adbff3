"""`ruff check --fix` and `ruff format` over the freshly generated Python files.

Formatting makes the generated code deterministic whatever the templates'
whitespace; a violation left after fixing is a code generation bug (G005).
The staged tree's own ruff configuration (`ruff.toml`, `.ruff.toml` or a
`pyproject.toml` with `[tool.ruff]`) is used if it has one, otherwise ruff's
defaults: never a configuration found above OUT, which would make the output
depend on where it is built.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from compiler.diagnostics import Diagnostic
from compiler.gate.codes import LINT_FAILED
from compiler.gate.files import tail
from compiler.ir.span import NOWHERE

_MAX_REPORTED = 50


def find_ruff() -> str | None:
    """The ruff executable: on PATH, or installed beside the running Python."""
    found = shutil.which("ruff")
    if found:
        return found
    sibling = Path(sys.executable).with_name("ruff")
    return str(sibling) if sibling.is_file() else None


def lint(ruff: str, root: Path, paths: list[str]) -> list[Diagnostic]:
    """Fix and format `paths` (relative to `root`) in place; G005 for what remains."""
    if not paths:
        return []
    config = _config_args(root)
    check = _run(
        [ruff, "check", "--no-cache", "--fix", "--output-format=json", *config], root, paths
    )
    if check.returncode == 1:
        return _violations(check.stdout, root)
    if check.returncode != 0:
        return [_failure("ruff check", check)]
    fmt = _run([ruff, "format", "--no-cache", *config], root, paths)
    return [] if fmt.returncode == 0 else [_failure("ruff format", fmt)]


def _run(command: list[str], root: Path, paths: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, "--", *paths], cwd=root, capture_output=True, text=True, check=False
    )


def _config_args(root: Path) -> list[str]:
    for name in ("ruff.toml", ".ruff.toml"):
        if (root / name).is_file():
            return ["--config", name]
    pyproject = root / "pyproject.toml"
    if pyproject.is_file() and "[tool.ruff" in pyproject.read_text(encoding="utf-8"):
        return ["--config", "pyproject.toml"]
    return ["--isolated"]


def _violations(report: str, root: Path) -> list[Diagnostic]:
    try:
        items = json.loads(report)
    except json.JSONDecodeError:
        return [Diagnostic(LINT_FAILED, "ruff check failed", NOWHERE, tail(report))]
    found = []
    for item in items[:_MAX_REPORTED]:
        where = os.path.relpath(Path(item["filename"]).resolve(), root.resolve())
        row, col = item["location"]["row"], item["location"]["column"]
        message = f"generated {where}:{row}:{col}: {item['code']} {item['message']}"
        found.append(Diagnostic(LINT_FAILED, message, NOWHERE))
    if len(items) > _MAX_REPORTED:
        more = f"… and {len(items) - _MAX_REPORTED} more ruff violations"
        found.append(Diagnostic(LINT_FAILED, more, NOWHERE))
    return found


def _failure(step: str, result: subprocess.CompletedProcess[str]) -> Diagnostic:
    message = f"{step} exited with status {result.returncode}"
    return Diagnostic(LINT_FAILED, message, NOWHERE, tail(result.stderr + result.stdout))
