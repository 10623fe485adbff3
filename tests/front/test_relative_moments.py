"""Example values relative to when the test runs: `today+3`, `now-2h` (section 12)."""

from __future__ import annotations

import pytest

from compiler.ir.examples import FieldValue
from compiler.ir.expr import Binary, Call, IntLit
from tests.front.helpers import S, analyse, spec_text
from tests.front.test_examples import FIELDS, RULES, steps


def moment(base: str, op: str, unit: str, count: int) -> Binary:
    return Binary(op, Call(base, (), S, S), Call(unit, (IntLit(count, S),), S, S), S, S)


@pytest.mark.parametrize(
    ("assignment", "value"),
    [
        ("day=today+3", moment("today", "+", "days", 3)),
        ("day=today-1", moment("today", "-", "days", 1)),
        ("day=today+2d", moment("today", "+", "days", 2)),
        ("at=now+2h", moment("now", "+", "hours", 2)),
        ("at=now-30m", moment("now", "-", "minutes", 30)),
        ("at=now+1d", moment("now", "+", "days", 1)),
        ("at=today+1", moment("today", "+", "days", 1)),
        ("day=today", Call("today", (), S, S)),
    ],
)
def test_relative_values(assignment: str, value: object) -> None:
    found = steps("given member ann", f"given Thing T1 {assignment}")[1]
    assert found.values == (FieldValue(assignment.split("=", 1)[0], value, S),)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("assignment", "message", "hint"),
    [
        ("day=today+2h", "'today+2h' moves a date by hours or minutes", "today+2"),
        ("at=now+3", "'now+3' needs a unit", "now+3h (hours)"),
        ("day=today+x", "invalid amount 'x' after 'today+'", "today+3 (days)"),
        ("day=today+", "invalid amount '' after 'today+'", "now-30m"),
        ("day=now+2h", "'day' is a date: it moves by whole days", "today+3"),
        ("n=today+1", "'n' is not a date or a datetime", "an int value"),
    ],
)
def test_bad_relative_values_are_e321(assignment: str, message: str, hint: str) -> None:
    lines = ("A worked example", f"given Thing T1 {assignment}", "as admin", "read T1", "expect ok")
    block = "```example\n" + "\n".join(lines) + "\n```\n"
    result = analyse(spec_text(FIELDS, sections=RULES + "### Examples\n\n" + block))
    (found,) = [d for d in result.diagnostics if d.code.id == "E321"]
    assert found.message == message
    assert hint in (found.hint or "")
    assert found.span.col == len("given Thing T1 ") + assignment.index("=") + 2
