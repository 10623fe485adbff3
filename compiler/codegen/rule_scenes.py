"""Finds, for each rule, a write that breaks it and one that keeps it: the derived rule tests.

A rule test is a *scene* (rows the test makes with the factory), an *act* (a POST
that creates the row, or a PATCH that moves it along its lifecycle) and the
answer the app must give: 422 with the rule's sentence, or success. The scene is
found by search, not by solving the condition: starting from natural values,
the search changes one field value at a time (or adds rows of an entity the
conditions count) and evaluates every condition with the Python translation
(`scene.Evaluator`), until

- the act is allowed (the role may do it, the Access `where`, `only where` and
  `when` conditions hold, unique values differ, the factory's rows keep the
  table's CHECK constraints), and
- the rule breaks and the app reports it, or every rule of the row holds.

Changes are tried only on fields the failing conditions read, best-first by the
number of conditions still failing. The kept case starts from the broken one, so
the two tests differ in as few values as the rule allows. A rule no API write can
break (its fields change only through lifecycle effects that keep it) is tested
in the database instead, when it is a CHECK constraint: inserting a row that
breaks it must fail.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from compiler.codegen.naming import snake
from compiler.codegen.rule_data import follow_ups, supplies
from compiler.codegen.rules import rule_checks
from compiler.codegen.scene import NOW, Choice, Evaluator, Opaque, Reading, Scene, Unassigned
from compiler.codegen.scene_values import Literals, field_values, literals_of
from compiler.codegen.test_data import numbered
from compiler.ir.expr import Expr
from compiler.ir.model import (
    AccessCell,
    Computed,
    Entity,
    Field,
    Lifecycle,
    OnlyWhere,
    Pattern,
    ReadOnly,
    Rule,
    SetAutomatically,
    Spec,
    Transition,
    Unique,
)
from compiler.ir.types import USER_ENTITY, ListType, RefType

BUDGET = 2500
"""Scenes judged per search: enough for every rule of the example specs many times over."""
SHARPEN = 600
"""Scenes judged to turn a write that breaks the rule and others into one that breaks it alone."""
MAX_EDITS = 4
MAX_COPIES = 250


@dataclass(frozen=True, slots=True)
class Act:
    kind: Literal["create", "update", "transition", "insert"]
    lifecycle: Lifecycle | None = None
    transition: Transition | None = None
    source: str | None = None

    @property
    def roles(self) -> tuple[str, ...]:
        assert self.transition is not None
        return tuple(dict.fromkeys(a.role for a in self.transition.actors))


@dataclass(frozen=True, slots=True)
class Found:
    act: Act
    scene: Scene
    broken: bool
    messages: tuple[str, ...]
    """The sentences the app reports (broken), or () (kept)."""
    read: frozenset[tuple[int, str]]
    """The fields the conditions read: the values the test must give (the factory may
    choose the others)."""


@dataclass(slots=True)
class _Verdict:
    failing: int
    reading: Reading = field(default_factory=Reading)
    """What the failing conditions read: where a change may help."""
    counted: set[str] = field(default_factory=set)
    """The entities any condition counted."""
    read: set[tuple[int, str]] = field(default_factory=set)
    """The fields any condition read."""
    broken: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True)
class _Goal:
    """What the act must lead to: the app reports the `target` rule (`alone`: and no other),
    or, without a target, every rule holds."""

    target: Rule | None
    alone: bool = False

    def relevant(self, broken: tuple[Rule, ...], reported: tuple[Rule, ...]) -> tuple[Rule, ...]:
        """The rules that keep the goal from being met: none when it is met."""
        if self.target is None:
            return broken
        if self.target not in broken:
            return (self.target,)
        if self.target not in reported:
            return reported
        if self.alone:
            return tuple(r for r in reported if r is not self.target)
        return ()


class _Dead(Exception):
    """The scene cannot be judged (it reads what the test cannot know)."""


class RuleScenes:
    """Searches the scenes of one entity's rules."""

    def __init__(self, spec: Spec, entity: Entity, evaluator: Evaluator) -> None:
        self.spec = spec
        self.entity = entity
        self.ev = evaluator
        self.constrained = {c.spec_line for c in rule_checks(spec, entity) if c.constraint}
        self._rules = [r for r in entity.rules if r.expr is not None]
        self._made_with = _factory_side_rows(spec)
        by_snake = {snake(e.name): e.name for e in spec.entities}
        self._checks = {e.name: _check_rules(spec, e) for e in spec.entities}
        self._supplied = {
            e.name: {s.field: by_snake[s.factory] for s in supplies(spec, e)} for e in spec.entities
        }
        self._follow_ups = {
            e.name: [(f.guard, by_snake[f.factory]) for f in follow_ups(spec, e)]
            for e in spec.entities
        }
        self._literals: Literals = literals_of([])
        self._number = itertools.count(1)

    # the two searches

    def broken(self, rule: Rule) -> Found | None:
        """A write the app refuses for the rule: one that breaks it alone if the search finds
        one, else one that breaks others too."""
        assert rule.expr is not None
        self._literals = literals_of([rule.expr])
        for act in self._acts():
            scene = self._search(self._start(act), act, _Goal(rule))
            if scene is not None:
                alone = self._search(scene.copy(), act, _Goal(rule, alone=True), SHARPEN)
                return self._found(alone or scene, act, broken=True)
        if rule.span.line in self.constrained:
            act = Act("insert")
            scene = self._search(self._start(act), act, _Goal(rule, alone=True))
            if scene is not None:
                return self._found(scene, act, broken=True)
        return None

    def kept(self, rule: Rule, near: Found | None) -> Found | None:
        """A write where every rule holds: from the broken scene if it was written through
        the API (the two tests then differ only where the rule does), else from scratch."""
        assert rule.expr is not None
        self._literals = literals_of([rule.expr])
        starts: list[tuple[Act, Scene]] = []
        if near is not None and near.act.kind != "insert":
            starts.append((near.act, near.scene.copy()))
        starts += [(act, self._start(act)) for act in self._acts()]
        for act, start in starts:
            scene = self._search(start, act, _Goal(None))
            if scene is not None:
                return self._found(scene, act, broken=False)
        return None

    def _reported(self, broken: tuple[Rule, ...]) -> tuple[Rule, ...]:
        """What the app reports: the rules that are CHECK constraints are checked before the
        write, and the others only when those hold."""
        checked_first = tuple(r for r in broken if r.span.line in self.constrained)
        return checked_first or broken

    def _found(self, scene: Scene, act: Act, *, broken: bool) -> Found:
        verdict = self._judge(scene, act, None)
        messages = tuple(r.message for r in self._reported(verdict.broken)) if broken else ()
        return Found(act, scene, broken, messages, frozenset(verdict.read))

    # acts and their starting scenes

    def _acts(self) -> Iterator[Act]:
        if any(row.create.kind != "no" for row in self._access_rows()):
            yield Act("create")
        if any(row.update.kind != "no" for row in self._access_rows()):
            yield Act("update")
        for lifecycle in self.entity.lifecycles:
            for transition in lifecycle.transitions:
                for source in transition.sources:
                    yield Act("transition", lifecycle, transition, source)

    def _roles(self, act: Act) -> tuple[str, ...]:
        if act.kind == "create":
            return tuple(r.role for r in self._access_rows() if r.create.kind != "no")
        if act.kind == "update":
            return tuple(r.role for r in self._access_rows() if r.update.kind != "no")
        if act.kind == "transition":
            return act.roles
        return tuple(role.name for role in self.spec.app.roles)

    def _start(self, act: Act) -> Scene:
        scene = Scene()
        role = self._roles(act)[0]
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

    # the search

    def _search(self, start: Scene, act: Act, goal: _Goal, budget: int = BUDGET) -> Scene | None:
        order = itertools.count()
        queue: list[tuple[int, int, int, Scene]] = []
        seen: set[tuple] = set()

        def push(scene: Scene, edits: int) -> None:
            if scene.fingerprint() in seen:
                return
            seen.add(scene.fingerprint())
            try:
                verdict = self._judge(scene, act, goal)
            except _Dead:
                return
            if verdict.failing == 0:
                raise _Solved(scene)
            heapq.heappush(queue, (verdict.failing, edits, next(order), scene))
            verdicts[id(scene)] = verdict

        verdicts: dict[int, _Verdict] = {}
        try:
            push(start, 0)
            while queue and len(seen) < budget:
                _, edits, _, scene = heapq.heappop(queue)
                if edits == MAX_EDITS:
                    continue
                for edited in self._edits(scene, act, verdicts.pop(id(scene)).reading):
                    push(edited, edits + 1)
                    if len(seen) >= budget:
                        break
            import os
            import sys

            if os.environ.get("SCENE_DEBUG"):
                print("gave up after", len(seen), act, file=sys.stderr)
        except _Solved as solved:
            import os
            import sys

            if os.environ.get("SCENE_DEBUG"):
                print("solved after", len(seen), act.kind, file=sys.stderr)
            return solved.scene
        return None

    def _judge(self, scene: Scene, act: Act, goal: _Goal | None) -> _Verdict:
        """How many conditions of the act fail on the scene (completing it as it reads)."""
        while True:
            try:
                verdict = self._conditions(scene, act, goal)
            except Unassigned as missing:
                self._assign(scene, missing.key, missing.name)
                continue
            except Opaque as unknown:
                raise _Dead from unknown
            forced = self._forced(scene, verdict.counted)
            if not forced:
                return verdict
            for key, name in forced:
                self._assign(scene, key, name)

    def _conditions(self, scene: Scene, act: Act, goal: _Goal | None) -> _Verdict:
        verdict = _Verdict(0)
        subject = scene.row(scene.subject)

        def require(holds: bool, reading: Reading) -> None:
            verdict.counted |= reading.counted
            verdict.read |= reading.fields
            if not holds:
                verdict.failing += 1
                verdict.reading.fields |= reading.fields
                verdict.reading.counted |= reading.counted

        for row in scene.rows:  # the factory's rows must keep the table's CHECK constraints
            if row.entity == USER_ENTITY or row.by_api or row.opaque or row.patch:
                continue
            if act.kind == "insert" and row.key == scene.subject:
                continue  # the row under test: the goal says which constraint it breaks
            entity = self.spec.entity(row.entity)
            assert entity is not None
            for rule in self._checks[entity.name]:
                value, reading = self._value(scene, entity, rule, row.key)
                require(value is not False, reading)
        require(*self._unique(scene))
        for holds, reading in self._allowed(scene, act):
            require(holds, reading)
        after = self._after(scene, act) if act.kind in ("update", "transition") else scene
        readings: dict[int, Reading] = {}
        for rule in self._checked(act):
            assert rule.expr is not None
            value, read = self._value(after, self.entity, rule.expr, subject.key)
            read.fields = self._attributed(scene, act, read.fields)
            readings[id(rule)] = read
            verdict.counted |= read.counted
            verdict.read |= read.fields
            if value is False:
                verdict.broken += (rule,)
        if goal is not None:
            relevant = goal.relevant(verdict.broken, self._reported(verdict.broken))
            reading = Reading()
            for rule in relevant:
                reading.fields |= readings[id(rule)].fields
                reading.counted |= readings[id(rule)].counted
            require(not relevant, reading)
        if goal is not None and act.kind in ("update", "transition"):
            require(*self._held_before(scene, verdict.broken))
        return verdict

    def _attributed(
        self, scene: Scene, act: Act, fields: set[tuple[int, str]]
    ) -> set[tuple[int, str]]:
        """What was read of the row after the PATCH, as what decides it: the PATCH's values,
        not the row's before; nothing the transition sets."""
        patch = scene.patch
        if act.kind == "update" and patch is not None:
            return {
                (patch.key, name) if key == scene.subject and name in patch.values else (key, name)
                for key, name in fields
            }
        if act.kind == "transition" and act.transition and act.lifecycle:
            assert act.transition is not None and act.lifecycle is not None
            fixed = {act.lifecycle.field} | {e.field for e in act.transition.effects}
            return {(k, n) for k, n in fields if k != scene.subject or n not in fixed}
        return fields

    def _checked(self, act: Act) -> list[Rule]:
        """The rules the act's outcome depends on: all of the row's, but only the CHECK
        constraints when the row is inserted by the factory."""
        if act.kind == "insert":
            return [r for r in self._rules if r.span.line in self.constrained]
        return self._rules

    def _held_before(self, scene: Scene, broken: tuple[Rule, ...]) -> tuple[bool, Reading]:
        """A change must be what breaks a rule: the rules it breaks held before it."""
        reading = Reading()
        held = True
        for rule in broken:
            assert rule.expr is not None
            value, read = self._value(scene, self.entity, rule.expr, scene.subject)
            if value is False:
                held = False
                reading.fields |= read.fields
        return held, reading

    def _value(self, scene: Scene, entity: Entity, expr: Expr, key: int) -> tuple[object, Reading]:
        reading = Reading()
        return self.ev.value(scene, entity, expr, key, reading), reading

    def _unique(self, scene: Scene) -> tuple[bool, Reading]:
        """Unique fields differ between the scene's rows (and the factory can make as many
        rows alike as the scene has)."""
        reading = Reading()
        for entity in self.spec.entities:
            for found in entity.fields:
                if not found.has(Unique):
                    continue
                if not self._enough_examples(scene, entity, found):
                    return False, Reading()
                seen: dict[object, int] = {}
                for row in scene.of(entity.name):
                    choice = row.values.get(found.name)
                    if choice is None or choice.value is None:
                        continue
                    if choice.value in seen or row.copies > 1:
                        reading.fields |= {
                            (row.key, found.name),
                            (seen.get(choice.value, row.key), found.name),
                        }
                    seen[choice.value] = row.key
        return not reading.fields, reading

    def _enough_examples(self, scene: Scene, entity: Entity, found: Field) -> bool:
        pattern = found.rule(Pattern)
        if not isinstance(pattern, Pattern):
            return True  # the factory numbers the values
        many = [r.copies for r in scene.of(entity.name) if r.copies > 1]
        return all(numbered(pattern.regex, copies) is not None for copies in many)

    def _allowed(self, scene: Scene, act: Act) -> Iterator[tuple[bool, Reading]]:
        """The conditions the app checks before the rules: Access, `only where`, `when`."""
        subject = scene.row(scene.subject)
        role = scene.row(scene.actor).values["role"].value
        cells = {row.role: row for row in self._access_rows()}
        if act.kind == "create":
            yield self._cell(scene, cells[str(role)].create)
            yield from self._only_where(scene, changed=False)
        elif act.kind == "update":
            yield self._cell(scene, cells[str(role)].read)
            yield self._cell(scene, cells[str(role)].update)
            yield from self._only_where(self._after(scene, act), changed=True)
        elif act.kind == "transition":
            assert act.transition is not None
            yield self._cell(scene, cells[str(role)].read)
            yield self._cell(scene, cells[str(role)].update)
            owned_only = all(a.own for a in act.transition.actors if a.role == role)
            if owned_only and self.entity.owner is not None:
                reading = Reading({(subject.key, self.entity.owner)})
                owner = subject.values.get(self.entity.owner)
                if owner is None:
                    raise Unassigned(subject.key, self.entity.owner)
                yield owner.value == scene.actor, reading
            if act.transition.guard is not None:
                value, reading = self._value(scene, self.entity, act.transition.guard, subject.key)
                yield value is True, reading

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
            value, reading = self._value(scene, self.entity, rule.expr, subject.key)
            reading.fields.add((patch.key if changed and patch else subject.key, found.name))
            yield value is True, reading

    def _cell(self, scene: Scene, cell: AccessCell) -> tuple[bool, Reading]:
        subject = scene.row(scene.subject)
        if cell.kind == "where" and cell.condition is not None:
            value, reading = self._value(scene, self.entity, cell.condition, subject.key)
            return value is True, reading
        if cell.kind == "own" and self.entity.owner is not None and not subject.by_api:
            owner = subject.values.get(self.entity.owner)
            if owner is None:
                raise Unassigned(subject.key, self.entity.owner)
            return owner.value == scene.actor, Reading({(subject.key, self.entity.owner)})
        return cell.kind != "no", Reading()

    def _after(self, scene: Scene, act: Act) -> Scene:
        """The scene once the PATCH has changed the row: its values, or its state and the
        transition's effects."""
        after = scene.copy()
        subject = after.row(after.subject)
        patch = after.patch
        if act.kind == "update" and patch is not None:
            subject.values |= patch.values
            return after
        assert act.lifecycle is not None and act.transition is not None
        for effect in act.transition.effects:
            value, _ = self._value(scene, self.entity, effect.value, scene.subject)
            subject.values[effect.field] = Choice(value, "")
        subject.values[act.lifecycle.field] = Choice(act.transition.target, "")
        return after

    def _access_rows(self):
        return self.entity.access.rows if self.entity.access else ()

    # completing and changing scenes

    def _assign(self, scene: Scene, key: int, name: str) -> None:
        row = scene.row(key)
        choices = self._choices(scene, key, name)
        if not choices:
            raise _Dead(f"no value for {row.entity}.{name}")
        self._set(scene, key, name, choices[0])

    def _set(self, scene: Scene, key: int, name: str, choice: Choice | str) -> None:
        """Sets a value; a reference to `new` makes the referenced row (before this one)."""
        row = scene.row(key)
        if isinstance(choice, str):  # a new row of that entity
            made = scene.add(choice, {}, before=key)
            if choice == USER_ENTITY:
                role = self._user_role(row.entity, name)
                scene.row(made).values["role"] = Choice(role, repr(role))
            choice = Choice(made, "")
        row.values[name] = choice

    def _choices(self, scene: Scene, key: int, name: str) -> list[Choice | str]:
        """The values a field may take, the current or natural one first."""
        row = scene.row(key)
        current = row.values.get(name)
        if row.entity == USER_ENTITY:
            roles = self._roles_for(scene, key)
            return [Choice(r, repr(r)) for r in roles]
        entity = self.spec.entity(row.entity)
        assert entity is not None
        found = entity.field(name)
        if found is None:
            return []
        if isinstance(found.type, RefType):
            return self._references(scene, row.key, found, current)
        return list(field_values(entity, found, current, self._literals, next(self._number)))

    def _roles_for(self, scene: Scene, key: int) -> list[str]:
        if key != scene.actor:
            return [r.name for r in self.spec.app.roles]
        current = scene.row(key).values["role"].value
        acts = [a for a in self._acts()]
        allowed = set().union(*(self._roles(a) for a in acts)) if acts else set()
        ordered = [current] + [r.name for r in self.spec.app.roles if r.name in allowed]
        return list(dict.fromkeys(str(r) for r in ordered))

    def _references(
        self, scene: Scene, key: int, found: Field, current: Choice | None
    ) -> list[Choice | str]:
        assert isinstance(found.type, RefType)
        target = found.type.entity
        existing = [
            r.key
            for r in scene.of(target)
            if r.key != key and not r.by_api and not r.opaque and r.copies == 1
        ]
        if target == USER_ENTITY:
            existing = [scene.actor] + [k for k in existing if k != scene.actor]
        options: list[Choice | str] = [Choice(k, "") for k in existing]
        options.append(target)
        if found.optional:
            options.insert(1 if current is not None else 0, Choice(None, "None"))
        if current is not None:
            options = [current] + [o for o in options if o != current]
        return options

    def _user_role(self, entity_name: str, name: str) -> str:
        from compiler.codegen.tests_conditions import user_role

        entity = self.spec.entity(entity_name)
        found = entity.field(name) if entity is not None else None
        if entity is None or found is None:
            return self.spec.app.roles[0].name
        return user_role(self.spec, entity, found)

    def _edits(self, scene: Scene, act: Act, reading: Reading) -> Iterator[Scene]:
        """Scenes one change away, the smallest changes first: how many rows alike, a value,
        another existing row, a new row, one more row of a counted entity."""
        for entity in sorted(reading.counted):
            for row in scene.of(entity):
                if row.key == scene.subject or self._referenced(scene, row.key):
                    continue
                for copies in self._copy_counts(row.copies):
                    edited = scene.copy()
                    edited.row(row.key).copies = copies
                    yield edited
        fields = set(reading.fields)
        patch = scene.patch
        if patch is not None:  # what the PATCH sends may change what the rules read
            fields |= {(patch.key, name) for key, name in reading.fields if key == scene.subject}
        changes = [
            (isinstance(choice, str), key, name, choice)
            for key, name in sorted(fields)
            if self._editable(scene, act, key, name)
            for choice in self._alternatives(scene, key, name)
        ]
        for _, key, name, choice in sorted(changes, key=lambda change: change[0]):
            edited = scene.copy()
            self._set(edited, key, name, choice)
            yield edited
        for entity in sorted(reading.counted):
            yield self._with_row_like(scene, entity)

    def _alternatives(self, scene: Scene, key: int, name: str) -> list[Choice | str]:
        """Other values than the current one (every value for what a PATCH does not send)."""
        choices = self._choices(scene, key, name)
        return choices[1:] if name in scene.row(key).values else choices

    def _editable(self, scene: Scene, act: Act, key: int, name: str) -> bool:
        row = scene.row(key)
        if row.entity == USER_ENTITY:
            return name == "role"
        entity = self.spec.entity(row.entity)
        found = entity.field(name) if entity is not None else None
        if found is None or found.has(Computed) or row.opaque:
            return False
        if row.patch or (key == scene.subject and act.kind == "create"):
            return client_writes(entity, found)
        if key == scene.subject and act.lifecycle is not None:
            return name != act.lifecycle.field
        return True

    def _referenced(self, scene: Scene, key: int) -> bool:
        target = scene.row(key).entity
        for row in scene.rows:
            entity = self.spec.entity(row.entity)
            for name, choice in row.values.items():
                found = entity.field(name) if entity is not None else None
                if (
                    found is not None
                    and isinstance(found.type, RefType)
                    and found.type.entity == target
                    and choice.value == key
                ):
                    return True
        return False

    def _copy_counts(self, current: int) -> list[int]:
        """Other numbers of rows alike: around the rule's literals, the nearest first."""
        counts = {0, 1, 2, 3}
        for number in self._literals.numbers:
            if number == int(number) and 0 < number < MAX_COPIES:
                counts |= {int(number) - 1, int(number), int(number) + 1}
        counts.discard(current)
        return sorted(counts, key=lambda count: (abs(count - current), count))

    def _with_row_like(self, scene: Scene, entity_name: str) -> Scene:
        """The scene with one more row of the entity, alike the subject where it can be: its
        values for a row of the same entity, fields of the same name otherwise."""
        edited = scene.copy()
        subject = edited.row(edited.subject)
        entity = self.spec.entity(entity_name)
        assert entity is not None
        values: dict[str, Choice] = {}
        for found in entity.fields:
            choice = subject.values.get(found.name)
            same = self.spec.entity(subject.entity)
            twin = same.field(found.name) if same is not None else None
            if choice is not None and twin is not None and twin.type == found.type:
                values[found.name] = choice
            elif isinstance(found.type, RefType) and found.type.entity == subject.entity:
                if not subject.by_api:
                    values[found.name] = Choice(subject.key, "")
        edited.add(entity_name, values)
        return edited

    def _forced(self, scene: Scene, counted: set[str]) -> list[tuple[int, str]]:
        """References the test must give: left to the factory, it would make rows of an
        entity the conditions count (or the row that supplies one)."""
        forced = []
        for row in scene.rows:
            if row.entity == USER_ENTITY or row.opaque:
                continue
            entity = self.spec.entity(row.entity)
            assert entity is not None
            supplied = self._supplied[entity.name]
            for found in entity.fields:
                if found.name in row.values or not isinstance(found.type, RefType):
                    continue
                target = found.type.entity
                makes = {target} | self._made_with.get(target, set())
                if found.name in supplied:
                    makes |= {supplied[found.name]} | self._made_with.get(
                        supplied[found.name], set()
                    )
                if target != USER_ENTITY and makes & counted:
                    forced.append((row.key, found.name))
            if not row.by_api and self._makes_follow_up(entity, row, counted):
                raise _Dead(f"the factory adds rows to a {row.entity}")
        return forced

    def _makes_follow_up(self, entity: Entity, row, counted: set[str]) -> bool:
        complete = {name: choice.value for name, choice in row.values.items()}
        for guard, other in self._follow_ups[entity.name]:
            made = {other} | self._made_with.get(other, set())
            if made & counted and eval(guard, {"complete": complete}):
                return True
        return False


