"""When the factory's dates and times fall, so that its rows keep the entity's rules.

A factory row's dates and datetimes are relative to the moment the test runs
(`date.today() + timedelta(days=1)`, `utc_now() - timedelta(minutes=60)`). A
rule that compares them with each other or with `now()` / `today()` —
`due_on > loaned_on`, `starts_at > now()` — is broken by a row whose times
are all "now". `time_offsets` chooses an offset for each required time field
(days for dates, minutes for datetimes), nearest to zero first and within the
field's bounds, such that every rule of the entity that reads only the row's
own columns holds: each rule is compiled to Python (`translate.python`) and
evaluated on the row, the factory's literal values for its other fields. A
rule's `now()` is taken a few minutes after the row was made, as it is when
the app checks the row.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from compiler.ir.expr import Path, walk
from compiler.ir.model import Computed, Default, Entity, Field, Spec
from compiler.ir.types import ScalarType
from compiler.testgen.rule_literals import known_literals
from compiler.testgen.sample_values import bounds, within
from compiler.translate.names import column_name
from compiler.translate.python import PyCompiler, runtime

DAYS = (0, 1, -1, 2, -2, 7, -7, 30, -30)
MINUTES = (0, 60, -60, 120, -120, 1440, -1440, 43200, -43200)
MAX_ASSIGNMENTS = 20000
CHECK_DELAY = timedelta(minutes=5)
"""How much later than the row was made the app's `now()` is assumed to be."""

_NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
_EVALUABLE = {"px", "now", "today", "Decimal"}


class _Unknown(Exception):
    """The rule reads a value the factory only makes at run time."""


class _Row:
    def __init__(self, values: dict[str, object]) -> None:
        self._values = values

    def __getattr__(self, name: str) -> object:
        try:
            return self._values[name]
        except KeyError:
            raise _Unknown(name) from None


def time_offsets(spec: Spec, entity: Entity) -> dict[str, int]:
    """Field name → offset (days or minutes) of the factory's value; {} when the rules read
    no time field or no offsets keep them all (the factory's default values then)."""
    exprs = [r.expr for r in entity.rules if r.expr is not None]
    read = {node.parts[0] for expr in exprs for node in walk(expr) if isinstance(node, Path)}
    fields = [f for f in entity.fields if f.name in read and _is_time(f) and _made_by_factory(f)]
    compiler = PyCompiler(spec, entity)
    rules = [c.source for c in map(compiler.compile, exprs) if c.needs <= _EVALUABLE]
    if not fields or not rules:
        return {}
    known = known_literals(spec, entity)
    literals = {
        column_name(f.name, f.type): known[f.name] for f in entity.fields if f.name in known
    }
    choices = [_candidates(f) for f in fields]
    helpers = runtime()
    for count, offsets in enumerate(_nearest_first(choices)):
        if count == MAX_ASSIGNMENTS:
            break
        values = literals | {
            "created_at": _NOW,
            "updated_at": _NOW,
            **{f.name: _moment(f, k) for f, k in zip(fields, offsets, strict=True)},
        }
        if all(_holds(rule, _Row(values), helpers) for rule in rules):
            return {f.name: k for f, k in zip(fields, offsets, strict=True) if k}
    return {}


def _holds(source: str, row: _Row, helpers: object) -> bool:
    scope = {"px": helpers, "row": row, "now": _NOW + CHECK_DELAY, "today": _NOW.date()}
    try:
        return eval(source, {"Decimal": Decimal}, scope) is not False  # null keeps a rule
    except _Unknown:
        return True  # not decided by the times: left to the other completions


def _nearest_first(choices: list[list[int]]) -> list[tuple[int, ...]]:
    """Every combination of the fields' candidates, those nearest to now first."""
    while len(choices) > 1 and _size(choices) > MAX_ASSIGNMENTS * 10:
        choices = [c[: max(2, len(c) - 1)] for c in choices]  # fewer, nearer candidates
    indexed = itertools.product(*(range(len(c)) for c in choices))
    ordered = sorted(indexed, key=lambda picks: (sum(picks), picks))
    return [tuple(c[i] for c, i in zip(choices, picks, strict=True)) for picks in ordered]


def _size(choices: list[list[int]]) -> int:
    size = 1
    for candidates in choices:
        size *= len(candidates)
    return size


def _candidates(field: Field) -> list[int]:
    lower, upper = bounds(field)
    return [
        k
        for k in (DAYS if _is_date(field) else MINUTES)
        if within(_moment(field, k), lower, upper, today=_NOW.date(), now=_NOW)
    ]


def _moment(field: Field, offset: int) -> date | datetime:
    if _is_date(field):
        return _NOW.date() + timedelta(days=offset)
    return _NOW + timedelta(minutes=offset)


def _is_date(field: Field) -> bool:
    return isinstance(field.type, ScalarType) and field.type.kind == "date"


def _is_time(field: Field) -> bool:
    return isinstance(field.type, ScalarType) and field.type.kind in ("date", "datetime")


def _made_by_factory(field: Field) -> bool:
    return not field.optional and not field.has(Computed) and not field.has(Default)
