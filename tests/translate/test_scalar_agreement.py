"""Pinned cases of `if`, scalar `max`/`min`, the text functions, date parts and durations:
SqlCompiler and PyCompiler agree on each, on SQLite and on PostgreSQL, and give the value
section 8 of the language documents (null semantics included).

The PostgreSQL run uses a throwaway server (`tests/support/postgres.py`) and is skipped
with its reason where none can be had. Two mutations show the agreement check bites: a
`max` that skips nulls (PostgreSQL's `GREATEST`) and an `if` whose null condition picks
`then`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel

from compiler.ir.model import Spec
from tests.support.postgres import fresh_database, postgres_url
from tests.translate.agreement.evaluate import (
    PX,
    by_python,
    by_sql,
    fill,
    normalise,
    parse_checked,
    same,
)
from tests.translate.agreement.schema import App, analysed_spec, load_app
from tests.translate.test_expr_agreement import fixed_tables

__all__ = ["postgres_url"]  # the session fixture, used by `pg_app`

ITEM = {"note": "50%_off", "extra": None, "made_on": date(2024, 3, 3)}
"""Item 1: qty 7, price 2.50, name "bolt", made on a Sunday, created 2024-03-10 12:00 UTC."""
NOW = datetime(2024, 3, 10, 12, 30, tzinfo=UTC)

CASES: list[tuple[str, str, Any]] = [
    ("int", "if qty > 3 then qty else 0", 7),
    ("int", "if extra > 3 then 1 else 2", 2),  # a null condition takes the else branch
    ("int", "if flag then 1 else 2", 2),
    ("int", "if qty > 3 then null else 1", None),
    ("dec", "if qty < 3 then price else qty", Decimal(7)),
    ("text", 'if qty > 3 then name else "none"', "bolt"),
    ("int", "max(qty, 3, -1)", 7),
    ("int", "min(qty, 3, -1)", -1),
    ("int", "max(qty, extra)", None),  # null if any is null (not GREATEST's skipping)
    ("int", "min(extra, qty)", None),
    ("dec", "max(qty, price)", Decimal(7)),
    ("text", 'max(name, "zz")', "zz"),
    ("date", "min(made_on, today())", date(2024, 3, 3)),
    ("datetime", "max(created_at, now())", NOW),
    ("text", 'concat(name, "-", name)', "bolt-bolt"),
    ("text", "concat(name, site.name)", None),  # Item 1 has no site
    ("bool", 'contains(note, "%_")', True),
    ("bool", 'contains("abc", "_")', False),
    ("bool", 'contains(name, "OL")', False),  # case sensitive
    ("bool", 'starts_with(name, "bo")', True),
    ("bool", 'starts_with(name, "bolts")', False),
    ("bool", 'ends_with(name, "lt")', True),
    ("bool", 'ends_with(name, "xbolt")', False),
    ("bool", 'ends_with(name, "")', True),
    ("bool", 'contains(site.name, "a")', None),
    ("text", 'slug("  Hello, World! Ça va? 42 ")', "hello-world-a-va-42"),
    ("text", 'slug("---")', ""),
    ("text", "slug(note)", "50-off"),
    ("int", "year(made_on)", 2024),
    ("int", "month(made_on)", 3),
    ("int", "day(made_on)", 3),
    ("int", "weekday(made_on)", 7),  # ISO: Sunday is 7
    ("int", "weekday(add_days(made_on, 1))", 1),
    ("int", "day(created_at)", 10),
    ("int", "weekday(now())", 7),
    ("duration", "hours(2) + minutes(30)", timedelta(hours=2, minutes=30)),
    ("duration", "days(qty)", timedelta(days=7)),
    ("duration", "hours(0.25)", timedelta(minutes=15)),
    ("duration", "now() - created_at", timedelta(minutes=30)),
    ("duration", "created_at - now()", timedelta(minutes=-30)),
    ("datetime", "now() + hours(1)", NOW + timedelta(hours=1)),
    ("datetime", "created_at - minutes(90)", datetime(2024, 3, 10, 10, 30, tzinfo=UTC)),
    ("datetime", "days(1) + created_at", datetime(2024, 3, 11, 12, tzinfo=UTC)),
    ("date", "made_on + days(3)", date(2024, 3, 6)),
    ("date", "made_on - days(3)", date(2024, 2, 29)),
    ("bool", "created_at > now() - hours(1)", True),
    ("bool", "now() - created_at >= minutes(31)", False),
    ("bool", "made_on < now() - days(6)", True),
    ("duration", "max(hours(1), minutes(61))", timedelta(minutes=61)),
]
"""(type, expression over Item 1, the value the language defines)."""


def _tables() -> dict:
    return fixed_tables(**ITEM)


def _both(app: App, spec: Spec, kind: str, source: str) -> tuple[Any, Any]:
    expr = parse_checked(spec, "Item", source)
    tables = _tables()
    fill(app, tables)
    sql = normalise(kind, by_sql(app, spec, "Item", kind, expr, 1))
    python = normalise(kind, by_python(spec, "Item", expr, tables, 1))
    return sql, python


@pytest.fixture(scope="module")
def spec() -> Spec:
    return analysed_spec()


@pytest.fixture(scope="module")
def app(spec: Spec, tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    loaded = load_app(spec, tmp_path_factory.mktemp("scalar_app"))
    try:
        yield loaded
    finally:
        loaded.close()


@pytest.fixture(scope="module")
def pg_app(app: App, postgres_url: str) -> Iterator[App]:
    """The same generated app on a new PostgreSQL database."""
    engine = sa.create_engine(fresh_database(postgres_url))
    SQLModel.metadata.create_all(engine, tables=app.tables)
    try:
        yield dataclasses.replace(app, engine=engine)
    finally:
        engine.dispose()


def _check(app: App, spec: Spec, kind: str, source: str, expected: Any) -> None:
    sql, python = _both(app, spec, kind, source)
    wanted = normalise(kind, expected)
    assert same(kind, sql, python), (sql, python)
    assert same(kind, python, wanted), (python, wanted)


@pytest.mark.parametrize(("kind", "source", "expected"), CASES)
def test_sqlite_and_python_give_the_documented_value(
    app: App, spec: Spec, kind: str, source: str, expected: Any
) -> None:
    _check(app, spec, kind, source, expected)


@pytest.mark.parametrize(("kind", "source", "expected"), CASES)
def test_postgres_and_python_give_the_documented_value(
    pg_app: App, spec: Spec, kind: str, source: str, expected: Any
) -> None:
    _check(pg_app, spec, kind, source, expected)


def test_a_max_that_skips_nulls_is_caught(
    app: App, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mutant: Python's `max` skipping nulls, as PostgreSQL's GREATEST would."""
    monkeypatch.setattr(PX, "greatest", lambda *values: max(v for v in values if v is not None))
    sql, python = _both(app, spec, "int", "max(qty, extra)")
    assert not same("int", sql, python)


def test_an_if_whose_null_condition_picks_then_is_caught(
    app: App, spec: Spec, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The mutant: the Python translation of `if` taking `then` unless the condition is false."""
    from compiler.translate import python

    original = python.PyCompiler._expr

    def mutant(self, expr, row, outer):  # type: ignore[no-untyped-def]
        from compiler.ir.expr import Conditional

        if isinstance(expr, Conditional):
            test = self._expr(expr.condition, row, outer)
            then, otherwise = (
                self._expr(expr.then, row, outer),
                self._expr(expr.otherwise, row, outer),
            )
            return f"({otherwise} if ({test}) is False else {then})"
        return original(self, expr, row, outer)

    monkeypatch.setattr(python.PyCompiler, "_expr", mutant)
    sql, python_value = _both(app, spec, "int", "if extra > 3 then 1 else 2")
    assert not same("int", sql, python_value)
