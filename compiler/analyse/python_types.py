"""How IR field types become Python annotations and SQLModel `Field(...)` arguments."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.types import EnumType, FieldType, ListType, RefType, ScalarType

URL_PATTERN = r"^https?://[^\s/$.?#][^\s]*$"
TEXT_MAX_LENGTH = 2000
"""The column length of `text` without a `length` rule (long text is unbounded)."""

_ANNOTATIONS = {
    "text": "str",
    "long_text": "str",
    "int": "StrictInt",
    "decimal": "Decimal",
    "money": "Decimal",
    "bool": "StrictBool",
    "date": "date",
    "datetime": "UtcDatetime",
    "email": "EmailStr",
    "url": "str",
}


@dataclass(frozen=True, slots=True)
class PyType:
    """A field's type in the generated code."""

    annotation: str
    """The annotation in schemas, without `| None` (`str`, `Decimal`, `TicketPriority`, `int`)."""
    check_args: tuple[str, ...] = ()
    """`Field(...)` arguments that validate values (and size the column): lengths, precision."""
    db_args: tuple[str, ...] = ()
    """`Field(...)` arguments only the table needs: `sa_type`."""


def py_type(field_type: FieldType, enum_class: str, constraint: str) -> PyType:
    """The Python side of a field type; `constraint` names an enumeration's CHECK constraint."""
    match field_type:
        case ScalarType(kind="text"):
            return PyType("str")
        case ScalarType(kind="long_text"):
            return PyType("str", db_args=("sa_type=sa.Text",))
        case ScalarType(kind="email"):
            return PyType("EmailStr", ("max_length=320",))
        case ScalarType(kind="url"):
            return PyType(
                "str", ("max_length=2048", f'schema_extra={{"pattern": r"{URL_PATTERN}"}}')
            )
        case ScalarType(kind="decimal" | "money", precision=precision, scale=scale):
            return PyType("Decimal", (f"max_digits={precision}", f"decimal_places={scale}"))
        case ScalarType(kind="datetime"):
            return PyType("UtcDatetime", db_args=("sa_type=sa.DateTime(timezone=True)",))
        case ScalarType(kind=kind):
            return PyType(_ANNOTATIONS[kind])
        case EnumType(values=values):
            length = max(len(v) for v in values)
            sa_type = (
                f"sa_type=sa.Enum({enum_class}, native_enum=False, create_constraint=True, "
                f'length={length}, name="{constraint}")'
            )
            return PyType(enum_class, db_args=(sa_type,))
        case RefType():
            return PyType("int")
        case ListType():
            return PyType("list[int]")
