"""Runtime helpers of expressions compiled to Python: SQL's semantics, null included."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, localcontext


def and_(*values):
    """Kleene `and`: false wins, then null (unknown)."""
    result = True
    for value in values:
        if value is None:
            result = None
        elif not value:
            return False
    return result


def or_(*values):
    """Kleene `or`: true wins, then null (unknown)."""
    result = False
    for value in values:
        if value is None:
            result = None
        elif value:
            return True
    return result


def not_(value):
    return None if value is None else not value


def then(value, function):
    """`function(value)`, or None for None: reading through an empty reference."""
    return None if value is None else function(value)


def _plain(value):
    """Floats (decimals read back from SQLite) as Decimal, enumeration members as text."""
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, str) and type(value) is not str:
        return str(value)
    return value


def _instant(value):
    """A datetime with a zone (naive ones are UTC); a date is the start of its day."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return value


def _pair(left, right):
    left, right = _plain(left), _plain(right)
    if isinstance(left, datetime) or isinstance(right, datetime):
        return _instant(left), _instant(right)
    return left, right


def eq(left, right):
    if left is None or right is None:
        return None
    left, right = _pair(left, right)
    return left == right


def ne(left, right):
    return not_(eq(left, right))


def lt(left, right):
    if left is None or right is None:
        return None
    left, right = _pair(left, right)
    return left < right


def le(left, right):
    if left is None or right is None:
        return None
    left, right = _pair(left, right)
    return left <= right


def gt(left, right):
    return lt(right, left)


def ge(left, right):
    return le(right, left)


def in_(value, options):
    """`value in (options)`: `value == a or value == b or …`."""
    return or_(*(eq(value, option) for option in options))


def _numbers(left, right):
    """Two ints stay ints; anything else becomes two Decimals."""
    left, right = _plain(left), _plain(right)
    if type(left) is int and type(right) is int:
        return left, right
    return Decimal(left), Decimal(right)


def _timed(left, right) -> bool:
    """Whether `left ± right` is time arithmetic: a duration, or two datetimes."""
    if isinstance(left, timedelta) or isinstance(right, timedelta):
        return True
    return isinstance(left, datetime) and isinstance(right, datetime)


def _moved(moment, duration):
    """`moment + duration`: a datetime (naive ones are UTC) or, by whole days, a date."""
    try:
        if isinstance(moment, datetime):
            return _instant(moment) + duration
        return moment + duration
    except OverflowError:
        return None


def add(left, right):
    if left is None or right is None:
        return None
    if _timed(left, right):
        if isinstance(left, timedelta) and isinstance(right, timedelta):
            return left + right
        return _moved(right, left) if isinstance(left, timedelta) else _moved(left, right)
    if isinstance(left, str):
        return str(left) + str(right)
    left, right = _numbers(left, right)
    return left + right


def sub(left, right):
    if left is None or right is None:
        return None
    if _timed(left, right):
        if isinstance(right, timedelta) and not isinstance(left, timedelta):
            return _moved(left, -right)
        if isinstance(left, datetime):
            return _instant(left) - _instant(right)
        return left - right
    left, right = _numbers(left, right)
    return left - right


def mul(left, right):
    if left is None or right is None:
        return None
    left, right = _numbers(left, right)
    return left * right


def div(left, right):
    """Always a decimal (`7 / 2` is 3.5); null when dividing by zero."""
    if left is None or right is None:
        return None
    left, right = _numbers(left, right)
    if right == 0:
        return None
    return Decimal(left) / Decimal(right)


def mod(left, right):
    """SQL's `mod`: the remainder takes the sign of the dividend; null for `% 0`."""
    if left is None or right is None:
        return None
    left, right = _numbers(left, right)
    if right == 0:
        return None
    if isinstance(left, Decimal):
        return left % right  # Decimal's remainder already truncates towards zero
    remainder = abs(left) % abs(right)
    return -remainder if left < 0 else remainder


def neg(value):
    return None if value is None else -_plain(value)


