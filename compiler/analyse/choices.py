"""Which rows a reference field may point to, as a condition on the referenced rows.

`only where `product.active`` is written in the scope of the row being saved;
for a picker the same condition is needed over the candidate rows, so paths that
start with the field itself are re-rooted at the candidate (`active` on Product).
A condition that also reads the row being saved cannot be known before the form
is filled in; then the picker offers every readable row and the write check
decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.expr import (
    Aggregate,
    Binary,
    Call,
    Expr,
    In,
    IsNull,
    IsOwn,
    Path,
    StringLit,
    Unary,
)
from compiler.ir.model import Entity, OnlyWhere, Spec
from compiler.ir.types import USER_ENTITY, RefType
from compiler.translate.sql import SqlCompiler


@dataclass(frozen=True, slots=True)
class ChoiceView:
    field: str
    """The field name (the access function is `<field>_choices`)."""
    target: str
    condition: str
    """SQLAlchemy source over the target model class (or `User`)."""
    prelude: tuple[str, ...]
    entities: tuple[str, ...]


def choice_views(spec: Spec, entity: Entity) -> tuple[ChoiceView, ...]:
    views = []
    for field in entity.fields:
        rule = field.rule(OnlyWhere)
        if not isinstance(rule, OnlyWhere) or not isinstance(field.type, RefType):
            continue
        view = _choice(spec, field.name, field.type.entity, rule.expr)
        if view is not None:
            views.append(view)
    return tuple(views)


def _choice(spec: Spec, field: str, target: str, expr: Expr) -> ChoiceView | None:
    if target == USER_ENTITY:
        roles = _role_filter(field, expr)
        if roles is None:
            return None
        return ChoiceView(field, target, f"User.role.in_({list(roles)!r})", (), ())
    rerooted = _reroot(field, expr)
    entity = spec.entity(target)
    if rerooted is None or entity is None:
        return None
    compiled = SqlCompiler(spec, entity).compile(rerooted)
    return ChoiceView(
        field,
        target,
        compiled.source,
        tuple(compiled.prelude),
        tuple(sorted(compiled.entities - {target})),
    )


def _role_filter(field: str, expr: Expr) -> tuple[str, ...] | None:
    """`assignee.role == "agent"` / `assignee.role in (…)` → the roles."""
    match expr:
        case Binary(op="==", left=Path(parts=(name, "role")), right=StringLit(value=role)):
            return (role,) if name == field else None
        case In(value=Path(parts=(name, "role")), options=options, negated=False):
            roles = tuple(o.value for o in options if isinstance(o, StringLit))
            return roles if name == field and len(roles) == len(options) else None
    return None


def _reroot(field: str, expr: Expr) -> Expr | None:
    """The condition with `field.x` read as `x` of the candidate; None if it reads more."""
    match expr:
        case Path(parts=(head, *rest)) if head == field and rest:
            return Path(tuple(rest), expr.span, expr.part_spans[1:])
        case Path(parts=(head, *_)) if head == "current_user":
            return expr
        case Path():
            return None
        case Unary(operand=operand):
            inner = _reroot(field, operand)
            return None if inner is None else Unary(expr.op, inner, expr.span)
        case Binary(left=left, right=right):
            sides = _reroot(field, left), _reroot(field, right)
            if sides[0] is None or sides[1] is None:
                return None
            return Binary(expr.op, sides[0], sides[1], expr.span, expr.op_span)
        case In(value=value, options=options):
            parts = [_reroot(field, value), *(_reroot(field, o) for o in options)]
            if any(p is None for p in parts):
                return None
            return In(parts[0], tuple(parts[1:]), expr.negated, expr.span)  # type: ignore[arg-type]
        case IsNull(value=value):
            inner = _reroot(field, value)
            return None if inner is None else IsNull(inner, expr.negated, expr.span)
        case IsOwn() | Aggregate() | Call():
            return None
    return expr
