"""Which expressions are dates, datetimes or durations, for the SQL translation.

SQL needs the kind where Python does not: a date compared with a datetime becomes the
start of its day, `+` on a datetime and a duration moves the datetime, and a date part of a
datetime is taken in UTC. The checker has typed the expression already; this reads the
same answer off its shape and the fields it names.
"""

from __future__ import annotations

from compiler.ir.expr import Aggregate, Binary, Call, Conditional, Expr, Path
from compiler.ir.model import Entity, Spec
from compiler.ir.types import RefType
from compiler.translate.compiled import ScopeRow

TimeKind = str | None
"""`date`, `datetime`, `duration`, or None for every other type."""

_DURATIONS = frozenset({"hours", "minutes", "days"})


def time_kind(spec: Spec, expr: Expr, row: ScopeRow, outer: ScopeRow) -> TimeKind:
    """The kind of `expr` (None when it is neither a date, a datetime nor a duration)."""
    match expr:
        case Call(func="today"):
            return "date"
        case Call(func="now"):
            return "datetime"
        case Call(func=func) if func in _DURATIONS:
            return "duration"
        case Call(func="add_days" | "coalesce" | "max" | "min", args=(first, *_)):
            return time_kind(spec, first, row, outer)
        case Conditional(then=then, otherwise=otherwise):
            return time_kind(spec, then, row, outer) or time_kind(spec, otherwise, row, outer)
        case Binary(op="+" | "-", left=left, right=right):
            kinds = time_kind(spec, left, row, outer), time_kind(spec, right, row, outer)
            if kinds == ("datetime", "datetime"):
                return "duration"
            return next((kind for kind in kinds if kind in ("date", "datetime")), kinds[0])
        case Aggregate(func="min" | "max", entity=entity, field=name) if name is not None:
            return _path_kind(spec, spec.entity(entity), (name,))
        case Path(parts=parts) if parts[0] != "current_user":
            current = outer if parts[0] == "self" else row
            names = parts[1:] if parts[0] == "self" else parts
            return _path_kind(spec, current.entity, names)
    return None


def _path_kind(spec: Spec, entity: Entity | None, names: tuple[str, ...]) -> TimeKind:
    for index, name in enumerate(names):
        if name in ("created_at", "updated_at") and index == len(names) - 1:
            return "datetime"
        target = entity.field(name) if entity else None
        if target is None:
            return None
        if isinstance(target.type, RefType):
            entity = spec.entity(target.type.entity)
            continue
        kind = getattr(target.type, "kind", None)
        return kind if kind in ("date", "datetime") and index == len(names) - 1 else None
    return None
