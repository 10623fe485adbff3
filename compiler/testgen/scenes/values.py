"""The values a scene may give a field: valid under the field's rules, the natural one first.

The search for rule tests (`search`) tries these values in order. They come
from the field's type and rules (bounds and the values just inside them, lengths,
patterns, enumeration values, null for optional fields) and from the literals of
the conditions being tested (`quantity >= -50` offers -50, -51 and -49), so a
boundary of the rule is among them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from compiler.ir.expr import DecimalLit, Expr, IntLit, Path, StringLit, walk
from compiler.ir.model import Default, Entity, Field, Pattern
from compiler.ir.types import EnumType, ScalarType
from compiler.testgen.data.patterns import pattern_examples
from compiler.testgen.data.sample_values import (
    bounds,
    day_source,
    kind_of,
    lengths,
    moment_source,
    number_source,
    step,
    text_value,
    within,
)
from compiler.testgen.scenes.scene import NOW, TODAY, Choice

_DAY_OFFSETS = (1, 0, -1, 2, 7, -7, 30, -30)
_MINUTE_OFFSETS = (60, -60, 60 * 24, -60 * 24, 60 * 24 * 30, -60 * 24 * 30)


@dataclass(frozen=True, slots=True)
class Literals:
    """The literals of the conditions under test: where a rule's boundaries are."""

    numbers: tuple[Decimal, ...]
    texts: tuple[str, ...]


def literals_of(exprs: Iterable[Expr]) -> Literals:
    numbers: dict[Decimal, None] = {}
    texts: dict[str, None] = {}
    for expr in exprs:
        for node in walk(expr):
            match node:
                case IntLit(value=value):
                    numbers[Decimal(value)] = None
                case DecimalLit(value=digits):
                    numbers[Decimal(digits)] = None
                case StringLit(value=text):
                    texts[text] = None
    return Literals(tuple(numbers), tuple(texts))


def field_values(
    entity: Entity, field: Field, current: Choice | None, literals: Literals, number: int
) -> list[Choice]:
    """Valid values of a scalar or enumeration field, the current one (else the natural) first.

    `number` makes generated text distinct between rows (unique fields)."""
    found: list[Choice] = []
    if isinstance(field.type, EnumType):
        found += _enum_values(field)
    elif isinstance(field.type, ScalarType):
        found += _scalar_values(entity, field, current, literals, number)
    if field.optional:
        # the factory leaves an optional field without a default empty: its natural value
        natural_empty = current is None and not field.has(Default)
        found.insert(0 if natural_empty else 1, Choice(None, "None"))
    if current is not None:
        found.insert(0, current)
    unique: dict[object, Choice] = {}
    for choice in found:
        key = _key(choice.value)
        if key not in unique and (choice.value is None or valid(field, choice.value)):
            unique[key] = choice
    return list(unique.values())


def _key(value: object) -> object:
    return (type(value).__name__, value)


def _enum_values(field: Field) -> list[Choice]:
    assert isinstance(field.type, EnumType)
    values = list(field.type.values)
    default = _default(field)
    if default in values:
        values.remove(default)
        values.insert(0, default)
    return [Choice(v, repr(v)) for v in values]


def _default(field: Field) -> str | None:
    rule = field.rule(Default)
    if not isinstance(rule, Default):
        return None
    match rule.value:
        case StringLit(value=text) | Path(parts=(text, *_)):
            return text
    return None


def _scalar_values(
    entity: Entity, field: Field, current: Choice | None, literals: Literals, number: int
) -> list[Choice]:
    kind = kind_of(field)
    if kind in ("int", "decimal", "money"):
        return _numbers(field, literals)
    if kind == "bool":
        default = field.rule(Default)
        first = bool(getattr(getattr(default, "value", None), "value", False))
        return [Choice(first, repr(first)), Choice(not first, repr(not first))]
    if kind == "date":
        return [Choice(TODAY + timedelta(days=d), day_source(d)) for d in _DAY_OFFSETS]
    if kind == "datetime":
        return [Choice(NOW, "utc_now()")] + [
            Choice(NOW + timedelta(minutes=m), moment_source(m)) for m in _MINUTE_OFFSETS
        ]
    return _texts(entity, field, current, literals, number)


def _numbers(field: Field, literals: Literals) -> list[Choice]:
    unit = step(field)
    default = field.rule(Default)
    natural: list[Decimal] = []
    if isinstance(default, Default) and isinstance(default.value, IntLit | DecimalLit):
        natural.append(Decimal(str(default.value.value)))
    # the factory's natural value first (1, or 10.00 for money), then small ones
    natural += [Decimal(1) if kind_of(field) == "int" else Decimal(10)]
    natural += [Decimal(1), Decimal(0), Decimal(2), Decimal(-1), Decimal(10)]
    lower, upper = bounds(field)
    for bound in lower + upper:
        if bound.dynamic is None and isinstance(bound.value, Decimal):
            natural += [bound.value, bound.value + unit, bound.value - unit]
    for literal in literals.numbers:
        for value in (literal, literal + unit, literal - unit):
            natural += [value, -value]
    return [Choice(_typed(field, v), number_source(field, v)) for v in dict.fromkeys(natural)]


def _typed(field: Field, value: Decimal) -> object:
    if kind_of(field) == "int":
        return int(value)
    scale = field.type.scale if isinstance(field.type, ScalarType) else None
    return value.quantize(Decimal(1).scaleb(-(scale or 2)))


def _texts(
    entity: Entity, field: Field, current: Choice | None, literals: Literals, number: int
) -> list[Choice]:
    fresh = _fresh_text(entity, field, number)
    texts = [fresh]
    if kind_of(field) in ("text", "long_text"):  # an e-mail address or URL keeps its case
        if current is not None and isinstance(current.value, str):
            texts += [current.value.upper(), current.value.lower(), current.value.swapcase()]
        texts += [fresh.upper(), fresh.lower()]
        texts += list(literals.texts)
    return [Choice(t, repr(t)) for t in dict.fromkeys(texts)]


def _fresh_text(entity: Entity, field: Field, number: int) -> str:
    pattern = field.rule(Pattern)
    if isinstance(pattern, Pattern):
        examples = pattern_examples(field)
        return examples[number % len(examples)]
    return str(eval(text_value(entity, field), {"n": number}))  # the factory's own f-string


def valid(field: Field, value: object) -> bool:
    """Whether the API (and the factory) accept the value for the field."""
    if isinstance(value, str):
        low, high = lengths(field)
        pattern = field.rule(Pattern)
        return (
            (low is None or len(value) >= low)
            and (high is None or len(value) <= high)
            and (not isinstance(pattern, Pattern) or re.fullmatch(pattern.regex, value) is not None)
            and value.strip() != ""
        )
    if isinstance(value, int | Decimal | date) and not isinstance(value, bool):
        return within(value, *bounds(field), today=TODAY, now=NOW)
    return True
