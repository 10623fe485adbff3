"""Rows that make a condition true or false, for the generated access and field tests.

A *solution* maps paths from the row in scope (`("ticket", "opened_by")`) to
Python source of the value to store there: a literal (`"draft"`, `False`,
`None`), `user` (the acting user), `other` (another user of the same role) or a
new row (`data.product()`). `solve` returns alternative solutions, most natural
first, or none when the condition is beyond this simple solver (aggregates,
computed fields, arithmetic, dates): the generated test then says so in a
comment instead of pretending to cover it.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import product

from compiler.ir.expr import (
    Binary,
    BoolLit,
    Call,
    DecimalLit,
    Expr,
    In,
    IntLit,
    IsNull,
    IsOwn,
    NullLit,
    Path,
    StringLit,
    Unary,
)
from compiler.ir.model import Computed, Entity, Field, OnlyWhere, Pattern, SetAutomatically, Spec
from compiler.ir.types import USER_ENTITY, EnumType, ListType, RefType, ScalarType
from compiler.testgen.data.sample_values import kind_of, number_value, time_value
from compiler.translate.names import snake

ACTOR = "user"
OTHER = "other"

Solution = dict[tuple[str, ...], str]


class Solver:
    """Solves the conditions of one entity (the row in scope)."""

    def __init__(self, spec: Spec, entity: Entity) -> None:
        self.spec = spec
        self.entity = entity

    def solve(self, expr: Expr, want: bool = True) -> list[Solution]:
        match expr:
            case Binary(op="and" | "or" as op, left=left, right=right):
                if (op == "and") == want:
                    return _all_of(self.solve(left, want), self.solve(right, want))
                return self._any_of([left, right], want, keep_others=op == "and")
            case Unary(op="not", operand=operand):
                return self.solve(operand, not want)
            case BoolLit(value=value):
                return [{}] if value == want else []
            case Path() as path:
                target = self._resolve(path)
                if target is None or kind_of(target[1]) != "bool":
                    return []
                return [{target[0]: str(want)}]
            case Binary(op="==" | "!=" as op, left=left, right=right):
                equal = want if op == "==" else not want
                return self._equality(left, right, equal) or self._equality(right, left, equal)
            case Binary(op="<" | "<=" | ">" | ">=" as op, left=left, right=right):
                return self._bound(left, op, right, want)
            case In(value=value, options=options, negated=negated):
                return self._membership(value, options, want != negated)
            case IsNull(value=value, negated=negated):
                return self._null(value, want != negated)
            case IsOwn(value=value):
                return self._own(value, want)
        return []

    def own(self, want: bool) -> list[Solution]:
        """The row is owned by the acting user (`own` in an Access cell), or by another user."""
        if self.entity.owner is None:
            return []
        return [{(self.entity.owner,): ACTOR if want else OTHER}]

    def _any_of(self, parts: list[Expr], want: bool, keep_others: bool) -> list[Solution]:
        """Make one part `want`; for a false `and`, keep the other parts true when possible."""
        solutions: list[Solution] = []
        for index, part in enumerate(parts):
            others = [p for i, p in enumerate(parts) if i != index]
            for solution in self.solve(part, want):
                if keep_others:
                    rest = _all_of(*(self.solve(p, not want) for p in others))
                    merged = next((m for r in rest if (m := merge(solution, r)) is not None), None)
                    solutions.append(merged if merged is not None else solution)
                else:
                    solutions.append(solution)
        return solutions

    def _equality(self, side: Expr, other: Expr, equal: bool) -> list[Solution]:
        if (differs := self._generated_text_differs(side, other, equal)) is not None:
            return differs
        target = self._resolve(side)
        if target is None:
            return []
        path, field = target
        match other:
            case Path(parts=("current_user",)) if _is_user(field):
                return [{path: ACTOR if equal else OTHER}]
            case NullLit():
                return self._null(side, equal)
            case StringLit(value=text) if field is None:  # a user's role
                roles = [r.name for r in self.spec.app.roles]
                values = [text] if equal else [r for r in roles if r != text]
                return [{path: repr(v)} for v in values[:1]]
            case StringLit(value=text) if isinstance(field.type, EnumType):
                values = [text] if equal else [v for v in field.type.values if v != text]
                return [{path: repr(v)} for v in values[:1]]
            case BoolLit(value=flag) if kind_of(field) == "bool":
                return [{path: str(flag == equal)}]
            case IntLit(value=number) if kind_of(field) == "int":
                return [{path: str(number if equal else number + 1)}]
        return []

    def _generated_text_differs(
        self, side: Expr, other: Expr, equal: bool
    ) -> list[Solution] | None:
        """`title != "abc"`, `lower(title) != "abc"`: the factory's text of a field without a
        pattern always holds the row counter's digits, so it differs from a literal without
        digits — the default row is a solution. None when that does not apply."""
        if isinstance(side, Call) and side.func in ("lower", "upper") and len(side.args) == 1:
            side = side.args[0]
        target = self._resolve(side)
        if equal or target is None or not isinstance(other, StringLit):
            return None
        field = target[1]
        if field is None or field.optional or field.has(Pattern):
            return None  # the factory leaves an optional field empty; a pattern makes its text
        if kind_of(field) not in ("text", "long_text"):
            return None
        return None if any(c.isdigit() for c in other.value) else [{}]

    def _bound(self, side: Expr, op: str, limit: Expr, want: bool) -> list[Solution]:
        """`x >= 2` and the like, x a stored number and the limit a literal: the nearest value."""
        target = self._resolve(side)
        if target is None or target[1] is None or not isinstance(limit, IntLit | DecimalLit):
            return []
        path, field = target
        if kind_of(field) not in ("int", "decimal", "money"):
            return []
        value = Decimal(str(limit.value))
        step = Decimal(1) if kind_of(field) == "int" else Decimal("0.01")
        upward = (op in (">", ">=")) == want
        strict = (op in ("<", ">")) == want
        nearest = value + (step if upward else -step) if strict else value
        if kind_of(field) == "int":
            return [{path: str(int(nearest))}]
        return [{path: f'Decimal("{nearest}")'}]

    def _membership(self, value: Expr, options: tuple[Expr, ...], inside: bool) -> list[Solution]:
        target = self._resolve(value)
        if target is None or not all(isinstance(o, StringLit) for o in options):
            return []
        path, field = target
        texts = [o.value for o in options if isinstance(o, StringLit)]
        if field is None:
            universe = [r.name for r in self.spec.app.roles]
        elif isinstance(field.type, EnumType):
            universe = list(field.type.values)
        else:
            return []
        values = texts if inside else [v for v in universe if v not in texts]
        return [{path: repr(v)} for v in values[:1]]

    def _null(self, value: Expr, null: bool) -> list[Solution]:
        target = self._resolve(value)
        if target is None or target[1] is None:
            return []
        path, field = target
        if null:
            return [{path: "None"}] if field.optional else []
        source = self.sample(field)
        return [{path: source}] if source is not None else []

    def _own(self, value: Expr, want: bool) -> list[Solution]:
        target = self._resolve(value)
        if target is None or target[1] is None or not isinstance(target[1].type, RefType):
            return []
        path, field = target
        referenced = self.spec.entity(field.type.entity)
        if referenced is None or referenced.owner is None:
            return []
        return [{(*path, referenced.owner): ACTOR if want else OTHER}]

    def sample(self, field: Field) -> str | None:
        """A valid non-null value, for `x is set`; None when it needs the row counter."""
        match field.type:
            case RefType(entity=name) if name == USER_ENTITY:
                return f'data.user("{self.spec.app.roles[0].name}")'
            case RefType(entity=name):
                return f"data.{snake(name)}()"
            case EnumType(values=values):
                return repr(values[0])
            case ScalarType(kind="int" | "decimal" | "money"):
                return number_value(field)
            case ScalarType(kind="date" | "datetime"):
                return time_value(field)
            case ScalarType(kind="bool"):
                return "True"
        return None

    def _resolve(self, expr: Expr) -> tuple[tuple[str, ...], Field | None] | None:
        """The path of a stored field (None for a user's `role`), or None if it is not one."""
        if not isinstance(expr, Path):
            return None
        parts = expr.parts[1:] if expr.parts[0] == "self" else expr.parts
        entity: Entity | None = self.entity
        field: Field | None = None
        for index, part in enumerate(parts):
            if entity is None:  # a User: only its role can be chosen
                return (parts, None) if part == "role" and index == len(parts) - 1 else None
            field = entity.field(part)
            if field is None or field.has(Computed) or isinstance(field.type, ListType):
                return None
            if index < len(parts) - 1:
                if not isinstance(field.type, RefType):
                    return None
                name = field.type.entity
                entity = None if name == USER_ENTITY else self.spec.entity(name)
                if entity is None and name != USER_ENTITY:
                    return None
        if not parts:
            return None
        return parts, field


def _is_user(field: Field | None) -> bool:
    return field is not None and field.type == RefType(USER_ENTITY)


def merge(first: Solution, second: Solution) -> Solution | None:
    """Both solutions at once, or None when they disagree about some path."""
    merged = dict(first)
    for path, value in second.items():
        if merged.get(path, value) != value:
            return None
        merged[path] = value
    paths = list(merged)
    for path in paths:
        if any(other != path and other[: len(path)] == path for other in paths):
            return None  # a whole row is chosen and one of its fields too
    return merged


def _all_of(*alternatives: list[Solution]) -> list[Solution]:
    """Every combination of one solution per part that agrees."""
    results = []
    for combination in product(*alternatives):
        merged: Solution | None = {}
        for solution in combination:
            merged = merge(merged, solution) if merged is not None else None
        if merged is not None:
            results.append(merged)
    return results


def row_arguments(
    spec: Spec, entity: Entity, solution: Solution, factory: str = "data"
) -> dict[str, str]:
    """Keyword arguments (name → source) for `data.<entity>(...)` that realise the solution."""
    direct = {path[0]: value for path, value in solution.items() if len(path) == 1}
    nested: dict[str, Solution] = {}
    for path, value in solution.items():
        if len(path) > 1:
            nested.setdefault(path[0], {})[path[1:]] = value
    for name, inner in nested.items():
        field = entity.field(name)
        assert field is not None and isinstance(field.type, RefType)
        direct[name] = row_source(spec, field.type.entity, inner, factory)
    return direct


def row_source(spec: Spec, entity_name: str, solution: Solution, factory: str = "data") -> str:
    """`data.ticket(opened_by=user)`, `data.user("agent")`: a new row meeting the solution."""
    if entity_name == USER_ENTITY:
        role = solution.get(("role",), f'"{spec.app.roles[0].name}"')
        return f"{factory}.user({role})"
    entity = spec.entity(entity_name)
    assert entity is not None
    arguments = row_arguments(spec, entity, solution, factory)
    return f"{factory}.{snake(entity_name)}({call_arguments(arguments)})"


def call_arguments(arguments: dict[str, str]) -> str:
    return ", ".join(f"{name}={value}" for name, value in arguments.items())


def uses(solution: Solution, name: str) -> bool:
    """Whether the source of the solution mentions the variable `name` (user, other)."""
    return any(value == name for value in solution.values())


def body_arguments(
    spec: Spec, entity: Entity, writable: set[str], solution: Solution
) -> dict[str, str] | None:
    """Like `row_arguments`, for an API body: None if the solution sets a field clients cannot
    send. `user` on a field set to the current user needs nothing: the app sets it so."""
    kept: Solution = {}
    for path, value in solution.items():
        field = entity.field(path[0])
        if path[0] in writable:
            kept[path] = value
        elif (
            len(path) == 1 and value == ACTOR and field is not None and _set_to_current_user(field)
        ):
            continue
        else:
            return None
    return row_arguments(spec, entity, kept)


def _set_to_current_user(field: Field) -> bool:
    rule = field.rule(SetAutomatically)
    return isinstance(rule, SetAutomatically) and rule.value == "current_user"


def user_role(spec: Spec, entity: Entity, field: Field) -> str:
    """The role of generated users in a User field: one its `only users with role` allows,
    else one that may create the entity (for `set to current user`), else the first role."""
    rule = field.rule(OnlyWhere)
    if isinstance(rule, OnlyWhere):
        for solution in Solver(spec, entity).solve(rule.expr):
            role = solution.get((field.name, "role"))
            if role is not None:
                return role.strip("'\"")
    creators = (
        [r.role for r in entity.access.rows if r.create.kind != "no"] if entity.access else []
    )
    return creators[0] if creators else spec.app.roles[0].name
