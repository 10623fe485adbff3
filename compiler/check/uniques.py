"""Checks of `unique (a, b) [where …]` rules: the fields exist and can be indexed, no
constraint is stated twice, and the condition is one a partial unique index can hold."""

from __future__ import annotations

import dataclasses

from compiler.check.expr_types import ExprTyper, Scope
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.expr import Aggregate, Binary, Call, Expr, IsOwn, Path, children
from compiler.ir.model import Computed, Entity, Unique
from compiler.ir.span import Span
from compiler.ir.types import ListType, ScalarType
from compiler.ir.uniques import UniqueTogether
from compiler.lower.names import did_you_mean


def check_uniques(entity: Entity, typer: ExprTyper, diags: Diagnostics) -> None:
    seen: dict[tuple[frozenset[str], Expr | None], UniqueTogether] = {}
    for unique in entity.uniques:
        if not _fields_ok(entity, unique, diags):
            continue
        if unique.condition is not None and not _condition_ok(entity, unique, typer, diags):
            continue
        key = (frozenset(unique.fields), _without_spans(unique.condition))
        if key in seen:
            diags.add(
                codes.UNIQUE_DUPLICATE,
                unique.span,
                f"the same fields are unique already (line {seen[key].span.line})",
                hint="remove one of the two rules",
            )
        seen.setdefault(key, unique)


def _fields_ok(entity: Entity, unique: UniqueTogether, diags: Diagnostics) -> bool:
    named: set[str] = set()
    for name, span in zip(unique.fields, unique.field_spans, strict=True):
        field = entity.field(name)
        if field is None:
            hint = did_you_mean(name, [f.name for f in entity.fields])
            diags.add(
                codes.UNIQUE_UNKNOWN_FIELD,
                span,
                f"{entity.name} has no field '{name}'",
                hint=hint or f"name fields of {entity.name}",
            )
            return False
        kind = field.type.kind if isinstance(field.type, ScalarType) else None
        if isinstance(field.type, ListType) or field.has(Computed) or kind == "long_text":
            diags.add(
                codes.UNIQUE_FIELD_NOT_SUPPORTED,
                span,
                f"'{name}' cannot be part of a unique constraint",
                hint="computed, `list of` and `long text` fields are not stored in an index",
            )
            return False
        if name in named:
            diags.add(
                codes.UNIQUE_FIELD_TWICE, span, f"'{name}' is named twice", hint="name it once"
            )
            return False
        named.add(name)
    if len(unique.fields) == 1 and unique.condition is None:
        field = entity.field(unique.fields[0])
        already = field is not None and field.has(Unique)
        diags.add(
            codes.UNIQUE_DUPLICATE if already else codes.UNIQUE_ONE_FIELD,
            unique.span,
            f"'{unique.fields[0]}' is unique already"
            if already
            else "one field is made unique in the fields table, not in `### Rules`",
            hint="remove this rule"
            if already
            else f"add `unique` to the Rules cell of '{unique.fields[0]}'",
        )
        return False
    return True


def _condition_ok(
    entity: Entity, unique: UniqueTogether, typer: ExprTyper, diags: Diagnostics
) -> bool:
    assert unique.condition is not None
    before = len(diags)
    typer.condition(unique.condition, Scope(entity, entity), "the `where` of a unique rule")
    if len(diags) > before:
        return False
    offending = _not_local(entity, unique.condition)
    if offending is None:
        return True
    diags.add(
        codes.UNIQUE_CONDITION_NOT_LOCAL,
        offending.span,
        "the condition of a unique constraint may read only this row's stored fields",
        hint="the database keeps it as a partial index; write it over fields of "
        f'{entity.name} with literals, e.g. `status != "cancelled"`',
    )
    return False


def _not_local(entity: Entity, expr: Expr) -> Expr | None:
    """The first part of `expr` a partial index cannot hold, if any."""
    match expr:
        case Aggregate() | Call() | IsOwn() | Binary(op="%" | "/"):
            return expr
        case Path(parts=parts):
            field = entity.field(parts[0])
            if len(parts) > 1 or field is None or field.has(Computed):
                return expr
            return None
    return next((found for c in children(expr) if (found := _not_local(entity, c))), None)


def _without_spans(value: object) -> object:
    """A comparable form of a condition: its structure without source positions."""
    if isinstance(value, Span):
        return None
    if isinstance(value, tuple):
        return tuple(_without_spans(item) for item in value)
    if dataclasses.is_dataclass(value):
        return (
            type(value).__name__,
            *(_without_spans(getattr(value, f.name)) for f in dataclasses.fields(value)),
        )
    return value
