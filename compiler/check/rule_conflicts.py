"""Rules that contradict each other: each can hold, but no row keeps both.

Only rules that are one plain statement about one field of the row are compared —
`x is set`, `x is empty`, `x == <literal>`, `x in (…)`, a required boolean `flag` or
`not flag`, and on an enumeration
`x != <value>` and `x not in (…)` (the values it leaves) — which is
what such mistakes look like (`label is empty` under `label is set`, written as
two separate bullets). Anything richer is left to the generated tests.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.expr import (
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
from compiler.ir.model import Entity, Rule
from compiler.ir.types import EnumType, ScalarType

Value = str | int | bool


@dataclass(frozen=True, slots=True)
class Statement:
    """What a rule says of one field: the values it allows (None: any non-empty value)."""

    field: str
    empty: bool
    """Whether the field may be empty."""
    allowed: frozenset[Value] | None
    """The non-empty values it allows; None for any."""


def check_rule_conflicts(entity: Entity, diags: Diagnostics) -> None:
    seen: list[Rule] = []
    for rule in entity.rules:
        if rule.expr is None:
            continue
        earlier = next((r for r in seen if contradict(entity, r.expr, rule.expr)), None)
        if earlier is not None:
            field = statement_of(entity, rule.expr).field  # type: ignore[union-attr]
            diags.add(
                codes.RULES_CONTRADICT,
                rule.span,
                f"rule '{rule.message}' contradicts rule '{earlier.message}' (line "
                f"{earlier.span.line}) about '{field}': no {entity.name} can keep both",
                hint="remove one of them, or join them into one rule that says when each "
                "applies (`… or …`)",
            )
        seen.append(rule)


def contradict(entity: Entity, first: Expr | None, second: Expr | None) -> bool:
    """Whether two rules of `entity` ask opposite things of one field."""
    a = statement_of(entity, first) if first is not None else None
    b = statement_of(entity, second) if second is not None else None
    return a is not None and b is not None and a.field == b.field and not _compatible(a, b)


def statement_of(entity: Entity, expr: Expr) -> Statement | None:
    """The statement a rule makes of one field, or None when it is not that simple. A
    comparison is one only on a required field: on an empty one its truth is unknown."""
    match expr:
        case Path(parts=(name,)) if _required(entity, name) and _boolean(entity, name):
            return Statement(name, empty=False, allowed=frozenset({True}))
        case Unary(op="not", operand=Path(parts=(name,))) if _required(entity, name) and _boolean(
            entity, name
        ):
            return Statement(name, empty=False, allowed=frozenset({False}))
        case IsNull(value=Path(parts=(name,)), negated=negated):
            return Statement(name, empty=not negated, allowed=frozenset() if not negated else None)
        case Unary(op="not", operand=IsNull(value=Path(parts=(name,)), negated=negated)):
            return Statement(name, empty=negated, allowed=None if not negated else frozenset())
        case Binary(op="==", left=Path(parts=(name,)), right=right) if _required(entity, name):
            if (value := _literal(right)) is not None:
                return Statement(name, empty=False, allowed=frozenset({value}))
        case In(value=Path(parts=(name,)), options=options, negated=False) if _required(
            entity, name
        ):
            values = [_literal(o) for o in options]
            if None not in values:
                return Statement(
                    name, empty=False, allowed=frozenset(v for v in values if v is not None)
                )
        case Binary(op="!=", left=Path(parts=(name,)), right=right) if _required(entity, name):
            return _all_but(entity, name, [right])
        case In(value=Path(parts=(name,)), options=options, negated=True) if _required(
            entity, name
        ):
            return _all_but(entity, name, list(options))
    return None


def _all_but(entity: Entity, name: str, excluded: list[Expr]) -> Statement | None:
    """`x != v` / `x not in (…)` on an enumeration: the values it leaves."""
    field = entity.field(name)
    values = [_literal(e) for e in excluded]
    if field is None or not isinstance(field.type, EnumType) or None in values:
        return None
    return Statement(name, empty=False, allowed=frozenset(field.type.values) - set(values))


def _compatible(a: Statement, b: Statement) -> bool:
    """Whether some value of the field meets both statements."""
    if a.empty and b.empty:
        return True
    if a.allowed is None or b.allowed is None:
        other = b.allowed if a.allowed is None else a.allowed
        return other is None or bool(other)
    return bool(a.allowed & b.allowed)


def _boolean(entity: Entity, name: str) -> bool:
    field = entity.field(name)
    return field is not None and field.type == ScalarType("bool")


def _required(entity: Entity, name: str) -> bool:
    field = entity.field(name)
    return field is not None and not field.optional


def _literal(expr: Expr) -> Value | None:
    match expr:
        case StringLit(value=value) | IntLit(value=value) | BoolLit(value=value):
            return value
    return None
