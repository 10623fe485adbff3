"""The view of an entity's lifecycles: the transitions a PATCH of the state field may make.

A change of the state field is accepted only along a listed transition (else
409), by one of its roles — `(own)` roles only on rows they own — (else 403),
when its guard holds (else 409); its effects are applied by the database in the
same transaction, before the rest of the change. Effects on a referenced row
(`copy.available = true`) are read on the rows before the transition and handed
to the other entity's service, which locks that row and checks it like an update.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.actions import Action
from compiler.ir.model import Entity, Lifecycle, Spec, Transition
from compiler.ir.types import RefType
from compiler.translate.names import camel, column_name, snake
from compiler.translate.sql import SqlCompiler


@dataclass(frozen=True, slots=True)
class Effect:
    attribute: str
    value: str
    """SQLAlchemy source of the new value (it may read the row's current columns)."""


@dataclass(frozen=True, slots=True)
class OtherRowEffects:
    """The effects of one transition on the row one reference points to."""

    name: str
    """The reference field (`copy`)."""
    reference: str
    """The reference's column on the row (`copy_id`)."""
    entity: str
    module: str
    values: tuple[Effect, ...]
    """The other row's attributes and their new values (SQL over the row in transition)."""


@dataclass(frozen=True, slots=True)
class TransitionView:
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]
    """Roles that may make the transition on any row they may update."""
    owner_roles: tuple[str, ...]
    """Roles that may make it only on rows they own (`by role (own)`)."""
    guard: str | None
    effects: tuple[Effect, ...]
    other_effects: tuple[OtherRowEffects, ...]
    guard_prelude: tuple[str, ...]
    """Alias and request-time bindings the guard needs."""
    effects_prelude: tuple[str, ...]
    """Those the effects need, on this row and others (each function binds only what it uses)."""
    label: str | None
    """The spec's name of the action (`as "Reopen ticket"`), if it gives one."""


@dataclass(frozen=True, slots=True)
class ActionView:
    """An action (`### Actions`): a transition that does not move a state. Its endpoint is
    `POST /api/<rows>/{id}/actions/<name>`, its service function `<name>_<module>`."""

    name: str
    button: str
    move: TransitionView
    """Its roles, guard and effects, compiled as a transition's (sources and target empty)."""
    entities: tuple[str, ...]
    """Model classes its guard and effects alias."""


def action_views(spec: Spec, entity: Entity) -> tuple[ActionView, ...]:
    views = []
    for action in entity.actions:
        entities: set[str] = set()
        move = _transition(spec, SqlCompiler(spec, entity), entity, action, entities)
        views.append(
            ActionView(action.name, action.button, move, tuple(sorted(entities - {entity.name})))
        )
    return tuple(views)


@dataclass(frozen=True, slots=True)
class LifecycleView:
    field: str
    attribute: str
    enum_class: str
    states: tuple[str, ...]
    initial: str | None
    transitions: tuple[TransitionView, ...]
    entities: tuple[str, ...]
    """Model classes the guards and effects alias."""

    def pairs(self) -> set[tuple[str, str]]:
        return {(source, t.target) for t in self.transitions for source in t.sources}

    @property
    def changes_other_rows(self) -> bool:
        return any(t.other_effects for t in self.transitions)

    @property
    def services(self) -> tuple[str, ...]:
        """The other entities' service modules its transitions call (`copy`)."""
        return tuple(sorted({o.module for t in self.transitions for o in t.other_effects}))


def effect_targets(spec: Spec) -> frozenset[str]:
    """Entities some transition changes through a reference (their services get `apply_effects`)."""
    targets = set()
    for entity in spec.entities:
        movers = [t for lifecycle in entity.lifecycles for t in lifecycle.transitions]
        for transition in (*movers, *entity.actions):
            for effect in transition.effects:
                reference = entity.field(effect.reference) if effect.reference else None
                if reference is not None and isinstance(reference.type, RefType):
                    targets.add(reference.type.entity)
    return frozenset(targets)


def lifecycle_views(spec: Spec, entity: Entity) -> tuple[LifecycleView, ...]:
    return tuple(_lifecycle(spec, entity, lifecycle) for lifecycle in entity.lifecycles)


def _lifecycle(spec: Spec, entity: Entity, lifecycle: Lifecycle) -> LifecycleView:
    field = entity.field(lifecycle.field)
    assert field is not None
    states = getattr(field.type, "values", ())
    compiler = SqlCompiler(spec, entity)
    entities: set[str] = set()
    transitions = tuple(
        _transition(spec, compiler, entity, t, entities) for t in lifecycle.transitions
    )
    return LifecycleView(
        field=field.name,
        attribute=field.name,
        enum_class=f"{entity.name}{camel(field.name)}",
        states=states,
        initial=lifecycle.initial,
        transitions=transitions,
        entities=tuple(sorted(entities - {entity.name})),
    )


def _transition(
    spec: Spec,
    compiler: SqlCompiler,
    entity: Entity,
    transition: Transition | Action,
    entities: set[str],
) -> TransitionView:
    guard_prelude: list[str] = []
    guard = None
    if transition.guard is not None:
        compiled = compiler.compile(transition.guard)
        guard_prelude += compiled.prelude
        entities.update(compiled.entities)
        guard = compiled.source
    effects = []
    prelude: list[str] = []
    others: dict[str, list[Effect]] = {}
    for effect in transition.effects:
        compiled = compiler.compile(effect.value)
        prelude += [line for line in compiled.prelude if line not in prelude]
        entities.update(compiled.entities)
        owner = entity
        if effect.reference is not None:
            reference = entity.field(effect.reference)
            assert reference is not None and isinstance(reference.type, RefType)
            other = spec.entity(reference.type.entity)
            assert other is not None
            owner = other
        target = owner.field(effect.field)
        attribute = column_name(effect.field, target.type) if target else effect.field
        if effect.reference is None:
            effects.append(Effect(attribute, compiled.source))
        else:
            others.setdefault(effect.reference, []).append(Effect(attribute, compiled.source))
    other_effects = []
    for name, values in others.items():
        reference = entity.field(name)
        assert reference is not None and isinstance(reference.type, RefType)
        entities.add(reference.type.entity)
        other_effects.append(
            OtherRowEffects(
                name=name,
                reference=column_name(name, reference.type),
                entity=reference.type.entity,
                module=snake(reference.type.entity),
                values=tuple(values),
            )
        )
    moves = isinstance(transition, Transition)
    return TransitionView(
        sources=transition.sources if moves else (),
        target=transition.target if moves else "",
        roles=tuple(a.role for a in transition.actors if not a.own),
        owner_roles=tuple(a.role for a in transition.actors if a.own),
        guard=guard,
        effects=tuple(effects),
        other_effects=tuple(other_effects),
        guard_prelude=tuple(guard_prelude),
        effects_prelude=tuple(prelude),
        label=transition.label,
    )
