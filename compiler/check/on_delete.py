"""Checks of `on delete …` field rules: only on references to entities, and `set null` only
where the reference may be empty."""

from __future__ import annotations

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import Entity, OnDelete
from compiler.ir.types import USER_ENTITY, RefType


def check_on_delete(entity: Entity, diags: Diagnostics) -> None:
    for field in entity.fields:
        rule = field.rule(OnDelete)
        if not isinstance(rule, OnDelete):
            continue
        if not isinstance(field.type, RefType) or field.type.entity == USER_ENTITY:
            diags.add(
                codes.ON_DELETE_NOT_REFERENCE,
                rule.span,
                f"'{field.name}' does not reference an entity, so nothing is deleted under it",
                hint="write `on delete …` on a field whose type is an entity, e.g. `Ticket`",
            )
        elif rule.action == "set null" and not field.optional:
            diags.add(
                codes.SET_NULL_ON_REQUIRED,
                rule.span,
                f"'{field.name}' cannot be emptied: it is a required reference",
                hint=f"make it optional (`{field.type.entity}?`), or use `on delete cascade` "
                "or `on delete refuse`",
            )
