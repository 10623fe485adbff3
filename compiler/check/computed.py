"""Finds cycles among computed fields (a computed field that depends on itself)."""

from __future__ import annotations

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.expr import Aggregate, Expr, Path, children
from compiler.ir.model import Computed, Entity


def check_computed_cycles(entity: Entity, diags: Diagnostics) -> None:
    depends = {
        f.name: _names(rule.expr)
        for f in entity.fields
        if isinstance(rule := f.rule(Computed), Computed)
    }
    reported: set[str] = set()
    for start in depends:
        cycle = _cycle_from(start, depends)
        if cycle and start not in reported:
            reported.update(cycle)
            field = entity.field(start)
            assert field is not None
            diags.add(
                codes.CYCLIC_COMPUTED,
                field.name_span,
                "computed fields depend on each other: " + " → ".join([*cycle, cycle[0]]),
            )


def _cycle_from(start: str, depends: dict[str, set[str]]) -> list[str] | None:
    path: list[str] = []

    def visit(name: str) -> list[str] | None:
        if name in path:
            return path[path.index(name) :]
        if name not in depends:
            return None
        path.append(name)
        for nxt in sorted(depends[name]):
            if found := visit(nxt):
                return found
        path.pop()
        return None

    found = visit(start)
    return found if found and found[0] == start else None


def _names(expr: Expr) -> set[str]:
    """Names of the row's own fields that an expression reads (not through aggregates)."""
    match expr:
        case Path(parts=parts):
            return {parts[0]}
        case Aggregate():
            return set()
    return set().union(*(_names(child) for child in children(expr)))
