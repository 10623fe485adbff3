"""Checks of the effects of a transition or an action: `field = value` on the row,
`ref.field = value` on the row a single reference points to (one hop)."""

from __future__ import annotations

from compiler.check.expr_types import ExprTyper, Scope
from compiler.check.value_types import of_field_type
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.actions import Action
from compiler.ir.anyone import effective_cell, role_rows
from compiler.ir.expr import Assignment
from compiler.ir.model import Computed, Entity, Field, Spec, Transition
from compiler.ir.types import ListType, RefType
from compiler.lower.names import did_you_mean


def check_effects(
    spec: Spec,
    entity: Entity,
    states: frozenset[str],
    mover: Transition | Action,
    scope: Scope,
    typer: ExprTyper,
    diags: Diagnostics,
) -> None:
    """`states`: the lifecycle fields the effects may not assign (a transition's own, or
    every lifecycle field of the entity for an action, which does not move a state)."""
    checked_roles: set[tuple[str, str]] = set()
    for effect in mover.effects:
        if effect.reference is None:
            target = _own_target(entity, states, effect, diags)
        else:
            target = _other_target(spec, entity, effect, diags)
            if target is not None:
                _check_roles(spec, entity, mover, effect, checked_roles, diags)
        if target is not None:
            _check_value(target, effect, scope, typer, diags)


def _check_roles(
    spec: Spec,
    entity: Entity,
    transition: Transition | Action,
    effect: Assignment,
    checked: set[tuple[str, str]],
    diags: Diagnostics,
) -> None:
    """Every role of the transition (or action) needs some read and update access to the other row's
    entity: the app refuses the change of a row the user may not read or update (403)."""
    reference = entity.field(effect.reference or "")
    assert reference is not None and isinstance(reference.type, RefType)
    other = spec.entity(reference.type.entity)
    if other is None or other.access is None:
        return
    cells = {
        row.role: (effective_cell(other, row, "read").kind, row.update.kind)
        for row in role_rows(other.access)
    }
    for actor in transition.actors:
        if (actor.role, other.name) in checked or "no" not in cells.get(actor.role, ("no",)):
            continue
        checked.add((actor.role, other.name))
        diags.add(
            codes.EFFECT_ROLE_MAY_NOT_UPDATE,
            actor.span,
            f"{actor.role} makes this {_what(transition)}, whose effect "
            f"'{effect.reference}.{effect.field}' changes a {other.name}, but may not read and "
            f"update {other.name} rows",
            hint=f"give {actor.role} update access in {other.name}'s Access table, or drop "
            f"`by {actor.role}` here",
        )


def _what(mover: Transition | Action) -> str:
    return "action" if isinstance(mover, Action) else "transition"


def _own_target(
    entity: Entity, states: frozenset[str], effect: Assignment, diags: Diagnostics
) -> Field | None:
    target = entity.field(effect.field)
    if target is not None and target.name not in states and not target.has(Computed):
        return target
    reason = (
        "is not a field"
        if target is None
        else "is a lifecycle's own field, which only its transitions change"
        if target.name in states
        else "is computed"
    )
    hint = did_you_mean(effect.field, [f.name for f in entity.fields]) if target is None else None
    diags.add(
        codes.EFFECT_ON_READONLY_TARGET, effect.field_span, f"'{effect.field}' {reason}", hint=hint
    )
    return None


def _other_target(
    spec: Spec, entity: Entity, effect: Assignment, diags: Diagnostics
) -> Field | None:
    assert effect.reference is not None and effect.reference_span is not None
    reference = entity.field(effect.reference)
    if reference is not None and isinstance(reference.type, ListType):
        diags.add(
            codes.EFFECT_THROUGH_LIST,
            effect.reference_span,
            f"'{reference.name}' is a list of {reference.type.entity}: an effect changes one row",
            hint="reference the row with a single (non-list) field",
        )
        return None
    references = [
        f.name
        for f in entity.fields
        if isinstance(f.type, RefType) and f.type.entity != "User" and not f.has(Computed)
    ]
    other = None
    if reference is not None and isinstance(reference.type, RefType):
        other = spec.entity(reference.type.entity)
    if other is None or reference is None or reference.has(Computed):
        what = _not_a_reference(entity, effect.reference, reference)
        hint = did_you_mean(effect.reference, references)
        if hint is None and references:
            hint = "references of " + entity.name + ": " + ", ".join(references)
        diags.add(codes.EFFECT_REFERENCE_UNKNOWN, effect.reference_span, what, hint=hint)
        return None
    target = other.field(effect.field)
    lifecycle_fields = {lifecycle.field for lifecycle in other.lifecycles}
    if target is None:
        reason = f"is not a field of {other.name}"
    elif target.has(Computed):
        reason = f"is computed in {other.name}"
    elif target.name in lifecycle_fields:
        reason = f"is the state of {other.name}'s lifecycle, which only its transitions change"
    elif isinstance(target.type, ListType):
        reason = f"is a list field of {other.name}"
    else:
        return target
    hint = did_you_mean(effect.field, [f.name for f in other.fields]) if target is None else None
    diags.add(
        codes.EFFECT_ON_OTHER_FIELD,
        effect.field_span,
        f"'{effect.reference}.{effect.field}': '{effect.field}' {reason}",
        hint=hint,
    )
    return None


def _not_a_reference(entity: Entity, name: str, field: Field | None) -> str:
    if field is None:
        return f"'{name}' is not a field of {entity.name}"
    if isinstance(field.type, RefType) and field.type.entity == "User":
        return f"'{name}' is a User: effects do not change users"
    return f"'{name}' is not a reference to another entity's row"


def _check_value(
    target: Field, effect: Assignment, scope: Scope, typer: ExprTyper, diags: Diagnostics
) -> None:
    value = typer.type_of(effect.value, scope)
    expected = of_field_type(target.type, target.optional)
    if value.kind == "duration":
        message = f"'{target.name}' cannot hold a duration"
        hint = "assign the datetime it leads to: `now() + hours(1)`"
        diags.add(codes.DURATION_NOT_STORED, effect.value.span, message, hint)
    elif value.kind == "null" and not target.optional:
        diags.add(codes.TYPE_MISMATCH, effect.value.span, f"'{target.name}' cannot be null")
    elif value.kind not in ("null", "unknown") and not _assignable(value.kind, expected.kind):
        diags.add(
            codes.TYPE_MISMATCH,
            effect.value.span,
            f"cannot assign {value.describe()} to '{target.name}' ({expected.describe()})",
        )


def _assignable(value: str, target: str) -> bool:
    return value == target or (value, target) in {
        ("int", "decimal"),
        ("text", "enum"),
        ("date", "datetime"),
    }
