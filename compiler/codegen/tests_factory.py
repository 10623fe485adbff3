"""The view of `tests/factories.py`: how the generated tests make valid rows of every entity."""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.codegen.naming import snake, title
from compiler.codegen.rule_data import (
    Completion,
    FollowUp,
    Supply,
    completions,
    follow_ups,
    supplies,
)
from compiler.codegen.test_data import (
    DataGenerationError,
    number_value,
    pattern_examples,
    text_value,
    time_value,
)
from compiler.codegen.tests_conditions import ACTOR, OTHER, Solver, row_source, user_role
from compiler.codegen.views import AppView, EntityView
from compiler.ir.model import (
    Computed,
    Default,
    Entity,
    Field,
    Length,
    OnlyWhere,
    Pattern,
    SetAutomatically,
    Spec,
    Unique,
)
from compiler.ir.types import USER_ENTITY, EnumType, ListType, RefType, ScalarType


@dataclass(frozen=True, slots=True)
class FactoryValue:
    name: str
    source: str
    """Python source of a valid value; may use `n` (the row counter) and `self` (the factory)."""


@dataclass(frozen=True, slots=True)
class PatternConstant:
    name: str
    field: str
    examples: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FactoryView:
    name: str
    module: str
    label: str
    values: tuple[FactoryValue, ...]
    writable: tuple[str, ...]
    """Names of the fields clients send (the body keeps only these of the generated values)."""
    constants: tuple[PatternConstant, ...]
    completions: tuple[Completion, ...]
    """Values filled in so the spec's Rules hold (see `rule_data`)."""
    supplies: tuple[Supply, ...]
    """Rows made first so the spec's Rules hold (see `rule_data`)."""
    follow_ups: tuple[FollowUp, ...]
    """Rows made right after an inserted row so the spec's Rules hold (see `rule_data`)."""

    @property
    def uses_counter(self) -> bool:
        """Whether some value uses `n`, the factory's row counter."""
        return any(re.search(r"(?<![\w.])n(?!\w)", v.source) for v in self.values)


def factory_views(app: AppView, spec: Spec) -> tuple[FactoryView, ...]:
    return tuple(
        _factory_view(spec, entity, view)
        for entity, view in zip(spec.entities, app.entities, strict=True)
    )


def _factory_view(spec: Spec, entity: Entity, view: EntityView) -> FactoryView:
    lifecycle_fields = {lc.field for lc in entity.lifecycles}
    values, constants = [], []
    for field in entity.fields:
        if _generated_elsewhere(field, lifecycle_fields):
            continue
        pattern = field.rule(Pattern)
        if isinstance(pattern, Pattern):
            if field.has(Length):
                raise DataGenerationError(
                    f"{entity.name}.{field.name}: fields with both `pattern` and `length` are not "
                    "supported by the test generator; fold the length into the pattern"
                )
            examples = pattern_examples(pattern.regex)
            if field.has(Unique):
                constant = f"{snake(entity.name).upper()}_{field.name.upper()}"
                constants.append(PatternConstant(constant, f"{entity.name}.{field.name}", examples))
                values.append(FactoryValue(field.name, f"{constant}[n % len({constant})]"))
            else:
                values.append(FactoryValue(field.name, repr(examples[0])))
            continue
        values.append(FactoryValue(field.name, value_source(spec, entity, field)))
    writable = tuple(f.name for f in view.fields if f.writable)
    return FactoryView(
        name=entity.name,
        module=snake(entity.name),
        label=title(entity.name).lower(),
        values=tuple(values),
        writable=writable,
        constants=tuple(constants),
        completions=completions(spec, entity),
        supplies=supplies(spec, entity),
        follow_ups=follow_ups(spec, entity),
    )


def _generated_elsewhere(field: Field, lifecycle_fields: set[str]) -> bool:
    """Fields the factory leaves to the app: optional, defaulted, computed, automatic times."""
    automatic = field.rule(SetAutomatically)
    if isinstance(automatic, SetAutomatically):
        return automatic.value == "now"
    return (
        field.optional
        or field.has(Default)
        or field.has(Computed)
        or isinstance(field.type, ListType)
        or field.name in lifecycle_fields
    )


def value_source(spec: Spec, entity: Entity, field: Field) -> str:
    """Source of a valid value of a field for the factory (inside a method of `Factory`)."""
    match field.type:
        case RefType(entity=name) if name == USER_ENTITY:
            return f'lambda: self.user("{user_role(spec, entity, field)}")'
        case RefType(entity=name):
            return f"lambda: {row_source(spec, name, _only_where(spec, entity, field), 'self')}"
        case EnumType(values=values):
            return repr(values[0])
        case ScalarType(kind="bool"):
            return "False"
        case ScalarType(kind="int" | "decimal" | "money"):
            return number_value(field)
        case ScalarType(kind="date" | "datetime"):
            return time_value(field)
        case ScalarType():
            return text_value(entity, field)
    raise DataGenerationError(f"{entity.name}.{field.name}: no test value for this type")


def _only_where(spec: Spec, entity: Entity, field: Field) -> dict[tuple[str, ...], str]:
    """What the referenced row needs to satisfy `only where` (paths without the field)."""
    rule = field.rule(OnlyWhere)
    if not isinstance(rule, OnlyWhere):
        return {}
    for solution in Solver(spec, entity).solve(rule.expr):
        if all(path[0] == field.name and len(path) > 1 for path in solution) and not any(
            value in (ACTOR, OTHER) for value in solution.values()
        ):
            return {path[1:]: value for path, value in solution.items()}
    raise DataGenerationError(
        f"{entity.name}.{field.name}: cannot derive a row that satisfies its `only where` condition"
    )
