"""Checks of Access tables: present, known roles, `own` with an owner, typed conditions, and
an `anyone` row that only reads, with no user in its condition."""

from __future__ import annotations

from compiler.check.expr_types import ExprTyper, Scope
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.anyone import ANYONE
from compiler.ir.expr import IsOwn, Path, walk
from compiler.ir.model import ACTIONS, AccessCell, AccessRow, Entity, Spec
from compiler.lower.names import did_you_mean

_SKELETON = "### Access\n| Role | create | read | update | delete |\n|---|---|---|---|---|"


def check_access(spec: Spec, entity: Entity, typer: ExprTyper, diags: Diagnostics) -> None:
    if entity.access is None:
        diags.add(
            codes.NO_ACCESS_TABLE,
            entity.name_span,
            f"entity '{entity.name}' has no Access table",
            hint="say who may do what; there is no default access: " + _SKELETON.replace("\n", " "),
        )
        return
    roles = [r.name for r in spec.app.roles]
    listed: dict[str, int] = {}
    for row in entity.access.rows:
        if spec.app.roles_known and row.role not in (*roles, ANYONE):
            hint = did_you_mean(row.role, (*roles, ANYONE)) or "roles: " + ", ".join(roles)
            diags.add(codes.UNKNOWN_ROLE, row.role_span, f"unknown role '{row.role}'", hint=hint)
            continue
        if row.role in listed:
            diags.add(
                codes.DUPLICATE_ACCESS_ROLE,
                row.role_span,
                f"role '{row.role}' has two rows",
                hint=f"the first is on line {listed[row.role]}",
            )
            continue
        listed[row.role] = row.span.line
        if row.role == ANYONE and not _anyone_only_reads(row, diags):
            continue
        for action in ACTIONS:
            _check_cell(entity, action, row.cell(action), typer, diags)
    for role in roles if entity.access.rows else ():
        if role not in listed:
            diags.add(
                codes.ROLE_WITHOUT_ACCESS,
                entity.access.span,
                f"role '{role}' has no row in the Access table of {entity.name}",
                hint=f"add `| {role} | no | no | no | no |` to make the choice explicit",
            )


def _check_cell(entity: Entity, action: str, cell, typer: ExprTyper, diags: Diagnostics) -> None:
    if cell.kind == "own" and action == "create":
        diags.add(
            codes.OWN_ON_CREATE,
            cell.span,
            "`own` in the create column",
            hint="a new row is owned by its creator anyway; write yes, no or where `condition`",
        )
    elif cell.kind == "own" and not entity.owner_candidates():
        diags.add(
            codes.OWN_WITHOUT_OWNER,
            cell.span,
            f"`own` but {entity.name} has no owner field",
            hint="add a User field `set to current user`, or mark one User field `owner`",
        )
    elif cell.kind == "where" and cell.condition is not None:
        typer.condition(cell.condition, Scope(entity, entity), f"the `where` of {action}")


def _anyone_only_reads(row: AccessRow, diags: Diagnostics) -> bool:
    """Anonymous visitors only read, and no condition of theirs may ask who they are."""
    errors = len(diags)
    for action in ("create", "update", "delete"):
        cell = row.cell(action)
        if cell.kind != "no":
            diags.add(
                codes.ANYONE_MAY_ONLY_READ,
                cell.span,
                f"`anyone` may not {action}: visitors who are not signed in only read",
                hint=f"write `no`, and give the {action} to a role users sign in with",
            )
    if row.read.kind == "own":
        diags.add(
            codes.ANYONE_OWNS_NOTHING,
            row.read.span,
            "`own` for anyone: a visitor who is not signed in owns no row",
            hint="write `all`, `no` or where `condition` (a condition on the row, "
            "such as where `published`)",
        )
    if row.read.kind == "where" and row.read.condition is not None:
        _check_no_user(row.read, diags)
    return len(diags) == errors


def _check_no_user(cell: AccessCell, diags: Diagnostics) -> None:
    for node in walk(cell.condition) if cell.condition is not None else ():
        if isinstance(node, Path) and node.parts[0] == "current_user":
            where, what = node.part_spans[0], "`current_user`"
        elif isinstance(node, IsOwn):
            where, what = node.span, "`is own`"
        else:
            continue
        diags.add(
            codes.ANYONE_HAS_NO_USER,
            where,
            f"{what} in the condition of `anyone`: an anonymous visitor has no account",
            hint="anyone's condition can test only the row "
            '(where `status == "published"`); put conditions on the user in the rows of roles',
        )
        return
