"""Which rules a generated row surely breaks: the rules evaluated over the factory's literals.

The field tests replace one generated value at a time; `broken_rules` says
whether the row then breaks a rule for certain, evaluating each rule in SQL's
null semantics over the literal values the factory would send (defaults and
a referenced row's values included). Values made at run time are unknown, and
a rule that reads one is not reported.
"""

from __future__ import annotations

import operator
from ast import literal_eval
from decimal import Decimal

from compiler.ir.expr import (
    Binary,
    BoolLit,
    DecimalLit,
    Expr,
    In,
    IntLit,
    IsNull,
    NullLit,
    Path,
    StringLit,
    Unary,
)
from compiler.ir.model import Computed, Default, Entity, Rule, Spec
from compiler.ir.types import EnumType, RefType
from compiler.testgen.data.field_values import value_source
from compiler.testgen.data.rule_completions import Completion
from compiler.testgen.data.rule_eval import relative_time, surely_false
from compiler.testgen.data.sample_values import DataGenerationError

_UNKNOWN = object()
"""A value the generated data leaves open (made at run time, or not literal)."""


def broken_rules(
    spec: Spec,
    entity: Entity,
    completions: tuple[Completion, ...],
    role: str,
    chosen: dict[str, str],
) -> list[Rule]:
    """The rules a generated row surely breaks, created by the `role` with the `chosen`
    values (name → Python source) and the others as the factory makes them."""
    values = _literals(spec, entity, nested=True) | {n: _literal(v) for n, v in chosen.items()}
    values |= _timed(chosen)
    for completion in completions:
        if completion.guard is None or _value(values, role, completion.part) is False:
            values |= {n: _literal(v) for n, v in completion.values if n not in chosen}
    return [
        r
        for r in entity.rules
        if r.expr is not None
        and (
            _value(values, role, r.expr) is False
            or (
                _value(values, role, r.expr) is _UNKNOWN
                and surely_false(spec, entity, r.expr, values)
            )
        )
    ]


def _timed(chosen: dict[str, str]) -> dict[str, object]:
    """The chosen values written relative to the test's run, made concrete."""
    timed = {name: relative_time(source) for name, source in chosen.items()}
    return {name: value for name, value in timed.items() if value is not None}


def known_literals(spec: Spec, entity: Entity) -> dict[str, object]:
    """Field name → the literal value the factory gives it, for the fields that have one."""
    return {
        name: value
        for name, value in _literals(spec, entity, nested=False).items()
        if value is not _UNKNOWN
    }


def _literals(spec: Spec, entity: Entity, *, nested: bool) -> dict[str, object]:
    """The factory's literal values of an entity's fields (defaults included); with `nested`,
    a referenced row's as a dict."""
    found: dict[str, object] = {}
    for field in entity.fields:
        default = field.rule(Default)
        target = spec.entity(field.type.entity) if isinstance(field.type, RefType) else None
        if isinstance(default, Default):
            found[field.name] = _default(field.type, default.value)
        elif target is not None and nested and not field.optional:
            found[field.name] = _literals(spec, target, nested=False)
        elif not field.optional and not field.has(Computed):
            try:
                found[field.name] = _literal(value_source(spec, entity, field))
            except DataGenerationError:
                found[field.name] = _UNKNOWN
    return found


def _literal(source: str) -> object:
    try:
        return Decimal(source[9:-2]) if source.startswith("Decimal(") else literal_eval(source)
    except (ValueError, SyntaxError):
        return _UNKNOWN


_COMPARE = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "+": operator.add,
    "-": operator.sub,
}


def _value(values: dict[str, object], role: str, expr: Expr) -> object:
    """The expression over literal values, in the spec's null semantics; `_UNKNOWN` if open."""
    match expr:
        case StringLit(value=v) | IntLit(value=v) | BoolLit(value=v):
            return v
        case DecimalLit(value=digits):
            return Decimal(digits)
        case NullLit():
            return None
        case Path(parts=("current_user", "role")):
            return role or _UNKNOWN
        case Path(parts=(name,)) | Path(parts=("self", name)):
            return values.get(name, _UNKNOWN)
        case Path(parts=(name, inner)) | Path(parts=("self", name, inner)):
            row = values.get(name)
            return row.get(inner, _UNKNOWN) if isinstance(row, dict) else _UNKNOWN
        case Unary(op="not", operand=operand):
            inner = _value(values, role, operand)
            return inner if inner is None or inner is _UNKNOWN else not inner
        case Binary(op="and" | "or" as op, left=left, right=right):
            sides = [_value(values, role, left), _value(values, role, right)]
            decisive = op == "or"
            if decisive in sides:
                return decisive
            return _UNKNOWN if _UNKNOWN in sides else (None if None in sides else not decisive)
        case Binary(op=op, left=left, right=right) if op in _COMPARE:
            a, b = _value(values, role, left), _value(values, role, right)
            if _UNKNOWN in (a, b):
                return _UNKNOWN
            if a is None or b is None:
                return None
            if isinstance(a, bool | str | dict) != isinstance(b, bool | str | dict):
                return _UNKNOWN
            return _COMPARE[op](a, b)
        case In(value=value, options=options, negated=negated):
            found = _value(values, role, value)
            texts = [_value(values, role, o) for o in options]
            if found is _UNKNOWN or _UNKNOWN in texts:
                return _UNKNOWN
            return None if found is None else (found in texts) != negated
        case IsNull(value=value, negated=negated):
            found = _value(values, role, value)
            return found if found is _UNKNOWN else (found is None) != negated
    return _UNKNOWN


def _default(kind: object, value: Expr) -> object:
    """A field's default as a value: an enumeration's default is written as a bare name."""
    if isinstance(kind, EnumType) and isinstance(value, Path):
        return value.parts[0]
    return _value({}, "", value)
