"""Values for the generated tests: valid field values, pattern examples, boundary values.

Everything here returns Python source for the generated test code. Values are
Python values (`Decimal("0.01")`, `date.today() + timedelta(days=1)`); the
generated factory turns them into JSON for API bodies. A value may use `n`, the
factory's row counter, to keep unique fields distinct within one test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from compiler.ir.expr import Call, DecimalLit, Expr, IntLit, StringLit
from compiler.ir.model import (
    Computed,
    Default,
    Entity,
    Field,
    Length,
    Maximum,
    Minimum,
    Spec,
)
from compiler.ir.types import ScalarType
from compiler.translate.names import snake, title

try:  # the stdlib's regex parser: the only complete description of Python's regex syntax
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11
    import sre_parse  # type: ignore[no-redef]


class DataGenerationError(Exception):
    """The spec asks for test data this generator cannot derive (reported at compile time)."""


PATTERN_EXAMPLES = 24
"""Distinct examples generated per pattern: enough rows of one test never share a value."""

# --- Patterns ---------------------------------------------------------------------------

_CATEGORY_CHARS = {
    sre_parse.CATEGORY_DIGIT: "0123456789",
    sre_parse.CATEGORY_WORD: "abcdefghijklmnopqrstuvwxyz0123456789_",
    sre_parse.CATEGORY_SPACE: " ",
}


def pattern_examples(regex: str, count: int = PATTERN_EXAMPLES) -> tuple[str, ...]:
    """Up to `count` distinct strings that fully match `regex`, in a stable order.

    Supports literals, character classes and ranges, `\\d \\w \\s`, groups,
    alternation (the first branch is used) and repetition (its minimum count,
    at least one). Anything else (look-arounds, back-references) raises
    `DataGenerationError`, so a spec the generator cannot serve fails loudly.
    """
    try:
        parsed = sre_parse.parse(regex)
    except re.error as error:
        raise DataGenerationError(f"pattern `{regex}`: {error}") from error
    slots = _slots(list(parsed), regex)
    examples: list[str] = []
    for index in range(count * 4):
        text = _nth(slots, index)
        if text not in examples and re.fullmatch(regex, text):
            examples.append(text)
        if len(examples) == count:
            break
    if not examples:
        raise DataGenerationError(
            f"pattern `{regex}`: no example could be derived for the generated tests"
        )
    return tuple(examples)


def numbered(regex: str, count: int) -> str | None:
    """An f-string template of `number` (`"t{number}"`) that gives `count` distinct texts
    matching `regex` and none of its `pattern_examples`: for many rows with a unique field
    whose examples would run out. None if no simple template fits."""
    taken = set(pattern_examples(regex))
    stems = ["t", "x", "t-", "x-", "T", "X", "", *(e[:1] for e in sorted(taken))]
    for stem in dict.fromkeys(stems):
        texts = [f"{stem}{number}" for number in range(count)]
        if taken.isdisjoint(texts) and all(re.fullmatch(regex, t) for t in texts):
            return stem + "{number}"
    return None


def non_matching(regex: str, example: str) -> str:
    """A string like `example` (same length) that does not match `regex`."""
    for bad in "!~ aA0":
        for position in range(len(example)):
            text = example[:position] + bad + example[position + 1 :]
            if not re.fullmatch(regex, text):
                return text
    if not re.fullmatch(regex, example + "!"):
        return example + "!"
    raise DataGenerationError(
        f"pattern `{regex}`: every variant of {example!r} matches; no refused value"
    )


def _slots(items: list, regex: str) -> list[str]:
    """The pattern as a list of positions, each the characters allowed there."""
    slots: list[str] = []
    for op, arg in items:
        if op == sre_parse.LITERAL:
            slots.append(chr(arg))
        elif op == sre_parse.IN:
            slots.append(_class_chars(arg, regex))
        elif op == sre_parse.AT:
            continue  # ^ and $: the whole text is matched anyway
        elif op == sre_parse.SUBPATTERN:
            slots += _slots(list(arg[-1]), regex)
        elif op == sre_parse.BRANCH:
            slots += _slots(list(arg[1][0]), regex)
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT):
            low, _, body = arg
            slots += _slots(list(body), regex) * max(low, 1)
        elif op == sre_parse.ANY:
            slots.append("abcdefghijklmnopqrstuvwxyz")
        else:
            raise DataGenerationError(
                f"pattern `{regex}` uses {op} (a regex feature the test generator does not "
                "support): write the pattern without it"
            )
    return slots


def _class_chars(items: list, regex: str) -> str:
    if items and items[0][0] == sre_parse.NEGATE:
        raise DataGenerationError(f"pattern `{regex}`: negated character classes are not supported")
    chars = ""
    for op, arg in items:
        if op == sre_parse.LITERAL:
            chars += chr(arg)
        elif op == sre_parse.RANGE:
            chars += "".join(chr(c) for c in range(arg[0], arg[1] + 1))
        elif op == sre_parse.CATEGORY and arg in _CATEGORY_CHARS:
            chars += _CATEGORY_CHARS[arg]
        else:
            raise DataGenerationError(
                f"pattern `{regex}`: character class item {op} is not supported"
            )
    return chars


def _nth(slots: list[str], index: int) -> str:
    """The index-th string of the slots, counting with the last slot fastest (mixed radix)."""
    chars = []
    for allowed in reversed(slots):
        index, digit = divmod(index, len(allowed))
        chars.append(allowed[digit])
    return "".join(reversed(chars))


# --- Valid values -----------------------------------------------------------------------


def kind_of(field: Field) -> str:
    return field.type.kind if isinstance(field.type, ScalarType) else ""


def text_value(entity: Entity, field: Field) -> str:
    """Source of valid text for a text field, unique through `n` and within its lengths."""
    match kind_of(field):
        case "email":
            return f'f"{snake(entity.name)}{{n}}@example.com"'
        case "url":
            return f'f"https://example.com/{snake(entity.name)}/{{n}}"'
    low, high = lengths(field)
    stem = title(field.name) + " "
    if kind_of(field) == "long_text":
        stem = f"Some {title(field.name).lower()} of a {title(entity.name).lower()}, number "
    shortest, longest = len(stem) + 1, len(stem) + 3  # n has one to three digits
    if (low is None or low <= shortest) and (high is None or high >= longest):
        return f'f"{stem}{{n}}"'
    size = max(longest, low or 0) if high is None else min(max(longest, low or 0), high)
    if size >= longest:
        return f'f"{stem}{{n:0{size - len(stem)}d}}"'
    if size >= 3:
        short = (field.name.upper().replace("_", "") + "XXXXXXXX")[: size - 3]
        return f'f"{short}{{n:03d}}"'
    return f"str(n % {10**size}).zfill({size})"


def lengths(field: Field) -> tuple[int | None, int | None]:
    rule = field.rule(Length)
    return (rule.min, rule.max) if isinstance(rule, Length) else (None, None)


@dataclass(frozen=True, slots=True)
class Bound:
    """A numeric or time bound of a field, as comparable Python values."""

    value: object
    """int, Decimal, date, or a `("today" | "now", 0)` marker for dynamic bounds."""
    exclusive: bool
    dynamic: str | None
    """`today` or `now` for bounds known only at request time."""


def bounds(field: Field) -> tuple[list[Bound], list[Bound]]:
    """The lower and upper bounds of a number or time field."""
    lower, upper = [], []
    for rule in field.rules:
        if isinstance(rule, (Minimum, Maximum)):
            bound = bound_of(rule.value, rule.exclusive)
            (lower if isinstance(rule, Minimum) else upper).append(bound)
    return lower, upper


def bound_of(value: Expr, exclusive: bool) -> Bound:
    """A bound of a field rule (`min 0`, `after today`) as a `Bound`."""
    match value:
        case Call(func=func):
            return Bound(None, exclusive, func)
        case IntLit(value=number):
            return Bound(Decimal(number), exclusive, None)
        case DecimalLit(value=digits):
            return Bound(Decimal(digits), exclusive, None)
        case StringLit(value=text):
            return Bound(text, exclusive, None)
    raise DataGenerationError(f"unsupported bound {value!r}")


def step(field: Field) -> Decimal:
    """The smallest difference between two values of a number field."""
    scale = field.type.scale if isinstance(field.type, ScalarType) else None
    return Decimal(1).scaleb(-scale) if scale else Decimal(1)


def number_source(field: Field, value: Decimal) -> str:
    """`12`, or `Decimal("0.01")` for decimals and money (at the field's scale)."""
    if kind_of(field) == "int":
        return str(int(value))
    scale = field.type.scale if isinstance(field.type, ScalarType) else 2
    return f'Decimal("{value.quantize(Decimal(1).scaleb(-(scale or 0)))}")'


def within(
    value: object,
    lower: list[Bound],
    upper: list[Bound],
    *,
    today: date | None = None,
    now: datetime | None = None,
) -> bool:
    """Whether a number, date or datetime meets every bound; a `today`/`now` bound only
    when that moment is given."""
    return all(_meets(value, b, 1, today, now) for b in lower) and all(
        _meets(value, b, -1, today, now) for b in upper
    )


def _meets(
    value: object, bound: Bound, sign: int, today: date | None, now: datetime | None
) -> bool:
    limit: object = {"today": today, "now": now}.get(bound.dynamic or "", bound.value)
    if limit is None:
        return True  # a moment not given
    if isinstance(value, datetime) and isinstance(limit, str):
        limit = datetime.fromisoformat(limit)
        limit = limit if limit.tzinfo else limit.replace(tzinfo=UTC)
    elif isinstance(value, date) and isinstance(limit, str):
        limit = date.fromisoformat(limit[:10])
    if isinstance(value, datetime) and type(limit) is date:
        limit = datetime(limit.year, limit.month, limit.day, tzinfo=UTC)
    if type(value) is date and isinstance(limit, datetime):
        limit = limit.date()
    difference = (value > limit) - (value < limit)  # type: ignore[operator]
    return difference * sign > 0 or (difference == 0 and not bound.exclusive)


def number_value(field: Field) -> str:
    """A valid number: a natural one (1, or 10.00 for money) when the bounds allow it."""
    lower, upper = bounds(field)
    natural = Decimal(1) if kind_of(field) == "int" else Decimal(10)
    candidates = [natural]
    for bound in lower:
        candidates.append(bound.value + (step(field) if bound.exclusive else 0))
    for bound in upper:
        candidates.append(bound.value - (step(field) if bound.exclusive else 0))
    for candidate in candidates:
        if within(candidate, lower, upper):
            return number_source(field, candidate)
    raise DataGenerationError(f"field `{field.name}`: no number satisfies its bounds")


def day_source(offset: int) -> str:
    """A date relative to the day the test runs."""
    if offset == 0:
        return "date.today()"
    sign = "+" if offset > 0 else "-"
    return f"date.today() {sign} timedelta(days={abs(offset)})"


def moment_source(minutes: int) -> str:
    """A datetime relative to the moment the test runs (minutes from now)."""
    if minutes == 0:
        return "utc_now()"
    sign = "+" if minutes > 0 else "-"
    return f"utc_now() {sign} timedelta(minutes={abs(minutes)})"


def literal_time_source(field: Field, text: str, days: int = 0, seconds: int = 0) -> str:
    if kind_of(field) == "date":
        moment = date.fromisoformat(text) + timedelta(days=days)
        return f"date({moment.year}, {moment.month}, {moment.day})"
    return (
        f'datetime.fromisoformat("{text}") + timedelta(seconds={seconds})'
        if seconds
        else (f'datetime.fromisoformat("{text}")')
    )


def time_value(field: Field) -> str:
    """A valid date or datetime: now/today, else just inside the nearest bound."""
    lower, upper = bounds(field)
    is_date = kind_of(field) == "date"
    today, now = date.today(), datetime.now(UTC)
    offsets = [0, 1, -1, 30, -30] if is_date else [0, 60, -60, 60 * 24 * 30, -60 * 24 * 30]
    for offset in offsets:  # days for dates, minutes for datetimes
        value = today + timedelta(days=offset) if is_date else now + timedelta(minutes=offset)
        if within(value, lower, upper, today=today, now=now):
            return day_source(offset) if is_date else moment_source(offset)
    for bound in lower + upper:
        if bound.dynamic is None:
            sign = 1 if bound in lower else -1
            return literal_time_source(field, bound.value, days=sign, seconds=sign)
    raise DataGenerationError(f"field `{field.name}`: no date satisfies its bounds")


def is_stored_input(field: Field) -> bool:
    return not field.has(Computed)


def has_default(field: Field) -> bool:
    return field.has(Default)


def entity_of(spec: Spec, name: str) -> Entity:
    entity = spec.entity(name)
    if entity is None:
        raise DataGenerationError(f"unknown entity {name}")
    return entity
