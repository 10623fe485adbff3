"""Evaluating one expression both ways: SqlCompiler's source on SQLite, PyCompiler's in Python."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from compiler.check.expr_types import ExprTyper, Scope
from compiler.diagnostics import Diagnostics
from compiler.ir.expr import Expr
from compiler.ir.model import Spec
from compiler.ir.span import Span
from compiler.parse.expr_parser import parse_expression
from compiler.translate.python import PyCompiler, runtime
from compiler.translate.sql import SqlCompiler
from tests.translate.agreement.schema import App
from tests.translate.agreement.strategies import NOW, TODAY

PX = runtime()
USER = SimpleNamespace(id=1, email="ann@x.io", name="Ann", role="clerk")


def parse_checked(spec: Spec, entity: str, source: str) -> Expr:
    """The expression of `source`, which must parse and type-check in `entity`'s scope."""
    diags = Diagnostics()
    expr = parse_expression(source, Span.point(1, 1), diags)
    assert expr is not None, diags.items
    found = spec.entity(entity)
    ExprTyper(spec, diags).type_of(expr, Scope(found, found))
    assert not diags.items, (source, [d.message for d in diags.items])
    return expr


def _clock() -> dict[str, Any]:
    return {"date": SimpleNamespace(today=lambda: TODAY), "utc_now": lambda: NOW}


def fill(app: App, tables: dict[str, list[dict[str, Any]]]) -> None:
    with app.engine.begin() as connection:
        for name in ("Item", "Site", "User"):
            connection.execute(sa.delete(app.models[name]))
        for name in ("User", "Site", "Item"):
            rows = tables[name]
            if name == "User":
                rows = [{**r, "password_hash": "x", "is_active": True} for r in rows]
            connection.execute(sa.insert(app.models[name]), rows)


def by_sql(app: App, spec: Spec, entity: str, kind: str, expr: Expr, row_id: int) -> Any:
    """The value SQLite computes. Numbers are read raw: SQLAlchemy would round a value typed
    `Numeric(14, 2)` (`qty / price`) to 2 places when reading it back from SQLite."""
    compiled = SqlCompiler(spec, spec.entity(entity)).compile(expr)
    namespace: dict[str, Any] = {
        "sa": sa,
        "aliased": aliased,
        "Decimal": Decimal,
        "user": USER,
        **{name: getattr(app.sql, name) for name in compiled.needs if hasattr(app.sql, name)},
        **app.models,
        **_clock(),
    }
    for line in compiled.prelude:
        exec(line, namespace)
    value = eval(compiled.source, namespace)
    if kind in ("int", "dec", "duration"):
        value = sa.type_coerce(value, sa.Numeric(asdecimal=False))
    model = app.models[entity]
    with app.engine.connect() as connection:
        return connection.execute(sa.select(value).where(model.id == row_id)).scalar_one()


def by_python(spec: Spec, entity: str, expr: Expr, tables: dict[str, list[dict]], row_id: int):
    compiled = PyCompiler(spec, spec.entity(entity)).compile(expr)
    objects = {
        name: {row["id"]: SimpleNamespace(**row) for row in rows} for name, rows in tables.items()
    }
    namespace: dict[str, Any] = {
        "px": PX,
        "Decimal": Decimal,
        "user": USER,
        "load": lambda model, key: objects[model].get(key),
        "rows": lambda model: list(objects[model].values()),
        "row": objects[entity][row_id],
        # the in-memory load/rows take entity names where the app passes model classes
        **{name: name for name in objects},
        **_clock(),
    }
    for line in compiled.prelude:
        exec(line, namespace)
    assert compiled.needs <= set(namespace)
    return eval(compiled.source, namespace)


def normalise(kind: str, value: Any) -> Any:
    """One representation per type: SQLite hands back 0/1, floats, naive datetimes."""
    if value is None:
        return None
    if kind == "bool":
        assert value in (0, 1), value
        return bool(value)
    if kind in ("int", "dec"):
        assert isinstance(value, int | float | Decimal) and not isinstance(value, bool), value
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if kind == "text":
        assert isinstance(value, str), value
        return str(value)
    if kind == "date":
        if isinstance(value, str):
            value = date.fromisoformat(value)
        return value
    if kind == "duration":
        if isinstance(value, timedelta):
            return value
        assert isinstance(value, int | float) and not isinstance(value, bool), value
        return timedelta(seconds=value)
    if kind == "datetime":
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        assert isinstance(value, datetime), value
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    raise AssertionError(kind)


MILLISECOND = timedelta(milliseconds=1)
"""SQLite's date functions keep milliseconds."""


def same(kind: str, left: Any, right: Any) -> bool:
    if kind in ("int", "dec") and left is not None and right is not None:
        return math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)
    if kind == "duration" and left is not None and right is not None:
        return abs(left - right) < MILLISECOND
    return left == right and type(left) is type(right)
