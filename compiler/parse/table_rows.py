"""Splits a pipe-table source line into cells with exact columns.

Cells are split the way GitHub renders them: on every `|` not escaped as
`\\|` (even inside a code span), so what the compiler reads is what readers see.
The cell text is kept raw (`\\|` stays two characters) so columns stay exact;
the consumers that care (patterns, descriptions) unescape it.
"""

from __future__ import annotations

from compiler.ir.span import Span
from compiler.parse.tree import TableRow, Text


def split_row(line: str, line_number: int) -> TableRow:
    """The cells of one table line; `line_number` is 1-based."""
    segments = _segments(line)
    cells = tuple(_cell(line, start, end, line_number) for start, end in segments)
    return TableRow(cells=cells, span=Span(line_number, 1, line_number, len(line) + 1))


def _segments(line: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each cell's raw text, outer pipes excluded."""
    start = len(line) - len(line.lstrip())
    if line.startswith("|", start):
        start += 1
    segments: list[tuple[int, int]] = []
    index = start
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            index += 2
            continue
        if char == "|":
            segments.append((start, index))
            start = index + 1
        index += 1
    if line[start:].strip():
        segments.append((start, len(line)))
    return segments


def _cell(line: str, start: int, end: int, line_number: int) -> Text:
    raw = line[start:end]
    stripped = raw.strip()
    if not stripped:
        col = start + 1
        return Text("", Span(line_number, col, line_number, col))
    offset = start + (len(raw) - len(raw.lstrip()))
    return Text(stripped, Span(line_number, offset + 1, line_number, offset + len(stripped) + 1))
