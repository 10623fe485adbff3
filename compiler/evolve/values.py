"""Values a migration writes into existing rows: a new column's server default, a backfill.

A value is SQL text both SQLite and PostgreSQL read the same way, with a
sentence for the diagnostics. A spec default becomes the server default; a
required field without one gets a placeholder that satisfies the field's
database checks (the warning names it); a reference has no placeholder.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.evolve.schema import sql_string
from compiler.ir.derived import SetOnWrite
from compiler.ir.expr import BoolLit, Call, DecimalLit, Expr, IntLit, Path, StringLit
from compiler.ir.model import Default, Field, Length, Minimum, SetAutomatically
from compiler.ir.types import EnumType, ScalarType

_PLACEHOLDERS = {
    "int": "0",
    "decimal": "0",
    "money": "0",
    "bool": "false",
    "date": "'1970-01-01'",
    "datetime": "CURRENT_TIMESTAMP",
    "email": "'unknown@example.invalid'",
    "url": "'https://example.invalid'",
}


@dataclass(frozen=True, slots=True)
class Fill:
    """What existing rows get: SQL text, and whether it came from the spec."""

    sql: str
    from_spec: bool
    derived: bool = False
    """A placeholder in a field derived on write (``set to `expr` on …``): the app, not the
    migration, computes its value, when it next writes the row."""


def spec_default(field: Field) -> Fill | None:
    """The field's `default` (or `set to now`) as SQL, if the spec gives one."""
    default = field.rule(Default)
    if isinstance(default, Default) and (sql := literal_sql(default.value)) is not None:
        return Fill(sql, True)
    automatic = field.rule(SetAutomatically)
    if isinstance(automatic, SetAutomatically) and automatic.value == "now":
        return Fill("CURRENT_TIMESTAMP", True)
    return None


def fill(field: Field) -> Fill | None:
    """What existing rows get in this field: its default, else a placeholder (None for a
    reference, which has no value every row could point to)."""
    found = spec_default(field)
    if found is not None:
        return found
    placeholder = _placeholder(field)
    if placeholder is not None and field.has(SetOnWrite):
        return Fill(placeholder.sql, False, derived=True)
    return placeholder


def _placeholder(field: Field) -> Fill | None:
    match field.type:
        case EnumType(values=values):
            return Fill(sql_string(values[0]), False)
        case ScalarType(kind="text" | "long_text"):
            length = field.rule(Length)
            size = length.min if isinstance(length, Length) and length.min else 1
            return Fill(sql_string("-" * size), False)
        case ScalarType(kind=kind) if kind in _PLACEHOLDERS:
            return Fill(_lowest(field) or _PLACEHOLDERS[kind], False)
    return None


def _lowest(field: Field) -> str | None:
    """The smallest value a `min`/`after` bound allows, when there is one."""
    minimum = field.rule(Minimum)
    if not isinstance(minimum, Minimum):
        return None
    if minimum.exclusive:
        bound = minimum.value
        return str(bound.value + 1) if isinstance(bound, IntLit) else None
    return literal_sql(minimum.value)


def literal_sql(value: Expr) -> str | None:
    match value:
        case IntLit(value=number):
            return str(number)
        case DecimalLit(value=digits):
            return digits
        case BoolLit(value=flag):
            return "true" if flag else "false"
        case StringLit(value=text):
            return sql_string(text)
        case Path(parts=(word,)):
            return sql_string(word)
        case Call(func="today"):
            return "CURRENT_DATE"
        case Call(func="now"):
            return "CURRENT_TIMESTAMP"
    return None
