"""Literal values written outside expressions: defaults, bounds, example values.

`default normal`, `min 0`, `after today`, `max 2030-12-31`, `title="Printer on fire"`; in
examples also dates and times relative to the test's run: `due=today+3`, `starts_at=now+2h`.
They become expression literals so every later stage handles one kind of value.
"""

from __future__ import annotations

import re

from compiler.ir.expr import (
    Binary,
    BoolLit,
    Call,
    DecimalLit,
    Expr,
    IntLit,
    NullLit,
    Path,
    StringLit,
)
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


_RELATIVE = re.compile(r"^(today|now)\s*([+-])\s*(.*)$")
_AMOUNT = re.compile(r"^([0-9]{1,6})([dhm]?)$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


class RelativeMomentError(ValueError):
    """`today+x`, `now+3`: a relative date or time that is not well formed (E321)."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def parse_relative_moment(text: str, span: Span) -> Expr | None:
    """`today+3`, `today-1` (days), `now+2h`, `now-30m`, `now+1d`: the expression
    `today() + days(3)`, `now() + hours(2)`…, computed when a test runs; None if `text` does
    not start with `today+`/`today-`/`now+`/`now-`. Raises `RelativeMomentError` for a
    malformed one."""
    found = _RELATIVE.match(text.strip())
    if found is None:
        return None
    base, op, amount = found.groups()
    counted = _AMOUNT.match(amount)
    if counted is None:
        hint = "write today+3 (days), or now+2h, now-30m, now+1d"
        raise RelativeMomentError(f"invalid amount '{amount}' after '{base}{op}'", hint)
    count, unit = counted.groups()
    if base == "today" and unit not in ("", "d"):
        hint = f"today moves by whole days: today{op}{count}; for a time write now{op}{count}{unit}"
        raise RelativeMomentError(f"'{text.strip()}' moves a date by hours or minutes", hint)
    if base == "now" and unit == "":
        hint = f"now{op}{count}h (hours), now{op}{count}m (minutes) or now{op}{count}d (days)"
        raise RelativeMomentError(f"'{text.strip()}' needs a unit", hint)
    duration = Call(_UNITS[unit or "d"], (IntLit(int(count), span),), span, span)
    return Binary(op, Call(base, (), span, span), duration, span, span)
