"""A rule evaluated on a generated row in memory, times relative to the test's run included.

The literal evaluation of `rule_literals` leaves open what it cannot read: functions
(`days_between(day, today())`), arithmetic on times, and values written relative to the
test's run (`date.today()`, `utc_now() + timedelta(minutes=60)`). Here the rule is compiled
to Python (`translate.python`, as the scene search does) and run on the row, those values
taken at one fixed moment; a rule that reads a value not known here, or that fails to run,
stays open. Only the answer "surely false" is used: a test value that breaks a rule this
way is not written as an "accepted" test.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from compiler.ir.expr import Expr
from compiler.ir.model import Entity, Spec
from compiler.testgen.clock import SPEC_CLOCK
from compiler.translate.names import column_name
from compiler.translate.python import PyCompiler, runtime

NOW = SPEC_CLOCK
"""The moment the test runs (the generated conftest sets its clock there); the app's `now()`
is a few minutes later."""
APP_DELAY = timedelta(minutes=5)
EVALUABLE = {"px", "now", "today", "Decimal"}
"""What a compiled rule may need to run here: the runtime helpers and the moment."""
_RELATIVE = re.compile(
    r"(?P<base>date\.today\(\)|utc_now\(\))"
    r"(?:\s*(?P<sign>[+-])\s*timedelta\((?P<unit>days|minutes)=(?P<count>\d+)\))?"
)


class Open(Exception):
    """The rule reads a value not known here."""


class Row:
    """A row's columns as attributes, for compiled rules; a column not given is `Open`."""

    def __init__(self, values: dict[str, object]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> object:
        try:
            return self._values[name]
        except KeyError:
            raise Open(name) from None


def relative_time(source: str) -> date | datetime | None:
    """`date.today() + timedelta(days=3)` or `utc_now() - timedelta(minutes=60)` as a value
    at `NOW`; None for any other source."""
    found = _RELATIVE.fullmatch(source.strip())
    if found is None:
        return None
    base: date | datetime = NOW.date() if found["base"] == "date.today()" else NOW
    if found["count"] is None:
        return base
    offset = timedelta(**{found["unit"]: int(found["count"])})
    return base + offset if found["sign"] == "+" else base - offset


def surely_false(spec: Spec, entity: Entity, expr: Expr, values: dict[str, object]) -> bool:
    """Whether the rule is false on a row of `values` (field name → value; fields not given
    are unknown), run in Python at `NOW`."""
    compiled = PyCompiler(spec, entity).compile(expr)
    if not compiled.needs <= EVALUABLE:
        return False
    columns = {
        column_name(f.name, f.type): values[f.name]
        for f in entity.fields
        if f.name in values and isinstance(values[f.name], str | int | Decimal | date | None)
    }
    scope = {"px": runtime(), "row": Row(columns), "now": NOW + APP_DELAY, "today": NOW.date()}
    try:
        return eval(compiled.source, {"Decimal": Decimal}, scope) is False  # null keeps a rule
    except Exception:
        return False
