"""Hypothesis strategies for the agreement test's rows: a database with nulls in it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from tests.translate.agreement.strategies import FIRST_DAY, STATUSES, TEXT


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


DECIMALS = st.integers(-200, 200).map(lambda k: Decimal(k) / 4)
DAYS = st.integers(0, 180).map(lambda n: FIRST_DAY + timedelta(days=n))
TIMES = st.tuples(st.integers(0, 180), st.integers(1, 86_399)).map(
    lambda t: datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=t[0], seconds=t[1])
)
"""Never exactly midnight: SQLite orders a date before its own midnight (see the xfails)."""


@st.composite
def site_row(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "name": draw(TEXT),
        "active": draw(st.booleans()),
        "opened_on": draw(_optional(DAYS)),
        "budget": draw(_optional(DECIMALS)),
        "boss_id": draw(st.sampled_from([1, 2])),
        "created_at": draw(TIMES),
    }


@st.composite
def item_row(draw: st.DrawFn, sites: int) -> dict[str, Any]:
    return {
        "name": draw(TEXT),
        "note": draw(_optional(TEXT)),
        "qty": draw(st.integers(-50, 50)),
        "extra": draw(_optional(st.integers(-50, 50))),
        "price": draw(DECIMALS),
        "weight": draw(_optional(DECIMALS)),
        "flag": draw(_optional(st.booleans())),
        "status": draw(st.sampled_from(STATUSES)),
        "made_on": draw(DAYS),
        "due": draw(_optional(DAYS)),
        "site_id": draw(_optional(st.integers(1, sites))),
        "made_by_id": draw(st.sampled_from([1, 2])),
        "created_at": draw(TIMES),
    }


USERS = [
    {"id": 1, "email": "ann@x.io", "name": "Ann", "role": "clerk"},
    {"id": 2, "email": "bob@x.io", "name": "bob", "role": "boss"},
]


@st.composite
def database(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    """Rows of every table, ids from 1; at least one Site and one Item."""
    sites = draw(st.lists(site_row(), min_size=1, max_size=3))
    items = draw(st.lists(item_row(len(sites)), min_size=1, max_size=4))
    tables = {"User": [dict(u) for u in USERS], "Site": sites, "Item": items}
    for rows in tables.values():
        for number, row in enumerate(rows, start=1):
            row["id"] = number
    for user in tables["User"]:
        user["created_at"] = datetime(2023, 12, 31, 8, tzinfo=UTC)
    return tables
