"""Shared checks for the fuzz tests: the front end never raises, and locations are valid."""

from __future__ import annotations

from pathlib import Path

from compiler.frontend import FrontEndResult, analyse_bytes, analyse_text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_SPECS = sorted((ROOT / "specs").glob("*/spec.md"))
"""The example specs in `specs/*/spec.md`."""


def check_locations(result: FrontEndResult, line_count: int) -> None:
    """Every diagnostic points inside the file (or just past its end) with start <= end."""
    for diag in result.diagnostics:
        span = diag.span
        where = f"{diag.code.id} {diag.message!r} at {span}"
        assert 1 <= span.line <= line_count + 1, f"line out of range (1..{line_count + 1}): {where}"
        assert span.col >= 1, f"column < 1: {where}"
        assert 1 <= span.end_line <= line_count + 1, f"end line out of range: {where}"
        assert (span.end_line, span.end_col) >= (span.line, span.col), f"end before start: {where}"


def analyse_text_checked(text: str) -> FrontEndResult:
    """`analyse_text`, which must not raise, and must return valid locations."""
    result = analyse_text(text, "fuzz.md")
    assert result.spec is not None, "text input always yields a spec"
    check_locations(result, len(result.source_lines))
    assert result.source_lines, "source lines of a text are never empty"
    return result


def analyse_bytes_checked(data: bytes) -> FrontEndResult:
    """`analyse_bytes`, which must not raise, and must return valid locations."""
    result = analyse_bytes(data, "fuzz.md")
    if result.spec is None:
        # refused before parsing (binary or not UTF-8): count lines in the raw bytes
        assert result.diagnostics, "a refused input says why"
        line_count = data.count(b"\n") + 1
    else:
        line_count = len(result.source_lines)
    check_locations(result, line_count)
    return result
