"""Spec literal values as Python source in the generated code."""

from __future__ import annotations

from datetime import UTC, datetime

from compiler.ir.expr import BoolLit, DecimalLit, Expr, IntLit, NullLit, Path, StringLit
from compiler.ir.model import Field
from compiler.ir.types import EnumType, ScalarType


def python_literal(value: Expr, field: Field, enum_class: str = "") -> str:
    """A literal as Python: `default normal` → `TicketPriority.normal`, `2026-01-01` → `date(…)`."""
    match value:
        case IntLit(value=number):
            if isinstance(field.type, ScalarType) and field.type.kind in ("decimal", "money"):
                return f'Decimal("{number}")'
            return str(number)
        case DecimalLit(value=digits):
            return f'Decimal("{digits}")'
        case BoolLit(value=flag):
            return "True" if flag else "False"
        case NullLit():
            return "None"
        case Path(parts=(word,)) if isinstance(field.type, EnumType):
            return f"{enum_class}.{word}"
        case StringLit(value=text) if isinstance(field.type, EnumType):
            return f"{enum_class}.{text}"
        case StringLit(value=text) if (
            isinstance(field.type, ScalarType) and field.type.kind == "date"
        ):
            year, month, day = (int(part) for part in text.split("-"))
            return f"date({year}, {month}, {day})"
        case StringLit(value=text) if (
            isinstance(field.type, ScalarType) and field.type.kind == "datetime"
        ):
            return f"datetime.fromisoformat({utc_iso(text)!r})"
        case StringLit(value=text):
            return repr(text)
    raise AssertionError(f"unchecked literal {value!r}")


def utc_iso(text: str) -> str:
    """A spec's datetime literal with its offset written out: one without an offset is UTC,
    as everywhere else in the language (the app stores and compares aware datetimes; a naive
    bound cannot be compared with them)."""
    moment = datetime.fromisoformat(text)
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()
