"""Literal values written outside expressions: defaults, bounds, example values.

`default normal`, `min 0`, `after today`, `max 2030-12-31`, `title="Printer on fire"`.
They become expression literals so every later stage handles one kind of value.
"""

from __future__ import annotations

import re

from compiler.ir.expr import BoolLit, Call, DecimalLit, Expr, IntLit, NullLit, Path, StringLit
from compiler.ir.span import Span

_INT = re.compile(r"^-?[0-9]{1,18}$")
_COUNT = re.compile(r"^[0-9]{1,9}$")
_DECIMAL = re.compile(r"^-?[0-9]{1,38}\.[0-9]{1,38}$")
_DATE = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?$"
)
_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_QUOTED = re.compile(r'^"((?:[^"\\]|\\.)*)"$|^\'((?:[^\'\\]|\\.)*)\'$')


def parse_count(text: str) -> int | None:
    """A small non-negative whole number (a length or a count), or None.

    Only ASCII digits and at most nine of them: `int()` would also accept other
    Unicode digits and refuse very long digit strings with an exception.
    """
    return int(text) if _COUNT.match(text) else None


def parse_literal(text: str, span: Span) -> Expr | None:
    """The literal `text` spells, or None if it is not one.

    Integers have at most 18 digits (they must fit a 64-bit column); longer
    numbers are not literals. Dates are string literals (the checker validates them);
    `today` and `now` are the calls `today()` and `now()`; any other bare word
    is a one-part `Path` (an enum value or a name).
    """
    text = text.strip()
    if _INT.match(text):
        return IntLit(int(text), span)
    if _DECIMAL.match(text):
        return DecimalLit(text, span)
    if text in ("true", "false"):
        return BoolLit(text == "true", span)
    if text == "null":
        return NullLit(span)
    if text in ("today", "now"):
        return Call(text, (), span, span)
    if _DATE.match(text):
        return StringLit(text, span)
    if quoted := _QUOTED.match(text):
        body = quoted.group(1) if quoted.group(1) is not None else quoted.group(2)
        return StringLit(re.sub(r"\\(.)", r"\1", body), span)
    if _WORD.match(text):
        return Path((text,), span, (span,))
    return None
