"""The generated tests of actions (`### Actions`), mirroring those of lifecycles: each role
the action names succeeds on a row its guard holds for, and its effects on the row land; a
role that may read the row but is not named is refused (403); a role that reads only its
own rows gets 404 on another's; the guard false is refused (409). Rows come from the
guard's solution (`lifecycles.guard_values`); an action whose guard cannot be solved so, or
an actor who reads only `where` rows, is named in the module's comments instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from compiler.analyse.views import EntityView
from compiler.ir.actions import Action
from compiler.ir.anyone import effective_cell, role_rows
from compiler.ir.expr import Binary, BoolLit, IntLit, Path, StringLit
from compiler.ir.model import Entity, Spec
from compiler.ir.refs import spec_refs
from compiler.ir.types import ScalarType
from compiler.testgen.lifecycles import guard_values


@dataclass(frozen=True, slots=True)
class ActionCase:
    action: str
    role: str
    owned: bool
    """The row is created owned by the actor (`by role (own)`, or a role that reads `own`)."""
    values: str
    """Factory arguments that make the guard hold (or fail, for the 409 case)."""
    spec_ref: str
    effects: tuple[tuple[str, str], ...] = ()
    """(attribute, expected) pairs: the value after the action, as Python over `before`."""

    @property
    def id(self) -> str:
        return f"{self.action}_by_{self.role}{'_own' if self.owned else ''}"


@dataclass(frozen=True, slots=True)
class ActionTests:
    entity: EntityView
    owner_field: str | None
    allowed: tuple[ActionCase, ...]
    guard_refused: tuple[ActionCase, ...]
    wrong_role: tuple[ActionCase, ...]
    not_covered: tuple[str, ...]
    unreadable: tuple[ActionCase, ...] = ()
    """A role that reads only its own rows, on a row it does not own: 404."""

    @property
    def ui_cases(self) -> tuple[ActionCase, ...]:
        """One button test per action (its first allowed case) whose rows need no other row
        or user made by the factory call (`data.` or `user` in the values)."""
        return _first_per_action(c for c in self.allowed if _plain(c.values))

    @property
    def ui_hidden(self) -> tuple[ActionCase, ...]:
        return _first_per_action(c for c in self.guard_refused if _plain(c.values))

    @property
    def empty(self) -> bool:
        return not (self.allowed or self.guard_refused or self.wrong_role or self.unreadable)


def action_tests(spec: Spec, entity: Entity, view: EntityView) -> ActionTests:
    reads = {row.role: effective_cell(entity, row, "read").kind for row in role_rows(entity.access)}
    allowed: list[ActionCase] = []
    refused: list[ActionCase] = []
    wrong: list[ActionCase] = []
    hidden: list[ActionCase] = []
    missing: list[str] = []
    for action in entity.actions:
        ref = spec_refs(spec).of(action.span)
        holds, fails = "", ""
        if action.guard is not None:
            holds = guard_values(spec, entity, action.guard, want=True)  # type: ignore[assignment]
            fails = guard_values(spec, entity, action.guard, want=False)  # type: ignore[assignment]
        if holds is None:
            missing.append(f"{action.name}: its guard has no simple solution")
            continue
        effects = _expected(entity, action)
        for actor in action.actors:
            read = reads.get(actor.role, "no")
            if read not in ("all", "own"):
                missing.append(f"{action.name} by {actor.role}: reads {read} rows")
                continue
            owned = actor.own or read == "own"
            case = ActionCase(action.name, actor.role, owned, holds, ref, effects)
            allowed.append(case)
            if action.guard is not None and fails and not refused_for(refused, action):
                refused.append(ActionCase(action.name, actor.role, owned, fails, ref))
        named = {a.role for a in action.actors}
        outsiders = [role for role, read in reads.items() if read == "all" and role not in named]
        if outsiders:
            wrong.append(ActionCase(action.name, outsiders[0], False, holds, ref))
        owners = [role for role, read in reads.items() if read == "own"]
        if owners and entity.owner is not None:
            hidden.append(ActionCase(action.name, owners[0], False, holds, ref))
    return ActionTests(
        view,
        entity.owner,
        tuple(allowed),
        tuple(refused),
        tuple(wrong),
        tuple(missing),
        tuple(hidden),
    )


def refused_for(cases: list[ActionCase], action: Action) -> bool:
    return any(case.action == action.name for case in cases)


def _expected(entity: Entity, action: Action) -> tuple[tuple[str, str], ...]:
    """The effects on the row whose result the test can state: a literal, or an int field
    plus or minus an int literal (`renewals = renewals + 1`)."""
    expected = []
    for effect in action.effects:
        field = entity.field(effect.field)
        if effect.reference is not None or field is None:
            continue
        match effect.value:
            case IntLit(value=v) | StringLit(value=v) | BoolLit(value=v):
                expected.append((effect.field, repr(v)))
            case Binary(op="+" | "-" as op, left=Path(parts=(name,)), right=IntLit(value=v)) if (
                name == effect.field and field.type == ScalarType("int")
            ):
                expected.append((effect.field, f'before["{name}"] {op} {v}'))
    return tuple(expected)


def _plain(values: str) -> bool:
    return "data." not in values and "user" not in values


def _first_per_action(cases: Iterable[ActionCase]) -> tuple[ActionCase, ...]:
    first: dict[str, ActionCase] = {}
    for case in cases:
        first.setdefault(case.action, case)
    return tuple(first.values())
