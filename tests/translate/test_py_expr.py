"""The Python expression compiler: each construct, by the value it evaluates to.

Compiled sources run on small in-memory rows (`SimpleNamespace` objects) with
in-memory `load` and `rows`; the agreement with SQL is checked on random data by
`test_expr_agreement.py`.
"""

from __future__ import annotations

import warnings
from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest

from compiler.diagnostics import Diagnostics
from compiler.frontend import analyse_text
from compiler.ir.model import Spec
from compiler.ir.span import Span
from compiler.parse.expr_parser import parse_expression
from compiler.translate.python import PyCompiler, runtime

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
| rating | int? |                     |
| boss   | User | set to current user |

### Access

| Role  | create | read | update | delete |
|-------|--------|------|--------|--------|
| clerk | yes    | all  | own    | no     |
| boss  | yes    | all  | all    | all    |

## Item

| Field    | Type                     | Rules                    |
|----------|--------------------------|--------------------------|
| name     | text                     | required                 |
| note     | text?                    |                          |
| qty      | int                      | default 0                |
| extra    | int?                     |                          |
| price    | money                    | default 0                |
| weight   | decimal(6, 2)?           |                          |
| flag     | bool?                    |                          |
| status   | one of: draft, live      | default draft            |
| supplier | Supplier?                |                          |
| made_by  | User                     | set to current user      |
| made_on  | date?                    |                          |
| stock    | int                      | computed: `qty * 2`      |
| value    | decimal                  | computed: `stock * price` |

### Access

