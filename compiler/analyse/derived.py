"""The view of values derived on write (``set to `expr` on create`` / ``on update``).

The service computes each derived field in the database, as lifecycle effects are: the
expression is compiled to SQL (`SqlCompiler`) over `written.c`, a one-row subquery of
literals holding the row's values as they will be written, so the value is known before
the row reaches the table and its CHECKs and Rules see it. A field that reads another
derived field comes after it (E253 rules out cycles).
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.derived import SetOnWrite
from compiler.ir.expr import Expr, Path, children
from compiler.ir.model import Entity, Field, Spec
from compiler.translate.names import column_name
from compiler.translate.sql import SqlCompiler

WRITTEN = "written.c"
"""The generated code's name of the row being written: the columns of a literal subquery."""
_WHEN = {("create",): "creating", ("update",): "not creating", ("create", "update"): None}


@dataclass(frozen=True, slots=True)
class DerivedView:
    """A field the service sets on write from its expression."""

    field: str
    attribute: str
    moments: tuple[str, ...]
    when: str | None
    """The service's condition for the moments (`creating`, `not creating`); None: every write."""
    source: str
    """SQLAlchemy source of its value over `written.c`."""
    prelude: tuple[str, ...]
    entities: frozenset[str]
    """Entities its SQL reads through references (imported by the service)."""


def derived_fields(spec: Spec, entity: Entity) -> tuple[DerivedView, ...]:
    """The entity's derived fields, each after the derived fields it reads."""
    compiler = SqlCompiler(spec, entity, row_name=WRITTEN)
    views = []
    for field, rule in _in_order(entity):
        compiled = compiler.compile(rule.expr)
        views.append(
            DerivedView(
                field=field.name,
                attribute=column_name(field.name, field.type),
                moments=rule.moments,
                when=_WHEN[rule.moments],
                source=compiled.source,
                prelude=tuple(compiled.prelude),
                entities=frozenset(compiled.entities),
            )
        )
    return tuple(views)


def derived_rules(entity: Entity) -> dict[str, SetOnWrite]:
    """The entity's ``set to `expr` on …`` rules, by field name, in the spec's order."""
    return {
        f.name: rule for f in entity.fields if isinstance(rule := f.rule(SetOnWrite), SetOnWrite)
    }


def _in_order(entity: Entity) -> list[tuple[Field, SetOnWrite]]:
    rules = derived_rules(entity)
    placed: list[str] = []

    def place(name: str, visiting: frozenset[str] = frozenset()) -> None:
        if name in placed or name in visiting:  # in `visiting`: a cycle, refused by E253
            return
        for source in sorted(_reads(rules[name].expr) & rules.keys() - {name}):
            place(source, visiting | {name})
        placed.append(name)

    for name in rules:
        place(name)
    fields = {f.name: f for f in entity.fields}
    return [(fields[name], rules[name]) for name in placed]


def _reads(expr: Expr) -> set[str]:
    """The row's own fields an expression reads (the first name of each path)."""
    if isinstance(expr, Path):
        return {expr.parts[0]}
    return set().union(*(_reads(child) for child in children(expr)))
