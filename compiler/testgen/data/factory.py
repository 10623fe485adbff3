"""The view of `tests/factories.py`: how the generated tests make valid rows of every entity."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from compiler.analyse.views import AppView, EntityView
from compiler.ir.derived import SetOnWrite
from compiler.ir.model import (
    Computed,
    Default,
    Entity,
    Field,
    Pattern,
    SetAutomatically,
    Spec,
    Unique,
)
from compiler.ir.types import ListType
from compiler.testgen.data.field_values import value_source
from compiler.testgen.data.patterns import pattern_examples
from compiler.testgen.data.rule_completions import Completion, FollowUp, Supply
from compiler.testgen.data.rule_data import RuleData
from compiler.testgen.uniques import distinct_sources
from compiler.translate.names import snake, title


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
    """Values filled in so the spec's Rules hold (see `rule_completions`)."""
    supplies: tuple[Supply, ...]
    """Rows made first so the spec's Rules hold (see `rule_completions`)."""
    follow_ups: tuple[FollowUp, ...]
    """Rows made right after an inserted row so the spec's Rules hold (see `rule_completions`)."""
    derived: bool = False
    """It has fields derived on write: an inserted row gets them from the app's service."""

    @property
    def uses_counter(self) -> bool:
        """Whether some value uses `n`, the factory's row counter."""
        return any(re.search(r"(?<![\w.])n(?!\w)", v.source) for v in self.values)


def factory_views(app: AppView, spec: Spec, data: dict[str, RuleData]) -> tuple[FactoryView, ...]:
    return tuple(
        _factory_view(spec, entity, view, data[entity.name])
        for entity, view in zip(spec.entities, app.entities, strict=True)
    )


def _factory_view(spec: Spec, entity: Entity, view: EntityView, data: RuleData) -> FactoryView:
    lifecycle_fields = {lc.field for lc in entity.lifecycles}
    unique_fields = {name for unique in view.uniques for name in unique.fields}
    values, constants = [], []
    for field in entity.fields:
        if _generated_elsewhere(field, lifecycle_fields, data.values, unique_fields):
            continue
        pattern = field.rule(Pattern)
        if isinstance(pattern, Pattern):
            examples = pattern_examples(field)
            if field.has(Unique):
                constant = f"{snake(entity.name).upper()}_{field.name.upper()}"
                constants.append(PatternConstant(constant, f"{entity.name}.{field.name}", examples))
                values.append(FactoryValue(field.name, f"{constant}[n % len({constant})]"))
            else:
                values.append(FactoryValue(field.name, repr(examples[0])))
            continue
        values.append(FactoryValue(field.name, value_source(spec, entity, field, data.values)))
    moved = distinct_sources(entity, {v.name: v.source for v in values}, view.uniques)
    values = [FactoryValue(v.name, moved[v.name]) for v in values]
    writable = tuple(f.name for f in view.fields if f.writable)
    return FactoryView(
        name=entity.name,
        module=snake(entity.name),
        label=title(entity.name).lower(),
        values=tuple(values),
        writable=writable,
        constants=tuple(constants),
        completions=data.completions,
        supplies=data.supplies,
        follow_ups=data.follow_ups,
        derived=bool(view.derived),
    )


def _generated_elsewhere(
    field: Field, lifecycle_fields: set[str], chosen: Mapping[str, object], unique: set[str]
) -> bool:
    """Fields the factory leaves to the app: optional, defaulted (unless the rules need
    another value: `chosen`, from `rule_values`; or rows must differ in it: a field of a
    `unique (…)` rule), computed, derived on write (the app's service derives them for the
    factory too), automatic times."""
    automatic = field.rule(SetAutomatically)
    if isinstance(automatic, SetAutomatically):
        return automatic.value == "now"
    return (
        field.optional
        or (field.has(Default) and field.name not in chosen and field.name not in unique)
        or field.has(Computed)
        or field.has(SetOnWrite)
        or isinstance(field.type, ListType)
        or field.name in lifecycle_fields
    )
