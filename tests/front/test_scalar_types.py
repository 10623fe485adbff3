"""Types of `if`, scalar `max`/`min`, the text functions, date parts and durations, and the
located diagnostics for their misuse (E304, E306, E307, E316–E320)."""

from __future__ import annotations

import pytest

from compiler.check.expr_types import ExprTyper, Scope
from compiler.diagnostics import Diagnostics
from compiler.ir.span import Span
from compiler.parse.expr_parser import parse_expression
from tests.translate.agreement.schema import analysed_spec

SPEC = analysed_spec()
ITEM = SPEC.entity("Item")


def typed(source: str) -> tuple[str, list[tuple[str, int, str]]]:
    """The type of `source` over Item, and the diagnostics (code, column, message)."""
    diags = Diagnostics()
    expr = parse_expression(source, Span.point(1, 1), diags)
    assert expr is not None, [d.message for d in diags]
    found = ExprTyper(SPEC, diags).type_of(expr, Scope(ITEM, ITEM))
    return found.describe(), [(d.code.id, d.span.col, d.message) for d in diags]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("if flag then qty else extra", "int?"),
        ("if flag then qty else price", "decimal"),
        ("if flag then null else name", "text?"),
        ('if flag then status else "other"', "text"),
        ("max(qty, 2)", "int"),
        ("min(qty, price, 1)", "decimal"),
        ("max(made_on, today())", "date"),
        ("max(extra, 1)", "int?"),
        ('concat(name, "-", note)', "text?"),
        ('contains(name, "a")', "bool"),
        ("slug(note)", "text?"),
        ("weekday(created_at)", "int"),
        ("year(due)", "int?"),
        ("hours(qty)", "duration"),
        ("now() - created_at", "duration"),
        ("created_at + minutes(5)", "datetime"),
        ("made_on - days(1)", "date"),
        ("days(1) + made_on", "date"),
        ("now() - created_at > hours(1)", "bool"),
        ("max(hours(1), now() - created_at)", "duration"),
    ],
)
def test_types(source: str, expected: str) -> None:
    assert typed(source) == (expected, [])


@pytest.mark.parametrize(
    ("source", "code", "col", "message"),
    [
        ("if qty then 1 else 2", "E307", 4, "the condition of `if` needs a condition, got int"),
        ('if flag then 1 else "a"', "E316", 21, "`if` gives int in one branch and text in"),
        ('max(qty, "a")', "E317", 10, "max() of int and text"),
        ("max(made_on, created_at)", "E317", 14, "max() of date and datetime"),
        ("max(flag, true)", "E317", 1, "max() of bool?: it has no order"),
        ("concat(name)", "E304", 1, "concat() takes 2 or more arguments, got 1"),
        ("concat(name, qty)", "E306", 14, "concat() needs text, got int"),
        ("year(name)", "E306", 6, "year() needs a date, got text"),
        ('hours("2")', "E306", 7, "hours needs a number, got text"),
        ("made_on + hours(1)", "E318", 9, "a date moves only by whole days"),
        ("made_on + days(1) + hours(1)", "E318", 19, "a date moves only by whole days"),
        ("hours(1) * 2", "E319", 10, "cannot apply `*` to duration and int"),
        ("created_at + created_at", "E319", 12, "cannot add two datetimes"),
        ("hours(1) + 1", "E319", 10, "cannot apply `+` to duration and int"),
        ("hours(1) > 1", "E306", 10, "cannot apply `>` to duration and int"),
    ],
)
def test_misuse_is_located(source: str, code: str, col: int, message: str) -> None:
    _, found = typed(source)
    assert len(found) == 1, found
    assert found[0][:2] == (code, col) and found[0][2].startswith(message), found
