"""The SQL of scalar `max`/`min`, the text functions, date parts and durations.

`SqlCalls` is the part of `sql.SqlCompiler` (which inherits it) for these functions and for
`+`/`-` on datetimes and durations. Each compiles to a helper of the generated app's
`app/core/sql.py`, which writes the SQL of each database: both must give what
`python_runtime` gives. A duration is a number of seconds in SQL (a `timedelta` in Python).
"""

from __future__ import annotations

from compiler.ir.expr import Call
from compiler.translate.compiled import Compiled

_SECONDS = {"hours": 3600, "minutes": 60, "days": 86400}
_HELPERS = {
    "max": "greatest",
    "min": "least",
    "concat": "concat_text",
    "contains": "text_contains",
    "starts_with": "text_starts_with",
    "ends_with": "text_ends_with",
    "slug": "text_slug",
}
_DATE_PARTS = frozenset({"year", "month", "day", "weekday"})


class SqlCalls:
    """Scalar functions and time arithmetic, compiled for `SqlCompiler`."""

    _out: Compiled

    def _sql_helper(self, name: str, *args: str) -> str:
        """A call of the `app.core.sql` helper `name`, which the enclosing module imports."""
        self._out.needs.add(name)
        return f"{name}({', '.join(args)})"

    def _scalar_call(self, call: Call, args: list[str], first_kind: str | None) -> str:
        """`call` (one of the functions above) of the compiled `args`; `first_kind` is the
        time kind of its first argument."""
        if call.func in _SECONDS:
            return f"({args[0]} * sa.literal({_SECONDS[call.func]}))"
        if call.func in _DATE_PARTS:
            of_datetime = first_kind == "datetime"
            return self._sql_helper("date_part", repr(call.func), args[0], repr(of_datetime))
        return self._sql_helper(_HELPERS[call.func], *args)

    def _time_arithmetic(
        self,
        op: str,
        kinds: tuple[str | None, str | None],
        left_source: str,
        right_source: str,
    ) -> str:
        """`+`/`-` with a duration (seconds), or a datetime minus a datetime (a date moved by
        days is `SqlCompiler._date_by_days`)."""
        if kinds == ("datetime", "datetime"):
            return self._sql_helper("seconds_between", left_source, right_source)
        if kinds == ("duration", "duration"):
            return f"({left_source} {op} {right_source})"
        moment, seconds = (left_source, right_source)
        if kinds[0] == "duration":
            moment, seconds = right_source, left_source
        if op == "-":
            seconds = f"(-{seconds})"
        return self._sql_helper("shift_datetime", moment, seconds)
