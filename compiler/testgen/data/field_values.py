"""The factory's value of each field: Python source of a valid value, by type and field rules.

A reference gets a new row of its target (one that meets the field's `only
where` filter), a user gets one of the role the field's entity gives it, other
types a value from `sample_values`.
"""

from __future__ import annotations

from decimal import Decimal

from compiler.ir.expr import Path, walk
from compiler.ir.model import Entity, Field, OnlyWhere, Spec
from compiler.ir.types import USER_ENTITY, EnumType, RefType, ScalarType
from compiler.testgen.data.conditions import ACTOR, OTHER, Solver, row_source, user_role
from compiler.testgen.data.sample_values import (
    DataGenerationError,
    day_source,
    moment_source,
    number_source,
    number_value,
    text_value,
    time_value,
)


def value_source(
    spec: Spec, entity: Entity, field: Field, chosen: dict[str, int | Decimal | str] | None = None
) -> str:
    """Source of a valid value of a field for the factory (inside a method of `Factory`);
    `chosen` (from `rule_values`) places dates, datetimes and numbers and picks texts so
    the rules hold."""
    match field.type:
        case RefType(entity=name) if name == USER_ENTITY:
            return f'lambda: self.user("{user_role(spec, entity, field)}")'
        case RefType(entity=name):
            return f"lambda: {row_source(spec, name, _only_where(spec, entity, field), 'self')}"
        case EnumType(values=values):
            return repr(values[0])
        case ScalarType(kind="bool"):
            return "False"
        case ScalarType(kind="date") if field.name in (chosen or {}):
            return day_source(int((chosen or {})[field.name]))
        case ScalarType(kind="datetime") if field.name in (chosen or {}):
            return moment_source(int((chosen or {})[field.name]))
        case ScalarType(kind="int" | "decimal" | "money") if field.name in (chosen or {}):
            return number_source(field, Decimal((chosen or {})[field.name]))
        case ScalarType(kind="int" | "decimal" | "money"):
            return number_value(field)
        case ScalarType(kind="date" | "datetime"):
            return time_value(field)
        case ScalarType() if isinstance((chosen or {}).get(field.name), str):
            return str((chosen or {})[field.name])  # a text the rules need (`rule_texts`)
        case ScalarType():
            return text_value(entity, field)
    raise DataGenerationError(
        f"{entity.name}.{field.name}: no test value for this type", field.span
    )


def _only_where(spec: Spec, entity: Entity, field: Field) -> dict[tuple[str, ...], str]:
    """What the referenced row needs to satisfy `only where` (paths without the field)."""
    rule = field.rule(OnlyWhere)
    if not isinstance(rule, OnlyWhere):
        return {}
    if not any(isinstance(e, Path) and e.parts[0] == field.name for e in walk(rule.expr)):
        return {}  # the condition asks nothing of the row (`current_user.role == "clerk"`)
    for solution in Solver(spec, entity).solve(rule.expr):
        if all(path[0] == field.name and len(path) > 1 for path in solution) and not any(
            value in (ACTOR, OTHER) for value in solution.values()
        ):
            return {path[1:]: value for path, value in solution.items()}
    raise DataGenerationError(
        f"{entity.name}.{field.name}: cannot derive a row that satisfies its `only where` "
        "condition",
        field.span,
    )
