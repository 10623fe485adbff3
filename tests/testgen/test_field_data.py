"""Test data the fuzzer found wrong: bounds a field's scale cannot hold, `only where`
conditions on text, and lifecycle guards that need a new row (seeds 5000, 5007)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from compiler.generate import generate
from compiler.testgen.data.field_values import value_source
from compiler.testgen.data.sample_values import Bound, bounds, on_grid
from tests.front.helpers import ACCESS, FRONT, build, spec_text


def field_of(fields: str):
    spec = build(spec_text(fields))
    return spec, spec.entities[0], spec.entities[0].fields[0]


@pytest.mark.parametrize(
    ("type_", "rule", "lower", "upper"),
    [
        ("decimal(8, 1)", "min 0.01", Decimal("0.1"), None),
        ("decimal(7, 0)", "min 0.01", Decimal("1"), None),
        ("decimal(8, 2)", "min 0.01", Decimal("0.01"), None),
        ("decimal(8, 1)", "max 9.99", None, Decimal("9.9")),
        ("int", "range 0..10", Decimal("0"), Decimal("10")),
        ("decimal", "min 0.015", Decimal("0.02"), None),  # decimal is decimal(12, 2)
    ],
)
def test_a_bound_moves_onto_the_values_the_field_can_store(
    type_: str, rule: str, lower: Decimal | None, upper: Decimal | None
) -> None:
    _, _, field = field_of(f"| amount | {type_} | {rule} |")
    low, high = bounds(field)
    assert [b.value for b in low] == ([lower] if lower is not None else [])
    assert [b.value for b in high] == ([upper] if upper is not None else [])


def test_an_exclusive_bound_on_the_grid_moves_one_step_inside() -> None:
    _, _, field = field_of("| amount | decimal(8, 1) | min 0 |")
    assert on_grid(field, Bound(Decimal("0.5"), True, None), True) == Bound(
        Decimal("0.6"), False, None
    )
    assert on_grid(field, Bound(Decimal("0.5"), True, None), False) == Bound(
        Decimal("0.4"), False, None
    )


def entities(*tables: str) -> str:
    """A spec of these entities (`## Name` and its fields), each with full access."""
    return "\n".join([FRONT, "# Demo\n", *(f"{table}\n{ACCESS}" for table in tables)])


ONLY_WHERE = entities(
    """\
## Site

| Field | Type      | Rules    |
|-------|-----------|----------|
| notes | long text | required |
""",
    """\
## Item

| Field | Type | Rules                                        |
|-------|------|----------------------------------------------|
| site  | Site | only where `lower(site.notes) != "closed"`   |
""",
)


def test_a_text_unlike_a_literal_without_digits_is_any_factory_text() -> None:
    spec = build(ONLY_WHERE)
    item = spec.entity("Item")
    assert value_source(spec, item, item.field("site")) == "lambda: self.site()"


def test_a_text_unlike_a_literal_with_digits_is_not_solved() -> None:
    spec = build(ONLY_WHERE.replace('"closed"', '"site 1"'))
    item = spec.entity("Item")
    with pytest.raises(Exception, match="only where"):
        value_source(spec, item, item.field("site"))


GUARD_ON_A_REFERENCE = entities(
    """\
## Site

| Field | Type    | Rules    |
|-------|---------|----------|
| rate  | decimal | min 0    |
""",
    """\
## Item

| Field  | Type                 | Rules |
|--------|----------------------|-------|
| site   | Site                 |       |
| status | one of: draft, open  |       |

### Lifecycle of status

- draft → open, by member, when `site.rate < 75.5`
""",
)


def test_guard_values_that_need_a_new_row_are_made_inside_the_test() -> None:
    spec = build(GUARD_ON_A_REFERENCE)
    files = {f.path: f.content for f in generate(spec)}
    module = next(c for p, c in files.items() if p.endswith("test_item_status_lifecycle.py"))
    assert "lambda data, user: dict(site=data.site(" in module
    compile(module, "test_item_status_lifecycle.py", "exec")
