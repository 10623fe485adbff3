"""The moment every generated test runs at: `SPEC_CLOCK`.

The generated tests write times relative to their run (`utc_now() + timedelta(minutes=120)`),
and specc chooses those offsets at compile time by evaluating the spec's rules at one moment.
A rule over the calendar (`weekday(starts_at) <= 5`, `month(due_on) != 12`) holds on some days
and not on others, so a choice made for one day would fail the gate on another. The generated
conftest therefore moves each generated test's clock to this moment (ticking from there, with
time-machine), and the compiler evaluates at the same moment: the gate's outcome no longer
depends on the day it runs. A Monday at noon, mid-month and mid-year, keeps the offsets the
search tries (up to 30 days either way) clear of week-end, month-end and year-end.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

SPEC_CLOCK = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
SPEC_TODAY: date = SPEC_CLOCK.date()


def clock_source() -> str:
    """`SPEC_CLOCK` as the generated conftest writes it."""
    parts = (SPEC_CLOCK.year, SPEC_CLOCK.month, SPEC_CLOCK.day, SPEC_CLOCK.hour, SPEC_CLOCK.minute)
    return f"datetime({', '.join(map(str, parts))}, tzinfo=UTC)"
