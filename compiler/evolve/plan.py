"""The operations of one revision: the changes in the order that keeps every row.

Renamed tables first, then new tables (later ones may reference them), then the statements that
rewrite values existing rows hold (before the constraints that would refuse
them), then one `batch_alter_table` per changed table (SQLite copies the table,
PostgreSQL alters it in place): drop constraints, rename, add, alter and drop
columns, add constraints; last the dropped tables, links before what they link.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.appgen.migration import TableView
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
from compiler.evolve.schema import Constraint, base_type, sql_string
from compiler.translate.names import sql_column


def py_string(text: str) -> str:
    """A double-quoted Python string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_DROP_TYPES = {"check": "check", "unique": "unique", "foreign_key": "foreignkey"}


@dataclass(frozen=True, slots=True)
class BatchView:
    table: str
    operations: tuple[str, ...]
    """Calls on `batch_op`, as Python source."""


@dataclass(frozen=True, slots=True)
class PlanView:
    renames: tuple[tuple[str, str], ...]
    """Tables renamed (old, new), before anything else."""
    creates: tuple[TableView, ...]
    statements: tuple[str, ...]
    """SQL run before the batches (values rewritten in existing rows)."""
    batches: tuple[BatchView, ...]
    drops: tuple[str, ...]

    @property
    def uses_sqlmodel(self) -> bool:
        columns = [c.type for t in self.creates for c in t.columns]
        return any("sqlmodel." in text for text in (*columns, *self._lines()))

    def _lines(self) -> list[str]:
        return [line for batch in self.batches for line in batch.operations]


def plan(changes: tuple[Change, ...]) -> PlanView:
    tables: dict[str, list[Change]] = {}
    for change in changes:
        if not isinstance(change, (TableAdded, TableDropped, TableRenamed)):
            tables.setdefault(change.table, []).append(change)
    return PlanView(
        tuple((c.old, c.new) for c in changes if isinstance(c, TableRenamed)),
        tuple(c.table for c in changes if isinstance(c, TableAdded)),
        tuple(s for c in changes if isinstance(c, ColumnAltered) for s in _rewrites(c)),
        tuple(BatchView(name, _batch(found)) for name, found in tables.items()),
        tuple(c.table.name for c in changes if isinstance(c, TableDropped)),
    )


def _rewrites(change: ColumnAltered) -> list[str]:
    """UPDATEs on the old column: values the new column would refuse are replaced."""
    column, table = sql_column(change.old.name), sql_column(change.table)
    statements = []
    if change.removed_values:
        removed = ", ".join(sql_string(v) for v in change.removed_values)
        value = change.replacement or "NULL"
        statements.append(f"UPDATE {table} SET {column} = {value} WHERE {column} IN ({removed})")
    if change.fill is not None:
        statements.append(f"UPDATE {table} SET {column} = {change.fill.sql} WHERE {column} IS NULL")
    return statements


def _batch(changes: list[Change]) -> tuple[str, ...]:
    """A batch knows a column by its old name until the end: a renamed column that also
    changes is renamed by its `alter_column`."""
    altered = {c.old.name for c in changes if isinstance(c, ColumnAltered) and _retyped(c)}
    ordered = (
        [_drop(c.constraint) for c in changes if isinstance(c, ConstraintDropped)]
        + [_rename(c) for c in changes if isinstance(c, ColumnRenamed) and c.old not in altered]
        + [_add(c) for c in changes if isinstance(c, ColumnAdded)]
        + [_alter(c) for c in changes if isinstance(c, ColumnAltered) and _retyped(c)]
        + [_drop_column(c) for c in changes if isinstance(c, ColumnDropped)]
        + [_create(c.constraint) for c in changes if isinstance(c, ConstraintAdded)]
    )
    return tuple(ordered)


def _drop(constraint: Constraint) -> str:
    name = py_string(constraint.name)
    if constraint.kind == "index":
        return f"batch_op.drop_index({name})"
    return f"batch_op.drop_constraint({name}, type_={py_string(_DROP_TYPES[constraint.kind])})"


def _rename(change: ColumnRenamed) -> str:
    old, new = py_string(change.old), py_string(change.new)
    return f"batch_op.alter_column({old}, new_column_name={new})"


def _add(change: ColumnAdded) -> str:
    column = change.column
    default = f", server_default=sa.text({py_string(change.fill.sql)})" if change.fill else ""
    return (
        f"batch_op.add_column(sa.Column({py_string(column.name)}, {base_type(column)}, "
        f"nullable={column.nullable}{default}))"
    )


def _alter(change: ColumnAltered) -> str:
    old, new = change.old, change.new
    rename = f", new_column_name={py_string(new.name)}" if new.name != old.name else ""
    return (
        f"batch_op.alter_column({py_string(old.name)}{rename}, existing_type={base_type(old)}, "
        f"type_={base_type(new)}, existing_nullable={old.nullable}, nullable={new.nullable})"
    )


def _retyped(change: ColumnAltered) -> bool:
    """Whether the column itself changes (an enumeration's values change only its CHECK)."""
    old, new = change.old, change.new
    return base_type(old) != base_type(new) or old.nullable != new.nullable


def _drop_column(change: ColumnDropped) -> str:
    return f"batch_op.drop_column({py_string(change.column.name)})"


def _create(constraint: Constraint) -> str:
    name = py_string(constraint.name)
    columns = "[" + ", ".join(py_string(c) for c in constraint.columns) + "]"
    match constraint.kind:
        case "check":
            return f"batch_op.create_check_constraint({name}, {py_string(constraint.sql)})"
        case "unique":
            return f"batch_op.create_unique_constraint({name}, {columns})"
        case "index" if constraint.sql:
            where = f"sa.text({py_string(constraint.sql)})"
            return (
                f"batch_op.create_index({name}, {columns}, unique={constraint.unique}, "
                f"sqlite_where={where}, postgresql_where={where})"
            )
        case "index":
            return f"batch_op.create_index({name}, {columns}, unique={constraint.unique})"
    ondelete = f", ondelete={py_string(constraint.ondelete)}" if constraint.ondelete else ""
    target = py_string(constraint.target)
    return f'batch_op.create_foreign_key({name}, {target}, {columns}, ["id"]{ondelete})'
