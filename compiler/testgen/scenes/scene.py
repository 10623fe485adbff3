"""A test's database in memory: the rows a derived test makes, and conditions evaluated on them.

The rule tests (`tests_rules`) search for a *scene*, the rows a test makes before it
acts, in which a rule breaks or holds. This module holds the scene and evaluates
the spec's conditions on it with their Python translation (`py_expr`), whose
agreement with the SQL the app runs is a tested property.

- A `Scene` holds users and rows, each with the values chosen for its fields so far.
  A value is a `Choice`: the Python value evaluation uses, and the source the
  generated test prints (`date.today() + timedelta(days=1)`), so the generated code
  does not depend on the day it was compiled.
- `Evaluator.value` runs a condition over the scene. Reading a field that has no
  value yet raises `Unassigned` (the search chooses one and evaluates again);
  reading what the scene cannot know (a user's e-mail, every user of the app)
  raises `Opaque`. Every evaluation records the fields it read and the entities it
  counted, so the search changes only values that matter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from types import CodeType
from typing import Any

from compiler.ir.derived import SetOnWrite
from compiler.ir.expr import Expr
from compiler.ir.model import Entity, Field, Spec
from compiler.ir.types import USER_ENTITY, RefType
from compiler.testgen.clock import SPEC_CLOCK, SPEC_TODAY
from compiler.translate.names import column_name
from compiler.translate.python import PyCompiler, runtime

TODAY = SPEC_TODAY
NOW = SPEC_CLOCK
"""The moment a test computes its values at (`utc_now()`, the generated tests' fixed clock);
generated sources are relative to the test's own."""
CHECKED_AT = NOW + timedelta(minutes=1)
"""The app's `now()` when it checks the write: later than the test's `utc_now()`, so a value
exactly at a bound (`starts_at >= now() + hours(1)` with `utc_now() + 60 minutes`) is judged
as the app will judge it. Generated times are an hour or more apart, so nothing else flips."""


@dataclass(frozen=True, slots=True)
class Choice:
    """A field's value: `value` for evaluation (a row's key for references), `source` to print."""

    value: object
    source: str


@dataclass(slots=True)
class SceneRow:
    key: int
    entity: str
    """The entity's name, or `User`."""
    values: dict[str, Choice]
    copies: int = 1
    """How many rows alike the test makes (`count(Tag) <= 200` needs 200 of them)."""
    by_api: bool = False
    """The row the action writes through the API (its values are the request's)."""
    patch: bool = False
    """Not a row: the values a PATCH of the subject sends."""


class Unassigned(Exception):
    """A condition read a field the scene has no value for yet."""

    def __init__(self, key: int, name: str) -> None:
        super().__init__(f"row {key}: {name}")
        self.key = key
        self.name = name


class Opaque(Exception):
    """A condition read something the scene cannot know."""


@dataclass(slots=True)
class Scene:
    rows: list[SceneRow] = field(default_factory=list)
    """In the order the test makes them: referenced rows first."""
    actor: int = 0
    subject: int = 0

    def copy(self) -> Scene:
        rows = [
            SceneRow(r.key, r.entity, dict(r.values), r.copies, r.by_api, r.patch)
            for r in self.rows
        ]
        return Scene(rows, self.actor, self.subject)

    def row(self, key: int) -> SceneRow:
        return next(r for r in self.rows if r.key == key)

    def of(self, entity: str) -> list[SceneRow]:
        """The rows of the entity (as many as the test makes: not the PATCH)."""
        return [r for r in self.rows if r.entity == entity and not r.patch and r.copies]

    @property
    def patch(self) -> SceneRow | None:
        return next((r for r in self.rows if r.patch), None)

    def add(self, entity: str, values: dict[str, Choice], *, before: int | None = None) -> int:
        """A new row (before the row `before`, so the rows it references come first)."""
        key = max((r.key for r in self.rows), default=0) + 1
        row = SceneRow(key, entity, values)
        index = next((i for i, r in enumerate(self.rows) if r.key == before), len(self.rows))
        self.rows.insert(index, row)
        return key

    def fingerprint(self) -> tuple:
        return tuple(
            (
                r.key,
                r.entity,
                r.copies,
                tuple(sorted((n, repr(c.value)) for n, c in r.values.items())),
            )
            for r in self.rows
        )


@dataclass(slots=True)
class Reading:
    """What one evaluation read: fields (row key, name) and counted entities."""

    fields: set[tuple[int, str]] = field(default_factory=set)
    counted: set[str] = field(default_factory=set)


class _RowView:
    """A scene row as the compiled conditions read it: one attribute per column."""

    __slots__ = ("_evaluator", "_row")

    def __init__(self, evaluator: Evaluator, row: SceneRow) -> None:
        self._evaluator = evaluator
        self._row = row

    def __getattr__(self, column: str) -> object:
        return self._evaluator.read(self._row, column)


class Evaluator:
    """Evaluates conditions of the spec over scenes, with the Python translation."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._code: dict[tuple[str, int], CodeType] = {}
        self._columns = {
            entity.name: {column_name(f.name, f.type): f for f in entity.fields}
            for entity in spec.entities
        }
        self._px = runtime()
        self._scene = Scene()
        self._reading = Reading()

    def evaluate(
        self, scene: Scene, entity: Entity, expr: Expr, key: int
    ) -> tuple[object, Reading]:
        """The condition's value with row `key` in scope, and what it read (may raise
        Unassigned or Opaque)."""
        reading = Reading()
        return self.value(scene, entity, expr, key, reading), reading

    def value(self, scene: Scene, entity: Entity, expr: Expr, key: int, reading: Reading) -> object:
        """The condition's value with row `key` in scope (may raise Unassigned, Opaque)."""
        self._scene = scene
        self._reading = reading
        namespace: dict[str, Any] = {
            "px": self._px,
            "Decimal": Decimal,
            "user": self._view(scene.row(scene.actor)),
            "row": self._view(scene.row(key)),
            "load": self._load,
            "rows": self._rows,
            "now": CHECKED_AT,
            "today": TODAY,
            USER_ENTITY: USER_ENTITY,
            **{e.name: e.name for e in self.spec.entities},
        }
        return eval(self._compiled(entity, expr), namespace)

    def read(self, row: SceneRow, column: str) -> object:
        if column == "id":
            return row.key
        if column in ("created_at", "updated_at"):
            return CHECKED_AT
        found = self._field(row, column)
        if found is not None and found.has(SetOnWrite):
            raise Opaque(f"{row.entity}.{found.name} is derived on write")  # not modelled
        name = found.name if found is not None else column
        self._reading.fields.add((row.key, name))
        choice = row.values.get(name)
        if choice is None:
            if found is None:
                raise Opaque(f"{row.entity}.{column}")
            raise Unassigned(row.key, name)
        return choice.value

    def _field(self, row: SceneRow, column: str) -> Field | None:
        if row.entity == USER_ENTITY:
            return None
        return self._columns[row.entity].get(column)

    def _view(self, row: SceneRow) -> _RowView:
        return _RowView(self, row)

    def _load(self, entity: str, key: object) -> _RowView | None:
        if key is None:
            return None
        return self._view(self._scene.row(int(key)))  # type: ignore[call-overload]

    def _rows(self, entity: str) -> list[_RowView]:
        if entity == USER_ENTITY:
            raise Opaque("the tests' users are not all known")
        self._reading.counted.add(entity)
        return [self._view(r) for r in self._scene.of(entity) for _ in range(r.copies)]

    def _compiled(self, entity: Entity, expr: Expr) -> CodeType:
        key = (entity.name, id(expr))
        if key not in self._code:
            compiled = PyCompiler(self.spec, entity).compile(expr)
            self._code[key] = compile(compiled.source, f"<{entity.name} condition>", "eval")
        return self._code[key]


def is_reference(spec: Spec, row: SceneRow, name: str) -> bool:
    """Whether the row's field `name` points to another row (its value is that row's key)."""
    entity = spec.entity(row.entity)
    found = entity.field(name) if entity is not None else None
    return found is not None and isinstance(found.type, RefType)


def referenced(spec: Spec, scene: Scene, key: int) -> bool:
    """Whether a row the test makes points to the row `key`."""
    return any(
        choice.value == key and is_reference(spec, row, name)
        for row in scene.rows
        if row.copies
        for name, choice in row.values.items()
    )
