"""The view of an entity's `### Rules`: each rule as a database-side check, and as a
CHECK constraint when the database alone can decide it.

A rule holds unless its condition is false: a condition that is null (an
optional field left empty) does not break it, exactly as SQL CHECK constraints
behave, so the app and the database agree on every row.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.constraints import CheckView
from compiler.ir.expr import (
    Aggregate,
    Binary,
    BoolLit,
    DecimalLit,
    Expr,
    In,
    IntLit,
    IsNull,
    NullLit,
    Path,
    StringLit,
    Unary,
    children,
)
from compiler.ir.model import Computed, Entity, Rule, Spec
from compiler.ir.types import ListType
from compiler.translate.names import column_name, snake, sql_column
from compiler.translate.sql import SqlCompiler


@dataclass(frozen=True, slots=True)
class RuleCheck:
    """A rule checked on the written row, inside the transaction."""

    message: str
    condition: str
    """SQLAlchemy source of the condition (the row is the model class)."""
    prelude: tuple[str, ...]
    entities: tuple[str, ...]
    field: str | None
    """The field the message belongs to in forms, when the rule reads exactly one field."""
    constraint: str | None
    """The name of the CHECK constraint that enforces the rule too, if any (see below)."""
    spec_line: int

    @property
    def error(self) -> str:
        """Python source of `(field, message)`, the item `rule_errors` turns into a 422 entry."""
        return f"({self.field!r}, {self.message!r})"


def rule_checks(
    spec: Spec, entity: Entity, constraints: tuple[CheckView, ...] | None = None
) -> tuple[RuleCheck, ...]:
    """One check per rule with an expression, in order; `constraints` are the entity's
    `rule_constraints` when the caller has them already."""
    compiler = SqlCompiler(spec, entity)
    names = {check.name for check in (constraints or rule_constraints(entity))}
    checks = []
    for index, rule in enumerate(entity.rules, start=1):
        if rule.expr is None:
            continue  # refused before code generation (E605)
        compiled = compiler.compile(rule.expr)
        name = _constraint_name(entity, index)
        checks.append(
            RuleCheck(
                message=rule.message,
                condition=compiled.source,
                prelude=tuple(compiled.prelude),
                entities=tuple(sorted(compiled.entities)),
                field=_single_field(entity, rule),
                constraint=name if name in names else None,
                spec_line=rule.span.line,
            )
        )
    return tuple(checks)


def rule_constraints(entity: Entity) -> tuple[CheckView, ...]:
    """CHECK constraints for the rules that read only the row's own stored columns."""
    checks = []
    for index, rule in enumerate(entity.rules, start=1):
        sql = column_sql(entity, rule.expr) if rule.expr is not None else None
        if sql is not None:
            checks.append(CheckView(_constraint_name(entity, index), sql))
    return tuple(checks)


def _constraint_name(entity: Entity, index: int) -> str:
    return f"ck_{snake(entity.name)}_rule_{index}"


def _single_field(entity: Entity, rule: Rule) -> str | None:
    names = _names(rule.expr) if rule.expr is not None else set()
    fields = [entity.field(name) for name in sorted(names)]
    stored = [f for f in fields if f is not None]
    if len(stored) != 1:
        return None
    return column_name(stored[0].name, stored[0].type)


def _names(expr: Expr, *, inner: bool = False) -> set[str]:
    """Names of the row's own fields an expression reads (inside an aggregate, only `self.x`)."""
    match expr:
        case Path(parts=("self", name, *_)):
            return {name}
        case Path(parts=(name, *_)):
            return set() if inner else {name}
    inner = inner or isinstance(expr, Aggregate)
    return set().union(*(_names(child, inner=inner) for child in children(expr)))


_SQL_OPERATORS = {"==": "=", "!=": "<>", "and": "AND", "or": "OR"}


def column_sql(entity: Entity, expr: Expr) -> str | None:
    """SQL text of an expression over the row's own stored columns, or None if it reads more."""
    match expr:
        case IntLit(value=number):
            return str(number)
        case DecimalLit(value=digits):
            return digits
        case StringLit(value=text):
            return "'" + text.replace("'", "''") + "'"
        case BoolLit(value=flag):
            return "TRUE" if flag else "FALSE"
        case NullLit():
            return "NULL"
        case Path(parts=(name,)):
            field = entity.field(name)
            if field is None or field.has(Computed) or isinstance(field.type, ListType):
                return None
            return sql_column(column_name(field.name, field.type))
        case Unary(op="not", operand=operand):
            inner = column_sql(entity, operand)
            return None if inner is None else f"NOT ({inner})"
        case Unary(operand=operand):
            inner = column_sql(entity, operand)
            return None if inner is None else f"-({inner})"
        case Binary(op=op, left=left, right=right) if op not in ("%", "/"):
            sides = column_sql(entity, left), column_sql(entity, right)
            if None in sides:
                return None
            return f"({sides[0]} {_SQL_OPERATORS.get(op, op)} {sides[1]})"
        case IsNull(value=value, negated=negated):
            inner = column_sql(entity, value)
            return None if inner is None else f"({inner} IS {'NOT ' if negated else ''}NULL)"
        case In(value=value, options=options, negated=negated):
            parts = [column_sql(entity, value), *(column_sql(entity, o) for o in options)]
            if None in parts:
                return None
            keyword = "NOT IN" if negated else "IN"
            return f"({parts[0]} {keyword} ({', '.join(p for p in parts[1:] if p)}))"
    return None
