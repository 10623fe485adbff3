"""The view of `unique (a, b) [where …]` rules: a UNIQUE constraint of the table, or a
partial unique index when the rule has a condition.

The database decides every clash, concurrent writes included; the app only turns the
refusal into the rule's sentence on each of its fields (a 422).
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.rules import column_sql
from compiler.ir.model import Entity
from compiler.translate.names import column_name, snake


@dataclass(frozen=True, slots=True)
class UniqueView:
    name: str
    """`uq_<table>_<column>_<column>…`, as the naming convention names one-column uniques."""
    table: str
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    where: str | None
    """The SQL condition of a partial unique index (None: a UNIQUE constraint)."""
    message: str
    spec_line: int

    @property
    def errors(self) -> str:
        """Python source of the `(field, message)` items of the 422: one per column."""
        return "[" + ", ".join(f"({c!r}, {self.message!r})" for c in self.columns) + "]"

    @property
    def sqlite_failure(self) -> str:
        """What SQLite's error names instead of the constraint: its columns."""
        return ", ".join(f"{self.table}.{c}" for c in self.columns)


def unique_views(entity: Entity) -> tuple[UniqueView, ...]:
    table = snake(entity.name)
    views = []
    for unique in entity.uniques:
        fields = [entity.field(name) for name in unique.fields]
        columns = tuple(column_name(f.name, f.type) for f in fields if f is not None)
        where = column_sql(entity, unique.condition) if unique.condition is not None else None
        name = f"uq_{table}_{'_'.join(columns)}"
        view = UniqueView(
            name, table, unique.fields, columns, where, unique.message, unique.span.line
        )
        views.append(view)
    return tuple(views)
