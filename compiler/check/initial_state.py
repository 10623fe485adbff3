"""Rules that no new row can keep: a new row starts in its lifecycles' initial states, and no
other row refers to it yet, so a rule that is false there, whatever the other fields hold,
refuses every create.

The rule is evaluated with three-valued logic over what is known of a new row — its
lifecycle fields, the read-only fields nothing sets (empty), and that
`count(X where ref == self …)` is 0 — and anything else unknown; only a rule that is
certainly false is reported. Examples: `status != "draft"` on an entity whose lifecycle
starts at `draft`; `count(Item where site == self) >= 3` on a Site; `link is set` where
`link` is read-only without a default.
"""

from __future__ import annotations

from compiler.ir.expr import (
    Aggregate,
    Binary,
    BoolLit,
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


def truth_on_create(
    expr: Expr, known: dict[str, str], empty: frozenset[str] = frozenset()
) -> Truth:
    """Whether `expr` holds on every new row (True), on none (False), or depends (None).

    `known`: fields with the value every new row has; `empty`: fields every new row leaves
    empty (only a null test can tell: a comparison with an empty value is unknown)."""
    match expr:
        case BoolLit(value=value):
            return value
        case Unary(op="not", operand=operand):
            inner = truth_on_create(operand, known, empty)
            return None if inner is None else not inner
        case Binary(op="and", left=left, right=right):
            return _and(truth_on_create(left, known, empty), truth_on_create(right, known, empty))
        case Binary(op="or", left=left, right=right):
            return _or(truth_on_create(left, known, empty), truth_on_create(right, known, empty))
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
