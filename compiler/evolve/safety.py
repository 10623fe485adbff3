"""What a planned migration does to existing rows, as diagnostics at the spec lines.

Destructive changes (a dropped table or column, a type values may not convert
to, a removed enumeration value) are errors unless `allow_data_loss`, then
warnings; changes that rewrite rows or can fail on them are warnings.
"""

from __future__ import annotations

import re

from compiler.appgen.migration import ColumnView
from compiler.diagnostics import Diagnostics, codes
from compiler.evolve.changes import (
    Change,
    ColumnAdded,
    ColumnAltered,
    ColumnDropped,
    ConstraintAdded,
    TableDropped,
)
from compiler.evolve.diff import schema_changes
from compiler.evolve.history import History
from compiler.evolve.schema import base_type
from compiler.ir.model import RenamedFrom, Spec

_LOSS_HINT = "rename with `renamed from` to keep the data, or compile with --allow-data-loss"


def evolution_diagnostics(history: History, spec: Spec, *, allow_data_loss: bool) -> Diagnostics:
    diags = Diagnostics()
    if history.problem:
        message = f"cannot plan a migration: {history.problem}"
        diags.add(codes.CANNOT_MIGRATE, spec.app.span, message)
        return diags
    if history.previous is None:
        return diags
    changes = schema_changes(history.previous, spec)
    loss = codes.RISKY_MIGRATION if allow_data_loss else codes.DATA_LOSS
    for change in changes:
        if (lost := _lost(change)) is not None:
            diags.add(loss, change.span, lost, hint=None if allow_data_loss else _LOSS_HINT)
        elif (risk := _risk(change)) is not None:
            code, message = risk
            diags.add(code, change.span, message)
    _stale_renames(history.previous, spec, diags)
    return diags


def _lost(change: Change) -> str | None:
    match change:
        case TableDropped(table=table):
            columns = ", ".join(c.name for c in table.columns)
            return f"removing it drops table {table.name} and every row of it ({columns})"
        case ColumnDropped(table=table, column=column):
            name = column.field or column.name
            return f"removing field '{name}' drops column {table}.{column.name} and its values"
        case ColumnAltered(old=old, new=new) if converts(base_type(old), base_type(new)):
            return (
                f"changing {change.table}.{new.name} from {base_type(old)} to "
                f"{base_type(new)} may not keep its values"
            )
        case ColumnAltered(table=table, new=new, replacement=replacement) if change.removed_values:
            values = ", ".join(f"'{v}'" for v in change.removed_values)
            becomes = replacement or "NULL"
            return f"removing {values} from {table}.{new.name}: rows holding it get {becomes}"
    return None


def _risk(change: Change) -> tuple[codes.Code, str] | None:
    match change:
        case ColumnAdded(table=table, column=column, fill=None) if not column.nullable:
            return (
                codes.CANNOT_MIGRATE,
                f"new required reference {table}.{column.name}: existing rows have nothing to "
                "point to",
            )
        case ColumnAdded(table=table, column=column, fill=fill) if fill and fill.derived:
            return (
                codes.RISKY_MIGRATION,
                f"existing {table} rows get {fill.sql} in the new required field "
                f"'{column.field}': it is derived on write, which the migration does not do; "
                "a row gets its value when the app next writes it (if it is derived on update)",
            )
        case ColumnAdded(table=table, column=column, fill=fill) if fill and not fill.from_spec:
            return (
                codes.RISKY_MIGRATION,
                f"existing {table} rows get {fill.sql} in the new required field "
                f"'{column.field}' (it has no default; add `default …` to choose the value)",
            )
        case ColumnAltered(table=table, new=new, fill=fill) if fill is not None:
            return (
                codes.RISKY_MIGRATION,
                f"{table} rows without a '{new.field}' get {fill.sql} now that it is required",
            )
        case ColumnAltered(table=table, old=old, new=new) if _narrower(old, new):
            return (
                codes.RISKY_MIGRATION,
                f"{table}.{new.name} becomes {base_type(new)}: on PostgreSQL the upgrade fails "
                "(and changes nothing) if a stored value does not fit",
            )
        case ConstraintAdded(table=table, constraint=constraint, safe=False):
            unique = constraint.kind in ("unique", "index")
            what = "duplicate values" if unique else "rows that break it"
            return (
                codes.RISKY_MIGRATION,
                f"new constraint {constraint.name} on {table}: {what} make the upgrade fail "
                "(it then changes nothing); fix those rows first",
            )
    return None


def _narrower(old: ColumnView, new: ColumnView) -> bool:
    """A shorter string, a text that becomes a string, fewer digits."""
    before, after = base_type(old), base_type(new)
    if before == after:
        return False
    if before == "sa.Text()":
        return True
    sizes = [[int(n) for n in re.findall(r"\d+", text)] for text in (before, after)]
    return sizes[1] < sizes[0]


def converts(old: str, new: str) -> bool:
    """A type change values may not survive (a length change only narrows or widens)."""
    pair = (old.split("(")[0], new.split("(")[0])
    widening = {("sa.String", "sa.Text"), ("sa.Integer", "sa.Numeric")}
    return pair[0] != pair[1] and pair not in widening


def _stale_renames(previous: Spec, spec: Spec, diags: Diagnostics) -> None:
    """A new field or entity `renamed from` one the previous build did not have either."""
    before = {e.name: {f.name for f in e.fields} for e in previous.entities}
    for entity in spec.entities:
        if entity.renamed_from and not before.keys() & {entity.name, entity.renamed_from}:
            diags.add(
                codes.STALE_RENAME,
                entity.name_span,
                f"the previous build has no entity '{entity.renamed_from}': "
                f"'{entity.name}' is added as a new entity",
            )
        known = before.get(entity.renamed_from or entity.name, set()) | before.get(
            entity.name, set()
        )
        for field in entity.fields:
            rename = field.rule(RenamedFrom)
            if isinstance(rename, RenamedFrom) and not known & {field.name, rename.name}:
                diags.add(
                    codes.STALE_RENAME,
                    rename.span,
                    f"the previous build has no field '{rename.name}' in {entity.name}: "
                    f"'{field.name}' is added as a new field",
                )
