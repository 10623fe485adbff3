"""The generated tests of lifecycles: every listed transition succeeds for its roles,
every unlisted change of state is refused (409), and a role not named is refused (403).

A case needs a role that may update the row at all: `all`, or `own` on a row the
actor owns. A `when` guard is solved for a row that meets it (and one that does
not, which must get 409) when it is simple: comparisons of the row's own fields
with literals or with `today()`/`now()`. Guards beyond that (aggregates, other
rows) and roles that may update rows only `where` a condition holds get their
rows from the scene search of the rule tests (`scenes.search`): a scene where the
transition goes through and one where only the guard stops it. Transitions with
effects on referenced rows always take their rows from the search, and get the
tests of `effects` too. What neither finds is named in the module's comments.
"""

from __future__ import annotations

from ast import literal_eval
from dataclasses import dataclass, replace

from compiler.analyse.views import EntityView
from compiler.ir.anyone import effective_cell, role_rows
from compiler.ir.expr import Binary, BoolLit, Call, Expr, IntLit, NullLit, Path, StringLit, walk
from compiler.ir.model import Entity, Lifecycle, Spec, Transition
from compiler.ir.refs import spec_refs
from compiler.testgen.data.conditions import OTHER, Solution, Solver, row_arguments, uses
from compiler.testgen.data.rule_eval import NOW, surely_false
from compiler.testgen.data.rule_literals import known_literals
from compiler.testgen.effects import effect_tests
from compiler.testgen.scenes.acts import Act
from compiler.testgen.scenes.code import SceneTest, scene_test
from compiler.testgen.scenes.search import RuleScenes
from compiler.testgen.scenes.values import valid


@dataclass(frozen=True, slots=True)
class TransitionCase:
    source: str
    target: str
    role: str
    owned: bool
    """The row is created owned by the actor (for `(own)` roles and `own` update cells)."""
    spec_ref: str
    values: str = ""
    """Factory arguments (`day=date.today()`) that make the guard hold, or fail; "" if none."""

    @property
    def id(self) -> str:
        return f"{self.source}-to-{self.target}-by-{self.role}{'-own' if self.owned else ''}"


@dataclass(frozen=True, slots=True)
class LifecycleTests:
    entity: EntityView
    field: str
    owner_field: str | None
    allowed: tuple[TransitionCase, ...]
    guard_refused: tuple[TransitionCase, ...]
    """Guarded transitions tried on a row where the guard is false: 409."""
    refused_pairs: tuple[tuple[str, str], ...]
    refused_role: str | None
    """A role that may update every row but is named by no transition."""
    wrong_role_cases: tuple[TransitionCase, ...]
    searched: tuple[SceneTest, ...]
    not_covered: tuple[str, ...]
    spec_ref: str


def lifecycle_tests(
    spec: Spec, entity: Entity, view: EntityView, scenes: RuleScenes
) -> tuple[LifecycleTests, ...]:
    return tuple(_tests(spec, entity, lifecycle, view, scenes) for lifecycle in entity.lifecycles)


def _tests(
    spec: Spec, entity: Entity, lifecycle: Lifecycle, view: EntityView, scenes: RuleScenes
) -> LifecycleTests:
    update = {
        row.role: _updates(row.update.kind, effective_cell(entity, row, "read").kind)
        for row in role_rows(entity.access)
    }
    allowed: list[TransitionCase] = []
    guard_refused: list[TransitionCase] = []
    searched: list[SceneTest] = []
    not_covered: list[str] = []
    for transition in lifecycle.transitions:
        holds: str | None = ""
        fails: str | None = ""
        if transition.guard is not None:
            holds = guard_values(spec, entity, transition.guard, want=True)
            fails = guard_values(spec, entity, transition.guard, want=False)
        ref = spec_refs(spec).of(transition.span)
        for source in transition.sources:
            for actor in transition.actors:
                kind = update.get(actor.role, "no")
                owned = actor.own or kind == "own"
                case = TransitionCase(
                    source, transition.target, actor.role, owned, ref, holds or ""
                )
                through = any(effect.reference for effect in transition.effects)
                if (
                    holds is None
                    or fails is None
                    or kind == "where"
                    or through
                    or _effects_break_a_rule(spec, entity, transition)
                ):
                    act = Act("transition", lifecycle, transition, source, actor.role)
                    found, missing = _searched(spec, scenes, act, case.id)
                    searched += found
                    not_covered += missing
                elif kind in ("all", "own"):
                    allowed.append(case)
                    if fails:
                        guard_refused.append(replace(case, values=fails))
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
            TransitionCase(source, t.target, outsiders[0], False, spec_refs(spec).of(t.span))
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
        guard_refused=tuple(guard_refused),
        refused_pairs=refused if updaters else (),
        refused_role=updaters[0] if updaters else None,
        wrong_role_cases=wrong,
        searched=tuple(searched),
        not_covered=tuple(not_covered),
        spec_ref=spec_refs(spec).of(lifecycle.span),
    )


def _effects_break_a_rule(spec: Spec, entity: Entity, transition: Transition) -> bool:
    """Whether the transition's effects of a known value (`day = today()`, `flag = true`)
    break a rule on the factory's row: `day = today()` under `days_between(day, today()) > 2`
    never goes through, so only the scene search, which checks the rules on the row after
    the effects, may say on which rows (if any) it does."""
    values: dict[str, object] = dict(known_literals(spec, entity))
    for effect in transition.effects:
        if effect.reference is None and (value := _known_value(effect.value)) is not _OPEN:
            values[effect.field] = value
    effects = {e.field for e in transition.effects if e.reference is None}
    return any(
        rule.expr is not None
        and effects & {n.parts[0] for n in walk(rule.expr) if isinstance(n, Path)}
        and surely_false(spec, entity, rule.expr, values)
        for rule in entity.rules
    )


