"""The view of an entity's Access table: per action, which roles get what, as Python source.

A role's read grant includes what `anyone` may read (`ir.anyone`); the anonymous
visitors' own read grant is `AccessView.anonymous`.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.anyone import anyone_row, effective_cell, role_rows
from compiler.ir.model import ACTIONS, AccessCell, Entity, Spec
from compiler.ir.types import USER_ENTITY, RefType
from compiler.translate.names import column_name
from compiler.translate.sql import SqlCompiler


@dataclass(frozen=True, slots=True)
class Grant:
    """What some roles may do for one action: `condition` is Python source, None for every row."""

    roles: tuple[str, ...]
    condition: str | None
    prelude: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ActionView:
    action: str
    grants: tuple[Grant, ...]
    """Roles that are refused have no grant."""

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(role for grant in self.grants for role in grant.roles)

    @property
    def conditional(self) -> bool:
        """Whether some role's grant depends on the row (a `where` or `own` cell)."""
        return any(grant.condition is not None for grant in self.grants)


@dataclass(frozen=True, slots=True)
class AccessView:
    create: ActionView
    read: ActionView
    update: ActionView
    delete: ActionView
    needs: tuple[str, ...]
    """Request-time names the conditions use: now, today, days_between, add_days."""
    aliases: tuple[str, ...]
    """Entities the conditions alias (imported by the access module)."""
    anonymous: Grant | None
    """What visitors who are not signed in may read (`roles` empty); None: nothing."""

    @property
    def public(self) -> bool:
        """Whether the list and read endpoints answer without a token."""
        return self.anonymous is not None


def access_view(spec: Spec, entity: Entity) -> AccessView:
    compiler = SqlCompiler(spec, entity)
    needs: set[str] = set()
    aliases: set[str] = set()
    actions = {}
    for action in ACTIONS:
        grants: dict[tuple[str | None, tuple[str, ...]], list[str]] = {}
        for row in role_rows(entity.access):
            cell = effective_cell(entity, row, action)
            if cell.kind == "no":
                continue
            condition, prelude = _condition(compiler, entity, cell, needs, aliases)
            key = (condition, prelude)
            grants.setdefault(key, []).append(row.role)
        actions[action] = ActionView(
            action,
            tuple(Grant(tuple(roles), key[0], key[1]) for key, roles in grants.items()),
        )
    public = anyone_row(entity.access)
    anonymous = None
    if public is not None and public.read.kind != "no":
        condition, prelude = _condition(compiler, entity, public.read, needs, aliases)
        anonymous = Grant((), condition, prelude)
    return AccessView(
        **actions,
        needs=tuple(sorted(needs)),
        aliases=tuple(sorted(aliases)),
        anonymous=anonymous,
    )


def _condition(
    compiler: SqlCompiler, entity: Entity, cell: AccessCell, needs: set[str], aliases: set[str]
) -> tuple[str | None, tuple[str, ...]]:
    if cell.kind == "all":
        return None, ()
    if cell.kind == "own":
        owner = column_name(entity.owner or "", RefType(USER_ENTITY))
        return f"{entity.name}.{owner} == user.id", ()
    assert cell.condition is not None
    compiled = compiler.compile(cell.condition)
    needs.update(compiled.needs)
    aliases.update(compiled.entities)
    return compiled.source, tuple(compiled.prelude)
