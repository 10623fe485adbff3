"""Checks where per-viewer computed fields (`ir.viewer`) are read: only where a viewer is.

Such a field's value depends on who reads the row, so it can be shown (the API and the
pages compute it per request) and read by the row's other computed fields, but not by
what must hold whoever reads: rules (some are CHECK constraints), Access conditions
(`anyone` has no user; a list would filter by one user's view of another's data),
`only where`, lifecycle guards and effects, computed fields of other entities, nor
aggregates. Each such read is E315 at the path that reads the field.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.expr import Aggregate, Expr, Path, children
from compiler.ir.model import ACTIONS, Computed, Entity, OnlyWhere, Spec
from compiler.ir.span import Span
from compiler.ir.types import RefType
from compiler.ir.viewer import viewer_fields


def check_viewer_fields(spec: Spec, diags: Diagnostics) -> None:
    per_viewer = {entity.name: viewer_fields(entity) for entity in spec.entities}
    if not any(per_viewer.values()):
        return
    reader = _Reader(spec, per_viewer)
    for entity in spec.entities:
        for expr, where, own_row in _expressions(entity):
            found = reader.first(expr, entity, entity, own_row)
            if found is not None:
                span, owner, name = found
                diags.add(
                    codes.NOT_IN_CONTEXT,
                    span,
                    f"'{name}' of {owner} depends on who reads it (it reads `current_user`): "
                    f"{where} cannot use it",
                    hint="a per-viewer computed field is shown to each reader and may be read "
                    "by the row's other computed fields only; use the condition it computes "
                    "with `current_user` here instead",
                )


def _expressions(entity: Entity) -> Iterator[tuple[Expr, str, bool]]:
    """(expression, what it is, whether it may read the row's own per-viewer fields)."""
    for field in entity.fields:
        computed, only = field.rule(Computed), field.rule(OnlyWhere)
        if isinstance(computed, Computed):
            yield computed.expr, "a computed field", True
        if isinstance(only, OnlyWhere) and only.expr is not None:
            yield only.expr, "`only where`", False
    for rule in entity.rules:
        if rule.expr is not None:
            yield rule.expr, "a rule", False
    for row in entity.access.rows if entity.access else ():
        for action in ACTIONS:
            cell = row.cell(action)
            if cell.condition is not None:
                yield cell.condition, f"the `where` of {action}", False
    for lifecycle in entity.lifecycles:
        for transition in lifecycle.transitions:
            if transition.guard is not None:
                yield transition.guard, "a transition's `when`", False
            for effect in transition.effects:
                yield effect.value, "an effect", False


class _Reader:
    def __init__(self, spec: Spec, per_viewer: dict[str, frozenset[str]]) -> None:
        self.spec = spec
        self.per_viewer = per_viewer

    def first(
        self, expr: Expr, row: Entity, outer: Entity, own_row: bool
    ) -> tuple[Span, str, str] | None:
        """The first read of a per-viewer field: (span, entity, field); `own_row`: the
        outer row's own fields, read directly, are allowed."""
        if isinstance(expr, Path):
            return self._path(expr, row, outer, own_row)
        if isinstance(expr, Aggregate):
            target = self.spec.entity(expr.entity)
            if target is None:
                return None
            if expr.field is not None and expr.field in self.per_viewer.get(target.name, ()):
                return expr.span, target.name, expr.field
            return self.first(expr.where, target, outer, own_row) if expr.where else None
        for child in children(expr):
            found = self.first(child, row, outer, own_row)
            if found is not None:
                return found
        return None

    def _path(
        self, path: Path, row: Entity, outer: Entity, own_row: bool
    ) -> tuple[Span, str, str] | None:
        entity: Entity | None = outer if path.parts[0] == "self" else row
        start = 1 if path.parts[0] == "self" else 0
        for index in range(start, len(path.parts)):
            if entity is None:
                return None
            name = path.parts[index]
            direct = index == start and entity is outer
            if name in self.per_viewer.get(entity.name, ()) and not (own_row and direct):
                return path.part_spans[index], entity.name, name
            field = entity.field(name)
            target = field.type.entity if field and isinstance(field.type, RefType) else None
            entity = self.spec.entity(target) if target else None
        return None
