"""E611: a rule that is false in a lifecycle's initial state, or with no row referring to the
new one, whatever else a new row holds, refuses every create (found by the spec fuzzer: the
gate failed a spec no app could serve)."""

from __future__ import annotations

import pytest

from compiler.check.initial_state import truth_on_create
from compiler.diagnostics import Diagnostics
from compiler.ir.span import Span
from compiler.parse.expr_parser import parse_expression

KNOWN = {"status": "draft"}


def _truth(text: str) -> bool | None:
    diags = Diagnostics()
    expr = parse_expression(text, Span.point(1, 1), diags)
    assert expr is not None, diags
    return truth_on_create(expr, KNOWN)


@pytest.mark.parametrize(
    ("text", "truth"),
    [
        ('status != "draft"', False),
        ('status == "sent"', False),
        ('status in ("sent", "archived")', False),
        ('not (status == "draft")', False),
        ('status != "draft" and title != ""', False),
        # No row can refer to a row before it is created: such counts are 0.
        ("count(Item where site == self) >= 3", False),
        ("count(Item where self == site and n > 1) > 0", False),
        ("count(Item where site == self) <= 5", True),
        ("count(Item where site == self) == 0", True),
        # Depends on what else the row holds, or holds: never reported.
        ('status == "draft" or title != ""', True),
        ('status != "draft" or title != ""', None),
        ('status not in ("sent")', True),
        ("title != status", None),
        ("n > 3", None),
        ("count(Item where site != self) >= 3", None),
        ("count(Item where site == self or n > 1) >= 3", None),
        ("count(Item where opened_by == self.opened_by) >= 1", None),
    ],
)
def test_truth_on_create(text: str, truth: bool | None) -> None:
    assert _truth(text) is truth
