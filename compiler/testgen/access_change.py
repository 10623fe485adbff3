"""The update every generated access test sends (`CHANGE`): a new valid value of one plain
text field that nothing else of the entity reads.

An access test asks one thing — may this role update this row — so its update must not be
refused for another reason: a field a rule reads (directly, through a computed field, or in
an aggregate over the entity) could make the change a 422; one an Access condition reads
could move the row out of the role's reach; one in a `unique (…)` could collide with the
other row the test updates. With no such field the update is empty (`{}`): the app still
checks the role and re-validates the row as it is.
"""

from __future__ import annotations

from compiler.analyse.views import EntityView
from compiler.ir.expr import Aggregate, Expr, Path, children
from compiler.ir.model import Computed, Entity, Pattern, Unique
from compiler.testgen.data.sample_values import kind_of, lengths
from compiler.translate.names import title


def change_source(entity: Entity, view: EntityView) -> str:
    """The body of the updates the access tests send."""
    writable = {f.name for f in view.fields if f.writable and f.stored}
    read = read_elsewhere(entity)
    for field in entity.fields:
        if field.name not in writable or field.name in read:
            continue
        if field.has(Unique) or field.has(Pattern):
            continue
        if kind_of(field) in ("text", "long_text"):
            low, high = lengths(field)
            text = f"Changed {title(field.name).lower()}"
            text = text.ljust(low or 0, "x")[: high or len(text)]
            return f'{{"{field.name}": "{text}"}}'
    return "{}"


def read_elsewhere(entity: Entity) -> frozenset[str]:
    """The fields of the entity's rows that its rules, Access conditions and composite
    uniques read, with the fields behind the computed fields among them (an aggregate over
    the entity itself reads its rows' fields too)."""
    exprs: list[Expr] = [rule.expr for rule in entity.rules if rule.expr is not None]
    for row in entity.access.rows if entity.access is not None else ():
        cells = (row.create, row.read, row.update, row.delete)
        exprs += [cell.condition for cell in cells if cell.condition is not None]
    names: set[str] = {name for unique in entity.uniques for name in unique.fields}
    exprs += [unique.condition for unique in entity.uniques if unique.condition is not None]
    pending = [name for expr in exprs for name in _fields_read(entity, expr, own=True)]
    while pending:
        name = pending.pop()
        field = entity.field(name)
        computed = field.rule(Computed) if field is not None else None
        if name not in names and isinstance(computed, Computed):
            pending += _fields_read(entity, computed.expr, own=True)
        names.add(name)
    return frozenset(names)


def _fields_read(entity: Entity, expr: Expr, own: bool) -> list[str]:
    """The first field of each path into a row of `entity` (`x`, `self.x`, `ref.y` → `ref`);
    `own`: bare names are such a row's (outside an aggregate, or in one over the entity)."""
    match expr:
        case Path(parts=("self", name, *_)):
            return [name]
        case Path(parts=(name, *_)) if own and name not in ("self", "current_user"):
            return [name]
        case Aggregate(entity=counted):
            inner = counted == entity.name
            return [n for child in children(expr) for n in _fields_read(entity, child, inner)]
    return [n for child in children(expr) for n in _fields_read(entity, child, own)]
