"""Database CHECK constraints for the field rules the database can enforce.

Numeric and date bounds with literal values, text lengths and non-blank text
are enforced by the database as well as by the API, so no write path (a
script, a migration, a hand-written hook) can store a value the spec forbids.
Bounds relative to today, patterns and conditions through other rows are
checked by the app only.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.expr import Call, DecimalLit, IntLit, StringLit
from compiler.ir.model import Entity, Length, Maximum, Minimum, Required
from compiler.ir.types import TEXT_KINDS, ScalarType
from compiler.translate.names import snake, sql_column


@dataclass(frozen=True, slots=True)
class CheckView:
    name: str
    sql: str


def check_constraints(entity: Entity) -> tuple[CheckView, ...]:
    table = snake(entity.name)
    checks = []
    for field in entity.fields:
        if not isinstance(field.type, ScalarType):
            continue
        column = sql_column(field.name)
        length = field.rule(Length)
        if isinstance(length, Length) and length.min:
            checks.append(
                CheckView(
                    f"ck_{table}_{field.name}_min_length", f"length({column}) >= {length.min}"
                )
            )
        if isinstance(length, Length) and length.max is not None:
            checks.append(
                CheckView(
                    f"ck_{table}_{field.name}_max_length", f"length({column}) <= {length.max}"
                )
            )
        if field.has(Required) and field.type.kind in TEXT_KINDS:
            checks.append(CheckView(f"ck_{table}_{field.name}_not_blank", f"trim({column}) != ''"))
        for rule in field.rules:
            if field.type.kind == "datetime":
                break  # stored text formats differ between databases: checked by the app
            if isinstance(rule, (Minimum, Maximum)) and not isinstance(rule.value, Call):
                checks.append(_bound(table, field.name, rule))
    return tuple(checks)


def _bound(table: str, column: str, rule: Minimum | Maximum) -> CheckView:
    if isinstance(rule, Minimum):
        op, name = (">", "after") if rule.exclusive else (">=", "min")
    else:
        op, name = ("<", "before") if rule.exclusive else ("<=", "max")
    sql = f"{sql_column(column)} {op} {_sql_literal(rule.value)}"
    return CheckView(f"ck_{table}_{column}_{name}", sql)


def _sql_literal(value: object) -> str:
    match value:
        case IntLit(value=number):
            return str(number)
        case DecimalLit(value=digits):
            return digits
        case StringLit(value=text):
            return "'" + text.replace("'", "''") + "'"
    raise AssertionError(f"unchecked bound {value!r}")
