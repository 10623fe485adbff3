"""`unique (a, b) [where …]` in the generated tests: factory rows that keep them, and
their tests (in each entity's field tests).

The factory keeps consecutive rows distinct: a constraint is kept when one of its fields
already differs from row to row (text numbered by `n`, the row counter); otherwise a
date, datetime or int field without an upper bound (or, failing that, without a lower
bound) moves by `n`; a reference gets a new row each time anyway, but tests often give
it, so it is the last resort.

The tests: a second row with every value of a first one is refused (a 422 on each field
through the API; the database itself refuses the factory's direct insert too); a row that
differs in one field is accepted. With `where`, the rows the condition leaves out do not
count: a row alike with the condition false is accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.analyse.uniques import UniqueView
from compiler.analyse.views import EntityView
from compiler.ir.model import Entity, Field, Maximum, Minimum, Spec
from compiler.ir.refs import spec_refs
from compiler.ir.types import RefType, ScalarType
from compiler.ir.uniques import UniqueTogether
from compiler.testgen.data.conditions import ACTOR, OTHER, Solver
from compiler.testgen.data.field_values import value_source
from compiler.testgen.data.sample_values import DataGenerationError
from compiler.translate.names import column_name

COUNTER = re.compile(r"(?<![\w.])n(?!\w)")
_SHIFTS = {"date": "timedelta(days=n)", "datetime": "timedelta(minutes=n)", "int": "n"}


def distinct_sources(
    entity: Entity, sources: dict[str, str], uniques: tuple[UniqueView, ...]
) -> dict[str, str]:
    """`sources` (field → Python source of its factory value) with the fields that must
    move by `n` moved, so consecutive rows keep every `unique (…)` rule."""
    moved = dict(sources)
    for unique in uniques:
        fields = [f for name in unique.fields if (f := entity.field(name))]
        if any(COUNTER.search(moved.get(f.name, "")) for f in fields):
            continue
        shifted = next(
            (s for f in fields if (s := _shifted(f, moved.get(f.name))) is not None), None
        )
        if shifted is not None:
            moved[shifted[0]] = shifted[1]
        elif not any(isinstance(f.type, RefType) and f.name in moved for f in fields):
            raise DataGenerationError(
                f"{entity.name}: test rows cannot keep `unique ({', '.join(unique.columns)})` "
                "distinct (add a text, number, date or reference field to it)",
                unique.span,
            )
    return moved


def _shifted(field: Field, source: str | None) -> tuple[str, str] | None:
    """(field, source moved by `n`) for a field that can move, in a direction it allows."""
    kind = field.type.kind if isinstance(field.type, ScalarType) else None
    if source is None or kind not in _SHIFTS:
        return None
    if not field.has(Maximum):
        return field.name, f"{source} + {_SHIFTS[kind]}"
    if not field.has(Minimum):
        return field.name, f"{source} - {_SHIFTS[kind]}"
    return None


@dataclass(frozen=True, slots=True)
class UniqueCase:
    name: str
    """The fields joined by `_`: the generated tests' names."""
    fields: tuple[tuple[str, str], ...]
    """(field, column) of each field of the constraint."""
    free: str
    """A field the factory gives every row a new value of: left out, the rows differ."""
    inside: tuple[tuple[str, str], ...]
    """Values that make the `where` condition true (empty without one)."""
    outside: tuple[tuple[str, str], ...] | None
    """Values that make it false (None without a condition, or when none was found)."""
    by_api: bool
    """Whether a row made through the API counts (no condition, or one on values it sends)."""
    spec_ref: str

    @property
    def besides(self) -> tuple[tuple[str, str], ...]:
        """The `inside` values of fields outside the constraint (the others are copied)."""
        named = {name for name, _ in self.fields}
        return tuple((name, value) for name, value in self.inside if name not in named)


def unique_cases(spec: Spec, entity: Entity, view: EntityView) -> tuple[UniqueCase, ...]:
    cases = []
    for unique, unique_view in zip(entity.uniques, view.uniques, strict=True):
        case = _case(spec, entity, view, unique, unique_view)
        if case is not None:
            cases.append(case)
    return tuple(cases)


def _case(
    spec: Spec, entity: Entity, view: EntityView, unique: UniqueTogether, u: UniqueView
) -> UniqueCase | None:
    sources = {}
    for name in unique.fields:
        field = entity.field(name)
        if field is not None:
            sources[name] = value_source(spec, entity, field)
    moved = distinct_sources(entity, sources, (u,))
    inside: tuple[tuple[str, str], ...] = ()
    outside = None
    if unique.condition is not None:
        solved = _solution(spec, entity, unique, want=True)
        if solved is None:
            return None
        inside, outside = solved, _solution(spec, entity, unique, want=False)
    fixed = {name for name, _ in inside}
    varying = (n for n in unique.fields if COUNTER.search(moved[n]) or "lambda" in moved[n])
    free = next((n for n in varying if n not in fixed), None)
    if free is None:
        return None
    writable = {f.name for f in view.fields if f.writable}
    lifecycle = {lc.field for lc in entity.lifecycles}
    by_api = all(name in writable and name not in lifecycle for name, _ in inside)
    return UniqueCase(
        name="_".join(unique.fields),
        fields=tuple(
            (name, column_name(name, f.type)) for name in unique.fields if (f := entity.field(name))
        ),
        free=free,
        inside=inside,
        outside=outside,
        by_api=by_api,
        spec_ref=spec_refs(spec).of(unique.span),
    )


def _solution(
    spec: Spec, entity: Entity, unique: UniqueTogether, *, want: bool
) -> tuple[tuple[str, str], ...] | None:
    """Values of the row's own fields that make the condition `want`, if the solver finds some
    that do not involve the users."""
    assert unique.condition is not None
    for solution in Solver(spec, entity).solve(unique.condition, want):
        if all(len(path) == 1 for path in solution) and not {ACTOR, OTHER} & set(solution.values()):
            return tuple((path[0], value) for path, value in solution.items())
    return None
