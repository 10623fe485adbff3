"""Source spans: where in the spec a piece of the IR came from.

Every IR node carries a `Span` so that any later stage (checker, codegen, the
gate) can point a diagnostic back at the exact place in `spec.md`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A region of the spec: 1-based line and column, end column exclusive."""

    line: int
    """1-based line of the first character."""
    col: int
    """1-based column (in characters) of the first character."""
    end_line: int
    """1-based line of the last character."""
    end_col: int
    """1-based column just past the last character."""

    @staticmethod
    def point(line: int, col: int, length: int = 1) -> Span:
        """A span of `length` characters on one line."""
        return Span(line, col, line, col + max(length, 1))

    def shifted(self, col_offset: int) -> Span:
        """The same span moved right by `col_offset` columns (single-line spans)."""
        return Span(self.line, self.col + col_offset, self.end_line, self.end_col + col_offset)


NOWHERE = Span(1, 1, 1, 1)
"""The span of things that have no better location (the start of the file)."""
