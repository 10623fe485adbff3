"""Formatting of diagnostics: `spec.md:LINE:COL: error[CODE]: message` plus a hint."""

from __future__ import annotations

from collections.abc import Iterable

from compiler.diagnostics.diagnostic import Diagnostic


def render(diagnostic: Diagnostic, filename: str, source_lines: list[str] | None = None) -> str:
    """One diagnostic as text; with the source lines, the offending line is quoted.

    A diagnostic located in another file (`file`) is reported there, unquoted."""
    span = diagnostic.span
    if diagnostic.file is not None:
        filename, source_lines = diagnostic.file, None
    head = (
        f"{filename}:{span.line}:{span.col}: "
        f"{diagnostic.severity.value}[{diagnostic.code.id}]: {diagnostic.message}"
    )
    lines = [head]
    if source_lines is not None and 1 <= span.line <= len(source_lines):
        text = source_lines[span.line - 1].rstrip("\n").expandtabs(1)
        width = span.end_col - span.col if span.end_line == span.line else len(text) - span.col + 1
        lines.append(f"  {span.line:>4} | {text}")
        lines.append(f"       | {' ' * (span.col - 1)}{'^' * max(width, 1)}")
    if diagnostic.hint:
        lines.append(f"  hint: {diagnostic.hint}")
    return "\n".join(lines)


def render_all(
    diagnostics: Iterable[Diagnostic], filename: str, source_lines: list[str] | None = None
) -> str:
    """Every diagnostic, in order, followed by a one-line summary."""
    items = list(diagnostics)
    blocks = [render(d, filename, source_lines) for d in items]
    errors = sum(1 for d in items if d.is_error)
    warnings = len(items) - errors
    if items:
        blocks.append(f"{filename}: {_count(errors, 'error')}, {_count(warnings, 'warning')}")
    return "\n".join(blocks)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
