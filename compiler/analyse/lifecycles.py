"""The view of an entity's lifecycles: the transitions a PATCH of the state field may make.

A change of the state field is accepted only along a listed transition (else
409), by one of its roles — `(own)` roles only on rows they own — (else 403),
when its guard holds (else 409); its effects are applied by the database in the
same transaction, before the rest of the change.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.model import Entity, Lifecycle, Spec, Transition
from compiler.translate.names import camel, column_name
from compiler.translate.sql import SqlCompiler


@dataclass(frozen=True, slots=True)
class Effect:
    attribute: str
    value: str
    """SQLAlchemy source of the new value (it may read the row's current columns)."""


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
    guard_prelude: tuple[str, ...]
    """Alias and request-time bindings the guard needs."""
    effects_prelude: tuple[str, ...]
    """Those the effects need (each function binds only what it uses)."""
    label: str | None
    """The spec's name of the action (`as "Reopen ticket"`), if it gives one."""


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


def lifecycle_views(spec: Spec, entity: Entity) -> tuple[LifecycleView, ...]:
    return tuple(_lifecycle(spec, entity, lifecycle) for lifecycle in entity.lifecycles)


def _lifecycle(spec: Spec, entity: Entity, lifecycle: Lifecycle) -> LifecycleView:
    field = entity.field(lifecycle.field)
    assert field is not None
    states = getattr(field.type, "values", ())
    compiler = SqlCompiler(spec, entity)
    entities: set[str] = set()
    transitions = tuple(_transition(compiler, entity, t, entities) for t in lifecycle.transitions)
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
    compiler: SqlCompiler, entity: Entity, transition: Transition, entities: set[str]
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
    for effect in transition.effects:
        compiled = compiler.compile(effect.value)
        prelude += [line for line in compiled.prelude if line not in prelude]
        entities.update(compiled.entities)
        target = entity.field(effect.field)
        attribute = column_name(effect.field, target.type) if target else effect.field
        effects.append(Effect(attribute, compiled.source))
    return TransitionView(
        sources=transition.sources,
        target=transition.target,
        roles=tuple(a.role for a in transition.actors if not a.own),
        owner_roles=tuple(a.role for a in transition.actors if a.own),
        guard=guard,
        effects=tuple(effects),
        guard_prelude=tuple(guard_prelude),
        effects_prelude=tuple(prelude),
        label=transition.label,
    )
