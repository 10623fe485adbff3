"""Rules evaluated on a generated row in memory, with values relative to the test's run
(fuzz seed 6026: an "accepted" field test at `max today` broke the rule
`days_between(day, today()) > 2`)."""

from __future__ import annotations

from datetime import timedelta

from compiler.testgen.data.rule_eval import NOW, relative_time, surely_false
from tests.front.helpers import build, spec_text

FIELDS = "| day | date | required |\n| label | text | required |"


def _false(rule: str, **values: object) -> bool:
    spec = build(spec_text(FIELDS, sections=f"### Rules\n\n- A rule. `{rule}`\n"))
    entity = spec.entities[0]
    expr = entity.rules[0].expr
    assert expr is not None
    return surely_false(spec, entity, expr, values)


def test_relative_sources_are_values_at_the_fixed_moment() -> None:
    assert relative_time("date.today()") == NOW.date()
    assert relative_time("date.today() + timedelta(days=3)") == NOW.date() + timedelta(days=3)
    assert relative_time("utc_now() - timedelta(minutes=60)") == NOW - timedelta(minutes=60)
    assert relative_time("date(2026, 1, 1)") is None


def test_a_rule_over_functions_of_the_row_is_decided() -> None:
    today = NOW.date()
    assert _false("days_between(day, today()) > 2", day=today)
    assert not _false("days_between(day, today()) > 2", day=today - timedelta(days=3))


def test_what_the_row_does_not_know_stays_open() -> None:
    assert not _false("len(label) > 3 and days_between(day, today()) > 2")  # nothing given
    assert not _false("count(Thing where day == self.day) > 5", day=NOW.date())
