"""Diagnostic codes of conditionals, scalar `max`/`min`, text functions, date parts and
durations (E316–E321), registered with all others and re-exported by
`compiler.diagnostics.codes`."""

from compiler.diagnostics.registry import define

BRANCH_TYPES_DIFFER = define(
    "E316",
    "branches of `if` have different types",
    "`if c then a else b` gives a or b, so both must have one type (numbers mix: an int and a "
    "decimal give a decimal; `null` fits either).",
)
SCALAR_EXTREME_TYPES = define(
    "E317",
    "values of `max`/`min` cannot be compared",
    "`max(a, b, …)` and `min(a, b, …)` need values of one orderable type: numbers, texts, "
    "dates, datetimes or durations (a date and a datetime do not mix here).",
)
DATE_PLUS_TIME = define(
    "E318",
    "a date moved by hours or minutes",
    "A date moves by whole days only: `day + days(n)`. Hours and minutes move a datetime.",
)
BAD_DURATION_ARITHMETIC = define(
    "E319",
    "invalid arithmetic with a duration or datetime",
    "Durations add to and subtract from datetimes and durations; a datetime minus a datetime is "
    "a duration. A duration is not a number: compare it with another duration (`hours(1)`).",
)
DURATION_NOT_STORED = define(
    "E320",
    "a duration cannot be stored",
    "Durations are values of expressions, not a field type: compare them, or add them to a "
    "datetime, but a computed field or an effect cannot hold one.",
)
BAD_RELATIVE_DATE = define(
    "E321",
    "invalid relative date in an example",
    "An example value `today+N`, `today-N` (days) or `now+Nh`, `now-Nm` (hours, minutes, "
    "days with `d`) is computed when the test runs; N is a whole number.",
)
