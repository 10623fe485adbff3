"""What the two expression compilers (`sql_expr`, `py_expr`) share: what they return, their
row scopes, the request-time bindings and the readable columns of the built-in User."""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.ir.expr import Expr, Path
from compiler.ir.model import Entity, Spec
from compiler.ir.types import RefType

USER_COLUMNS = frozenset({"id", "email", "name", "role", "created_at", "updated_at"})
"""What `current_user.…` may read."""
_BINDINGS = {"now": "now = utc_now()", "today": "today = date.today()"}


def request_bindings(needs: set[str]) -> list[str]:
    """The request-time values an expression uses, each bound once before it: the enclosing
    code imports `utc_now` and `date`."""
    return [_BINDINGS[name] for name in ("now", "today") if name in needs]


@dataclass
class Compiled:
    """An expression as Python source, with the lines it needs before it."""

    source: str
    prelude: list[str] = field(default_factory=list)
    """Alias definitions and request-time bindings, in order, each once."""
    needs: set[str] = field(default_factory=set)
    """Names the enclosing code must import or bind (now, today, days_between, px, …)."""
    entities: set[str] = field(default_factory=set)
    """Model classes the source and prelude name (the enclosing module imports them)."""


@dataclass(frozen=True)
class ScopeRow:
    """A row in scope: its entity (None for the built-in User) and its Python name."""

    entity: Entity | None
    name: str


def reference_entity(spec: Spec, value: Expr, row: ScopeRow, outer: ScopeRow) -> Entity | None:
    """The entity a reference-valued path points to (None for User, or if it is no path)."""
    if not isinstance(value, Path):
        return None
    current = outer if value.parts[0] == "self" else row
    parts = value.parts[1:] if value.parts[0] == "self" else value.parts
    entity = current.entity
    for part in parts:
        target = entity.field(part) if entity else None
        if target is None or not isinstance(target.type, RefType):
            return None
        entity = spec.entity(target.type.entity)
    return entity
