"""`unique (a, b) [where …]` bullets of `### Rules` → `Entity.uniques`, beside the rules."""

from __future__ import annotations

from compiler.ir.expr import Binary, Path, StringLit
from compiler.ir.model import Entity
from compiler.ir.span import Span
from tests.front.helpers import S, build_entity, nospan

FIELDS = "| site | text | |\n| day | date | |\n| status | one of: open, cancelled | |"


def entity_with(bullets: str) -> Entity:
    return build_entity(FIELDS, sections="### Rules\n\n" + bullets)


def test_a_unique_bullet_is_a_constraint_not_a_rule() -> None:
    entity = entity_with("- One per site and day. `unique (site, day)`\n- Positive. `day is set`\n")
    (unique,) = entity.uniques
    assert unique.message == "One per site and day."
    assert unique.fields == ("site", "day")
    assert unique.condition is None
    assert [r.message for r in entity.rules] == ["Positive."]


def test_the_fields_have_their_own_spans() -> None:
    (unique,) = entity_with("- One per site and day. `unique (site,  day)`\n").uniques
    first, second = unique.field_spans
    assert (first.end_col - first.col, second.end_col - second.col) == (4, 3)
    assert second.col - first.col == 7
    assert isinstance(first, Span) and first.line == second.line


def test_where_gives_the_condition() -> None:
    bullet = '- One open per day. `unique(site, day) where status != "cancelled"`\n'
    (unique,) = entity_with(bullet).uniques
    assert nospan(unique.condition) == Binary(
        "!=", Path(("status",), S, (S,)), StringLit("cancelled", S), S, S
    )


def test_a_field_named_like_unique_is_still_an_expression() -> None:
    fields = FIELDS + "\n| unique_code | int | |"
    entity = build_entity(fields, sections="### Rules\n\n- Positive. `unique_code > 0`\n")
    assert entity.uniques == () and len(entity.rules) == 1
