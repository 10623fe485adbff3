"""Computed fields and values derived on write: cycles among computed fields (a computed
field that depends on itself), and the checks of ``set to `expr` on create/update``."""

from __future__ import annotations

from compiler.check.expr_types import ExprTyper, Scope
from compiler.check.value_types import of_field_type
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.derived import SetOnWrite
from compiler.ir.expr import Aggregate, Expr, IsOwn, Path, children
from compiler.ir.model import Computed, Default, Entity, Field, ReadOnly, SetAutomatically
from compiler.ir.types import ListType


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


def check_derived(entity: Entity, typer: ExprTyper, diags: Diagnostics) -> None:
    """``set to `expr` on …``: typed (E250), knowable at the write (E251), alone (E252),
    acyclic (E253), a value on create for a required field (E255)."""
    derived = {
        f.name: (f, rule)
        for f in entity.fields
        if isinstance(rule := f.rule(SetOnWrite), SetOnWrite)
    }
    for field, rule in derived.values():
        if _knowable(entity, rule, diags):
            _check_derived_type(entity, field, rule, typer, diags)
        _check_alone(field, rule, diags)
        if rule.moments == ("update",) and not field.optional:
            diags.add(
                codes.DERIVED_MISSING_ON_CREATE,
                rule.span,
                f"'{field.name}' is required but derived only on update: a new "
                f"{entity.name} would have no value",
                hint="write `on create and update`, or make the field optional "
                "(`?` after its type)",
            )
    depends = {name: _names(rule.expr) & derived.keys() for name, (_, rule) in derived.items()}
    reported: set[str] = set()
    for start in depends:
        cycle = _cycle_from(start, depends)
        if cycle and start not in reported:
            reported.update(cycle)
            diags.add(
                codes.CYCLIC_DERIVED,
                derived[start][1].expr.span,
                "derived fields depend on each other: " + " → ".join([*cycle, cycle[0]]),
                hint="derive each of them from stored fields the client writes",
            )


def _check_derived_type(entity, field, rule: SetOnWrite, typer: ExprTyper, diags) -> None:
    found = typer.type_of(rule.expr, Scope(entity, entity))
    expected = of_field_type(field.type, field.optional)
    if found.kind in ("unknown", "null"):
        return
    fits = found.kind == expected.kind or (found.kind == "int" and expected.kind == "decimal")
    if expected.kind == "enum" and found.kind == "text":
        fits = True
    if isinstance(field.type, ListType) or not fits:
        diags.add(
            codes.DERIVED_TYPE,
            rule.expr.span,
            f"derived value is {found.describe()}, but '{field.name}' is {expected.describe()}",
            hint=f"write an expression that gives {expected.describe()}",
        )


def _knowable(entity: Entity, rule: SetOnWrite, diags: Diagnostics) -> bool:
    computed = {
        f.name: r.expr for f in entity.fields if isinstance(r := f.rule(Computed), Computed)
    }
    for node in _walk(rule.expr):
        if isinstance(node, IsOwn) or (isinstance(node, Path) and node.parts[0] == "current_user"):
            what = "`current_user`"
        elif isinstance(node, Aggregate):
            what = "an aggregate over other rows"
        elif isinstance(node, Path) and node.parts[0] in computed:
            what = f"the computed field '{node.parts[0]}'"
        else:
            continue
        diags.add(
            codes.DERIVED_UNKNOWABLE,
            node.span,
            f"a derived value cannot read {what}: it changes without this row being written",
            hint="read the row's own stored fields, or make the field `computed:` instead",
        )
        return False
    return True


def _check_alone(field: Field, rule: SetOnWrite, diags: Diagnostics) -> None:
    for other in field.rules:
        if isinstance(other, Computed | Default | SetAutomatically | ReadOnly):
            diags.add(
                codes.DERIVED_CONFLICT,
                other.span,
                f"'{field.name}' is set on write; it takes no other source of its value",
                hint="keep only the `set to … on …` rule (it is read-only already)",
            )


def _walk(expr: Expr):
    yield expr
    for child in children(expr):
        yield from _walk(child)
