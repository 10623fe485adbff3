"""Diagnostic codes of expressions (E301–E321: syntax, names, types; conditionals, scalar
`max`/`min`, text functions, date parts and durations), registered with all others and
re-exported by `compiler.diagnostics.codes`."""

from compiler.diagnostics.registry import define

EXPR_SYNTAX = define("E301", "invalid expression", "The expression does not parse.")
UNTERMINATED_STRING = define(
    "E302", "unterminated string", "A string literal has no closing quote."
)
UNKNOWN_FUNCTION = define(
    "E303", "unknown function", "The expression calls a function the language does not define."
)
WRONG_ARITY = define(
    "E304", "wrong number of arguments", "A function got too many or too few arguments."
)
UNKNOWN_NAME = define(
    "E305", "unknown name", "A name in an expression is not a field, `self` or `current_user`."
)
TYPE_MISMATCH = define(
    "E306", "type mismatch", "An operator or function is applied to values of the wrong type."
)
NOT_BOOLEAN = define(
    "E307",
    "condition is not boolean",
    "A rule, filter or condition must be a true/false expression.",
)
UNKNOWN_ENTITY_IN_EXPR = define(
    "E308", "unknown entity in aggregate", "An aggregate names an entity the spec does not declare."
)
NOT_ENUM_VALUE = define(
    "E309",
    "not a value of the enumeration",
    "A string compared with an enumeration field is not one of its values.",
)
BAD_ASSIGNMENT = define(
    "E310",
    "invalid assignment",
    "An effect must have the form `field = expression`, or `ref.field = expression` for a "
    "field of the row a reference points to (one hop).",
)
SINGLE_EQUALS = define(
    "E311", "`=` used as comparison", "Expressions compare with `==`; `=` only assigns in effects."
)
NO_OWNER_FOR_OWN = define(
    "E312",
    "`is own` on an entity without an owner",
    "`x is own` needs x's entity to have an owner field (a User field set to the current user).",
)
COMPUTED_TYPE = define(
    "E313",
    "computed value does not match the field's type",
    "The expression of `computed:` has a type that cannot be stored in the field.",
)
CYCLIC_COMPUTED = define(
    "E314", "cyclic computed fields", "Computed fields depend on each other in a cycle."
)
NOT_IN_CONTEXT = define(
    "E315",
    "name not available here",
    "For instance `self` in an example's `expect`, or a per-viewer computed field (one that "
    "reads `current_user`) in a rule, an Access condition, `only where`, a guard, an effect, "
    "an aggregate or another entity's computed field: its value depends on who reads.",
)

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
