"""Parsing `if … then … else …` and telling scalar `max(a, b)` from the aggregate."""

from __future__ import annotations

import pytest

from compiler.diagnostics.codes import EXPR_SYNTAX
from compiler.ir.expr import Aggregate, Call, Conditional
from compiler.ir.span import Span
from tests.parse.test_expr_parser import error, parse, sexp


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("if a then 1 else 2", "(if a 1 2)"),
        ("if a > 1 and b then x + 1 else y * 2", "(if (and (> a 1) b) (+ x 1) (* y 2))"),
        ("if a then b else if c then d else e", "(if a b (if c d e))"),
        ("if if a then b else c then 1 else 2", "(if (if a b c) 1 2)"),
        ("(if a then 1 else 2) + 3", "(+ (if a 1 2) 3)"),
        ("coalesce(if a then x else null, 0)", "(call coalesce (if a x null) 0)"),
        ("if a then 1 else 2 == 2", "(if a 1 (== 2 2))"),
    ],
)
def test_conditionals(text: str, expected: str) -> None:
    assert sexp(parse(text)) == expected


def test_conditional_span_runs_from_if_to_the_end_of_else() -> None:
    node = parse("if a then 1 else 22")
    assert isinstance(node, Conditional)
    assert node.span == Span(1, 1, 1, 20)
    assert node.otherwise.span == Span(1, 18, 1, 20)


@pytest.mark.parametrize(
    ("text", "col", "message", "hint"),
    [
        ("if a then 1", 11, "expected 'else' after '1'", "then value else other"),
        ("if a else 1", 6, "expected 'then' after 'a'", "then value else other"),
        ("1 + if a then 1 else 2", 5, "unexpected 'if'", "in parentheses"),
        ("not if a then b else c", 5, "unexpected 'if'", "in parentheses"),
        ("a then 1", 3, "unexpected 'then'", "belongs in `if … then … else …`"),
    ],
)
def test_conditional_errors(text: str, col: int, message: str, hint: str) -> None:
    found = error(text)
    assert found.code == EXPR_SYNTAX
    if message:
        assert (found.span.col, found.message) == (col, message)
        assert hint in (found.hint or "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("max(a, b)", "(call max a b)"),
        ("min(a, 1, c.d)", "(call min a 1 c.d)"),
        ("max(coalesce(a, 0), b)", "(call max (call coalesce a 0) b)"),
        ("max(Bid.price)", "(max Bid.price)"),
        ("max(Bid.price where coalesce(x, 1) > max(y, 2))", ""),
    ],
)
def test_scalar_max_has_a_comma_at_its_own_level(text: str, expected: str) -> None:
    node = parse(text)
    if expected:
        assert sexp(node) == expected
    else:  # the aggregate, whose `where` holds a scalar max
        assert isinstance(node, Aggregate) and node.where is not None
        assert isinstance(node.where.right, Call) and node.where.right.func == "max"


def test_max_of_one_value_names_both_forms() -> None:
    found = error("max(price)")
    assert "or `max(a, b)` of two values" in (found.hint or "")
