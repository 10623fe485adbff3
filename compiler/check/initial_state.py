"""Rules that no new row can keep: a new row starts in its lifecycles' initial states, and no
other row refers to it yet, so a rule that is false there, whatever the other fields hold,
refuses every create.

The rule is evaluated with three-valued logic over what is known of a new row — its
lifecycle fields, the read-only fields nothing sets (empty), the fields set to the moment
of the create (`set to now on create`, `created_at`), and that
`count(X where ref == self …)` is 0 — and anything else unknown; only a rule that is
certainly false is reported. Examples: `status != "draft"` on an entity whose lifecycle
starts at `draft`; `count(Item where site == self) >= 3` on a Site; `link is set` where
`link` is read-only without a default; `add_days(moment, 3) < now()` where `moment` is set
to now on create.

Times are compared as ranges of seconds from the create's `now()`: a moment set on create
is a few microseconds from the rule's `now()`, and calendar days (`days_between`) depend
on the time of day and daylight saving, so only a comparison whose two sides are apart
by more than that slack is decided.
"""

from __future__ import annotations

from compiler.ir.expr import (
    Aggregate,
    Binary,
    BoolLit,
    Call,
    Expr,
    In,
    IntLit,
    IsNull,
    Path,
    StringLit,
    Unary,
)
from compiler.ir.model import Computed, Default, Entity, LifecycleOnly, ReadOnly, SetAutomatically

Truth = bool | None
"""True, False, or None: unknown."""
Known = str | int | None
"""A value known on every new row (a state, a number), or None: unknown."""
_ORDER = {"<": int.__lt__, "<=": int.__le__, ">": int.__gt__, ">=": int.__ge__}
_DAY, _HOUR = 86400, 3600
_UNIT = {"days": _DAY, "hours": _HOUR, "minutes": 60}
Range = tuple[str, float, float]
"""A time value on a new row: its kind ("moment": seconds from the create's `now()`,
"duration": seconds, "days": a whole number of calendar days) and its lowest and highest
value."""


def initial_states(entity: Entity) -> dict[str, str]:
    """Each lifecycle field of `entity` and the state a new row gets."""
    return {lc.field: lc.initial for lc in entity.lifecycles if lc.initial is not None}


def empty_on_create(entity: Entity) -> frozenset[str]:
    """The fields of `entity` that every new row leaves empty: read-only, and nothing (a
    default, `set to`, a lifecycle, a computation) gives them a value on create."""
    setters = (Default, SetAutomatically, Computed, LifecycleOnly)
    lifecycle_fields = {lc.field for lc in entity.lifecycles}
    return frozenset(
        field.name
        for field in entity.fields
        if field.has(ReadOnly)
        and not any(field.has(kind) for kind in setters)
        and field.name not in lifecycle_fields
    )


def now_on_create(entity: Entity) -> frozenset[str]:
    """The fields of `entity` every new row sets to the moment of the create: those `set to
    now on create`, and the built-in `created_at`."""
    return frozenset(
        {"created_at"}
        | {
            field.name
            for field in entity.fields
            for rule in field.rules
            if isinstance(rule, SetAutomatically) and rule.value == "now" and rule.on == "create"
        }
    )


def truth_on_create(
    expr: Expr,
    known: dict[str, str],
    empty: frozenset[str] = frozenset(),
    now: frozenset[str] = frozenset(),
) -> Truth:
    """Whether `expr` holds on every new row (True), on none (False), or depends (None).

    `known`: fields with the value every new row has; `empty`: fields every new row leaves
    empty (only a null test can tell: a comparison with an empty value is unknown); `now`:
    fields every new row sets to the moment of the create."""

    def truth(e: Expr) -> Truth:
        return truth_on_create(e, known, empty, now)

    if (timed := _time_comparison(expr, now)) is not None:
        return timed
    match expr:
        case BoolLit(value=value):
            return value
        case Unary(op="not", operand=operand):
            inner = truth(operand)
            return None if inner is None else not inner
        case Binary(op="and", left=left, right=right):
            return _and(truth(left), truth(right))
        case Binary(op="or", left=left, right=right):
            return _or(truth(left), truth(right))
        case IsNull(value=Path(parts=(name,)) | Path(parts=("self", name)), negated=negated):
            return (not negated) if name in empty else None
        case Binary(op="==" | "!=" as op, left=left, right=right):
            a, b = _value(left, known), _value(right, known)
            if a is None or b is None:
                return None
            return (a == b) == (op == "==")
        case Binary(op="<" | "<=" | ">" | ">=" as op, left=left, right=right):
            a, b = _value(left, known), _value(right, known)
            if not isinstance(a, int) or not isinstance(b, int):
                return None
            return _ORDER[op](a, b)
        case In(value=value, options=options, negated=negated):
            found = _value(value, known)
            listed = [_value(option, known) for option in options]
            if found is None or None in listed:
                return None
            return (found in listed) != negated
    return None


