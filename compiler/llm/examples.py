"""The spec's examples, replayed in memory to judge a candidate rule before any code exists.

Each example that writes a row of the rule's entity is walked step by step:
given rows and users are made, creates and updates build the row as it will be
after the write (defaults and automatic values filled in), and the candidate is
evaluated on it with the Python translation (`translate.python`), aggregates
seeing every row of the example. A write the example expects to succeed
(`expect ok`) must keep the rule; a write it expects refused with the rule's
own message must break it. Steps the replay cannot follow (a write refused for
another reason, a value it cannot read) make that example unjudged, never a
pass that was not earned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from compiler.ir.examples import ActAs, Create, Example, Expect, FieldValue, GivenRow, GivenUser
from compiler.ir.examples import Update as UpdateStep
from compiler.ir.expr import BoolLit, DecimalLit, Expr, IntLit, NullLit, Path, StringLit, Unary
from compiler.ir.model import Computed, Default, Entity, Field, Rule, SetAutomatically, Spec
from compiler.ir.types import USER_ENTITY, ListType, RefType, ScalarType
from compiler.llm.context import involves
from compiler.testgen.clock import SPEC_CLOCK, SPEC_TODAY
from compiler.translate.names import column_name
from compiler.translate.python import PyCompiler, runtime


class Unfollowable(Exception):
    """The replay cannot follow a step (the example is then not judged)."""


@dataclass(frozen=True, slots=True)
class Replay:
    judged: int
    """Examples in which at least one write was decided by the rule."""
    breaks: int
    """Writes the examples expect refused with the rule's message, which it refuses."""
    contradictions: tuple[str, ...]


def replay_examples(spec: Spec, entity: Entity, rule: Rule) -> Replay:
    """How the examples that write `entity` agree with `rule` (whose `expr` is set)."""
    judged, breaks, contradictions = 0, 0, []
    for example in spec.examples:
        if not involves(example, entity.name):
            continue
        walk = _Walk(spec, entity, rule)
        try:
            decided, problem = walk.run(example)
        except Unfollowable:
            continue
        except Exception as error:  # the candidate failed at run time: that is a refusal too
            problem = f"evaluating it raised {type(error).__name__}: {error}"
            decided = 1
        judged += decided > 0
        breaks += walk.breaks if not problem else 0
        if problem:
            contradictions.append(
                f"example “{example.title}” (line {example.span.line}): {problem}"
            )
    return Replay(judged, breaks, tuple(contradictions))


