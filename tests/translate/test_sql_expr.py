"""The SQL expression compiler: each construct, as the SQLAlchemy source it becomes.

Expected sources are written by hand from the semantics in
docs/spec-language.md; the generated apps' own tests run them for real.
"""

from __future__ import annotations

import pytest

from compiler.frontend import analyse_text
from compiler.ir.model import Spec
from compiler.translate.sql import SqlCompiler

SPEC = """---
app: shop
title: Shop
auth:
  roles: [clerk, boss]
---

## Supplier

| Field  | Type | Rules               |
|--------|------|---------------------|
| name   | text | required            |
| active | bool | default true        |

### Access

| Role  | create | read | update | delete |
|-------|--------|------|--------|--------|
| clerk | yes    | all  | all    | no     |
| boss  | yes    | all  | all    | all    |

## Item

| Field    | Type      | Rules                                   |
|----------|-----------|-----------------------------------------|
| name     | text      | required                                |
| qty      | int       | default 0                               |
| price    | money     | default 0                               |
| supplier | Supplier  | only where `supplier.active`            |
| made_by  | User      | set to current user                     |
| made_on  | date?     |                                         |
| stock    | int       | computed: `qty * 2`                     |

### Access

| Role  | create | read | update | delete |
|-------|--------|------|--------|--------|
| clerk | yes    | all  | own    | no     |
| boss  | yes    | all  | all    | all    |
"""


@pytest.fixture(scope="module")
def spec() -> Spec:
    result = analyse_text(SPEC)
    assert result.ok, result.diagnostics
    assert result.spec is not None
    return result.spec


def compile_in(spec: Spec, entity: str, source: str) -> tuple[str, list[str]]:
    from compiler.diagnostics import Diagnostics
    from compiler.ir.span import Span
    from compiler.lower.inline import code_spans  # noqa: F401 — keeps the parse path honest
    from compiler.parse.expr_parser import parse_expression

    diags = Diagnostics()
    expr = parse_expression(source, Span.point(1, 1), diags)
    assert expr is not None, diags.items
    found = spec.entity(entity)
    assert found is not None
    compiled = SqlCompiler(spec, found).compile(expr)
    return compiled.source, compiled.prelude


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("qty > 3", "(Item.qty > sa.literal(3))"),
        (
            "qty >= 1 and qty <= 9",
            "sa.and_((Item.qty >= sa.literal(1)), (Item.qty <= sa.literal(9)))",
        ),
        ("not (qty == 0)", "sa.not_((Item.qty == sa.literal(0)))"),
        ("qty % 2 == 0", "(sa.func.mod(Item.qty, sa.literal(2)) == sa.literal(0))"),
        ("price < 9.50", '(Item.price < sa.literal(Decimal("9.50")))'),
        ('name in ("a", "b")', "Item.name.in_([sa.literal('a'), sa.literal('b')])"),
        ('name not in ("a")', "Item.name.not_in([sa.literal('a')])"),
        ("made_on is null", "Item.made_on.is_(None)"),
        ("made_on is set", "Item.made_on.is_not(None)"),
        ("made_by == current_user", "(Item.made_by_id == sa.literal(user.id))"),
        ('current_user.role == "boss"', "(sa.literal(user.role) == sa.literal('boss'))"),
        ("len(name) > 2", "(sa.func.length(Item.name) > sa.literal(2))"),
        ("-qty < 0", "((-Item.qty) < sa.literal(0))"),
    ],
)
def test_row_expressions(spec: Spec, source: str, expected: str) -> None:
    compiled, prelude = compile_in(spec, "Item", source)
    assert compiled == expected
    assert prelude == []


def test_a_path_through_a_reference_is_a_correlated_subquery(spec: Spec) -> None:
    compiled, prelude = compile_in(spec, "Item", "supplier.active")
    assert prelude == ['supplier_1 = aliased(Supplier, name="supplier_1")']
    assert compiled == (
        "sa.select(supplier_1.active).where(supplier_1.id == Item.supplier_id)"
        ".correlate_except(supplier_1).scalar_subquery()"
    )


def test_a_computed_field_is_replaced_by_its_expression(spec: Spec) -> None:
    compiled, _ = compile_in(spec, "Item", "stock > 10")
    assert compiled == "((Item.qty * sa.literal(2)) > sa.literal(10))"


def test_count_aggregates_over_an_alias_with_self_as_the_outer_row(spec: Spec) -> None:
    compiled, prelude = compile_in(spec, "Supplier", "count(Item where supplier == self) < 3")
    assert prelude == ['item_1 = aliased(Item, name="item_1")']
    assert compiled == (
        "(sa.select(sa.func.count()).select_from(item_1)"
        ".where((item_1.supplier_id == Supplier.id)).scalar_subquery() < sa.literal(3))"
    )


def test_sum_over_no_rows_is_zero(spec: Spec) -> None:
    compiled, _ = compile_in(spec, "Supplier", "sum(Item.qty) > 0")
    assert "sa.func.coalesce(sa.func.sum(item_1.qty), 0)" in compiled


def test_is_own_compares_the_referenced_rows_owner(spec: Spec) -> None:
    compiled, prelude = compile_in(spec, "Item", "self is own")
    assert prelude == ['item_1 = aliased(Item, name="item_1")']
    assert compiled == (
        "(sa.select(item_1.made_by_id).where(item_1.id == Item.id)"
        ".correlate_except(item_1).scalar_subquery() == sa.literal(user.id))"
    )


def test_null_literal_comparisons_are_null_tests_on_either_side(spec: Spec) -> None:
    assert compile_in(spec, "Item", "null == made_on")[0] == "Item.made_on.is_(None)"
    assert compile_in(spec, "Item", "made_on != null")[0] == "Item.made_on.is_not(None)"


def test_today_is_bound_once_before_the_expression(spec: Spec) -> None:
    compiled, prelude = compile_in(spec, "Item", "days_between(made_on, today()) < 7")
    assert prelude == ["today = date.today()"]
    assert compiled == "(days_between(Item.made_on, sa.literal(today)) < sa.literal(7))"
