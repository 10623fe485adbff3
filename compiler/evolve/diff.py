"""The schema diff: the previous build's spec and the new one → the typed changes between them.

Tables are matched by name, columns by name or by a field's `renamed from`,
constraints by their (stable) names. A constraint whose definition changed is
dropped and added again.
"""

from __future__ import annotations

import functools
import re

from compiler.appgen.migration import ColumnView, TableView
from compiler.evolve.changes import (
    Change,
    ColumnAdded,
    ColumnAltered,
    ColumnDropped,
    ColumnRenamed,
    ConstraintAdded,
    ConstraintDropped,
    TableAdded,
    TableDropped,
    TableRenamed,
)
from compiler.evolve.schema import Constraint, base_type, constraints, schema_tables, sql_string
from compiler.evolve.values import fill, spec_default
from compiler.ir.model import Field, RenamedFrom, Spec
from compiler.ir.span import Span

_BOUND = re.compile(r"^(.+) (<=|>=) (-?[0-9.]+)$")


@functools.lru_cache(maxsize=4)
def schema_changes(previous: Spec, spec: Spec) -> tuple[Change, ...]:
    """What the database of `previous` needs to become the database of `spec`.

    One build asks this four times (its diagnostics, its revision, the audit's schema impact,
    the gate's upgrade check); the IR is frozen, so the answer is kept (hashing two specs costs
    about 2 ms, the diff about 40 ms)."""
    old, new = schema_tables(previous), schema_tables(spec)
    where = _Locator(spec)
    moved = _table_renames(old, new, spec)
    changes: list[Change] = [
        TableRenamed(before, name, where.table(new[name])) for name, before in moved.items()
    ]
    changes += [
        TableAdded(table, where.table(table))
        for name, table in new.items()
        if name not in old and name not in moved
    ]
    for name, table in new.items():
        if (before := old.get(moved.get(name, name))) is not None:
            changes += _TableDiff(before, table, where).changes()
    kept = {moved.get(name, name) for name in new}
    changes += [
        TableDropped(table, where.table(table))
        for name, table in reversed(old.items())
        if name not in kept
    ]
    return tuple(changes)


def _table_renames(
    old: dict[str, TableView], new: dict[str, TableView], spec: Spec
) -> dict[str, str]:
    """New table name → old one, for entities `renamed from` an entity of the previous
    build: the entity's table and its link tables (matched by their list field)."""
    renamed = {e.name: e.renamed_from for e in spec.entities if e.renamed_from}
    before = {(t.entity, t.link_field): t.name for t in old.values()}
    moves = {}
    for table in new.values():
        source = renamed.get(table.entity or "")
        previous = before.get((source, table.link_field)) if source else None
        if previous is not None and table.name not in old and previous not in new:
            moves[table.name] = previous
    return moves


