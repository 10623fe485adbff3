"""Field types of the IR: scalars, enumerations, references and lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ScalarKind = Literal[
    "text", "long_text", "int", "decimal", "money", "bool", "date", "datetime", "email", "url"
]

SCALAR_KINDS: tuple[ScalarKind, ...] = (
    "text",
    "long_text",
    "int",
    "decimal",
    "money",
    "bool",
    "date",
    "datetime",
    "email",
    "url",
)
TEXT_KINDS: frozenset[str] = frozenset({"text", "long_text", "email", "url"})
NUMBER_KINDS: frozenset[str] = frozenset({"int", "decimal", "money"})
TIME_KINDS: frozenset[str] = frozenset({"date", "datetime"})

USER_ENTITY = "User"
"""The built-in entity of the app's accounts (fields: email, name, role)."""


@dataclass(frozen=True, slots=True)
class ScalarType:
    """A built-in value type. Decimals carry precision and scale (money is 14, 2)."""

    kind: ScalarKind
    precision: int | None = None
    """Total digits, for decimal and money; None otherwise."""
    scale: int | None = None
    """Digits after the point, for decimal and money; None otherwise."""


@dataclass(frozen=True, slots=True)
class EnumType:
    """`one of: a, b, c` — a closed set of lowercase values, in declared order."""

    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RefType:
    """A reference to one row of an entity (a foreign key); `User` for accounts."""

    entity: str


@dataclass(frozen=True, slots=True)
class ListType:
    """`list of Tag` — a many-to-many relationship to an entity."""

    entity: str


FieldType = ScalarType | EnumType | RefType | ListType


def describe(field_type: FieldType) -> str:
    """The type as a spec author would write it."""
    match field_type:
        case ScalarType(kind="decimal", precision=p, scale=s):
            return f"decimal({p}, {s})"
        case ScalarType(kind=kind):
            return kind.replace("_", " ")
        case EnumType(values=values):
            return "one of: " + ", ".join(values)
        case RefType(entity=entity):
            return entity
        case ListType(entity=entity):
            return f"list of {entity}"
