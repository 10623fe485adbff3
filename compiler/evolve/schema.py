"""The schema a spec builds, as the migrations see it: tables, columns and named constraints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.analyse.views import app_view
from compiler.appgen.migration import ColumnView, TableView, migration_tables
from compiler.ir.model import Spec
from compiler.translate.names import sql_column

ConstraintKind = Literal["check", "unique", "foreign_key", "index"]


@dataclass(frozen=True, slots=True)
class Constraint:
    """One named constraint or index of a table."""

    kind: ConstraintKind
    name: str
    columns: tuple[str, ...]
    sql: str = ""
    """The condition of a CHECK constraint, or of a partial index."""
    target: str = ""
    """The table a foreign key references."""
    ondelete: str | None = None
    unique: bool = False
    """Whether an index is unique."""


def schema_tables(spec: Spec) -> dict[str, TableView]:
    """The tables of `spec` by name, in creation order."""
    return {table.name: table for table in migration_tables(app_view(spec))}


def base_type(column: ColumnView) -> str:
    """The column's type as alterations spell it: an enumeration without its CHECK (a
    VARCHAR), and SQLModel's `AutoString` as the `sa.String` it is (Alembic's batch rename
    reads a `name` that a type decorator does not have)."""
    if column.enum_values:
        return f"sa.String(length={max(len(v) for v in column.enum_values)})"
    return column.type.replace("sqlmodel.sql.sqltypes.AutoString(", "sa.String(")


def enum_sql(column: str, values: tuple[str, ...]) -> str:
    """The CHECK of an enumeration column, as SQLAlchemy writes it for the initial revision."""
    return f"{sql_column(column)} IN ({', '.join(sql_string(v) for v in values)})"


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def constraints(table: TableView) -> dict[str, Constraint]:
    """Every named constraint of the table: checks (enumerations' too), uniques, keys, indexes."""
    found = [Constraint("check", c.name, (), c.sql) for c in table.checks]
    found += [
        Constraint("check", c.enum_check, (c.name,), enum_sql(c.name, c.enum_values))
        for c in table.columns
        if c.enum_check
    ]
    found += [Constraint("unique", table.uq_name(c), (c,)) for c in table.uniques]
    found += [
        Constraint("foreign_key", table.fk_name(c, target), (c,), target=target, ondelete=ondelete)
        for c, target, ondelete in table.foreign_keys
    ]
    found += [Constraint("index", n, (c,), unique=u) for n, c, u in table.indexes]
    found += [
        Constraint("index", u.name, u.columns, u.where, unique=True)
        if u.where
        else Constraint("unique", u.name, u.columns)
        for u in table.composite_uniques
    ]
    return {c.name: c for c in found}
