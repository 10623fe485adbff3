"""Rules that no new row can keep: a new row starts in its lifecycles' initial states, so a
rule that is false in those states, whatever the other fields hold, refuses every create.

The rule is evaluated with three-valued logic over what is known of a new row — only its
lifecycle fields — and anything else unknown; only a rule that is certainly false is
reported. Example: `status != "draft"` on an entity whose lifecycle starts at `draft`.
"""

from __future__ import annotations

from compiler.ir.expr import Binary, BoolLit, Expr, In, Path, StringLit, Unary
from compiler.ir.model import Entity

Truth = bool | None
"""True, False, or None: unknown."""


def initial_states(entity: Entity) -> dict[str, str]:
    """Each lifecycle field of `entity` and the state a new row gets."""
    return {lc.field: lc.initial for lc in entity.lifecycles if lc.initial is not None}


def truth_on_create(expr: Expr, known: dict[str, str]) -> Truth:
    """Whether `expr` holds on every new row (True), on none (False), or depends (None)."""
    match expr:
        case BoolLit(value=value):
            return value
        case Unary(op="not", operand=operand):
            inner = truth_on_create(operand, known)
            return None if inner is None else not inner
        case Binary(op="and", left=left, right=right):
            return _and(truth_on_create(left, known), truth_on_create(right, known))
        case Binary(op="or", left=left, right=right):
            return _or(truth_on_create(left, known), truth_on_create(right, known))
        case Binary(op="==" | "!=" as op, left=left, right=right):
            a, b = _value(left, known), _value(right, known)
            if a is None or b is None:
                return None
            return (a == b) == (op == "==")
        case In(value=value, options=options, negated=negated):
            found = _value(value, known)
            listed = [_value(option, known) for option in options]
            if found is None or None in listed:
                return None
            return (found in listed) != negated
    return None


def _value(expr: Expr, known: dict[str, str]) -> str | None:
    if isinstance(expr, StringLit):
        return expr.value
    if isinstance(expr, Path) and len(expr.parts) == 1:
        return known.get(expr.parts[0])
    return None


def _and(a: Truth, b: Truth) -> Truth:
    if a is False or b is False:
        return False
    return True if a and b else None


def _or(a: Truth, b: Truth) -> Truth:
    if a is True or b is True:
        return True
    return False if a is False and b is False else None