class _Solved(Exception):
    def __init__(self, scene: Scene) -> None:
        super().__init__("solved")
        self.scene = scene


def client_writes(entity: Entity, found: Field) -> bool:
    """Whether clients write the field (in a POST or PATCH body)."""
    return not (
        found.has(ReadOnly)
        or found.has(SetAutomatically)
        or found.has(Computed)
        or isinstance(found.type, ListType)
        or any(lc.field == found.name for lc in entity.lifecycles)
    )


def _check_rules(spec: Spec, entity: Entity) -> list[Expr]:
    """The conditions of the entity's rules that are CHECK constraints of its table."""
    lines = {c.spec_line for c in rule_checks(spec, entity) if c.constraint}
    return [r.expr for r in entity.rules if r.expr is not None and r.span.line in lines]


def _factory_side_rows(spec: Spec) -> dict[str, set[str]]:
    """Entity → the entities a factory call for it may make besides the row (references it
    makes itself, rows that supply or follow it)."""
    by_snake = {snake(e.name): e.name for e in spec.entities}
    direct: dict[str, set[str]] = {}
    for entity in spec.entities:
        made = {
            f.type.entity
            for f in entity.fields
            if isinstance(f.type, RefType) and not f.optional and f.type.entity != USER_ENTITY
        }
        made |= {by_snake[s.factory] for s in supplies(spec, entity)}
        made |= {by_snake[f.factory] for f in follow_ups(spec, entity)}
        direct[entity.name] = made
    closure: dict[str, set[str]] = {}
    for name in direct:
        seen: set[str] = set()
        stack = list(direct[name])
        while stack:
            other = stack.pop()
            if other not in seen:
                seen.add(other)
                stack += direct.get(other, set())
        closure[name] = seen
    return closure
