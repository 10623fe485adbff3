"""What every command shares: exit statuses, printing diagnostics, writing a file whole."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from compiler.diagnostics import Diagnostic, render_all
from compiler.frontend import FrontEndResult

EXIT_OK, EXIT_SPEC_ERRORS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def report(result: FrontEndResult, name: str, *, always: bool = False) -> None:
    if result.diagnostics:
        print(render_all(result.diagnostics, name, list(result.source_lines)), file=sys.stderr)
    elif always:
        print(f"{name}: ok", file=sys.stderr)


def diagnostic_json(d: Diagnostic, filename: str) -> dict[str, object]:
    span = d.span
    return {
        "file": d.file or filename,
        "line": span.line,
        "col": span.col,
        "end_line": span.end_line,
        "end_col": span.end_col,
        "severity": d.severity.value,
        "code": d.code.id,
        "message": d.message,
        "hint": d.hint,
    }


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def interrupted(signum: int, frame: object) -> None:
    """SIGTERM: unwind like Ctrl-C, so the gate's pytest and the staging tree are removed."""
    raise KeyboardInterrupt
