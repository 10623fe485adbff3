"""How the generated test data keeps the spec's `### Rules`: completions for the factory.

A rule such as `priority != "urgent" or assignee is set` reads as "when the
priority is urgent, an assignee is needed". For each rule (each `and` part of
it) of that shape, with a *guard* on an enumeration (`status != "closed"`,
`kind not in (…)`) or on an optional field being empty (`due is null`), the
factory gets a completion: when the row's values make the guard false, the
fields that make another part of the rule true are filled in, unless the test
chose them itself. A part without such a guard (`qty is set`, `not (code is null)`)
always applies: the values that make it true fill in the fields whose factory
value is no choice of its own (an empty optional field, a default, a boolean, an
enumeration's first value). Rules of other shapes (aggregates, arithmetic, the acting
user) are not completed; the tests that meet them say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.expr import (
    Aggregate,
    Binary,
    Call,
    Expr,
    In,
    IntLit,
    IsNull,
    Path,
    StringLit,
)
from compiler.ir.model import Computed, Default, Entity, Maximum, Spec
from compiler.ir.types import USER_ENTITY, EnumType, RefType, ScalarType
from compiler.testgen.data.conditions import ACTOR, OTHER, Solver, user_role
from compiler.translate.names import snake


@dataclass(frozen=True, slots=True)
class Completion:
    """When `guard` holds of the values (`complete`), `values` make the rule hold."""

    guard: str | None
    """Python source over `complete`, the row's values: the rule's guard part is false; None
    for a part of a rule that always applies (`qty is set`)."""
    part: Expr
    """The guard part itself."""
    values: tuple[tuple[str, str], ...]
    """(field, Python source of a value; may use `self`, the factory)."""
    message: str


def completions(spec: Spec, entity: Entity) -> tuple[Completion, ...]:
    solver = Solver(spec, entity)
    found = []
    for rule in entity.rules:
        if rule.expr is None:
            continue
        for part in conjuncts(rule.expr):
            disjuncts = _disjuncts(part)
            if len(disjuncts) == 1:
                # no `or`: the part always applies (`qty is set`, `flag`, `kind != "low"`)
                values = _values(spec, entity, solver, [part], guarded="")
                if values and all(_free(entity, name) for name, _ in values):
                    found.append(Completion(None, part, values, rule.message))
                continue
            for index, disjunct in enumerate(disjuncts):
                guard = _guard(entity, disjunct)
                if guard is None:
                    continue
                field, source = guard
                rest = [d for i, d in enumerate(disjuncts) if i != index]
                values = _values(spec, entity, solver, rest, field)
                if values:
                    found.append(Completion(source, disjunct, values, rule.message))
    return tuple(found)


def conjuncts(expr: Expr) -> list[Expr]:
    """The parts of `expr` joined by `and` (`expr` itself when it has none)."""
    if isinstance(expr, Binary) and expr.op == "and":
        return conjuncts(expr.left) + conjuncts(expr.right)
    return [expr]


def _disjuncts(expr: Expr) -> list[Expr]:
    if isinstance(expr, Binary) and expr.op == "or":
        return _disjuncts(expr.left) + _disjuncts(expr.right)
    return [expr]


def _guard(entity: Entity, expr: Expr) -> tuple[str, str] | None:
    """(field, Python source true when `expr` is false) for a guard on one field of the row."""
    match expr:
        case Binary(op="!=", left=Path(parts=(name,)), right=StringLit(value=text)) if _enum(
            entity, name
        ):
            return name, f'complete.get("{name}") == {text!r}'
        case In(value=Path(parts=(name,)), options=options, negated=True) if _enum(
            entity, name
        ) and all(isinstance(o, StringLit) for o in options):
            texts = tuple(o.value for o in options if isinstance(o, StringLit))
            return name, f'complete.get("{name}") in {texts!r}'
        case IsNull(value=Path(parts=(name,)), negated=False) if entity.field(name) is not None:
            return name, f'complete.get("{name}") is not None'
    return None


def _free(entity: Entity, name: str) -> bool:
    """Whether the factory's value of the field is no choice of its own, so a rule may pick
    it: an optional field it leaves empty, a default it leaves to the app, a boolean or an
    enumeration value it takes first. Numbers and times were chosen to keep the rules
    (`rule_values`); lifecycle fields start where the lifecycle says."""
    field = entity.field(name)
    if field is None or any(lc.field == name for lc in entity.lifecycles):
        return False
    if field.optional or field.has(Default):
        return True
    return isinstance(field.type, EnumType) or field.type == ScalarType("bool")


def _enum(entity: Entity, name: str) -> bool:
    field = entity.field(name)
    return field is not None and isinstance(field.type, EnumType)


def _values(
    spec: Spec, entity: Entity, solver: Solver, rest: list[Expr], guarded: str
) -> tuple[tuple[str, str], ...]:
    """Values that make one of the other parts true, without touching the guarded field."""
    for expr in rest:
        for solution in solver.solve(expr):
            if not solution or any(
                len(path) != 1 or path[0] == guarded or value in (ACTOR, OTHER)
                for path, value in solution.items()
            ):
                continue
            return tuple(
                (path[0], _source(spec, entity, path[0], value)) for path, value in solution.items()
            )
    return ()


def _source(spec: Spec, entity: Entity, name: str, value: str) -> str:
    """The solver's value as factory source: rows are made lazily, users in a fitting role."""
    field = entity.field(name)
    if field is not None and field.type == RefType(USER_ENTITY):
        return f'lambda: self.user("{user_role(spec, entity, field)}")'
    if value.startswith("data."):
        return f"lambda: self.{value.removeprefix('data.')}"
    return value


