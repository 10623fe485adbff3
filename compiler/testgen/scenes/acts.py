"""The writes a derived rule test makes, and what the app does with them, over a scene.

An `Act` is one kind of write to a row of the entity under test (the *subject*):
a POST that creates it, a PATCH that changes its fields, a PATCH that moves it
along a lifecycle transition, or, for rules no request can break, an insert by
the factory that the database must refuse. `Acts` models the app's side of each,
as the generated routes implement it:

- `start` builds the scene before the act: the acting user and the subject (a
  new row gets its lifecycle's first state and the values the app sets itself);
- `allowed` yields the conditions the app checks before the rules: the role's
  Access cells, `only where` of the references sent, ownership and the `when`
  guard of a transition;
- `after` is the scene once the PATCH applied (its values, or the new state and
  the transition's effects, those through a reference on the row it points to);
  `attributed` says which of the subject's fields decided a condition read after
  the act;
- `other_rows` are the checks on the rows a transition's effects change through a
  reference: the actor's read and update access to each, and its Rules after.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from compiler.ir.anyone import effective_cell, role_rows
from compiler.ir.derived import SetOnWrite
from compiler.ir.expr import Aggregate, Expr, Path, children
from compiler.ir.model import (
    AccessCell,
    AccessRow,
    Computed,
    Entity,
    Field,
    Lifecycle,
    OnlyWhere,
    ReadOnly,
    SetAutomatically,
    Spec,
    Transition,
)
from compiler.ir.types import USER_ENTITY, ListType, RefType
from compiler.testgen.scenes.scene import NOW, Choice, Evaluator, Reading, Scene, Unassigned

_Check = tuple[bool, Reading]
"""One condition the app checks: whether it holds, and what it read."""
_RuleCheck = tuple[bool, Reading, str, bool]
"""A rule of another row: whether it holds after the act, what it read there, its sentence,
and whether it held before."""


@dataclass(frozen=True, slots=True)
class Act:
    kind: Literal["create", "update", "transition", "insert"]
    lifecycle: Lifecycle | None = None
    transition: Transition | None = None
    source: str | None = None
    """The state the row is in before the transition."""
    role: str | None = None
    """The acting user's role, when the act is for one role only."""


