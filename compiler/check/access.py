"""Checks of Access tables: present, known roles, `own` with an owner, typed conditions."""

from __future__ import annotations

from compiler.check.expr_types import ExprTyper, Scope
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import ACTIONS, Entity, Spec
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
        if spec.app.roles_known and row.role not in roles:
            hint = did_you_mean(row.role, roles) or "roles: " + ", ".join(roles)
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
