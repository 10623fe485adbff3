"""Type checking of function calls: each function's arity and the types of its arguments.

`CallTyping` is the part of `expr_types.ExprTyper` that types `Call` nodes; it
uses the typer's `type_of` and its argument checks (`_numeric`, `_text`,
`_time`, `_error`).
"""

from __future__ import annotations

from compiler.check.scope import Scope
from compiler.check.value_types import (
    DATE,
    DATETIME,
    DECIMAL,
    DURATION,
    INT,
    ORDERED,
    UNKNOWN,
    VType,
    common,
    comparable,
)
from compiler.diagnostics import codes
from compiler.ir.expr import Call
from compiler.lower.names import did_you_mean

MANY = None
"""The upper bound of a function taking any number of arguments (from its lower bound on)."""

FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "now": (0, 0),
    "today": (0, 0),
    "days_between": (2, 2),
    "add_days": (2, 2),
    "len": (1, 1),
    "lower": (1, 1),
    "upper": (1, 1),
    "abs": (1, 1),
    "round": (2, 2),
    "coalesce": (2, 2),
    "max": (2, MANY),
    "min": (2, MANY),
    "concat": (2, MANY),
    "contains": (2, 2),
    "starts_with": (2, 2),
    "ends_with": (2, 2),
    "slug": (1, 1),
    "year": (1, 1),
    "month": (1, 1),
    "day": (1, 1),
    "weekday": (1, 1),
    "hours": (1, 1),
    "minutes": (1, 1),
    "days": (1, 1),
}
"""Every function of the expression language, with its least and most number of arguments
(`max` and `min` of one argument are the aggregates: `max(Entity.field)`)."""

DATE_PARTS = frozenset({"year", "month", "day", "weekday"})
DURATIONS = frozenset({"hours", "minutes", "days"})
TEXT_TESTS = frozenset({"contains", "starts_with", "ends_with"})


def _arity(func: str) -> str:
    least, most = FUNCTIONS[func]
    plural = "s" if least != 1 else ""
    if most is MANY:
        return f"{least} or more arguments"
    return f"{least} argument{plural}"


class CallTyping:
    """Function calls, typed for `ExprTyper` (which inherits this)."""

    def _call(self, call: Call, scope: Scope) -> VType:
        if call.func not in FUNCTIONS:
            hint = did_you_mean(call.func, FUNCTIONS) or "functions: " + ", ".join(FUNCTIONS)
            self._error(
                codes.UNKNOWN_FUNCTION, call.func_span, f"unknown function '{call.func}'", hint
            )
            return UNKNOWN
        least, most = FUNCTIONS[call.func]
        if len(call.args) < least or (most is not MANY and len(call.args) > most):
            self._error(
                codes.WRONG_ARITY,
                call.span,
                f"{call.func}() takes {_arity(call.func)}, got {len(call.args)}",
            )
            return UNKNOWN
        args = [self.type_of(arg, scope) for arg in call.args]
        return self._call_result(call, args)

    def _call_result(self, call: Call, args: list[VType]) -> VType:
        nullable = any(arg.nullable for arg in args)
        match call.func:
            case "now":
                return DATETIME
            case "today":
                return DATE
            case "days_between":
                for arg, arg_type in zip(call.args, args, strict=True):
                    self._time(arg, arg_type, "days_between")
                return INT
            case "add_days":
                self._numeric(call.args[1], args[1], "add_days")
                return self._time(call.args[0], args[0], "add_days")
            case "len":
                self._text(call.args[0], args[0], "len")
                return INT
            case "lower" | "upper" | "slug":
                return self._text(call.args[0], args[0], call.func)
            case "abs":
                return self._numeric(call.args[0], args[0], "abs")
            case "round":
                self._numeric(call.args[1], args[1], "round")
                self._numeric(call.args[0], args[0], "round")
                return DECIMAL
            case "max" | "min":
                return self._extreme(call, args)
            case "concat":
                for arg, arg_type in zip(call.args, args, strict=True):
                    self._text(arg, arg_type, "concat")
                return VType("text", nullable=nullable)
            case func if func in TEXT_TESTS:
                for arg, arg_type in zip(call.args, args, strict=True):
                    self._text(arg, arg_type, func)
                return VType("bool", nullable=nullable)
            case func if func in DATE_PARTS:
                self._time(call.args[0], args[0], func)
                return VType("int", nullable=nullable)
            case func if func in DURATIONS:
                self._numeric(call.args[0], args[0], func)
                return VType(DURATION.kind, nullable=nullable)
        return self._coalesce(call, args)

    def _extreme(self, call: Call, args: list[VType]) -> VType:
        """Scalar `max(a, b, …)` / `min(a, b, …)`: one orderable type for every argument."""
        found = args[0]
        for arg, arg_type in zip(call.args[1:], args[1:], strict=True):
            joined = common(found, arg_type)
            if joined is None:
                message = (
                    f"{call.func}() of {found.describe()} and {arg_type.describe()}: "
                    "they cannot be compared"
                )
                hint = "give every argument the same type"
                if {found.kind, arg_type.kind} == {"date", "datetime"}:
                    hint = "a date and a datetime do not mix here: compare them with `<` instead"
                self._error(codes.SCALAR_EXTREME_TYPES, arg.span, message, hint)
                return UNKNOWN
            found = joined
        if found.kind not in ORDERED and found.kind not in ("unknown", "null"):
            message = f"{call.func}() of {found.describe()}: it has no order"
            hint = "max and min compare numbers, texts, dates, datetimes and durations"
            self._error(codes.SCALAR_EXTREME_TYPES, call.span, message, hint)
            return UNKNOWN
        return found

    def _coalesce(self, call: Call, args: list[VType]) -> VType:
        first, second = args
        if not comparable(first, second):
            self._error(
                codes.TYPE_MISMATCH,
                call.span,
                f"coalesce of {first.describe()} and {second.describe()}",
            )
        return first if second.nullable else first.required()
