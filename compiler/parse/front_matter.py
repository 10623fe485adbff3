"""Splits the YAML front matter off the top of a spec, keeping line numbers."""

from __future__ import annotations

from compiler.ir.span import Span
from compiler.parse.tree import FrontMatter

_FENCE = "---"
_CLOSERS = ("---", "...")


def split_front_matter(lines: list[str]) -> tuple[FrontMatter | None, list[str]]:
    """The front matter (if the first line is `---`) and the lines with it blanked out.

    Blanking instead of removing keeps every later line at its real number.
    Unclosed front matter is taken to end before the first heading, so the rest
    of the spec is still read (and only the missing `---` is reported).
    """
    if not lines or lines[0].rstrip() != _FENCE:
        return None, lines
    for index in range(1, len(lines)):
        if lines[index].rstrip() in _CLOSERS:
            return _front_matter(lines, index, closed=True), [""] * (index + 1) + lines[index + 1 :]
    end = next((i for i in range(1, len(lines)) if lines[i].startswith("#")), len(lines))
    return _front_matter(lines, end, closed=False), [""] * end + lines[end:]


def _front_matter(lines: list[str], end: int, *, closed: bool) -> FrontMatter:
    body = "\n".join(lines[1:end])
    last = min(end, len(lines) - 1)
    span = Span(1, 1, last + 1, len(lines[last]) + 1)
    return FrontMatter(text=body, span=span, first_line=2, closed=closed)
