"""The types of arithmetic on datetimes, dates and durations.

`datetime ± duration` is a datetime, `date ± days(n)` a date, `datetime − datetime` a
duration and `duration ± duration` a duration. `time_arithmetic` answers for one `+`/`-`
whose operands involve a duration or two datetimes; anything else it leaves to numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.check.value_types import VType
from compiler.diagnostics import codes
from compiler.diagnostics.registry import Code
from compiler.ir.expr import Call, Expr


@dataclass(frozen=True, slots=True)
class TimeProblem:
    """Why the operation is refused, for a diagnostic at its operator."""

    code: Code
    message: str
    hint: str


def _whole_days(expr: Expr) -> bool:
    """Whether the duration is written `days(n)`, which a date can move by."""
    return isinstance(expr, Call) and expr.func == "days"


def time_arithmetic(
    op: str, left_expr: Expr, left: VType, right_expr: Expr, right: VType
) -> VType | TimeProblem | None:
    """The type of `left op right`, a refusal, or None when no duration or datetime
    difference is involved (the operation is then numeric or textual)."""
    kinds = (left.kind, right.kind)
    nullable = left.nullable or right.nullable
    if "duration" not in kinds and kinds != ("datetime", "datetime"):
        return None
    if op not in ("+", "-"):
        return TimeProblem(
            codes.BAD_DURATION_ARITHMETIC,
            f"cannot apply `{op}` to {left.describe()} and {right.describe()}",
            "durations only add and subtract: `hours(2) + minutes(30)`",
        )
    if kinds == ("datetime", "datetime"):
        if op == "-":
            return VType("duration", nullable=nullable)
        return TimeProblem(
            codes.BAD_DURATION_ARITHMETIC,
            "cannot add two datetimes",
            "subtract them for the duration between them, or add a duration: `t + hours(1)`",
        )
    if kinds == ("duration", "duration"):
        return VType("duration", nullable=nullable)
    if kinds == ("datetime", "duration") or (kinds == ("duration", "datetime") and op == "+"):
        return VType("datetime", nullable=nullable)
    if kinds == ("date", "duration") or (kinds == ("duration", "date") and op == "+"):
        if _whole_days(right_expr if left.kind == "date" else left_expr):
            return VType("date", nullable=nullable)
        return TimeProblem(
            codes.DATE_PLUS_TIME,
            "a date moves only by whole days, `days(n)`",
            "write `day + days(n)`; hours and minutes move a datetime",
        )
    other = left if right.kind == "duration" else right
    return TimeProblem(
        codes.BAD_DURATION_ARITHMETIC,
        f"cannot apply `{op}` to {left.describe()} and {right.describe()}",
        "a duration adds to a datetime or a duration, never to "
        f"{other.describe()}: compare durations with durations (`… > hours(1)`)",
    )
