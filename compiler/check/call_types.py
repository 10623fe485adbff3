"""Type checking of function calls: each function's arity and the types of its arguments.

`CallTyping` is the part of `expr_types.ExprTyper` that types `Call` nodes; it
uses the typer's `type_of` and its argument checks (`_numeric`, `_text`,
`_time`, `_error`).
"""

from __future__ import annotations

from compiler.check.scope import Scope
from compiler.check.value_types import DATE, DATETIME, DECIMAL, INT, UNKNOWN, VType, comparable
from compiler.diagnostics import codes
from compiler.ir.expr import Call
from compiler.lower.names import did_you_mean

FUNCTIONS = {
    "now": 0,
    "today": 0,
    "days_between": 2,
    "add_days": 2,
    "len": 1,
    "lower": 1,
    "upper": 1,
    "abs": 1,
    "round": 2,
    "coalesce": 2,
}
"""Every function of the expression language, with its number of arguments."""


class CallTyping:
    """Function calls, typed for `ExprTyper` (which inherits this)."""

    def _call(self, call: Call, scope: Scope) -> VType:
        if call.func not in FUNCTIONS:
            hint = did_you_mean(call.func, FUNCTIONS) or "functions: " + ", ".join(FUNCTIONS)
            self._error(
                codes.UNKNOWN_FUNCTION, call.func_span, f"unknown function '{call.func}'", hint
            )
            return UNKNOWN
        if len(call.args) != FUNCTIONS[call.func]:
            expected = FUNCTIONS[call.func]
            self._error(
                codes.WRONG_ARITY,
                call.span,
                f"{call.func}() takes {expected} argument{'s' if expected != 1 else ''}, "
                f"got {len(call.args)}",
            )
            return UNKNOWN
        args = [self.type_of(arg, scope) for arg in call.args]
        return self._call_result(call, args)

    def _call_result(self, call: Call, args: list[VType]) -> VType:
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
            case "lower" | "upper":
                return self._text(call.args[0], args[0], call.func)
            case "abs":
                return self._numeric(call.args[0], args[0], "abs")
            case "round":
                self._numeric(call.args[1], args[1], "round")
                self._numeric(call.args[0], args[0], "round")
                return DECIMAL
        first, second = args
        if not comparable(first, second):
            self._error(
                codes.TYPE_MISMATCH,
                call.span,
                f"coalesce of {first.describe()} and {second.describe()}",
            )
        return first if second.nullable else first.required()
