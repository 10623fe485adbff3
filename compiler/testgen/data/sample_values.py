"""Values for the generated tests: valid field values, pattern examples, boundary values.

Everything here returns Python source for the generated test code. Values are
Python values (`Decimal("0.01")`, `date.today() + timedelta(days=1)`); the
generated factory turns them into JSON for API bodies. A value may use `n`, the
factory's row counter, to keep unique fields distinct within one test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from compiler.analyse.values import utc_iso
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
from compiler.ir.unmet import UnmetSpec
from compiler.testgen.clock import SPEC_CLOCK, SPEC_TODAY
from compiler.translate.names import snake, title


class DataGenerationError(UnmetSpec):
    """The spec asks for test data this generator cannot derive (reported at compile time,
    as E641 at `span`: the field or rule whose data could not be made, when known)."""


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
    """The lower and upper bounds of a number or time field; a number's bound on the values
    its scale can hold (`min 0.01` on `decimal(8, 1)` is `min 0.1`)."""
    lower, upper = [], []
    for rule in field.rules:
        if isinstance(rule, (Minimum, Maximum)):
            bound = on_grid(field, bound_of(rule.value, rule.exclusive), isinstance(rule, Minimum))
            (lower if isinstance(rule, Minimum) else upper).append(bound)
    return lower, upper


def on_grid(field: Field, bound: Bound, lower: bool) -> Bound:
    """The nearest inclusive bound the field can store: the first value of its scale inside."""
    if kind_of(field) not in ("int", "decimal", "money") or not isinstance(bound.value, Decimal):
        return bound
    unit = step(field)
    cells = bound.value / unit
    inside = cells.to_integral_value(ROUND_CEILING if lower else ROUND_FLOOR)
    if bound.exclusive and inside == cells:
        inside += 1 if lower else -1
    return Bound(inside * unit, False, None)


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
    raise DataGenerationError(f"field `{field.name}`: no number satisfies its bounds", field.span)


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
    moment = f'datetime.fromisoformat("{utc_iso(text)}")'
    return f"{moment} + timedelta(seconds={seconds})" if seconds else moment


def time_value(field: Field) -> str:
    """A valid date or datetime: now/today, else just inside the nearest bound."""
    lower, upper = bounds(field)
    is_date = kind_of(field) == "date"
    today, now = SPEC_TODAY, SPEC_CLOCK
    offsets = [0, 1, -1, 30, -30] if is_date else [0, 60, -60, 60 * 24 * 30, -60 * 24 * 30]
    for offset in offsets:  # days for dates, minutes for datetimes
        value = today + timedelta(days=offset) if is_date else now + timedelta(minutes=offset)
        if within(value, lower, upper, today=today, now=now):
            return day_source(offset) if is_date else moment_source(offset)
    for bound in lower + upper:
        if bound.dynamic is None:
            sign = 1 if bound in lower else -1
            return literal_time_source(field, bound.value, days=sign, seconds=sign)
    raise DataGenerationError(f"field `{field.name}`: no date satisfies its bounds", field.span)


def is_stored_input(field: Field) -> bool:
    return not field.has(Computed)


def has_default(field: Field) -> bool:
    return field.has(Default)


def entity_of(spec: Spec, name: str) -> Entity:
    entity = spec.entity(name)
    if entity is None:
        raise DataGenerationError(f"unknown entity {name}")
    return entity
