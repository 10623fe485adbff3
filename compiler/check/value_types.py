"""The types of expression values, and how field types map onto them."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.types import EnumType, FieldType, ListType, RefType, ScalarType


@dataclass(frozen=True, slots=True)
class VType:
    """The type of an expression's value.

    `kind` is one of text, int, decimal, bool, date, datetime, duration (of expressions
    only: no field has it), enum, ref, list, null (the literal `null`) or unknown (after an
    error; never reported again).
    """

    kind: str
    entity: str | None = None
    """For ref and list: the entity."""
    values: tuple[str, ...] = ()
    """For enum: its values."""
    nullable: bool = False

    def describe(self) -> str:
        base = {
            "ref": f"{self.entity}",
            "list": f"list of {self.entity}",
            "enum": "one of: " + ", ".join(self.values),
        }.get(self.kind, self.kind)
        return f"{base}?" if self.nullable and self.kind not in ("null", "unknown") else base

    def required(self) -> VType:
        return VType(self.kind, self.entity, self.values, False)


TEXT = VType("text")
INT = VType("int")
DECIMAL = VType("decimal")
BOOL = VType("bool")
DATE = VType("date")
DATETIME = VType("datetime")
DURATION = VType("duration")
NULL = VType("null", nullable=True)
UNKNOWN = VType("unknown")

NUMERIC = frozenset({"int", "decimal"})
ORDERED = frozenset({"int", "decimal", "text", "date", "datetime", "duration"})


def of_field_type(field_type: FieldType, optional: bool = False) -> VType:
    match field_type:
        case ScalarType(kind="long_text" | "email" | "url" | "text"):
            return VType("text", nullable=optional)
        case ScalarType(kind="money" | "decimal"):
            return VType("decimal", nullable=optional)
        case ScalarType(kind=kind):
            return VType(kind, nullable=optional)
        case EnumType(values=values):
            return VType("enum", values=values, nullable=optional)
        case RefType(entity=entity):
            return VType("ref", entity=entity, nullable=optional)
        case ListType(entity=entity):
            return VType("list", entity=entity)


def comparable(left: VType, right: VType) -> bool:
    """Whether `==`/`!=` between the two types makes sense."""
    if "unknown" in (left.kind, right.kind) or "null" in (left.kind, right.kind):
        return True
    if left.kind in NUMERIC and right.kind in NUMERIC:
        return True
    if {left.kind, right.kind} == {"enum", "text"}:
        return True
    if left.kind == right.kind == "ref":
        return left.entity == right.entity
    if {left.kind, right.kind} <= {"date", "datetime"}:
        return True
    return left.kind == right.kind and left.kind != "list"


def orderable(left: VType, right: VType) -> bool:
    """Whether `<`, `<=`, `>`, `>=` between the two types makes sense."""
    if "unknown" in (left.kind, right.kind):
        return True
    if left.kind in NUMERIC and right.kind in NUMERIC:
        return True
    if {left.kind, right.kind} <= {"date", "datetime"}:
        return True
    return left.kind == right.kind and left.kind in ORDERED


def common(left: VType, right: VType) -> VType | None:
    """The one type of two values that may stand for each other (the branches of `if`, the
    arguments of scalar `max`): None when they cannot. `null` takes the other's type; an int
    and a decimal give a decimal; an enumeration and a text give text."""
    if left.kind == "unknown" or right.kind == "unknown":
        return VType("unknown")
    nullable = left.nullable or right.nullable
    if left.kind == "null" or right.kind == "null":
        other = right if left.kind == "null" else left
        return VType(other.kind, other.entity, other.values, True)
    if left.kind in NUMERIC and right.kind in NUMERIC:
        return VType("int" if left.kind == right.kind == "int" else "decimal", nullable=nullable)
    if {left.kind, right.kind} == {"enum", "text"}:
        return VType("text", nullable=nullable)
    if left.required() == right.required() and left.kind != "list":
        return VType(left.kind, left.entity, left.values, nullable)
    return None
