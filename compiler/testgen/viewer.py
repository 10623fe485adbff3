"""Tests of per-viewer computed fields (`ir.viewer`): two users see different values.

For a yes/no field the test data search can make true for the acting user
(`opened_by == current_user`: the row is the user's), a row is made so; the user
reads it as true and another user of the same role, who may read every row too,
as false — on the read endpoint and in the list, which computes the page's values
in the same query; a visitor, where anyone may read every row, not as true (null
for `opened_by == current_user`, as `current_user` is). A field it cannot solve (an
aggregate over other rows) gets no such test.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.anyone import anyone_row, effective_cell, role_rows
from compiler.ir.model import Computed, Entity, Field, Spec
from compiler.ir.span import Span
from compiler.ir.types import ScalarType
from compiler.ir.viewer import viewer_fields
from compiler.testgen.data.conditions import ACTOR, OTHER, Solution, Solver, row_source, uses


@dataclass(frozen=True, slots=True)
class ViewerTest:
    name: str
    role: str
    span: Span
    """The field's `computed:` expression."""
    lines: tuple[str, ...]


def viewer_tests(spec: Spec, entity: Entity, page_size: int) -> list[ViewerTest]:
    names = viewer_fields(entity)
    readers = [
        row.role
        for row in role_rows(entity.access)
        if effective_cell(entity, row, "read").kind == "all"
    ]
    tests = []
    for field in entity.fields:
        rule = field.rule(Computed)
        if field.name not in names or not isinstance(rule, Computed) or not readers:
            continue
        found = _for_the_reader(spec, entity, field, rule)
        if found is not None:
            lines = _lines(spec, entity, field.name, readers[0], found, page_size)
            if _anyone_reads_every_row(entity):
                visitor = f'client.get(f"{{URL}}/{{row.id}}").json()["{field.name}"]'
                lines += (f"assert {visitor} is not True",)
            name = f"test_{field.name}_differs_between_two_readers"
            tests.append(ViewerTest(name, readers[0], rule.expr.span, lines))
    return tests


def _anyone_reads_every_row(entity: Entity) -> bool:
    public = anyone_row(entity.access)
    return public is not None and public.read.kind == "all"


def _for_the_reader(spec: Spec, entity: Entity, field: Field, rule: Computed) -> Solution | None:
    """A row whose yes/no field is true for the acting user (and so for them only)."""
    if not (isinstance(field.type, ScalarType) and field.type.kind == "bool"):
        return None
    solutions = Solver(spec, entity).solve(rule.expr)
    return next((s for s in solutions if uses(s, ACTOR) and not uses(s, OTHER)), None)


def _lines(
    spec: Spec, entity: Entity, field: str, role: str, solution: Solution, page_size: int
) -> tuple[str, ...]:
    one = 'client.get(f"{URL}/{row.id}", headers=%s).json()'
    return (
        f'user, headers = data.actor("{role}")',
        f'_, other = data.actor("{role}")',
        f"row = {row_source(spec, entity.name, solution)}",
        f'assert {one % "headers"}["{field}"] is True',
        f'assert {one % "other"}["{field}"] is False',
        f'page = client.get(URL, params={{"limit": {page_size}}}, headers=headers).json()',
        f'assert [r["{field}"] for r in page["data"] if r["id"] == row.id] == [True]',
    )