class Acts:
    """The acts on one entity's rows and how the app answers them."""

    def __init__(self, spec: Spec, entity: Entity, evaluator: Evaluator) -> None:
        self.spec = spec
        self.entity = entity
        self.ev = evaluator
        self._access: tuple[AccessRow, ...] = entity.access.rows if entity.access else ()

    def writes(self) -> Iterator[Act]:
        """The requests that may write the row, in the order the search tries them."""
        if any(row.create.kind != "no" for row in self._access):
            yield Act("create")
        if any(row.update.kind != "no" for row in self._access):
            yield Act("update")
        for lifecycle in self.entity.lifecycles:
            for transition in lifecycle.transitions:
                for source in transition.sources:
                    yield Act("transition", lifecycle, transition, source)

    def roles(self, act: Act) -> tuple[str, ...]:
        """The roles that may make the request at all."""
        if act.role is not None:
            return (act.role,)
        if act.kind == "create":
            return tuple(r.role for r in self._access if r.create.kind != "no")
        if act.kind == "update":
            return tuple(r.role for r in self._access if r.update.kind != "no")
        if act.kind == "transition":
            assert act.transition is not None
            return tuple(dict.fromkeys(a.role for a in act.transition.actors))
        return tuple(role.name for role in self.spec.app.roles)

    def start(self, act: Act) -> Scene:
        scene = Scene()
        role = self.roles(act)[0]
        scene.actor = scene.add(USER_ENTITY, {"role": Choice(role, repr(role))})
        values: dict[str, Choice] = {}
        if act.kind == "create":
            values = self._created_values(scene.actor)
        elif act.kind == "transition":
            assert act.lifecycle is not None and act.source is not None
            values = {act.lifecycle.field: Choice(act.source, repr(act.source))}
        scene.subject = scene.add(self.entity.name, values)
        scene.row(scene.subject).by_api = act.kind == "create"
        if act.kind == "update":
            scene.row(scene.add(self.entity.name, {})).patch = True
        return scene

    def _created_values(self, actor: int) -> dict[str, Choice]:
        """The values the app gives a new row itself: its lifecycle's first state, the
        current user or time, and empty read-only fields."""
        values = {}
        initial = {lc.field: lc.initial for lc in self.entity.lifecycles}
        for found in self.entity.fields:
            automatic = found.rule(SetAutomatically)
            if isinstance(automatic, SetAutomatically) and automatic.on == "create":
                now = automatic.value == "now"
                values[found.name] = Choice(NOW, "utc_now()") if now else Choice(actor, "")
            elif found.name in initial:
                values[found.name] = Choice(initial[found.name], repr(initial[found.name]))
            elif not client_writes(self.entity, found) and found.optional:
                values[found.name] = Choice(None, "None")
        return values

    def allowed(
        self, scene: Scene, act: Act, *, guard: bool = True
    ) -> Iterator[tuple[bool, Reading]]:
        """The conditions the app checks before the rules, each with what it read (the
        transition's `when` guard last, and only with `guard`)."""
        role = str(scene.row(scene.actor).values["role"].value)
        cells = next((row for row in self._access if row.role == role), None)
        if act.kind == "insert":
            return
        if cells is None:  # a role the Access table does not name may do nothing
            yield False, Reading()
            return
        read = effective_cell(self.entity, cells, "read")
        if act.kind == "create":
            yield self._cell(scene, cells.create)
            yield from self._only_where(scene, changed=False)
            yield from self._readable_references(scene, role)
        elif act.kind == "update":
            yield self._cell(scene, read)
            yield self._cell(scene, cells.update)
            yield from self._only_where(self.after(scene, act), changed=True)
        elif act.kind == "transition":
            assert act.transition is not None
            yield self._cell(scene, read)
            yield self._cell(scene, cells.update)
            if all(a.own for a in act.transition.actors if a.role == role):
                yield self._owned(scene)
            if guard and act.transition.guard is not None:
                yield self.guard(scene, act)

    def guard(self, scene: Scene, act: Act) -> tuple[bool, Reading]:
        """Whether the transition's `when` condition holds (null does not)."""
        assert act.transition is not None and act.transition.guard is not None
        value, reading = self._evaluate(scene, act.transition.guard)
        return value is True, reading

    def _cell(self, scene: Scene, cell: AccessCell) -> tuple[bool, Reading]:
        if cell.kind == "where" and cell.condition is not None:
            value, reading = self._evaluate(scene, cell.condition)
            return value is True, reading
        if cell.kind == "own" and not scene.row(scene.subject).by_api:
            return self._owned(scene)
        return cell.kind != "no", Reading()

    def _owned(self, scene: Scene) -> tuple[bool, Reading]:
        owner = self.entity.owner
        if owner is None:
            return True, Reading()
        choice = scene.row(scene.subject).values.get(owner)
        if choice is None:
            raise Unassigned(scene.subject, owner)
        return choice.value == scene.actor, Reading({(scene.subject, owner)})

    def _only_where(self, scene: Scene, *, changed: bool) -> Iterator[tuple[bool, Reading]]:
        """The `only where` of the references the request sends (all of them on create)."""
        subject = scene.row(scene.subject)
        patch = scene.patch
        for found in self.entity.fields:
            rule = found.rule(OnlyWhere)
            if not isinstance(rule, OnlyWhere) or not isinstance(found.type, RefType):
                continue
            if changed and (patch is None or found.name not in patch.values):
                continue
            choice = subject.values.get(found.name)
            if choice is None or choice.value is None:
                continue
            value, reading = self._evaluate(scene, rule.expr)
            reading.fields.add((patch.key if changed and patch else subject.key, found.name))
            yield value is True, reading

    def _readable_references(self, scene: Scene, role: str) -> Iterator[tuple[bool, Reading]]:
        """A create's references must name rows the role may read (else the 422 of a missing
        row); checked only where the role may not read every row of the target."""
        subject = scene.row(scene.subject)
        for found in self.entity.fields:
            if not isinstance(found.type, RefType) or found.type.entity == USER_ENTITY:
                continue
            other = self.spec.entity(found.type.entity)
            rows = role_rows(other.access) if other else ()
            row = next((r for r in rows if r.role == role), None)
            if other is None:
                continue
            if row is None:
                yield False, Reading()
                continue
            cell = effective_cell(other, row, "read")
            if cell.kind == "all":
                continue
            choice = subject.values.get(found.name)
            if choice is None:
                raise Unassigned(scene.subject, found.name)
            if choice.value is None:
                continue
            readable, reading = self._other_cell(scene, other, int(choice.value), cell)  # type: ignore[call-overload]
            reading.fields.add((subject.key, found.name))
            yield readable, reading

    def after(self, scene: Scene, act: Act) -> Scene:
        """The scene once the PATCH has changed the row: its values, or its new state and
        the transition's effects (evaluated on the row before)."""
        if act.kind in ("create", "insert"):
            return scene
        after = scene.copy()
        subject = after.row(after.subject)
        patch = after.patch
        if act.kind == "update" and patch is not None:
            subject.values |= patch.values
            return after
        assert act.lifecycle is not None and act.transition is not None
        for effect in act.transition.effects:
            value, _ = self._evaluate(scene, effect.value)
            if effect.reference is None:
                subject.values[effect.field] = Choice(value, "")
                continue
            reference = scene.row(scene.subject).values.get(effect.reference)
            if reference is None:
                raise Unassigned(scene.subject, effect.reference)
            if reference.value is not None:  # a null reference: the app skips the effect
                after.row(int(reference.value)).values[effect.field] = Choice(value, "")  # type: ignore[call-overload]
        subject.values[act.lifecycle.field] = Choice(act.transition.target, "")
        return after

    def other_rows(self, scene: Scene, act: Act) -> tuple[list[_Check], list[_RuleCheck]]:
        """The checks on the rows the transition's effects change through references: the
        actor's read and update access to each row before, and each row's Rules after."""
        access: list[_Check] = []
        rules: list[_RuleCheck] = []
        if act.kind != "transition" or act.transition is None:
            return access, rules
        role = str(scene.row(scene.actor).values["role"].value)
        after = self.after(scene, act)
        for key in self.effect_rows(scene, act):
            other = self.spec.entity(scene.row(key).entity)
            assert other is not None
            rows = other.access.rows if other.access else ()
            cells = next((row for row in rows if row.role == role), None)
            if cells is None:
                access.append((False, Reading()))
                continue
            read = effective_cell(other, cells, "read")
            access += [self._other_cell(scene, other, key, c) for c in (read, cells.update)]
            for rule in other.rules:
                if rule.expr is not None:
                    value, reading = self.ev.evaluate(after, other, rule.expr, key)
                    was, _ = self.ev.evaluate(scene, other, rule.expr, key)
                    rules.append((value is not False, reading, rule.message, was is not False))
        return access, rules

    def other_changes(self, scene: Scene, act: Act) -> Iterator[_Check]:
        """For each effect through a reference: whether it changes the other row's value (a
        test that the effect lands must not start from the value it sets, nor from a null
        reference)."""
        assert act.transition is not None
        after = self.after(scene, act)
        subject = scene.row(scene.subject)
        for effect in act.transition.effects:
            if effect.reference is None:
                continue
            choice = subject.values.get(effect.reference)
            if choice is None:
                raise Unassigned(scene.subject, effect.reference)
            if choice.value is None:  # a null reference changes nothing: not this test's row
                yield False, Reading({(scene.subject, effect.reference)})
                continue
            key = int(choice.value)  # type: ignore[call-overload]
            before = scene.row(key).values.get(effect.field)
            if before is None:
                raise Unassigned(key, effect.field)
            changed = after.row(key).values[effect.field].value != before.value
            yield changed, Reading({(key, effect.field)})

    def effect_rows(self, scene: Scene, act: Act) -> list[int]:
        """The keys of the rows the transition's effects change through references."""
        assert act.transition is not None
        subject = scene.row(scene.subject)
        keys = []
        for name in dict.fromkeys(e.reference for e in act.transition.effects if e.reference):
            choice = subject.values.get(name)
            if choice is None:
                raise Unassigned(scene.subject, name)
            if choice.value is not None and int(choice.value) not in keys:  # type: ignore[call-overload]
                keys.append(int(choice.value))  # type: ignore[call-overload]
        return keys

    def _other_cell(self, scene: Scene, other: Entity, key: int, cell: AccessCell) -> _Check:
        if cell.kind == "where" and cell.condition is not None:
            value, reading = self.ev.evaluate(scene, other, cell.condition, key)
            return value is True, reading
        if cell.kind == "own" and other.owner is not None:
            choice = scene.row(key).values.get(other.owner)
            if choice is None:
                raise Unassigned(key, other.owner)
            return choice.value == scene.actor, Reading({(key, other.owner)})
        return cell.kind != "no", Reading()

    def attributed(
        self, scene: Scene, act: Act, fields: set[tuple[int, str]]
    ) -> set[tuple[int, str]]:
        """The subject's fields read after the act, as what decided them: the PATCH's values
        rather than the row's before, and nothing the transition sets."""
        patch = scene.patch
        if act.kind == "update" and patch is not None:
            return {
                (patch.key, name) if key == scene.subject and name in patch.values else (key, name)
                for key, name in fields
            }
        if act.kind == "transition":
            assert act.transition is not None and act.lifecycle is not None
            own = {e.field for e in act.transition.effects if e.reference is None}
            fixed = {act.lifecycle.field} | own
            return {(k, n) for k, n in fields if k != scene.subject or n not in fixed}
        return fields

    def patch_reaches(self, expr: Expr) -> bool:
        """Whether a PATCH can change the condition's value: it reads a field of the row
        that clients write (directly, through a reference, in an aggregate's `self.…`, or in
        a computed field of the row)."""
        return any(client_writes(self.entity, f) for f in self._row_fields(expr, set()))

    def _row_fields(self, expr: Expr, seen: set[str]) -> Iterator[Field]:
        for path in _paths(expr, self.entity.name, outer=True):
            found = self.entity.field(path)
            if found is None or found.name in seen:
                continue
            seen.add(found.name)
            yield found
            computed = found.rule(Computed)
            if isinstance(computed, Computed):
                yield from self._row_fields(computed.expr, seen)

    def _evaluate(self, scene: Scene, expr: Expr) -> tuple[object, Reading]:
        return self.ev.evaluate(scene, self.entity, expr, scene.subject)


def _paths(expr: Expr, entity: str, *, outer: bool) -> Iterator[str]:
    """The first names of the paths that may read the row (of `entity`) the condition is
    about: `outer` paths, `self.…` in an aggregate, and every path of an aggregate over
    the row's own entity (the row is one of those it counts)."""
    match expr:
        case Path(parts=("self", name, *_)):
            yield name
        case Path(parts=(name, *_)) if outer and name != "current_user":
            yield name
        case Aggregate(entity=counted, field=name):
            inner = counted == entity
            if inner and name is not None:
                yield name
            for child in children(expr):
                yield from _paths(child, entity, outer=inner)
        case _:
            for child in children(expr):
                yield from _paths(child, entity, outer=outer)


def client_writes(entity: Entity, found: Field) -> bool:
    """Whether clients write the field (in a POST or PATCH body)."""
    return not (
        found.has(ReadOnly)
        or found.has(SetAutomatically)
        or found.has(Computed)
        or found.has(SetOnWrite)
        or isinstance(found.type, ListType)
        or any(lc.field == found.name for lc in entity.lifecycles)
    )
