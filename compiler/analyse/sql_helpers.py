"""Which optional helpers of the generated app's `app/core/sql.py` the spec's expressions use.

Every expression the app evaluates in SQL (rules, computed fields, `only where`, Access
conditions, lifecycle guards and effects, values derived on write) has its entity as the
row in scope, so each is compiled with its entity's `SqlCompiler` and the helpers the
compilations need are collected: `core/sql.py` then holds those and the date helpers
every app has, and no helper nobody calls.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.ir.derived import SetOnWrite
from compiler.ir.expr import Expr
from compiler.ir.model import ACTIONS, Computed, Entity, OnlyWhere, Spec
from compiler.translate.sql import SqlCompiler

OPTIONAL_HELPERS = frozenset(
    {
        "greatest",
        "least",
        "concat_text",
        "text_contains",
        "text_starts_with",
        "text_ends_with",
        "text_slug",
        "date_part",
        "shift_datetime",
        "seconds_between",
    }
)
"""The helpers of scalar `max`/`min`, the text functions, date parts and durations."""


def sql_helpers(spec: Spec) -> frozenset[str]:
    """The optional helpers some expression of the spec needs."""
    found: set[str] = set()
    for entity in spec.entities:
        compiler = SqlCompiler(spec, entity)
        for expr in _expressions(entity):
            found |= compiler.compile(expr).needs
    return frozenset(found & OPTIONAL_HELPERS)


def _expressions(entity: Entity) -> Iterator[Expr]:
    for field in entity.fields:
        for rule in field.rules:
            if isinstance(rule, Computed | OnlyWhere | SetOnWrite):
                yield rule.expr
    yield from (rule.expr for rule in entity.rules if rule.expr is not None)
    for row in entity.access.rows if entity.access else ():
        for action in ACTIONS:
            if (condition := row.cell(action).condition) is not None:
                yield condition
    for lifecycle in entity.lifecycles:
        for transition in lifecycle.transitions:
            if transition.guard is not None:
                yield transition.guard
            yield from (effect.value for effect in transition.effects)
