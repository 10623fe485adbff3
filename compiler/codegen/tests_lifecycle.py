"""The generated tests of lifecycles: every listed transition succeeds for its roles,
every unlisted change of state is refused (409), and a role not named is refused (403).

A case needs a role that may update the row at all: `all`, or `own` on a row the
actor owns. Transitions whose roles may update rows only `where` a condition holds,
and transitions with a `when` guard (whether it holds depends on data a factory
cannot derive in general), are left out, and the generated module says so; the
spec's examples are where such transitions are exercised.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.codegen.views import EntityView
from compiler.ir.model import Entity, Lifecycle, Spec


@dataclass(frozen=True, slots=True)
class TransitionCase:
    source: str
    target: str
    role: str
    owned: bool
    """The row is created owned by the actor (for `(own)` roles and `own` update cells)."""
    spec_line: int

    @property
    def id(self) -> str:
        return f"{self.source}-to-{self.target}-by-{self.role}{'-own' if self.owned else ''}"


@dataclass(frozen=True, slots=True)
class LifecycleTests:
    entity: EntityView
    field: str
    owner_field: str | None
    allowed: tuple[TransitionCase, ...]
    refused_pairs: tuple[tuple[str, str], ...]
    refused_role: str | None
    """A role that may update every row but is named by no transition."""
    wrong_role_cases: tuple[TransitionCase, ...]
    not_covered: tuple[str, ...]
    spec_line: int


def lifecycle_tests(spec: Spec, entity: Entity, view: EntityView) -> tuple[LifecycleTests, ...]:
    return tuple(_tests(entity, lifecycle, view) for lifecycle in entity.lifecycles)


def _tests(entity: Entity, lifecycle: Lifecycle, view: EntityView) -> LifecycleTests:
    update = {row.role: row.update.kind for row in entity.access.rows} if entity.access else {}
    allowed: list[TransitionCase] = []
    not_covered: list[str] = []
    for transition in lifecycle.transitions:
        for source in transition.sources:
            for actor in transition.actors:
                kind = update.get(actor.role, "no")
                owned = actor.own or kind == "own"
                case = TransitionCase(
                    source, transition.target, actor.role, owned, transition.span.line
                )
                if transition.guard is not None:
                    not_covered.append(
                        f"{case.id}: guarded by a `when` condition (spec.md:{transition.span.line})"
                    )
                elif kind in ("all", "own"):
                    allowed.append(case)
                else:
                    not_covered.append(
                        f"{case.id}: {actor.role} may update {view.label_plural.lower()} only "
                        f"{'where a condition holds' if kind == 'where' else 'never'}"
                    )
    field = entity.field(lifecycle.field)
    states = getattr(field.type, "values", ()) if field else ()
    pairs = {(s, t.target) for t in lifecycle.transitions for s in t.sources}
    refused = tuple((a, b) for a in states for b in states if a != b and (a, b) not in pairs)
    named = {a.role for t in lifecycle.transitions for a in t.actors}
    outsiders = [role for role, kind in update.items() if kind == "all" and role not in named]
    wrong = (
        tuple(
            TransitionCase(source, t.target, outsiders[0], False, t.span.line)
            for t in lifecycle.transitions
            for source in t.sources[:1]
        )
        if outsiders
        else ()
    )
    updaters = [role for role, kind in update.items() if kind == "all"]
    return LifecycleTests(
        entity=view,
        field=lifecycle.field,
        owner_field=entity.owner,
        allowed=tuple(allowed),
        refused_pairs=refused if updaters else (),
        refused_role=updaters[0] if updaters else None,
        wrong_role_cases=wrong,
        not_covered=tuple(not_covered),
        spec_line=lifecycle.span.line,
    )
