"""The expression AST shared by rules, computed fields, filters, access and effects.

Expressions are parsed once (by `compiler.parse.expr`) into these nodes and
never handled as strings again: the checker types them, codegen translates them
to Python and to SQL. Every node carries the span of its source text.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal as TypingLiteral

from compiler.ir.span import Span

BinaryOp = TypingLiteral["or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"]
UnaryOp = TypingLiteral["not", "-"]
AggregateFunc = TypingLiteral["count", "sum", "min", "max", "avg"]


@dataclass(frozen=True, slots=True)
class StringLit:
    """A string literal: `"open"`."""

    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class IntLit:
    """An integer literal: `3`."""

    value: int
    span: Span


@dataclass(frozen=True, slots=True)
class DecimalLit:
    """A decimal literal, kept as its exact source digits: `19.90`."""

    value: str
    span: Span


@dataclass(frozen=True, slots=True)
class BoolLit:
    """`true` or `false`."""

    value: bool
    span: Span


@dataclass(frozen=True, slots=True)
class NullLit:
    """`null`: the absence of a value."""

    span: Span


@dataclass(frozen=True, slots=True)
class Path:
    """A name, or a chain of names through references: `product.active`.

    The first part is a field of the row in scope, `self`, `current_user`, or
    (in examples) the name of a given row or user.
    """

    parts: tuple[str, ...]
    span: Span
    part_spans: tuple[Span, ...]
    """The span of each part, so a diagnostic can point at the wrong one."""


@dataclass(frozen=True, slots=True)
class Unary:
    """`not x` or `-x`."""

    op: UnaryOp
    operand: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Binary:
    """A binary operation: boolean logic, comparison or arithmetic."""

    op: BinaryOp
    left: Expr
    right: Expr
    span: Span
    op_span: Span
    """The span of the operator token, where type errors point."""


@dataclass(frozen=True, slots=True)
class In:
    """`x in ("a", "b")` or `x not in (...)`."""

    value: Expr
    options: tuple[Expr, ...]
    negated: bool
    span: Span


@dataclass(frozen=True, slots=True)
class IsNull:
    """`x is null` / `x is empty` (negated=False), `x is not null` / `x is set` (negated=True)."""

    value: Expr
    negated: bool
    span: Span


@dataclass(frozen=True, slots=True)
class IsOwn:
    """`ticket is own`: the referenced row is owned by the current user."""

    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Call:
    """A call of a built-in scalar function: `days_between(created_at, now())`."""

    func: str
    args: tuple[Expr, ...]
    span: Span
    func_span: Span


@dataclass(frozen=True, slots=True)
class Conditional:
    """`if condition then a else b`: a when the condition is true; b when it is false or null
    (SQL's `CASE WHEN`)."""

    condition: Expr
    then: Expr
    otherwise: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Aggregate:
    """An aggregate over rows of an entity: `count(Ticket where status == "open")`.

    Inside `where`, bare names are fields of the aggregated row; `self` is the
    row the whole expression is about.
    """

    func: AggregateFunc
    entity: str
    field: str | None
    """The aggregated field (`sum(Line.amount)`); None for `count`."""
    where: Expr | None
    span: Span
    entity_span: Span


Expr = (
    StringLit
    | IntLit
    | DecimalLit
    | BoolLit
    | NullLit
    | Path
    | Unary
    | Binary
    | In
    | IsNull
    | IsOwn
    | Call
    | Conditional
    | Aggregate
)


def children(expr: Expr) -> tuple[Expr, ...]:
    """The expressions directly inside `expr`, in source order (an aggregate's `where`
    included: its bare names are the aggregated row's)."""
    match expr:
        case Unary(operand=operand):
            return (operand,)
        case Binary(left=left, right=right):
            return (left, right)
        case In(value=value, options=options):
            return (value, *options)
        case IsNull(value=value) | IsOwn(value=value):
            return (value,)
        case Call(args=args):
            return tuple(args)
        case Conditional(condition=condition, then=then, otherwise=otherwise):
            return (condition, then, otherwise)
        case Aggregate(where=where) if where is not None:
            return (where,)
    return ()


def walk(expr: Expr) -> Iterator[Expr]:
    """`expr` and every expression inside it, depth first."""
    yield expr
    for child in children(expr):
        yield from walk(child)


@dataclass(frozen=True, slots=True)
class Assignment:
    """An effect of a lifecycle transition: `closed_at = now()`, or on the row a reference
    of the entity points to: `copy.available = true` (`reference` is then `copy`)."""

    field: str
    value: Expr
    span: Span
    field_span: Span
    reference: str | None = None
    """The single reference field whose row the effect changes; None: the row itself."""
    reference_span: Span | None = None
