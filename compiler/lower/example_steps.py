"""Tokenises one line of an `example` block into words and `field=value` pairs with spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.ir.span import Span
from compiler.parse.tree import Text

_TOKEN = re.compile(
    r"""(?P<assign>(?P<field>[A-Za-z_][A-Za-z0-9_]*)=(?P<value>"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|[^\s,]*))"""
    r"""|(?P<string>"(?:[^"\\]|\\.)*"?)"""
    r"""|(?P<word>[^\s,]+)"""
    r"""|(?P<comma>,)"""
)


@dataclass(frozen=True, slots=True)
class Token:
    """A word, a quoted string, a comma, or an assignment `field=value`."""

    kind: str
    text: str
    span: Span
    field: str = ""
    value: str = ""
    value_span: Span | None = None


def tokenize(line: Text) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(line.text):
        kind = match.lastgroup if match.lastgroup in ("string", "word", "comma") else "assign"
        span = _span(line, match.start(), match.end())
        if kind == "assign":
            value_span = _span(line, match.start("value"), match.end("value"))
            tokens.append(
                Token("assign", match.group(0), span, match["field"], match["value"], value_span)
            )
        else:
            tokens.append(Token(kind, match.group(0), span))
    return tokens


def _span(line: Text, start: int, end: int) -> Span:
    col = line.span.col + start
    return Span(line.span.line, col, line.span.line, col + max(end - start, 1))
