"""Per-viewer computed fields: those whose value depends on who reads the row.

`favorited | bool | computed: count(Favorite where article == self and user ==
current_user) > 0` reads `current_user`, so two users see different values for the
same row. Such a field is computed per request (never stored, never in a CHECK
constraint); a computed field that reads one of the same row is per-viewer too.
"""

from __future__ import annotations

from compiler.ir.expr import Aggregate, Expr, IsOwn, Path, children, walk
from compiler.ir.model import Computed, Entity


def reads_viewer(expr: Expr) -> bool:
    """Whether the expression reads `current_user` (or `is own`, which compares with it)."""
    return any(
        isinstance(node, IsOwn) or (isinstance(node, Path) and node.parts[0] == "current_user")
        for node in walk(expr)
    )


def viewer_fields(entity: Entity) -> frozenset[str]:
    """The entity's per-viewer computed fields (through other computed fields of the row)."""
    computed = {
        f.name: rule.expr for f in entity.fields if isinstance(rule := f.rule(Computed), Computed)
    }
    found = {name for name, expr in computed.items() if reads_viewer(expr)}
    while True:
        more = {
            name for name, expr in computed.items() if name not in found and _names(expr) & found
        }
        if not more:
            return frozenset(found)
        found |= more


def _names(expr: Expr, inside: bool = False) -> set[str]:
    """The row's own fields an expression reads: bare names outside aggregates, and
    `self.<name>` anywhere."""
    if isinstance(expr, Path):
        if expr.parts[0] == "self" and len(expr.parts) > 1:
            return {expr.parts[1]}
        return set() if inside else {expr.parts[0]}
    inner = inside or isinstance(expr, Aggregate)
    return set().union(*(_names(child, inner) for child in children(expr)))
