"""The typed changes between two schemas: what `diff` finds and `plan` turns into operations.

Every change carries the span of the spec line it comes from (the field, or the
entity, or the app for a removed entity), so `safety` can report it there.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.appgen.migration import ColumnView, TableView
from compiler.evolve.schema import Constraint
from compiler.evolve.values import Fill
from compiler.ir.span import Span


@dataclass(frozen=True, slots=True)
class TableAdded:
    table: TableView
    span: Span


@dataclass(frozen=True, slots=True)
class TableDropped:
    table: TableView
    span: Span


@dataclass(frozen=True, slots=True)
class TableRenamed:
    old: str
    new: str
    span: Span

    @property
    def table(self) -> str:
        return self.new


@dataclass(frozen=True, slots=True)
class ColumnAdded:
    table: str
    column: ColumnView
    fill: Fill | None
    """The server default existing rows get (None: the column is optional, or cannot be filled)."""
    span: Span


@dataclass(frozen=True, slots=True)
class ColumnDropped:
    table: str
    column: ColumnView
    span: Span


@dataclass(frozen=True, slots=True)
class ColumnRenamed:
    table: str
    old: str
    new: str
    span: Span


@dataclass(frozen=True, slots=True)
class ColumnAltered:
    """A column's type, nullability or enumeration values changed (named by its new name)."""

    table: str
    old: ColumnView
    new: ColumnView
    fill: Fill | None
    """What rows without a value get when the column becomes required."""
    replacement: str | None
    """The value rows holding a removed enumeration value get (None: no such value)."""
    span: Span

    @property
    def removed_values(self) -> tuple[str, ...]:
        return tuple(v for v in self.old.enum_values if v not in self.new.enum_values)


@dataclass(frozen=True, slots=True)
class ConstraintDropped:
    table: str
    constraint: Constraint
    span: Span


@dataclass(frozen=True, slots=True)
class ConstraintAdded:
    table: str
    constraint: Constraint
    safe: bool
    """No existing row can break it: it is on a new column, or allows all a dropped one did."""
    span: Span


Change = (
    TableRenamed
    | TableAdded
    | TableDropped
    | ColumnAdded
    | ColumnDropped
    | ColumnRenamed
    | ColumnAltered
    | ConstraintDropped
    | ConstraintAdded
)


def describe(change: Change) -> str:
    """One line for the revision's docstring."""
    match change:
        case TableRenamed(old=old, new=new):
            return f"rename table {old} to {new}"
        case TableAdded(table=table):
            return f"create table {table.name}"
        case TableDropped(table=table):
            return f"drop table {table.name}"
        case ColumnAdded(table=table, column=column, fill=fill):
            default = f" (existing rows get {fill.sql})" if fill else ""
            return f"add column {table}.{column.name}{default}"
        case ColumnDropped(table=table, column=column):
            return f"drop column {table}.{column.name}"
        case ColumnRenamed(table=table, old=old, new=new):
            return f"rename column {table}.{old} to {new}"
        case ColumnAltered(table=table, new=new):
            return f"alter column {table}.{new.name}"
        case ConstraintDropped(table=table, constraint=constraint):
            return f"drop {constraint.kind.replace('_', ' ')} {constraint.name} of {table}"
        case ConstraintAdded(table=table, constraint=constraint):
            return f"add {constraint.kind.replace('_', ' ')} {constraint.name} to {table}"
    raise AssertionError(change)
