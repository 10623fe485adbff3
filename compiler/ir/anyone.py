"""The `anyone` row of an Access table: visitors who are not signed in.

`anyone` is not a role: no user holds it. What anyone may read, every signed-in user
may read too (a visitor who signs in must not see less than before), so a role's
read cell is the union of its own cell and anyone's. Anyone never creates, updates
or deletes (the check stage refuses it), so only the read column is combined.
"""

from __future__ import annotations

from compiler.ir.expr import Binary, Expr, IsOwn, Path
from compiler.ir.model import Access, AccessCell, AccessRow, Entity

ANYONE = "anyone"
"""The role word of the anonymous row."""


def anyone_row(access: Access | None) -> AccessRow | None:
    """The table's `anyone` row, if it has one."""
    rows = access.rows if access else ()
    return next((row for row in rows if row.role == ANYONE), None)


def role_rows(access: Access | None) -> tuple[AccessRow, ...]:
    """The rows of roles users hold (every row but `anyone`)."""
    return tuple(row for row in (access.rows if access else ()) if row.role != ANYONE)


def anyone_reads(entity: Entity) -> bool:
    """Whether visitors who are not signed in may read some rows of the entity."""
    row = anyone_row(entity.access)
    return row is not None and row.read.kind != "no"


def effective_cell(entity: Entity, row: AccessRow, action: str) -> AccessCell:
    """What the row's role may do for `action`, anyone's read rights included."""
    cell = row.cell(action)
    public = anyone_row(entity.access)
    if action != "read" or public is None or row.role == ANYONE:
        return cell
    return union(entity, cell, public.read)


def union(entity: Entity, mine: AccessCell, theirs: AccessCell) -> AccessCell:
    """A cell allowing the rows either cell allows."""
    if theirs.kind == "no" or mine.kind == "all":
        return mine
    if mine.kind == "no" or theirs.kind == "all":
        return AccessCell(theirs.kind, theirs.condition, mine.span)
    left, right = _condition(entity, mine), _condition(entity, theirs)
    return AccessCell("where", Binary("or", left, right, mine.span, mine.span), mine.span)


def _condition(entity: Entity, cell: AccessCell) -> Expr:
    """A `where` or `own` cell as one expression (`own`: the owner field `is own`)."""
    if cell.kind == "where" and cell.condition is not None:
        return cell.condition
    owner = Path((entity.owner or "",), cell.span, (cell.span,))
    return IsOwn(owner, cell.span)
