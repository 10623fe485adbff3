"""Strategies for `if`, scalar `max`/`min`, text tests, date parts and durations.

Each builder is given the grammar (`strategies.expression`, bound to where the construct
stands) as a `Grammar`: the expressions of a type it may combine.
"""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

Grammar = Callable[[str], st.SearchStrategy[str]]
"""Expressions of a type: int, dec, bool, text, date, datetime or duration."""


@st.composite
def conditional(draw: st.DrawFn, sub: Grammar, kind: str) -> str:
    """`if c then a else b` with branches of `kind` (for ints, sometimes a null one)."""
    then, otherwise = draw(sub(kind)), draw(sub(kind))
    if kind == "int" and draw(st.integers(0, 4)) == 0:
        then = "null"
    return f"(if {draw(sub('bool'))} then {then} else {otherwise})"


@st.composite
def extreme(draw: st.DrawFn, sub: Grammar, kind: str) -> str:
    """Scalar `max(a, b, …)` / `min(…)` of values of `kind`."""
    values = [draw(sub(kind)) for _ in range(draw(st.integers(2, 3)))]
    return f"{draw(st.sampled_from(['max', 'min']))}({', '.join(values)})"


@st.composite
def date_part(draw: st.DrawFn, sub: Grammar) -> str:
    part = draw(st.sampled_from(["year", "month", "day", "weekday"]))
    return f"{part}({draw(sub(draw(st.sampled_from(['date', 'datetime']))))})"


@st.composite
def text_test(draw: st.DrawFn, sub: Grammar) -> str:
    func = draw(st.sampled_from(["contains", "starts_with", "ends_with"]))
    return f"{func}({draw(sub('text'))}, {draw(sub('text'))})"


@st.composite
def duration(draw: st.DrawFn, sub: Grammar) -> str:
    choice = draw(st.sampled_from(["unit", "unit", "op", "between", "if", "extreme"]))
    if choice == "unit":
        unit = draw(st.sampled_from(["hours", "minutes", "days"]))
        return f"{unit}({draw(st.one_of(sub('int'), sub('dec')))})"
    if choice == "op":
        return (
            f"({draw(sub('duration'))} {draw(st.sampled_from(['+', '-']))} {draw(sub('duration'))})"
        )
    if choice == "between":
        return f"({draw(sub('datetime'))} - {draw(sub('datetime'))})"
    if choice == "if":
        return draw(conditional(sub, "duration"))
    return draw(extreme(sub, "duration"))


def duration_leaf(counts: list[str]) -> st.SearchStrategy[str]:
    """A duration a datetime moves by: whole seconds (an int literal or one of `counts`), so
    SQLite's milliseconds are exact."""
    return st.builds(
        lambda unit, count: f"{unit}({count})",
        st.sampled_from(["hours", "minutes", "days"]),
        st.one_of(st.integers(-20, 20).map(str), st.sampled_from(counts)),
    )
