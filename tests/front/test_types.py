"""Type cells → `FieldType` nodes and the `optional` flag."""

from __future__ import annotations

import pytest

from compiler.ir.types import EnumType, FieldType, ListType, RefType, ScalarType
from tests.front.helpers import ACCESS, analyse, build_entity, codes_of, spec_text

OTHER = "## Other\n\n| Field | Type | Rules |\n|---|---|---|\n| v | int | |\n\n" + ACCESS

CASES: list[tuple[str, FieldType, bool]] = [
    ("text", ScalarType("text"), False),
    ("long text", ScalarType("long_text"), False),
    ("int", ScalarType("int"), False),
    ("decimal", ScalarType("decimal", 12, 2), False),
    ("decimal(5, 2)", ScalarType("decimal", 5, 2), False),
    ("decimal(6,1)", ScalarType("decimal", 6, 1), False),
    ("money", ScalarType("money", 14, 2), False),
    ("bool", ScalarType("bool"), False),
    ("date", ScalarType("date"), False),
    ("datetime", ScalarType("datetime"), False),
    ("email", ScalarType("email"), False),
    ("url", ScalarType("url"), False),
    ("one of: low, normal, high_2", EnumType(("low", "normal", "high_2")), False),
    ("Other", RefType("Other"), False),
    ("User", RefType("User"), False),
    ("User?", RefType("User"), True),
    ("list of Other", ListType("Other"), False),
    ("text?", ScalarType("text"), True),
    ("long text?", ScalarType("long_text"), True),
    ("int?", ScalarType("int"), True),
    ("decimal(6, 1)?", ScalarType("decimal", 6, 1), True),
    ("money?", ScalarType("money", 14, 2), True),
    ("bool?", ScalarType("bool"), True),
    ("date?", ScalarType("date"), True),
    ("datetime?", ScalarType("datetime"), True),
    ("email?", ScalarType("email"), True),
    ("url?", ScalarType("url"), True),
    ("one of: a, b?", EnumType(("a", "b")), True),
    ("Other?", RefType("Other"), True),
]


@pytest.mark.parametrize(("cell", "expected", "optional"), CASES, ids=[c[0] for c in CASES])
def test_type(cell: str, expected: FieldType, optional: bool) -> None:
    field = build_entity(f"| f | {cell} | |", extra=OTHER).fields[0]
    assert field.type == expected
    assert field.optional is optional


def test_enum_values_keep_declared_order() -> None:
    field = build_entity("| f | one of: zeta, alpha, mid | |").fields[0]
    assert field.type == EnumType(("zeta", "alpha", "mid"))


def test_reference_may_point_to_an_entity_declared_later() -> None:
    entity = build_entity("| f | Other | |", extra=OTHER)
    assert entity.fields[0].type == RefType("Other")


def test_list_cannot_be_optional() -> None:
    assert "E221" in codes_of(analyse(spec_text("| f | list of Other? | |", extra=OTHER)))


def test_list_of_scalar_is_e221() -> None:
    assert "E221" in codes_of(analyse(spec_text("| f | list of int | |")))


def test_unknown_type_is_e203() -> None:
    assert "E203" in codes_of(analyse(spec_text("| f | string | |")))


def test_unknown_entity_reference_is_e203() -> None:
    assert "E203" in codes_of(analyse(spec_text("| f | Missing | |")))


@pytest.mark.parametrize("cell", ["decimal(0, 0)", "decimal(39, 2)", "decimal(4, 5)"])
def test_decimal_precision_out_of_range_is_e216(cell: str) -> None:
    assert "E216" in codes_of(analyse(spec_text(f"| f | {cell} | |")))
