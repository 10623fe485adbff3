"""The values of a field bound test: one accepted on the bound, one refused just outside it.

Numbers step by the field's precision, dates by a day, datetimes by a second;
bounds relative to `today` or `now()` move by a day or an hour from the time
the test runs. Each value comes with the label its test id uses.
"""

from __future__ import annotations

from decimal import Decimal

from compiler.ir.model import Field
from compiler.testgen.data.sample_values import (
    Bound,
    day_source,
    kind_of,
    literal_time_source,
    moment_source,
    number_source,
    step,
)


def bound_values(
    field: Field, bound: Bound, inward: int
) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """(accepted value, id label), (refused value, id label) for one bound."""
    kind = kind_of(field)
    if kind in ("int", "decimal", "money") and isinstance(bound.value, Decimal):
        unit = step(field) * inward
        good = bound.value + unit if bound.exclusive else bound.value
        bad = bound.value if bound.exclusive else bound.value - unit
        return (number_source(field, good), _label(good, field)), (
            number_source(field, bad),
            _label(bad, field),
        )
    if kind == "date" and bound.dynamic == "today":
        good, bad = (inward, 0) if bound.exclusive else (0, -inward)
        return (day_source(good), _day_label(good)), (day_source(bad), _day_label(bad))
    if kind == "datetime" and bound.dynamic == "now":
        return (moment_source(60 * inward), _hour_label(inward)), (
            moment_source(-60 * inward),
            _hour_label(-inward),
        )
    if kind in ("date", "datetime") and bound.dynamic is None and isinstance(bound.value, str):
        days = inward if kind == "date" else 0
        seconds = inward if kind == "datetime" else 0
        outside = literal_time_source(field, bound.value, days=-days, seconds=-seconds)
        inside = literal_time_source(field, bound.value, days=days, seconds=seconds)
        on = literal_time_source(field, bound.value)
        moved = "next" if inward == 1 else "previous"
        early = "previous" if inward == 1 else "next"
        if bound.exclusive:
            return (inside, f"{moved}-{_unit(kind)}"), (on, bound.value)
        return (on, bound.value), (outside, f"{early}-{_unit(kind)}")
    return None


def _label(value: Decimal, field: Field) -> str:
    return str(value) if kind_of(field) != "int" else str(int(value))


def _day_label(offset: int) -> str:
    return {0: "today", 1: "tomorrow", -1: "yesterday"}[offset]


def _hour_label(direction: int) -> str:
    return "in-an-hour" if direction > 0 else "an-hour-ago"


def _unit(kind: str) -> str:
    return "day" if kind == "date" else "second"
