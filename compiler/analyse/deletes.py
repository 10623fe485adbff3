"""What deleting a row does to the rows that refer to it, per `on delete …` field rule.

The database carries it out (each foreign key's `ON DELETE`); the service checks first
that the user may do all of it: delete every row a cascade removes (and the rows those
cascade to, in turn) and change every row whose reference is emptied. A refused
reference (the default) needs no check: the database refuses the delete (409).
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.model import Entity, OnDelete, Spec
from compiler.ir.types import RefType
from compiler.translate.names import column_name, plural, snake, title


@dataclass(frozen=True, slots=True)
class CascadeView:
    """Rows of `entity` a delete removes (`cascade`) or empties a reference of (`set null`)."""

    entity: str
    module: str
    action: str
    """`cascade` or `set null`."""
    rows: str
    """SQLAlchemy source of the condition that selects those rows (`row` is the deleted one)."""
    label_plural: str


def cascade_views(spec: Spec, entity: Entity) -> tuple[CascadeView, ...]:
    views: list[CascadeView] = []
    _reach(spec, entity, "{} == row.id", {entity.name}, views)
    return tuple(views)


def _reach(
    spec: Spec, target: Entity, matches: str, seen: set[str], views: list[CascadeView]
) -> None:
    """Appends the rows that refer to the `target` rows `matches` selects (a format string
    taking the referring column), and for cascades the rows that refer to those in turn."""
    for source in spec.entities:
        for field in source.fields:
            rule = field.rule(OnDelete)
            if not (isinstance(field.type, RefType) and field.type.entity == target.name):
                continue
            if not isinstance(rule, OnDelete) or rule.action == "refuse":
                continue
            column = f"{source.name}.{column_name(field.name, field.type)}"
            rows = matches.format(column)
            label = plural(title(source.name))
            views.append(CascadeView(source.name, snake(source.name), rule.action, rows, label))
            if rule.action == "cascade" and source.name not in seen:
                inner = f"{{}}.in_(sa.select({source.name}.id).where({rows}))"
                _reach(spec, source, inner, seen | {source.name}, views)
