"""The planner's change list as the gate's upgrade check expects it (`gate.upgrade_compare`)."""

from __future__ import annotations

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
from compiler.evolve.diff import schema_changes
from compiler.evolve.history import History
from compiler.evolve.safety import converts
from compiler.evolve.schema import base_type
from compiler.gate.upgrade_compare import Expected, Place, Rewrite
from compiler.ir.model import Spec


def expected_upgrade(history: History, spec: Spec, *, allow_data_loss: bool) -> Expected | None:
    """What the revision planned from `history` to `spec` keeps of existing rows; None for a
    first build (nothing to upgrade)."""
    if history.previous is None or history.problem:
        return None
    changes = schema_changes(history.previous, spec)
    tables = {c.old: c.new for c in changes if isinstance(c, TableRenamed)}
    old_name = {new: old for old, new in tables.items()}
    columns = {
        (old_name.get(c.table, c.table), c.old): c.new
        for c in changes
        if isinstance(c, ColumnRenamed)
    }
    dropped: set[tuple[str, str | None]] = set()
    if allow_data_loss:
        dropped |= {(c.table.name, None) for c in changes if isinstance(c, TableDropped)}
        dropped |= {
            (old_name.get(c.table, c.table), c.column.name)
            for c in changes
            if isinstance(c, ColumnDropped)
        }
    rewritten = {
        (c.table, c.new.name): _rewrite(c, allow_data_loss)
        for c in changes
        if isinstance(c, ColumnAltered)
    }
    return Expected(
        tables,
        columns,
        frozenset(dropped),
        rewritten,
        tuple(_place(c) for c in changes),
        {e.name: e.span for e in spec.entities},
        spec.app.span,
    )


def _rewrite(change: ColumnAltered, allow_data_loss: bool) -> Rewrite:
    replaced: dict[object, object] = {}
    if allow_data_loss and change.removed_values:
        value = _value(change.replacement)
        replaced = {removed: value for removed in change.removed_values}
    lossy = allow_data_loss and converts(base_type(change.old), base_type(change.new))
    return Rewrite(replaced, change.fill is not None, lossy)


def _value(sql: str | None) -> object:
    """The value a SQL string literal stores (None for NULL)."""
    if sql is None or not sql.startswith("'"):
        return sql
    return sql[1:-1].replace("''", "'")


def _place(change: Change) -> Place:
    match change:
        case TableRenamed(new=new):
            return Place(new, None, change.span)
        case TableAdded(table=table) | TableDropped(table=table):
            return Place(table.name, None, change.span)
        case ColumnAdded(table=table, column=column) | ColumnDropped(table=table, column=column):
            return Place(table, column.name, change.span)
        case ColumnRenamed(table=table, new=new):
            return Place(table, new, change.span)
        case ColumnAltered(table=table, new=new):
            return Place(table, new.name, change.span)
        case (
            ConstraintAdded(table=table, constraint=constraint)
            | ConstraintDropped(table=table, constraint=constraint)
        ):
            column = constraint.columns[0] if len(constraint.columns) == 1 else None
            return Place(table, column, change.span)
    raise AssertionError(change)
