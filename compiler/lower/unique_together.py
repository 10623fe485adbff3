"""Lowers a `### Rules` bullet whose code span is ``unique (site, day) [where <condition>]``.

The sentence is the message users see when a write would break it, as with any rule;
the fields and condition are checked later (`check/uniques.py`).
"""

from __future__ import annotations

import re

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.span import Span
from compiler.ir.uniques import UniqueTogether
from compiler.lower.inline import CodeSpan
from compiler.lower.names import FIELD_NAME
from compiler.parse.expr_parser import parse_expression

_UNIQUE = re.compile(r"^unique(?=[\s(])")
_SHAPE = re.compile(r"^unique\s*\(([^()]*)\)\s*(?:where\b(.*))?$", re.DOTALL)


def is_unique_rule(code: CodeSpan) -> bool:
    """Whether a rule's code span is a uniqueness constraint rather than a condition."""
    return _UNIQUE.match(code.content) is not None


def lower_unique(
    message: str, code: CodeSpan, span: Span, diags: Diagnostics
) -> UniqueTogether | None:
    """The constraint a bullet states; None (after a diagnostic) when it cannot be read."""
    shape = _SHAPE.match(code.content)
    if shape is None:
        return _malformed(code.span, "write the fields in parentheses: `unique (site, day)`", diags)
    fields, spans = [], []
    for match in re.finditer(r"[^,]+", shape.group(1)):
        name = match.group(0).strip()
        if not FIELD_NAME.match(name):
            hint = "name fields separated by commas: `unique (site, day)`"
            return _malformed(code.span, hint, diags)
        start = shape.start(1) + match.start() + match.group(0).index(name)
        fields.append(name)
        spans.append(_within(code.span, start, start + len(name)))
    if not fields:
        return _malformed(code.span, "name the fields: `unique (site, day)`", diags)
    condition = None
    if shape.group(2) is not None:
        text = shape.group(2)
        if not text.strip():
            return _malformed(
                code.span, 'say which rows count: `where status != "cancelled"`', diags
            )
        offset = shape.start(2) + len(text) - len(text.lstrip())
        condition = parse_expression(text.strip(), _within(code.span, offset, offset), diags)
        if condition is None:
            return None
    return UniqueTogether(message, tuple(fields), tuple(spans), condition, span)


def _within(span: Span, start: int, end: int) -> Span:
    """The part of a one-line code span from offset `start` to `end` (the whole span if the
    code span runs over several lines)."""
    if span.line != span.end_line:
        return span
    return Span(span.line, span.col + start, span.line, span.col + max(end, start + 1))


def _malformed(span: Span, hint: str, diags: Diagnostics) -> None:
    diags.add(codes.UNIQUE_SYNTAX, span, "cannot read this unique constraint", hint=hint)
    return None