class _Walk:
    def __init__(self, spec: Spec, entity: Entity, rule: Rule) -> None:
        self.spec, self.entity, self.rule = spec, entity, rule
        self.users: dict[str, SimpleNamespace] = {}
        self.named: dict[str, tuple[str, SimpleNamespace]] = {}
        self.tables: dict[str, list[SimpleNamespace]] = {e.name: [] for e in spec.entities}
        self.actor: SimpleNamespace | None = None
        self.now, self.today = SPEC_CLOCK, SPEC_TODAY
        self.ids = 0
        self.breaks = 0
        assert rule.expr is not None
        self.code = compile(PyCompiler(spec, entity).compile(rule.expr).source, "<rule>", "eval")
        self.px = runtime()

    def run(self, example: Example) -> tuple[int, str | None]:
        decided, steps = 0, example.steps
        for index, step in enumerate(steps):
            after = steps[index + 1] if index + 1 < len(steps) else None
            expect = after if isinstance(after, Expect) else None
            match step:
                case GivenUser(role=role, name=name):
                    self.users[name] = self._user(role, name)
                case GivenRow(entity=entity, name=name, values=values):
                    self._commit(entity, name, self._new_row(entity, values), None)
                case ActAs():
                    self.actor = self._actor(step)
                case Create(entity=entity, name=name, values=values):
                    row = self._new_row(entity, values)
                    verdict = self._judge(entity, row, None, expect)
                    decided += verdict is not None
                    if verdict:
                        return decided, f"{verdict} (at `create {entity}`)"
                    if expect is None or expect.kind == "ok":
                        self._commit(entity, name, row, None)
                case UpdateStep(target=target, values=values):
                    entity, old = self.named.get(target) or self._unknown(target)
                    row = SimpleNamespace(**vars(old))
                    for value in values:
                        self._assign(entity, row, value)
                    verdict = self._judge(entity, row, old, expect)
                    decided += verdict is not None
                    if verdict:
                        return decided, f"{verdict} (at `update {target}`)"
                    if expect is None or expect.kind == "ok":
                        self._commit(entity, target, row, old)
        return decided, None

    def _judge(self, entity: str, row, old, expect: Expect | None) -> str | None:
        """None when the rule decides nothing here, "" when it agrees, else the contradiction."""
        if entity != self.entity.name or expect is None:
            return None
        wants_error = expect.kind == "error" and expect.message == self.rule.message
        if expect.kind != "ok" and not wants_error:
            return None
        table = [r for r in self.tables[entity] if r is not old] + [row]
        holds = self._evaluate(row, table) is not False  # null holds, as in SQL CHECK
        if expect.kind == "ok" and not holds:
            return "the example expects the write to succeed, but the condition is false"
        if wants_error and holds:
            return "the example expects the write refused with this rule's message, but it holds"
        self.breaks += wants_error
        return ""

    def _evaluate(self, row, table: list) -> object:
        tables = {**self.tables, self.entity.name: table}
        namespace: dict[str, Any] = {
            "px": self.px,
            "Decimal": Decimal,
            "row": row,
            "user": self.actor,
            "load": lambda entity, key: self._load(tables, entity, key),
            "rows": lambda entity: (
                list(tables[entity]) if entity != USER_ENTITY else self._unknown()
            ),
            "now": self.now,
            "today": self.today,
            USER_ENTITY: USER_ENTITY,
            **{e.name: e.name for e in self.spec.entities},
        }
        return eval(self.code, namespace)

    def _load(self, tables: dict, entity: str, key: object):
        if key is None:
            return None
        pool = list(self.users.values()) if entity == USER_ENTITY else tables[entity]
        return next((r for r in pool if r.id == key), None)

    # rows and users

    def _new_row(self, entity_name: str, values: tuple[FieldValue, ...]) -> SimpleNamespace:
        entity = self.spec.entity(entity_name) or self._unknown(entity_name)
        self.ids += 1
        row = SimpleNamespace(id=self.ids, created_at=self.now, updated_at=self.now)
        for field in entity.fields:
            if isinstance(field.type, ListType) or field.has(Computed):
                continue
            setattr(row, column_name(field.name, field.type), self._initial(field))
        for value in values:
            self._assign(entity_name, row, value)
        return row

    def _initial(self, field: Field) -> object:
        automatic = field.rule(SetAutomatically)
        if isinstance(automatic, SetAutomatically):
            if automatic.value == "now":
                return self.now
            return self.actor.id if self.actor is not None else None
        default = field.rule(Default)
        return self._value(field, default.value) if isinstance(default, Default) else None

    def _assign(self, entity_name: str, row, value: FieldValue) -> None:
        entity = self.spec.entity(entity_name) or self._unknown(entity_name)
        field = entity.field(value.field) or self._unknown(value.field)
        if isinstance(field.type, ListType):
            raise Unfollowable("list fields are not replayed")
        setattr(row, column_name(field.name, field.type), self._value(field, value.value))

    def _value(self, field: Field, expr: Expr) -> object:
        match expr:
            case Path(parts=(name,)) if isinstance(field.type, RefType):
                found = self.users.get(name) or (self.named.get(name) or (None, None))[1]
                return found.id if found is not None else self._unknown(name)
            case Path(parts=(name,)):
                return name
            case NullLit():
                return None
            case BoolLit(value=value):
                return value
            case IntLit(value=value) | DecimalLit(value=value):
                return _number(field, value)
            case Unary(op="-", operand=IntLit(value=value) | DecimalLit(value=value)):
                return -_number(field, value)
            case StringLit(value=value):
                return _text(field, value)
        raise Unfollowable(f"value {expr!r}")

    def _user(self, role: str, name: str) -> SimpleNamespace:
        self.ids += 1
        return SimpleNamespace(id=self.ids, role=role, name=name, email=f"{name}@example.com")

    def _actor(self, step: ActAs) -> SimpleNamespace | None:
        if step.kind == "user" and step.name in self.users:
            return self.users[step.name]
        if step.kind == "role" and step.name:
            return self._user(step.name, f"some {step.name}")
        if step.kind == "anonymous":
            return None
        raise Unfollowable(f"actor {step.kind} {step.name}")

    def _commit(self, entity: str, name: str | None, row, old) -> None:
        table = self.tables[entity]
        self.tables[entity] = [r for r in table if r is not old] + [row]
        if name:
            self.named[name] = (entity, row)

    @staticmethod
    def _unknown(what: object = "the users") -> Any:
        raise Unfollowable(f"unknown {what}")


def _number(field: Field, value: int | str) -> int | Decimal:
    if isinstance(field.type, ScalarType) and field.type.kind == "int":
        return int(value)
    return Decimal(str(value))


def _text(field: Field, value: str) -> object:
    kind = field.type.kind if isinstance(field.type, ScalarType) else None
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if kind in ("decimal", "money"):
        return Decimal(value)
    return value
