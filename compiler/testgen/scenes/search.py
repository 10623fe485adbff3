"""Finds, for each rule, a write that breaks it and one that keeps it: the derived rule tests.

A rule test is a *scene* (rows the test makes with the factory), an *act* (a POST
that creates the row, a PATCH that changes it or moves it along its lifecycle;
see `acts`) and the answer the app must give: 422 with the sentences of
the rules it reports, or success. The scene is
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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from compiler.ir.model import Entity, Rule, Spec
from compiler.ir.types import USER_ENTITY
from compiler.testgen.scenes.acts import Act, Acts
from compiler.testgen.scenes.edits import Dead, SceneEdits
from compiler.testgen.scenes.factory import FactoryModel
from compiler.testgen.scenes.scene import (
    Choice,
    Evaluator,
    Opaque,
    Reading,
    Scene,
    Unassigned,
)
from compiler.testgen.scenes.values import literals_of

BUDGET = 2500
"""Scenes judged per search: enough for every rule of the example specs many times over."""
SHARPEN = 600
"""Scenes judged to turn a write that breaks the rule and others into one that breaks it alone."""
MAX_EDITS = 4


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

    def require(self, holds: bool, reading: Reading) -> None:
        """One condition: what it read, and whether it fails."""
        self.counted |= reading.counted
        self.read |= reading.fields
        if not holds:
            self.failing += 1
            self.reading.fields |= reading.fields
            self.reading.counted |= reading.counted


@dataclass(frozen=True, slots=True)
class _Goal:
    """What the act must lead to: the app reports the `target` rule (`alone`: and no other),
    or, without a target, every rule holds."""

    target: Rule | None
    alone: bool = False
    refused_guard: bool = False
    """Instead: everything allows the transition but its `when` condition."""
    changes_other: bool = False
    """And every effect through a reference changes the value it sets."""
    refused_other: Literal["access", "rules"] | None = None
    """Instead: the transition is refused only by the rows its effects change through a
    reference: the actor may not update one (403), or one breaks its Rules after (422)."""

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


class RuleScenes:
    """Searches the scenes of one entity's rules."""

    def __init__(
        self, spec: Spec, entity: Entity, evaluator: Evaluator, factory: FactoryModel
    ) -> None:
        self.spec = spec
        self.entity = entity
        self.ev = evaluator
        self.factory = factory
        self.acts = Acts(spec, entity, evaluator)
        self.database_rules = factory.facts.of(entity.name).database_rules
        self._rules = [r for r in entity.rules if r.expr is not None]
        self.edits = SceneEdits(spec, self.acts)

    # the two searches

    def broken(self, rule: Rule) -> Found | None:
        """A write the app refuses for the rule: one that breaks it alone if the search finds
        one, else one that breaks others too."""
        assert rule.expr is not None
        self.edits.literals = literals_of([rule.expr])
        for act in self.acts.writes():
            if act.kind == "update" and not self.acts.patch_reaches(rule.expr):
                continue  # it held before the PATCH, and nothing it reads changes
            scene = self._search(self.acts.start(act), act, _Goal(rule))
            if scene is not None:
                alone = self._search(scene.copy(), act, _Goal(rule, alone=True), SHARPEN)
                return self._found(alone or scene, act, broken=True)
        if rule in self.database_rules:
            act = Act("insert")
            scene = self._search(self.acts.start(act), act, _Goal(rule, alone=True))
            if scene is not None:
                return self._found(scene, act, broken=True)
        return None

    def kept(self, rule: Rule, near: Found | None) -> Found | None:
        """A write where every rule holds: from the broken scene if it was written through
        the API (the two tests then differ only where the rule does), else from scratch."""
        assert rule.expr is not None
        self.edits.literals = literals_of([rule.expr])
        starts: list[tuple[Act, Scene]] = []
        if near is not None and near.act.kind != "insert":
            starts.append((near.act, near.scene.copy()))
        starts += [(act, self.acts.start(act)) for act in self.acts.writes()]
        for act, start in starts:
            scene = self._search(start, act, _Goal(None))
            if scene is not None:
                return self._found(scene, act, broken=False)
        return None

    def created_with(self, name: str, choice: Choice) -> Found | None:
        """A create that sends `choice` for the field and keeps every rule: for a field's
        boundary value the factory's other values would not accept."""
        act = Act("create")
        start = self.acts.start(act)
        start.row(start.subject).values[name] = choice
        self.edits.literals = literals_of([r.expr for r in self._rules if r.expr is not None])
        self.edits.pinned = {(start.subject, name)}
        try:
            scene = self._search(start, act, _Goal(None))
        finally:
            self.edits.pinned = set()
        return self._found(scene, act, broken=False) if scene is not None else None

    def transition(self, act: Act) -> tuple[Found | None, Found | None]:
        """A scene where the transition goes through, and one where only its `when`
        condition stops it (the app answers 409; None without a `when`)."""
        assert act.transition is not None
        guard = act.transition.guard
        self.edits.literals = literals_of([guard] if guard is not None else [])
        done = self._search(self.acts.start(act), act, _Goal(None))
        stopped = None
        if guard is not None:
            start = done.copy() if done is not None else self.acts.start(act)
            stopped = self._search(start, act, _Goal(None, refused_guard=True))
        return (
            self._found(done, act, broken=False) if done else None,
            self._found(stopped, act, broken=False) if stopped else None,
        )

    def _reported(self, broken: tuple[Rule, ...]) -> tuple[Rule, ...]:
        """What the app reports: the rules that are CHECK constraints are checked before the
        write, and the others only when those hold."""
        checked_first = tuple(r for r in broken if r in self.database_rules)
        return checked_first or broken

    def _found(self, scene: Scene, act: Act, *, broken: bool) -> Found:
        verdict = self._judge(scene, act, None)
        messages = tuple(r.message for r in self._reported(verdict.broken)) if broken else ()
        return Found(act, scene, broken, messages, frozenset(verdict.read))

    def changing_other_rows(self, act: Act, near: Scene | None) -> Scene | None:
        """A scene where the transition goes through and each of its effects on other rows
        changes the value there (starting from `near`, the scene where it goes through)."""
        assert act.transition is not None
        guard = act.transition.guard
        self.edits.literals = literals_of([guard] if guard is not None else [])
        start = near.copy() if near is not None else self.acts.start(act)
        with self.edits.numbering_kept():
            return self._search(start, act, _Goal(None, changes_other=True))

    def as_found(self, scene: Scene, act: Act) -> Found:
        """A scene found by the searches below, with what its conditions read."""
        return self._found(scene, act, broken=False)

    def refused_by_other_row(self, act: Act, why: Literal["access", "rules"]) -> Scene | None:
        """A scene where only a row the transition's effects change refuses it (`why`)."""
        assert act.transition is not None
        rules = [rule.expr for e in self.spec.entities for rule in e.rules if rule.expr is not None]
        guard = act.transition.guard
        self.edits.literals = literals_of(rules + ([guard] if guard is not None else []))
        with self.edits.numbering_kept():
            return self._search(self.acts.start(act), act, _Goal(None, refused_other=why))

    # the search

    def _search(self, start: Scene, act: Act, goal: _Goal, budget: int = BUDGET) -> Scene | None:
        """Best-first: the scene with the fewest failing conditions (then the fewest changes)
        is changed next, until one meets them all or `budget` scenes have been judged."""
        queue: list[tuple[int, int, int, Scene, Reading]] = []
        seen: set[tuple] = set()

        def solves(scene: Scene, edits: int) -> bool:
            fingerprint = scene.fingerprint()
            if fingerprint in seen:
                return False
            seen.add(fingerprint)
            try:
                verdict = self._judge(scene, act, goal)
            except Dead:
                return False
            entry = (verdict.failing, edits, len(seen), scene, verdict.reading)
            heapq.heappush(queue, entry)
            return verdict.failing == 0

        if solves(start, 0):
            return start
        while queue and len(seen) < budget:
            _, edits, _, scene, reading = heapq.heappop(queue)
            if edits == MAX_EDITS:
                continue
            for edited in self.edits.neighbours(scene, act, reading):
                if solves(edited, edits + 1):
                    return edited
                if len(seen) >= budget:
                    break
        return None

    def _judge(self, scene: Scene, act: Act, goal: _Goal | None) -> _Verdict:
        """How many conditions of the act fail on the scene (completing it as it reads)."""
        while True:
            try:
                verdict = self._conditions(scene, act, goal)
                forced = self.factory.forced(scene, verdict.counted)
            except Unassigned as missing:
                self.edits.assign(scene, act, missing.key, missing.name)
                continue
            except Opaque as unknown:
                raise Dead from unknown
            if not forced:
                return verdict
            for key, name in forced:
                self.edits.assign(scene, act, key, name)

    def _conditions(self, scene: Scene, act: Act, goal: _Goal | None) -> _Verdict:
        """Every condition of the act on the scene, each counted as failing or not: the
        factory's rows can be made, the app lets the act through, the goal is met."""
        verdict = _Verdict(0)
        for holds, reading in self._makeable(scene, act):
            verdict.require(holds, reading)
        refused_guard = goal is not None and goal.refused_guard
        for holds, reading in self.acts.allowed(scene, act, guard=not refused_guard):
            verdict.require(holds, reading)
        if refused_guard:  # the app answers 409 before it looks at the rules
            holds, reading = self.acts.guard(scene, act)
            verdict.require(not holds, reading)
            return verdict
        access, other_rules = self.acts.other_rows(scene, act)
        refused_other = goal.refused_other if goal is not None else None
        if refused_other == "access":  # 403 before the rules
            verdict.require(*_not_all(access))
            return verdict
        for holds, reading in access:
            verdict.require(holds, reading)
        if goal is not None and goal.changes_other:
            for holds, reading in self.acts.other_changes(scene, act):
                verdict.require(holds, reading)
        if refused_other == "rules":  # the act breaks a rule of the other row that held
            verdict.require(*_not_all([(h or not was, r) for h, r, _, was in other_rules]))
        else:
            for holds, reading, _, _ in other_rules:
                verdict.require(holds, reading)
        readings = self._rule_readings(scene, act, verdict)
        if goal is not None:
            relevant = goal.relevant(verdict.broken, self._reported(verdict.broken))
            reading = Reading()
            for rule in relevant:
                reading.fields |= readings[id(rule)].fields
                reading.counted |= readings[id(rule)].counted
            if relevant and not reading.fields and not reading.counted:
                raise Dead("the rules in the way read nothing a change could reach")
            verdict.require(not relevant, reading)
            if act.kind in ("update", "transition"):
                verdict.require(*self._held_before(scene, verdict.broken))
        return verdict

    def _makeable(self, scene: Scene, act: Act) -> Iterator[tuple[bool, Reading]]:
        """The factory's rows keep their tables' CHECK constraints and unique values."""
        for row in scene.rows:
            if row.entity == USER_ENTITY or row.by_api or row.patch:
                continue
            if act.kind == "insert" and row.key == scene.subject:
                continue  # the row under test: the goal says which constraint it breaks
            entity = self.spec.entity(row.entity)
            assert entity is not None
            for condition in self.factory.checks(entity.name):
                value, reading = self.ev.evaluate(scene, entity, condition, row.key)
                yield value is not False, reading
        yield self.factory.unique(scene)

    def _rule_readings(self, scene: Scene, act: Act, verdict: _Verdict) -> dict[int, Reading]:
        """The row's rules after the act: the broken ones go into the verdict; returns what
        each read (by the rule's id)."""
        after = self.acts.after(scene, act)
        readings: dict[int, Reading] = {}
        for rule in self._checked(act):
            assert rule.expr is not None
            value, read = self.ev.evaluate(after, self.entity, rule.expr, scene.subject)
            read.fields = self.acts.attributed(scene, act, read.fields)
            readings[id(rule)] = read
            verdict.counted |= read.counted
            verdict.read |= read.fields
            if value is False:
                verdict.broken += (rule,)
        return readings

    def _checked(self, act: Act) -> list[Rule]:
        """The rules the act's outcome depends on: all of the row's, but only the CHECK
        constraints when the row is inserted by the factory."""
        if act.kind == "insert":
            return [r for r in self._rules if r in self.database_rules]
        return self._rules

    def _held_before(self, scene: Scene, broken: tuple[Rule, ...]) -> tuple[bool, Reading]:
        """A change must be what breaks a rule: the rules it breaks held before it."""
        reading = Reading()
        held = True
        for rule in broken:
            assert rule.expr is not None
            value, read = self.ev.evaluate(scene, self.entity, rule.expr, scene.subject)
            if value is False:
                held = False
                reading.fields |= read.fields
        return held, reading


def _not_all(checks: list[tuple[bool, Reading]]) -> tuple[bool, Reading]:
    """One condition: not every check holds (what they all read)."""
    reading = Reading()
    for _, read in checks:
        reading.fields |= read.fields
        reading.counted |= read.counted
    return not all(holds for holds, _ in checks), reading
