"""Checks of lifecycles (the field, the states, the roles, guards, effects, reachability) and
of actions (`### Actions`: names, labels, the same roles, guards and effects as transitions)."""

from __future__ import annotations

from compiler.check.effects import check_effects
from compiler.check.expr_types import ExprTyper, Scope
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.actions import Action, Actor
from compiler.ir.model import Entity, Lifecycle, LifecycleOnly, Spec, Transition
from compiler.ir.types import EnumType
from compiler.lower.names import did_you_mean


def check_lifecycles(spec: Spec, entity: Entity, typer: ExprTyper, diags: Diagnostics) -> None:
    seen: set[str] = set()
    for lifecycle in entity.lifecycles:
        if lifecycle.field in seen:
            diags.add(
                codes.DUPLICATE_LIFECYCLE,
                lifecycle.field_span,
                f"second lifecycle of '{lifecycle.field}'",
            )
            continue
        seen.add(lifecycle.field)
        _check_lifecycle(spec, entity, lifecycle, typer, diags)
    for field in entity.fields:
        rule = field.rule(LifecycleOnly)
        if rule is not None and field.name not in seen:
            diags.add(
                codes.LIFECYCLE_ONLY_WITHOUT_LIFECYCLE,
                rule.span,
                f"'{field.name}' has no lifecycle",
                hint=f"add `### Lifecycle of {field.name}` with its transitions",
            )


def _check_lifecycle(
    spec: Spec, entity: Entity, lifecycle: Lifecycle, typer: ExprTyper, diags: Diagnostics
) -> None:
    field = entity.field(lifecycle.field)
    if field is None or not isinstance(field.type, EnumType):
        hint = did_you_mean(
            lifecycle.field, [f.name for f in entity.fields if isinstance(f.type, EnumType)]
        )
        what = "is not a field" if field is None else "is not a `one of:` field"
        diags.add(
            codes.LIFECYCLE_FIELD,
            lifecycle.field_span,
            f"'{lifecycle.field}' {what} of {entity.name}",
            hint=hint,
        )
        return
    states = field.type.values
    pairs: set[tuple[str, str]] = set()
    for transition in lifecycle.transitions:
        _check_transition(spec, entity, lifecycle, transition, states, pairs, typer, diags)
    _check_labels(lifecycle, diags)
    _check_reachable(lifecycle, states, diags)


def _check_labels(lifecycle: Lifecycle, diags: Diagnostics) -> None:
    """Two buttons on one page must not read the same: labels are unique per source state."""
    named: dict[tuple[str, str], str] = {}
    for transition in lifecycle.transitions:
        if transition.label is None:
            continue
        for source in transition.sources:
            key = (source, transition.label.lower())
            if key in named and named[key] != transition.target:
                diags.add(
                    codes.DUPLICATE_TRANSITION_LABEL,
                    transition.span,
                    f"'{transition.label}' already names {source} → {named[key]}",
                    hint="give each transition from a state its own label",
                )
            named.setdefault(key, transition.target)


def _check_transition(
    spec: Spec,
    entity: Entity,
    lifecycle: Lifecycle,
    transition: Transition,
    states: tuple[str, ...],
    pairs: set[tuple[str, str]],
    typer: ExprTyper,
    diags: Diagnostics,
) -> None:
    for state in (*transition.sources, transition.target):
        if state not in states:
            span = transition.target_span if state == transition.target else transition.sources_span
            hint = did_you_mean(state, states) or "states: " + ", ".join(states)
            diags.add(codes.UNKNOWN_STATE, span, f"unknown state '{state}'", hint=hint)
    for source in transition.sources:
        if source == transition.target:
            diags.add(
                codes.SELF_TRANSITION,
                transition.sources_span,
                f"transition from '{source}' to itself",
                hint="a transition changes the state; to change only other fields, "
                "write an action (`### Actions`)",
            )
        elif (source, transition.target) in pairs:
            diags.add(
                codes.DUPLICATE_TRANSITION,
                transition.sources_span,
                f"transition {source} → {transition.target} is listed twice",
            )
        pairs.add((source, transition.target))
    _check_actors(spec, entity, transition.actors, diags)
    scope = Scope(entity, entity)
    if transition.guard is not None:
        typer.condition(transition.guard, scope, "`when`")
    check_effects(spec, entity, frozenset({lifecycle.field}), transition, scope, typer, diags)