class _Locator:
    """The spec line of a table or column, and its IR field."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.entities = {e.name: e for e in spec.entities}

    def table(self, table: TableView) -> Span:
        entity = self.entities.get(table.entity or "")
        if entity is None:
            return self.spec.app.span
        if table.link_field and (field := self.field(table.entity, table.link_field)):
            return field.span
        return entity.span

    def field(self, entity: str | None, name: str | None) -> Field | None:
        found = self.entities.get(entity or "")
        return next((f for f in found.fields if f.name == name), None) if found else None

    def column(self, table: TableView, column: ColumnView) -> Span:
        field = self.field(table.entity, column.field)
        return field.span if field else self.table(table)


class _TableDiff:
    def __init__(self, old: TableView, new: TableView, where: _Locator) -> None:
        self.old, self.new, self.where = old, new, where
        self.old_columns = {c.name: c for c in old.columns}
        self.renamed = self._renames()

    def _renames(self) -> dict[str, str]:
        """New column name → old column name, for fields `renamed from` a field of the old
        table; in a link table, its two columns (named after the entities) in order."""
        if self.new.link_field:
            pairs = zip(self.new.columns, self.old.columns, strict=True)
            return {new.name: old.name for new, old in pairs if new.name != old.name}
        by_field = {c.field: c.name for c in self.old.columns if c.field}
        renames = {}
        for column in self.new.columns:
            field = self.where.field(self.new.entity, column.field)
            rename = field.rule(RenamedFrom) if field else None
            old = by_field.get(rename.name) if isinstance(rename, RenamedFrom) else None
            if old is not None and column.name not in self.old_columns:
                renames[column.name] = old
        return renames

    def changes(self) -> list[Change]:
        table, where = self.new.name, self.where
        changes: list[Change] = []
        matched = {self.renamed.get(c.name, c.name): c for c in self.new.columns}
        for new_name, old_name in self.renamed.items():
            column = next(c for c in self.new.columns if c.name == new_name)
            changes.append(ColumnRenamed(table, old_name, new_name, where.column(self.new, column)))
        for column in self.new.columns:
            old = self.old_columns.get(self.renamed.get(column.name, column.name))
            if old is None:
                changes.append(self._added(column))
            elif _differs(old, column):
                changes.append(self._altered(old, column))
        changes += [
            ColumnDropped(table, column, where.table(self.new))
            for name, column in self.old_columns.items()
            if name not in matched
        ]
        return changes + self._constraints(changes)

    def _added(self, column: ColumnView) -> ColumnAdded:
        field = self.where.field(self.new.entity, column.field)
        filled = None if column.nullable or field is None else fill(field)
        return ColumnAdded(self.new.name, column, filled, self.where.column(self.new, column))

    def _altered(self, old: ColumnView, new: ColumnView) -> ColumnAltered:
        field = self.where.field(self.new.entity, new.field)
        filled = fill(field) if field and old.nullable and not new.nullable else None
        replacement = None
        if any(v not in new.enum_values for v in old.enum_values):
            kept = [v for v in new.enum_values if v in old.enum_values]
            default = spec_default(field) if field else None
            choice = default.sql if default and default.sql.strip("'") in kept else None
            replacement = choice or (sql_string(kept[0]) if kept else None)
        span = self.where.column(self.new, new)
        return ColumnAltered(self.new.name, old, new, filled, replacement, span)

    def _constraints(self, changes: list[Change]) -> list[Change]:
        old, new = constraints(self.old), constraints(self.new)
        added = {c.column.name for c in changes if isinstance(c, ColumnAdded)}
        replaced = {
            c.new.enum_check for c in changes if isinstance(c, ColumnAltered) and c.replacement
        }
        dropped = [c for name, c in old.items() if new.get(name) != self._renamed(c)]
        found: list[Change] = [
            ConstraintDropped(self.new.name, c, self.where.table(self.new)) for c in dropped
        ]
        for name, constraint in new.items():
            before = old.get(name)
            if before is not None and self._renamed(before) == constraint:
                continue
            safe = (
                constraint.name in replaced
                or _on_new_column(constraint, added, self.new)
                or self._inherited(constraint, dropped)
            )
            span = self._span(constraint)
            found.append(ConstraintAdded(self.new.name, constraint, safe, span))
        return found

    def _renamed(self, constraint: Constraint) -> Constraint:
        """An old constraint as it reads after the column renames (to tell it unchanged)."""
        if not self.renamed:
            return constraint
        back = {old: new for new, old in self.renamed.items()}
        columns = tuple(back.get(c, c) for c in constraint.columns)
        return Constraint(
            constraint.kind,
            constraint.name,
            columns,
            _rename_sql(constraint.sql, back),
            constraint.target,
            constraint.ondelete,
            constraint.unique,
        )

    def _inherited(self, constraint: Constraint, dropped: list[Constraint]) -> bool:
        """The new constraint allows every row a dropped one allowed (a rename, a wider bound,
        more enumeration values)."""
        for old in dropped:
            before = self._renamed(old)
            if before.kind != constraint.kind:
                continue
            if before.sql == constraint.sql and before.columns == constraint.columns:
                return True
            if _looser(before.sql, constraint.sql):
                return True
        return False

    def _span(self, constraint: Constraint) -> Span:
        for column in self.new.columns:
            if column.name in constraint.columns or (
                column.field and constraint.name.startswith(f"ck_{self.new.name}_{column.field}_")
            ):
                return self.where.column(self.new, column)
        return self.where.table(self.new)


def _differs(old: ColumnView, new: ColumnView) -> bool:
    return (
        base_type(old) != base_type(new)
        or old.nullable != new.nullable
        or old.enum_values != new.enum_values
    )


def _on_new_column(constraint: Constraint, added: set[str], table: TableView) -> bool:
    if constraint.kind == "unique" or (constraint.kind == "index" and constraint.unique):
        return False  # every existing row gets the same value
    if any(c in added for c in constraint.columns):
        return True
    fields = [c.field for c in table.columns if c.name in added and c.field]
    return any(constraint.name.startswith(f"ck_{table.name}_{f}_") for f in fields)


def _looser(old_sql: str, new_sql: str) -> bool:
    """`length(x) <= 60` → `length(x) <= 120`, or an enumeration CHECK with more values."""
    old, new = _BOUND.match(old_sql), _BOUND.match(new_sql)
    if old and new and old.group(1, 2) == new.group(1, 2):
        low, high = float(old.group(3)), float(new.group(3))
        return high >= low if old.group(2) == "<=" else high <= low
    if " IN (" in old_sql and " IN (" in new_sql:
        column, _, values = old_sql.partition(" IN (")
        new_column, _, new_values = new_sql.partition(" IN (")
        old_set = set(values.rstrip(")").split(", "))
        return column == new_column and old_set <= set(new_values.rstrip(")").split(", "))
    return False


def _rename_sql(sql: str, renames: dict[str, str]) -> str:
    for old, new in renames.items():
        sql = re.sub(rf"\b{re.escape(old)}\b", new, sql)
    return sql