| Role  | create | read | update | delete |
|-------|--------|------|--------|--------|
| clerk | yes    | all  | own    | no     |
| boss  | yes    | all  | all    | all    |
"""

TODAY = date(2024, 3, 10)
NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)
PX = runtime()


@pytest.fixture(scope="module")
def spec() -> Spec:
    result = analyse_text(SPEC)
    assert result.ok, result.diagnostics
    assert result.spec is not None
    return result.spec


class World:
    """An in-memory database: rows by entity name, plus the acting user."""

    def __init__(self) -> None:
        self.tables: dict[str, list[SimpleNamespace]] = {"User": [], "Supplier": [], "Item": []}
        self.user = self.add("User", email="a@x.io", name="Ann", role="clerk")
        self.other = self.add("User", email="b@x.io", name="Bob", role="boss")

    def add(self, entity: str, **values: Any) -> SimpleNamespace:
        table = self.tables[entity]
        row = SimpleNamespace(id=len(table) + 1, **values)
        table.append(row)
        return row

    def supplier(self, **values: Any) -> SimpleNamespace:
        defaults = {"name": "Acme", "active": True, "rating": None, "boss_id": self.user.id}
        return self.add("Supplier", **{**defaults, **values})

    def item(self, **values: Any) -> SimpleNamespace:
        defaults = {
            "name": "bolt",
            "note": None,
            "qty": 3,
            "extra": None,
            "price": Decimal("2.50"),
            "weight": None,
            "flag": None,
            "status": "draft",
            "supplier_id": None,
            "made_by_id": self.user.id,
            "made_on": None,
            "created_at": NOW,
        }
        return self.add("Item", **{**defaults, **values})

    def namespace(self) -> dict[str, Any]:
        def load(entity: str, key: int | None) -> SimpleNamespace | None:
            return next((r for r in self.tables[entity] if r.id == key), None)

        return {
            "px": PX,
            "load": load,
            "rows": lambda entity: list(self.tables[entity]),
            "user": self.user,
            "Decimal": Decimal,
            "date": SimpleNamespace(today=lambda: TODAY),
            "utc_now": lambda: NOW,
            # model classes: the in-memory load/rows take entity names
            "User": "User",
            "Supplier": "Supplier",
            "Item": "Item",
        }


def evaluate(spec: Spec, entity: str, source: str, row: object, world: World) -> Any:
    diags = Diagnostics()
    expr = parse_expression(source, Span.point(1, 1), diags)
    assert expr is not None, diags.items
    found = spec.entity(entity)
    assert found is not None
    compiled = PyCompiler(spec, found).compile(expr)
    namespace = world.namespace()
    namespace["row"] = row
    for line in compiled.prelude:
        exec(line, namespace)
    assert compiled.needs <= set(namespace), compiled.needs
    assert compiled.entities <= set(namespace), compiled.entities
    return eval(compiled.source, namespace)


@pytest.fixture
def world() -> World:
    return World()


def item_value(spec: Spec, world: World, source: str, **values: Any) -> Any:
    return evaluate(spec, "Item", source, world.item(**values), world)


# operators


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("qty + 2", 5),
        ("qty - 5", -2),
        ("qty * 4", 12),
        ("qty / 2", Decimal("1.5")),
        ("6 / 3", Decimal(2)),
        ("qty % 2", 1),
        ("-7 % 2", -1),
        ("7 % -2", 1),
        ("price % 1", Decimal("0.50")),
        ("-qty", -3),
        ("price * 2", Decimal("5.00")),
        ("qty + 0.5", Decimal("3.5")),
        ('name + "s"', "bolts"),
        ("qty / 0", None),
        ("qty % 0", None),
        ("qty > 2", True),
        ("qty <= 2", False),
        ("price == 2.5", True),
        ('"B" < "a"', True),
        ('"a" < "ab"', True),
        ('"é" > "z"', True),
        ('status == "draft"', True),
        ('status in ("live", "draft")', True),
        ('status not in ("live", "draft")', False),
        ("qty > 2 and qty < 4", True),
        ("qty > 5 or qty < 4", True),
        ("not (qty == 3)", False),
    ],
)
def test_operators(spec: Spec, world: World, source: str, expected: Any) -> None:
    found = item_value(spec, world, source)
    assert found == expected
    assert type(found) is type(expected)


# null


@pytest.mark.parametrize(
    ("source", "flag", "expected"),
    [
        # Kleene logic with flag = null
        ("flag and true", None, None),
        ("flag and false", None, False),
        ("flag or true", None, True),
        ("flag or false", None, None),
        ("not flag", None, None),
        ("flag", None, None),
        ("flag is null", None, True),
        ("flag is set", None, False),
        ("flag == true", None, None),
        ("flag != true", None, None),
        ("flag == null", None, True),
        ("null == flag", None, True),
        ("flag != null", None, False),
        ("null != flag", None, False),
        ("null == null", None, True),
        ("flag == null", False, False),
        ("flag != null", False, True),
        ("flag in (true, false)", None, None),
        ("not flag", False, True),
    ],
)
def test_three_valued_logic(
    spec: Spec, world: World, source: str, flag: bool | None, expected: bool | None
) -> None:
    assert item_value(spec, world, source, flag=flag) is expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("extra + 1", None),
        ("extra * 2", None),
        ("extra / 2", None),
        ("extra % 2", None),
        ("-extra", None),
        ("extra > 1", None),
        ("extra == 1", None),
        ("extra != 1", None),
        ("not (extra == 1)", None),
        ("extra in (1, 2)", None),
        ("extra not in (1, 2)", None),
        ("qty in (3, extra)", True),
        ("qty in (4, extra)", None),
        ("qty not in (4, extra)", None),
        ("len(note)", None),
        ("lower(note)", None),
        ("abs(extra)", None),
        ("round(weight, 1)", None),
        ("round(price, extra)", None),
        ("coalesce(extra, 7)", 7),
        ("coalesce(extra, extra)", None),
        ('len(coalesce(note, "")) >= 0', True),
        ("days_between(made_on, today())", None),
        ("add_days(made_on, 1)", None),
        ("add_days(today(), extra)", None),
        ("note + name", None),
    ],
)
def test_null_propagates(spec: Spec, world: World, source: str, expected: Any) -> None:
    assert item_value(spec, world, source) == expected


# functions


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('len("héllo")', 5),
        ('lower("AbC")', "abc"),
        ('upper("AbC")', "ABC"),
        ("abs(-4)", 4),
        ("abs(-4.25)", Decimal("4.25")),
        ("round(2.675, 2)", Decimal("2.68")),
        ("round(0.25, 1)", Decimal("0.3")),
        ("round(-0.25, 1)", Decimal("-0.3")),
        ("round(-2.5, 0)", Decimal("-3")),
        ("round(7, 1)", Decimal("7.0")),
        ("round(qty / 7, 3)", Decimal("0.429")),
        ("coalesce(note, name)", "bolt"),
        ("days_between(made_on, today())", 9),
        ("days_between(today(), made_on)", -9),
        ("days_between(created_at, today())", 0),
        ("add_days(made_on, -1)", date(2024, 2, 29)),
        ("add_days(now(), 1)", datetime(2024, 3, 11, 12, 30, tzinfo=UTC)),
        ("made_on < today()", True),
        ("now() > today()", True),
        ("created_at >= today()", True),
    ],
)
def test_functions(spec: Spec, world: World, source: str, expected: Any) -> None:
    found = item_value(spec, world, source, made_on=date(2024, 3, 1))
    assert found == expected
    assert type(found) is type(expected)


def test_a_date_compares_with_a_datetime_as_the_start_of_its_day(spec: Spec, world: World) -> None:
    midnight = datetime(2024, 3, 10, tzinfo=UTC)
    assert item_value(spec, world, "created_at == today()", created_at=midnight) is True
    naive = datetime(2024, 3, 9, 23, 59)  # SQLite hands times back without a zone: UTC
    assert item_value(spec, world, "created_at < today()", created_at=naive) is True


# paths, current_user, is own


def test_a_path_reads_through_a_reference(spec: Spec, world: World) -> None:
    acme = world.supplier(name="Acme", rating=4)
    assert item_value(spec, world, "supplier.name", supplier_id=acme.id) == "Acme"
    assert item_value(spec, world, "supplier.rating + 1", supplier_id=acme.id) == 5
    assert item_value(spec, world, "supplier.boss.name", supplier_id=acme.id) == "Ann"
    assert item_value(spec, world, "made_by.role", supplier_id=acme.id) == "clerk"


def test_an_empty_or_dangling_reference_reads_as_null(spec: Spec, world: World) -> None:
    assert item_value(spec, world, "supplier.name") is None
    assert item_value(spec, world, "supplier.boss.name") is None
    assert item_value(spec, world, "supplier.active") is None
    assert item_value(spec, world, "supplier.active", supplier_id=99) is None
    assert item_value(spec, world, "not supplier.active") is None
    assert item_value(spec, world, "supplier is null") is True


def test_references_compare_by_id(spec: Spec, world: World) -> None:
    acme = world.supplier()
    assert item_value(spec, world, "made_by == current_user") is True
    assert item_value(spec, world, "made_by == current_user", made_by_id=world.other.id) is False
    assert item_value(spec, world, "supplier == supplier", supplier_id=acme.id) is True
    assert item_value(spec, world, "supplier == supplier") is None
    assert evaluate(spec, "Supplier", "self == self", acme, world) is True


def test_current_user_fields(spec: Spec, world: World) -> None:
    assert item_value(spec, world, 'current_user.role == "clerk"') is True
    assert item_value(spec, world, "current_user.email + current_user.name") == "a@x.ioAnn"
    assert item_value(spec, world, "current_user.id") == world.user.id


def test_is_own_goes_through_the_owner_of_the_referenced_row(spec: Spec, world: World) -> None:
    mine = world.supplier(boss_id=world.user.id)
    theirs = world.supplier(boss_id=world.other.id)
    assert item_value(spec, world, "supplier is own", supplier_id=mine.id) is True
    assert item_value(spec, world, "supplier is own", supplier_id=theirs.id) is False
    assert item_value(spec, world, "supplier is own") is None
    assert item_value(spec, world, "made_by is own") is True
    assert item_value(spec, world, "self is own", made_by_id=world.other.id) is False
    assert item_value(spec, world, "not (supplier is own)") is None


def test_self_is_own_reads_the_row_at_hand(spec: Spec, world: World) -> None:
    unsaved = SimpleNamespace(id=None, made_by_id=world.user.id)
    assert evaluate(spec, "Item", "self is own", unsaved, world) is True


# computed fields


def test_computed_fields_are_inlined_even_through_references(spec: Spec, world: World) -> None:
    assert item_value(spec, world, "stock") == 6
    assert item_value(spec, world, "value") == Decimal("15.00")
    acme = world.supplier()
    world.item(supplier_id=acme.id, qty=1)
    assert evaluate(spec, "Supplier", "sum(Item.value where supplier == self)", acme, world) == (
        Decimal("5.00")
    )


# aggregates


def test_aggregates_over_no_rows(spec: Spec, world: World) -> None:
    acme = world.supplier()
    where = " where supplier == self"
    assert evaluate(spec, "Supplier", "count(Item" + where + ")", acme, world) == 0
    assert evaluate(spec, "Supplier", "sum(Item.qty" + where + ")", acme, world) == 0
    for func in ("min", "max", "avg"):
        assert evaluate(spec, "Supplier", f"{func}(Item.qty{where})", acme, world) is None


def test_aggregates_skip_nulls_and_unknown_conditions(spec: Spec, world: World) -> None:
    acme = world.supplier()
    world.item(supplier_id=acme.id, extra=1, flag=True)
    world.item(supplier_id=acme.id, extra=None, flag=None)
    world.item(supplier_id=acme.id, extra=4, flag=False)
    world.item(extra=100)

    def agg(source: str) -> Any:
        return evaluate(spec, "Supplier", source, acme, world)

    assert agg("count(Item)") == 4
    assert agg("count(Item where supplier == self)") == 3
    assert agg("count(Item where supplier == self and flag)") == 1
    assert agg("count(Item where supplier == self and not flag)") == 1
    assert agg("count(Item where supplier == self and extra > 0)") == 2
    assert agg("sum(Item.extra where supplier == self)") == 5
    assert agg("min(Item.extra where supplier == self)") == 1
    assert agg("max(Item.extra where supplier == self)") == 4
    assert agg("avg(Item.extra where supplier == self)") == Decimal("2.5")
    assert agg("sum(Item.extra where supplier == self and extra is null)") == 0
    assert agg("avg(Item.extra where supplier == self and extra is null)") is None
    assert agg('max(Item.name where supplier == self) == "bolt"') is True


def test_self_inside_an_aggregate_is_the_outer_row(spec: Spec, world: World) -> None:
    first = world.item(qty=1)
    world.item(qty=2)
    world.item(qty=3)
    assert evaluate(spec, "Item", "count(Item where qty > self.qty)", first, world) == 2
    assert evaluate(spec, "Item", "sum(Item.qty where qty >= self.stock)", first, world) == 5


# bindings


def test_now_and_today_are_bound_once_in_the_prelude(spec: Spec) -> None:
    diags = Diagnostics()
    expr = parse_expression("days_between(now(), today()) == 0", Span.point(1, 1), diags)
    assert expr is not None
    item = spec.entity("Item")
    assert item is not None
    compiled = PyCompiler(spec, item).compile(expr)
    assert compiled.prelude == ["now = utc_now()", "today = date.today()"]
    assert {"now", "today", "px"} <= compiled.needs


def test_needs_and_entities_name_what_the_source_uses(spec: Spec) -> None:
    diags = Diagnostics()
    expr = parse_expression(
        "count(Item where supplier.boss == current_user) > 0", Span.point(1, 1), diags
    )
    assert expr is not None
    supplier = spec.entity("Supplier")
    assert supplier is not None
    compiled = PyCompiler(spec, supplier).compile(expr)
    assert compiled.needs == {"px", "rows", "load", "user"}
    assert compiled.entities == {"Item", "Supplier"}
    assert compiled.prelude == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [("3 is set", True), ('"a" is null', False), ("null is null", True), ("null != null", False)],
)
def test_a_literal_null_test_is_a_constant(
    spec: Spec, world: World, source: str, expected: bool
) -> None:
    """Known without the row, and free of Python's warning about `is` with a literal."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", SyntaxWarning)
        assert item_value(spec, world, source) is expected