def check_actions(spec: Spec, entity: Entity, typer: ExprTyper, diags: Diagnostics) -> None:
    """An action is checked like a transition that does not move a state: its roles, guard
    and effects (which may assign no lifecycle field), plus its name and button text."""
    states = frozenset(lc.field for lc in entity.lifecycles)
    taken = {f.name: "a field" for f in entity.fields}
    for lifecycle in entity.lifecycles:
        field = entity.field(lifecycle.field)
        if field is not None and isinstance(field.type, EnumType):
            taken.update({v: f"a state of '{field.name}'" for v in field.type.values})
    labels = {
        t.label.lower(): "a transition"
        for lc in entity.lifecycles
        for t in lc.transitions
        if t.label
    }
    names: set[str] = set()
    for action in entity.actions:
        duplicate = not _check_action_name(entity, action, names, taken, diags)
        if not duplicate and (other := labels.get(action.button.lower())) is not None:
            diags.add(
                codes.DUPLICATE_ACTION_LABEL,
                action.name_span,
                f"action '{action.name}' reads \"{action.button}\" like {other}",
                hint='give it its own label: `as "…"`',
            )
        labels.setdefault(action.button.lower(), f"action '{action.name}'")
        _check_actors(spec, entity, action.actors, diags)
        scope = Scope(entity, entity)
        if action.guard is not None:
            typer.condition(action.guard, scope, "`when`")
        if not action.effects:
            diags.add(
                codes.ACTION_WITHOUT_EFFECT,
                action.name_span,
                f"action '{action.name}' changes nothing",
                hint="add `: sets `field = value`` (a change of state is a lifecycle transition)",
            )
        check_effects(spec, entity, states, action, scope, typer, diags)


def _check_action_name(
    entity: Entity, action: Action, names: set[str], taken: dict[str, str], diags: Diagnostics
) -> bool:
    """Whether the name is new (a second bullet of one name is reported once, here)."""
    if action.name in names:
        diags.add(
            codes.DUPLICATE_ACTION,
            action.name_span,
            f"action '{action.name}' is listed twice in {entity.name}",
            hint="merge the two bullets, or rename one",
        )
        return False
    if action.name in taken:
        diags.add(
            codes.ACTION_NAME_CLASH,
            action.name_span,
            f"action '{action.name}' has the name of {taken[action.name]} of {entity.name}",
            hint=f"rename the action, e.g. `{action.name}_now`",
        )
    names.add(action.name)
    return True


def _check_actors(
    spec: Spec, entity: Entity, actors: tuple[Actor, ...], diags: Diagnostics
) -> None:
    roles = [r.name for r in spec.app.roles]
    for actor in actors:
        if spec.app.roles_known and actor.role not in roles:
            hint = did_you_mean(actor.role, roles) or "roles: " + ", ".join(roles)
            diags.add(codes.UNKNOWN_ROLE, actor.span, f"unknown role '{actor.role}'", hint=hint)
        elif actor.own and not entity.owner_candidates():
            diags.add(
                codes.OWN_WITHOUT_OWNER,
                actor.span,
                f"`(own)` but {entity.name} has no owner field",
                hint="add a User field `set to current user`, or mark one User field `owner`",
            )


def _check_reachable(lifecycle: Lifecycle, states: tuple[str, ...], diags: Diagnostics) -> None:
    if lifecycle.initial is None:
        return
    reached = {lifecycle.initial}
    changed = True
    while changed:
        changed = False
        for transition in lifecycle.transitions:
            if transition.target not in reached and reached & set(transition.sources):
                reached.add(transition.target)
                changed = True
    for state in states:
        if state not in reached:
            diags.add(
                codes.UNREACHABLE_STATE,
                lifecycle.field_span,
                f"state '{state}' cannot be reached from '{lifecycle.initial}'",
                hint="add a transition into it, or remove it from the field's values",
            )
