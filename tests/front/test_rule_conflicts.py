"""E612: two rules that ask opposite things of one field (the fuzzer's seed 5004 had
`label is empty` and `label is set`: every create failed, in every test)."""

from __future__ import annotations

import pytest

from compiler.check.rule_conflicts import contradict
from compiler.diagnostics import Diagnostics
from compiler.ir.span import Span
from compiler.parse.expr_parser import parse_expression
from tests.front.helpers import build_entity

THING = build_entity("| code | text? | |\n| kind | one of: a, b, c | |\n| size | one of: s, m? | |")


def _expr(text: str):
    expr = parse_expression(text, Span.point(1, 1), Diagnostics())
    assert expr is not None
    return expr


@pytest.mark.parametrize(
    ("first", "second", "contradicts"),
    [
        ("code is empty", "code is set", True),
        ("code is null", "not (code is null)", True),
        ('kind == "a"', 'kind == "b"', True),
        ('kind == "a"', 'kind in ("b", "c")', True),
        # can both hold
        ("code is set", "not (code is null)", False),
        ("code is empty", "code is empty", False),
        ('kind == "a"', 'kind in ("a", "c")', False),
        ('size == "s"', 'size == "m"', False),  # optional: an empty size keeps both unknown
        ('kind == "a"', 'code == "x"', False),
        ('kind != "a"', 'kind == "a" or code is set', False),  # not plain statements
    ],
)
def test_contradict(first: str, second: str, contradicts: bool) -> None:
    assert contradict(THING, _expr(first), _expr(second)) is contradicts
