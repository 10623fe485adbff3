"""The update the access tests send changes a field nothing else reads (fuzz class 3)."""

from __future__ import annotations

from compiler.analyse.views import app_view
from compiler.testgen.access_change import change_source, read_elsewhere
from tests.front.helpers import build, spec_text

FIELDS = (
    "| label | text | required |\n| notes | long text | |\n| total | int | computed: `len(notes)` |"
)


def _change(rules: str, fields: str = FIELDS) -> str:
    spec = build(spec_text(fields, sections=f"### Rules\n\n{rules}\n"))
    return change_source(spec.entities[0], app_view(spec).entities[0])


def test_the_first_text_field_when_nothing_reads_it() -> None:
    assert _change('- Some. `notes is set or label != ""`') == "{}"
    assert _change("- Short notes. `total < 99`").startswith('{"label": ')


def test_a_field_a_rule_reads_is_left_alone() -> None:
    assert _change("- Loud. `label == upper(label)`") == '{"notes": "Changed notes"}'


def test_a_field_read_through_a_computed_field_or_an_aggregate_is_left_alone() -> None:
    rules = "- Loud. `label == upper(label)`\n- Few. `count(Thing where notes == self.notes) < 3`"
    assert _change(rules) == "{}"
    spec = build(spec_text(FIELDS, sections="### Rules\n\n- Short. `total < 99`\n"))
    assert {"total", "notes"} <= read_elsewhere(spec.entities[0])