def length(text):
    return None if text is None else len(text)


def lower(text):
    return None if text is None else str(text).lower()


def upper(text):
    return None if text is None else str(text).upper()


def abs_(value):
    return None if value is None else abs(_plain(value))


def round_(value, digits):
    """Rounded to `digits` places, half away from zero, as a Decimal."""
    if value is None or digits is None:
        return None
    with localcontext() as context:
        context.prec = 200
        exponent = Decimal(1).scaleb(-int(digits))
        return Decimal(_plain(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def coalesce(value, fallback):
    return fallback if value is None else value


def _day(value):
    return value.date() if isinstance(value, datetime) else value


def days_between(start, end):
    """Whole calendar days from start's date to end's date."""
    if start is None or end is None:
        return None
    return (_day(end) - _day(start)).days


def add_days(day, count):
    """`day` moved by `count` days; a date stays a date, a datetime a datetime."""
    if day is None or count is None:
        return None
    try:
        return day + timedelta(days=float(count))
    except OverflowError:
        return None


def greatest(*values):
    """Scalar `max(a, b, …)`: null if any value is null (as SQLite's `max`)."""
    if any(value is None for value in values):
        return None
    return max((_plain(value) for value in values), key=_key)


def least(*values):
    """Scalar `min(a, b, …)`: null if any value is null."""
    if any(value is None for value in values):
        return None
    return min((_plain(value) for value in values), key=_key)


def concat(*texts):
    """The texts joined; null if one is null."""
    if any(text is None for text in texts):
        return None
    return "".join(str(text) for text in texts)


def contains(text, part):
    return None if text is None or part is None else str(part) in str(text)


def starts_with(text, prefix):
    return None if text is None or prefix is None else str(text).startswith(str(prefix))


def ends_with(text, suffix):
    return None if text is None or suffix is None else str(text).endswith(str(suffix))


_SLUG_SEPARATORS = re.compile(r"[^A-Za-z0-9]+")


def slug(text):
    """Runs of anything but ASCII letters and digits become one '-', none at either end,
    letters lowered: `slug("Hello, World!")` is "hello-world"."""
    if text is None:
        return None
    return _SLUG_SEPARATORS.sub("-", str(text)).strip("-").lower()


def _utc_date(value):
    """The date of a date, or of a datetime in UTC (naive ones are UTC already)."""
    return _instant(value).date() if isinstance(value, datetime) else value


def year(value):
    return None if value is None else _utc_date(value).year


def month(value):
    return None if value is None else _utc_date(value).month


def day(value):
    return None if value is None else _utc_date(value).day


def weekday(value):
    """ISO: Monday 1 … Sunday 7."""
    return None if value is None else _utc_date(value).isoweekday()


def _duration(count, seconds):
    if count is None:
        return None
    try:
        return timedelta(seconds=float(_plain(count) * seconds))
    except OverflowError:
        return None


def hours(count):
    return _duration(count, 3600)


def minutes(count):
    return _duration(count, 60)


def days(count):
    return _duration(count, 86400)


def count(rows, where=None):
    """Rows whose condition is true (not false, not null)."""
    return sum(1 for row in rows if where is None or where(row))


def _values(rows, value, where):
    found = (value(row) for row in rows if where is None or where(row))
    return [_plain(v) for v in found if v is not None]


def sum_(rows, value, where=None):
    """The total of the non-null values; 0 over none."""
    total = 0
    for item in _values(rows, value, where):
        total = add(total, item)
    return total


def _key(value):
    return _instant(value) if isinstance(value, datetime) else value


def min_(rows, value, where=None):
    values = _values(rows, value, where)
    return min(values, key=_key) if values else None


def max_(rows, value, where=None):
    values = _values(rows, value, where)
    return max(values, key=_key) if values else None


def avg(rows, value, where=None):
    """The mean of the non-null values, as a Decimal; null over none."""
    values = _values(rows, value, where)
    if not values:
        return None
    return Decimal(sum_(values, lambda v: v)) / len(values)