@dataclass(frozen=True, slots=True)
class Supply:
    """A row a rule needs before this one: `quantity <= product.available` needs stock.

    The referenced row's computed value grows with a `sum(Other.amount where ref == self)`,
    so the factory makes that row first and adds one `Other` row with a large amount.
    """

    field: str
    """The reference of this row (`product`)."""
    factory: str
    """The factory method of the supplying row (`stock_move`)."""
    reference: str
    """Its reference back to the referenced row (`product`)."""
    amount_field: str
    amount: str
    message: str


def supplies(spec: Spec, entity: Entity) -> tuple[Supply, ...]:
    found: dict[str, Supply] = {}
    for rule in entity.rules:
        for part in conjuncts(rule.expr) if rule.expr is not None else []:
            for disjunct in _disjuncts(part):
                path = _grown(disjunct)
                field = entity.field(path[0]) if path else None
                if path is None or field is None or not isinstance(field.type, RefType):
                    continue
                target = spec.entity(field.type.entity)
                total = _positive_sum(spec, target, path[1]) if target is not None else None
                if total is not None and path[0] not in found:
                    other, reference, amount, bound = total
                    found[path[0]] = Supply(
                        path[0],
                        snake(other),
                        reference,
                        amount,
                        bound,
                        rule.message,
                    )
    return tuple(found.values())


def _grown(expr: Expr) -> tuple[str, str] | None:
    """`(ref, computed)` when the condition is a lower bound on `ref.computed`."""
    match expr:
        case Binary(op="<=" | "<", right=Path(parts=(ref, name))):
            return ref, name
        case Binary(op=">=" | ">", left=Path(parts=(ref, name))):
            return ref, name
    return None


def _positive_sum(spec: Spec, entity: Entity, name: str) -> tuple[str, str, str, str] | None:
    """(entity, its reference to `entity`, amount field, large amount) of a sum that adds to
    the computed field `name`, following other computed fields, `+`, `-` and `coalesce`."""
    field = entity.field(name)
    rule = field.rule(Computed) if field is not None else None
    return _sum_in(spec, entity, rule.expr) if isinstance(rule, Computed) else None


def _sum_in(spec: Spec, entity: Entity, expr: Expr) -> tuple[str, str, str, str] | None:
    match expr:
        case Binary(op="+" | "-" as op, left=left, right=right):
            return _sum_in(spec, entity, left) or (
                _sum_in(spec, entity, right) if op == "+" else None
            )
        case Call(func="coalesce", args=(first, *_)):
            return _sum_in(spec, entity, first)
        case Path(parts=(name,)):
            return _positive_sum(spec, entity, name)
        case Aggregate(
            func="sum",
            entity=other,
            field=amount,
            where=Binary(op="==", left=Path(parts=(reference,)), right=Path(parts=("self",))),
        ) if amount is not None:
            found = spec.entity(other)
            bound = found.field(amount).rule(Maximum) if found and found.field(amount) else None
            if isinstance(bound, Maximum) and isinstance(bound.value, IntLit):
                return other, reference, amount, str(bound.value.value)
    return None


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A row made right after this one so a rule holds: an order in `submitted` needs a
    line (`status in ("draft", "cancelled") or line_count >= 1`)."""

    guard: str
    """Python source over `complete`, the row's values: the rule needs the row."""
    factory: str
    reference: str
    """The field of the made row that points to this one."""
    message: str


def follow_ups(spec: Spec, entity: Entity) -> tuple[FollowUp, ...]:
    found = []
    for rule in entity.rules:
        for part in conjuncts(rule.expr) if rule.expr is not None else []:
            disjuncts = _disjuncts(part)
            guards = [g for d in disjuncts if (g := _state_guard(entity, d)) is not None]
            counted = [c for d in disjuncts if (c := _counted(entity, d)) is not None]
            if len(guards) == 1 and counted:
                other, reference = counted[0]
                found.append(FollowUp(guards[0], snake(other), reference, rule.message))
    return tuple(found)


def _state_guard(entity: Entity, expr: Expr) -> str | None:
    """Python source true when `state in (…)` is false (an empty state is the initial one)."""
    match expr:
        case In(value=Path(parts=(name,)), options=options, negated=False) if _enum(
            entity, name
        ) and all(isinstance(o, StringLit) for o in options):
            texts = (None, *(o.value for o in options if isinstance(o, StringLit)))
            return f'complete.get("{name}") not in {texts!r}'
    return None


def _counted(entity: Entity, expr: Expr) -> tuple[str, str] | None:
    """(entity, its reference back) for `n >= 1` where n is `count(Other where ref == self)`."""
    match expr:
        case (
            Binary(op=">=", left=Path(parts=(name,)), right=IntLit(value=1))
            | Binary(op=">", left=Path(parts=(name,)), right=IntLit(value=0))
        ):
            field = entity.field(name)
            rule = field.rule(Computed) if field is not None else None
            match rule.expr if isinstance(rule, Computed) else None:
                case Aggregate(
                    func="count",
                    entity=other,
                    where=Binary(
                        op="==", left=Path(parts=(reference,)), right=Path(parts=("self",))
                    ),
                ):
                    return other, reference
    return None