_OPEN = object()


def _known_value(expr: Expr) -> object:
    """An effect's value when it is the same on every row: a literal, `now()`, `today()`."""
    match expr:
        case Call(func="now", args=()):
            return NOW
        case Call(func="today", args=()):
            return NOW.date()
        case IntLit(value=value) | StringLit(value=value) | BoolLit(value=value):
            return value
        case NullLit():
            return None
    return _OPEN


def _updates(update: str, read: str) -> str:
    """Which rows a role may update, given that a row it may not read is not found (404):
    `no` when it reads none, `own` or `where` when it reads only some (the search then
    finds a row it may read and update). An `own` update with a `where` read stays `own`, as
    before: a read condition such as `booked_by == current_user or …` admits the owned row."""
    if update == "no" or read == "all":
        return update
    if read == "no":
        return "no"
    if (read == "own" and update in ("all", "own")) or (read == "where" and update == "own"):
        return "own"  # the owned row the test makes is taken to be readable
    return "where"


def _searched(
    spec: Spec, scenes: RuleScenes, act: Act, case_id: str
) -> tuple[list[SceneTest], list[str]]:
    """The transition on rows the scene search found, and what it did not find."""
    assert act.transition is not None
    done, stopped = scenes.transition(act)
    ref = spec_refs(spec).of(act.transition.span)
    name = f"test_{case_id.replace('-', '_')}"
    found: list[SceneTest] = []
    missing: list[str] = []
    cases = [(done, f"{name}_succeeds", "goes through", 200)]
    if act.transition.guard is not None:
        cases.append((stopped, f"{name}_is_refused_when_its_guard_fails", "is refused", 409))
    for scene, test_name, outcome, status in cases:
        if scene is None:
            missing.append(f"{case_id}: no rows were found where it {outcome}")
        else:
            doc = _scene_doc(act, outcome, status)
            found.append(scene_test(spec, scene, test_name, doc, status, ref))
    more, not_found = effect_tests(spec, scenes, act, done, case_id, ref)
    return found + more, missing + not_found


def _scene_doc(act: Act, outcome: str, status: int) -> str:
    assert act.transition is not None
    if act.transition.guard is None:
        return f"The transition {outcome} on a row the {act.role} may update."
    guard = "holds" if status == 200 else "fails (and nothing else stops it)"
    return f"The transition {outcome} on rows where its `when` condition {guard}."


def guard_values(spec: Spec, entity: Entity, guard: Expr, want: bool) -> str | None:
    """Factory arguments making the guard `want`, or None when it cannot be solved (or the
    solution breaks a field's own rules: `quantity >= 0` cannot fail when `quantity` has
    `min 0`, and the search then says so)."""
    solutions = Solver(spec, entity).solve(guard, want) or _time_solutions(entity, guard, want)
    solutions = [s for s in solutions if not uses(s, OTHER)]  # the test makes no second user
    if not solutions:
        return None
    arguments = row_arguments(spec, entity, solutions[0])
    for name, source in arguments.items():
        field = entity.field(name)
        try:
            value = literal_eval(source)
        except (ValueError, SyntaxError):
            continue  # a row, a user or a time: not a literal to check
        if field is not None and value is not None and not valid(field, value):
            return None
    return ", ".join(f"{name}={value}" for name, value in arguments.items())


_TODAY = {"today": "date.today()", "now": "utc_now()"}
_STEP = {"today": "timedelta(days=1)", "now": "timedelta(hours=1)"}
_UNITS = frozenset({"days", "hours", "minutes"})


def _time_solutions(entity: Entity, guard: Expr, want: bool) -> list[Solution]:
    """`day > today()`, `starts_at <= now()`, `starts_at > now() + hours(1)`: a value just
    inside or just outside."""
    match guard:
        case Binary(op="<" | "<=" | ">" | ">=" as op, left=Path(parts=(name,)), right=limit):
            moment = _moment(limit)
            if moment is None or entity.field(name) is None:
                return []
            func, base = moment
            upward = (op in (">", ">=")) == want
            strict = (op in ("<", ">")) == want
            if not strict and base == _TODAY[func]:
                return [{(name,): base}]
            # One step beyond the limit unless it is exactly `today()`/`now()` and may be met:
            # the app reads `now()` again, later than the test wrote its value.
            return [{(name,): f"{base} {'+' if upward else '-'} {_STEP[func]}"}]
    return []


def _moment(limit: Expr) -> tuple[str, str] | None:
    """`today()`, `now()`, or either moved by a whole number of days, hours or minutes: the
    function's name and the Python source of the moment (None for anything else)."""
    match limit:
        case Call(func=func) if func in _TODAY:
            return func, _TODAY[func]
        case Binary(
            op="+" | "-" as op,
            left=Call(func=func),
            right=Call(func=unit, args=(IntLit(value=count),)),
        ) if func in _TODAY and unit in _UNITS and (func == "now" or unit == "days"):
            return func, f"({_TODAY[func]} {op} timedelta({unit}={count}))"
    return None