def _time_comparison(expr: Expr, now: frozenset[str]) -> Truth:
    """A comparison of times that `now()` and the `now` fields decide, else None."""
    match expr:
        case Binary(op="==" | "!=" | "<" | "<=" | ">" | ">=" as op, left=left, right=right):
            a, b = _range(left, now), _range(right, now)
            if a is not None and b is not None:
                return _compare_ranges(op, a, b)
    return None


def _range(expr: Expr, now: frozenset[str]) -> Range | None:
    """What a time expression holds on a new row, when `now` fields and `now()` decide it."""
    match expr:
        case Call(func="now", args=()):
            return ("moment", 0, 0)
        case Path(parts=(name,)) | Path(parts=("self", name)) if name in now:
            return ("moment", 0, 0)
        case Call(func="days" | "hours" | "minutes" as unit, args=(count,)):
            n = _int(count)
            return None if n is None else ("duration", n * _UNIT[unit], n * _UNIT[unit])
        case Call(func="add_days", args=(moment, count)):
            return _shift(_range(moment, now), "+", ("duration", 1, 1), _int(count), _DAY)
        case Binary(op="+" | "-" as op, left=left, right=right):
            return _shift(_range(left, now), op, _range(right, now), 1, 1)
        case Call(func="days_between", args=(start, end)):
            a, b = _range(start, now), _range(end, now)
            if a is None or b is None or a[0] != "moment" or b[0] != "moment":
                return None
            low, high = b[1] - a[2] - _HOUR, b[2] - a[1] + _HOUR  # daylight saving
            return ("days", low // _DAY, -(-high // _DAY))
    if (n := _int(expr)) is not None:
        return ("days", n, n)  # a plain number, compared with `days_between`
    return None


def _shift(
    base: Range | None, op: str, by: Range | None, times: int | None, unit: int
) -> Range | None:
    """`base + by` or `base - by` (`by` scaled by `times` × `unit`): a moment moved by a
    duration, or the duration between two moments."""
    if base is None or by is None or times is None:
        return None
    low, high = by[1] * times * unit, by[2] * times * unit
    if base[0] == "moment" and by[0] == "duration":
        if op == "+":
            return ("moment", base[1] + low, base[2] + high)
        return ("moment", base[1] - high, base[2] - low)
    if base[0] == "moment" and by[0] == "moment" and op == "-":
        return ("duration", base[1] - high, base[2] - low)
    return None


def _compare_ranges(op: str, a: Range, b: Range) -> Truth:
    """`a op b` when the ranges are of one kind and apart; a zero gap is unknown (the
    microseconds between the create and the rule's `now()`)."""
    if a[0] != b[0]:
        return None
    if a[1] - b[2] > 0:
        above = True
    elif a[2] - b[1] < 0:
        above = False
    else:
        return None
    return {"<": not above, "<=": not above, ">": above, ">=": above, "==": False, "!=": True}[op]


def _int(expr: Expr) -> int | None:
    match expr:
        case IntLit(value=value):
            return value
        case Unary(op="-", operand=IntLit(value=value)):
            return -value
    return None


def _value(expr: Expr, known: dict[str, str]) -> Known:
    match expr:
        case StringLit(value=value) | IntLit(value=value):
            return value
        case Path(parts=(name,)):
            return known.get(name)
        case Aggregate(func="count", where=where) if where is not None and _refers_to_self(where):
            return 0  # rows that refer to a row not yet created: none
    return None


def _refers_to_self(where: Expr) -> bool:
    """Whether `where` requires the counted row to refer to `self` (a conjunct `ref == self`)."""
    match where:
        case Binary(op="and", left=left, right=right):
            return _refers_to_self(left) or _refers_to_self(right)
        case Binary(op="==", left=Path(parts=(_,)), right=Path(parts=("self",))):
            return True
        case Binary(op="==", left=Path(parts=("self",)), right=Path(parts=(_,))):
            return True
    return False


def _and(a: Truth, b: Truth) -> Truth:
    if a is False or b is False:
        return False
    return True if a and b else None


def _or(a: Truth, b: Truth) -> Truth:
    if a is True or b is True:
        return True
    return False if a is False and b is False else None
