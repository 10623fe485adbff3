"""The view of `tests/test_<entity>_derived.py`: values derived on write (``set to `expr` on …``).

For each derived field a row is created through the API, with a value of the field sent by
the client too, and the stored value must be the expression evaluated by the database on
the stored row (the client's value ignored); `on update` fields must follow an update of a
field the expression reads, `on create` ones keep their value. The expression is the
spec's, compiled by `SqlCompiler` over the model class: the service evaluates it over a
literal row before the write (`analyse.derived`), the test over the row the table holds.
A field whose expression reads `now`/`today`, or an entity no role can create rows of, is
named in the module's comments instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.derived import derived_rules
from compiler.analyse.views import EntityView
from compiler.ir.anyone import effective_cell, role_rows
from compiler.ir.derived import SetOnWrite
from compiler.ir.expr import Expr, Path, children
from compiler.ir.model import Entity, SetAutomatically, Spec
from compiler.ir.refs import spec_refs
from compiler.ir.types import ScalarType
from compiler.testgen.fields import Creator, creator
from compiler.translate.names import column_name
from compiler.translate.sql import SqlCompiler

_SENT = {"int": "424242", "bool": "True", "decimal": '"424242"', "money": '"424242"'}
"""What the tests send as a client's value of a derived field, by kind (text otherwise)."""


@dataclass(frozen=True, slots=True)
class DerivedCase:
    """One derived field, as the tests check it."""

    field: str
    attribute: str
    source: str
    """SQLAlchemy source of its expression over the model class."""
    sent: str
    """Python source of the value a client sends for it."""
    on_create: bool
    on_update: bool
    spec_ref: str


@dataclass(frozen=True, slots=True)
class DerivedTests:
    entity: EntityView
    creator: Creator | None
    updater: str | None
    """The role that updates the row it created, as the same user (None: it may not, so no
    update test)."""
    change: tuple[str, str] | None
    """(field, attribute) of a writable field the expressions read, changed by the update
    tests to a new valid value of the factory's."""
    cases: tuple[DerivedCase, ...]
    prelude: tuple[str, ...]
    entities: tuple[str, ...]
    """Model classes the expressions read besides the entity's own."""
    not_covered: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not self.cases


def derived_tests(spec: Spec, entity: Entity, view: EntityView) -> DerivedTests:
    """The derived-value tests of `entity` (empty when it has no derived field)."""
    rules = derived_rules(entity)
    maker = creator(spec, entity, view) if rules else None
    compiler = SqlCompiler(spec, entity)
    cases: list[DerivedCase] = []
    prelude: list[str] = []
    entities: set[str] = set()
    not_covered: list[str] = []
    for name, rule in rules.items():
        compiled = compiler.compile(rule.expr)
        if {"now", "today"} & compiled.needs:
            not_covered.append(f"{name}: its expression reads the time of the write")
            continue
        if maker is None:
            not_covered.append(f"{name}: no role may create {view.label_plural.lower()}")
            continue
        prelude += [line for line in compiled.prelude if line not in prelude]
        entities |= compiled.entities - {entity.name}
        cases.append(_case(spec, entity, name, rule, compiled.source))
    updater = _updater(entity, maker.role) if maker else None
    change = _change(entity, view, [rules[c.field] for c in cases])
    if cases and any(c.on_update for c in cases) and (updater is None or change is None):
        why = "no role may update the row it created" if updater is None else "no field to change"
        not_covered.append(f"derived on update: {why}")
    return DerivedTests(
        view,
        maker,
        updater,
        change,
        tuple(cases),
        tuple(prelude),
        tuple(sorted(entities)),
        tuple(not_covered),
    )


def _case(spec: Spec, entity: Entity, name: str, rule: SetOnWrite, source: str) -> DerivedCase:
    field = entity.field(name)
    assert field is not None
    kind = field.type.kind if isinstance(field.type, ScalarType) else ""
    return DerivedCase(
        field=name,
        attribute=column_name(name, field.type),
        source=source,
        sent=_SENT.get(kind, '"sent by the client"'),
        on_create="create" in rule.moments,
        on_update="update" in rule.moments,
        spec_ref=spec_refs(spec).of(rule.span),
    )


def _updater(entity: Entity, role: str) -> str | None:
    """The creating role, if it may read and update every row (or its own, when rows are
    owned by their creator)."""
    owned = entity.owner is not None and _set_to_creator(entity, entity.owner)
    for row in role_rows(entity.access):
        if row.role != role:
            continue
        kinds = effective_cell(entity, row, "read").kind, row.update.kind
        if all(kind == "all" or (kind == "own" and owned) for kind in kinds):
            return role
    return None


def _set_to_creator(entity: Entity, name: str) -> bool:
    field = entity.field(name)
    rule = field.rule(SetAutomatically) if field else None
    return isinstance(rule, SetAutomatically) and rule.value == "current_user"


def _change(entity: Entity, view: EntityView, rules: list[SetOnWrite]) -> tuple[str, str] | None:
    """A writable scalar field the expressions read (text and numbers before the rest, whose
    next factory value may be the same)."""
    writable = {f.name: f for f in view.fields if f.writable and f.stored and f.kind == "scalar"}
    read = [name for rule in rules for name in _reads(rule.expr) if name in writable]
    read.sort(key=lambda name: writable[name].annotation.startswith("bool"))
    return (read[0], writable[read[0]].attribute) if read else None


def _reads(expr: Expr) -> list[str]:
    if isinstance(expr, Path):
        return [expr.parts[0]]
    return [name for child in children(expr) for name in _reads(child)]
