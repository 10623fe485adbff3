"""SQL queries per list request of the example apps, at page sizes 10 and 100.

Run with `.venv/bin/python bench/queries.py [--app helpdesk|inventory|bookings] [--sql]`
(all three apps by default; `--sql` also prints the statements). Each app is
measured in its own subprocess (every example is a package named `app`): it
copies `examples/<app>` to a temporary directory (so nothing is written into the
committed example), points `DATABASE_URL` at a SQLite file there, migrates it
with alembic and seeds it, then for each listed entity and for two roles counts
the statements the app's engine executes (a `before_cursor_execute` listener)
during one `TestClient` GET `/api/<plural>?limit=N`. The count must not grow
with the page: a list costing the same at 10 and 100 rows has no N+1 query.

- helpdesk: 120 rows per entity (every ticket linked to 3 tags), every entity,
  as admin and customer (the customer reads tickets `own`);
- inventory: 130 products with 2 stock moves each, 130 sales orders with 2 lines
  each in every status, so `on_hand`/`reserved`/`available`/`subtotal` are
  non-trivial; products and sales orders as clerk and manager (every inventory
  role reads both with `all`: the clerk's `own` is on update only);
- bookings: 150 spaces (125 bookable), 330 bookings (the member's own requests,
  others' requests, confirmed, completed with seats for `largest_group` and
  `average_group`); spaces and bookings as member (`where` read filters) and
  manager (`all`). Bookings' `max_page_size` is 50, so its large page is 50.

Rows of inventory and bookings are inserted with the example's own
`tests/factories.py` `Factory`, imported from the copied app.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "helpdesk"
ROWS_PER_ENTITY = 120
TAGS_PER_TICKET = 3
PAGE_SIZES = (10, 100)
ENTITIES = (
    ("Product", "products"),
    ("Ticket", "tickets"),
    ("Comment", "comments"),
    ("Tag", "tags"),
)


@dataclass(frozen=True)
class AppCase:
    """What to measure in one example app: entities, the two roles, the page sizes."""

    entities: tuple[tuple[str, str], ...]
    roles: tuple[str, ...]
    page_sizes: tuple[int, int]


APPS = {
    "helpdesk": AppCase(ENTITIES, ("admin", "customer"), PAGE_SIZES),
    "inventory": AppCase(
        (("Product", "products"), ("SalesOrder", "sales-orders")), ("clerk", "manager"), PAGE_SIZES
    ),
    # bookings' max_page_size is 50: a larger limit is refused with 422.
    "bookings": AppCase(
        (("Space", "spaces"), ("Booking", "bookings")), ("member", "manager"), (10, 50)
    ),
}


@dataclass
class QueryLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@contextmanager
def count_queries(engine: Engine) -> Iterator[QueryLog]:
    """Record every statement `engine` sends to the database while the block runs."""
    log = QueryLog()

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany) -> None:
        log.statements.append(" ".join(statement.split()))

    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


def copy_example(target: Path, app: str = "helpdesk") -> Path:
    """A private copy of the example app (without caches, databases or its audit log)."""
    app_dir = target / app
    shutil.copytree(
        ROOT / "examples" / app,
        app_dir,
        ignore=shutil.ignore_patterns("__pycache__", "*.db", ".specc", ".venv"),
    )
    return app_dir


def load_app(app_dir: Path, database_url: str):
    """Import the example's `app` package from `app_dir` with `DATABASE_URL` set; migrate."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "bench-queries-secret-key-0123456789abcdef")
    sys.dont_write_bytecode = True
    sys.path.insert(0, str(app_dir))
    from alembic import command
    from alembic.config import Config

    config = Config(str(app_dir / "alembic.ini"))
    config.set_main_option("script_location", str(app_dir / "migrations"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")
    # alembic.ini's `prepend_sys_path = .` puts the working directory first; the
    # copied app's own `tests` package (its factories) must win over the repo's.
    sys.path.insert(0, str(app_dir))
    return importlib.import_module("app.main")


def seed(engine: Engine) -> dict[str, int]:
    """Users of each role and 120 rows of every entity; returns the user ids by role."""
    from app.core.security import hash_password
    from app.models.comment import Comment
    from app.models.product import Product
    from app.models.tag import Tag
    from app.models.ticket import Ticket, TicketTagsLink
    from app.models.user import Role, User
    from sqlmodel import Session

    n = ROWS_PER_ENTITY
    with Session(engine) as session:
        password = hash_password("correct horse battery")
        users = {
            role.value: User(
                email=f"{role.value}@example.com",
                name=role.value,
                role=role,
                password_hash=password,
            )
            for role in Role
        }
        session.add_all(users.values())
        session.flush()
        products = [
            Product(
                name=f"Product {i:03d}",
                code=f"{chr(65 + i // 676 % 26)}{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}",
                support_email=f"support{i}@example.com",
            )
            for i in range(n)
        ]
        tags = [Tag(name=f"tag-{i}") for i in range(n)]
        session.add_all([*products, *tags])
        session.flush()
        tickets = [
            Ticket(
                title=f"Ticket number {i}",
                body="Something is broken.",
                product_id=products[i % n].id,
                opened_by_id=users["customer"].id,
                assignee_id=users["agent"].id,
            )
            for i in range(n)
        ]
        session.add_all(tickets)
        session.flush()
        session.add_all(
            TicketTagsLink(ticket_id=ticket.id, tag_id=tags[(i + k) % n].id)
            for i, ticket in enumerate(tickets)
            for k in range(TAGS_PER_TICKET)
        )
        session.add_all(
            Comment(
                ticket_id=tickets[i % n].id,
                author_id=users["agent"].id,
                body=f"Comment {i}",
                internal=False,
            )
            for i in range(n)
        )
        session.commit()
        return {role: user.id for role, user in users.items()}


def seed_inventory(engine: Engine) -> dict[str, int]:
    """130 products with stock, 130 sales orders in every status with 2 lines each."""
    from app.models.sales_order import SalesOrder
    from sqlmodel import Session
    from tests.factories import Factory

    n = 130
    with Session(engine) as session:
        f = Factory(session)
        users = {role: f.user(role) for role in ("viewer", "clerk", "manager")}
        other_clerk = f.user("clerk")
        suppliers = [f.supplier(active=True) for _ in range(5)]
        products = [
            f.product(sku=f"{i:08d}", supplier=suppliers[i % 5], reorder_level=i, active=i % 7 != 0)
            for i in range(n)
        ]
        for i, product in enumerate(products):
            f.stock_move(product=product, kind="receipt", quantity=100, recorded_by=users["clerk"])
            f.stock_move(
                product=product, kind="write_off", quantity=-(i % 9) - 1, recorded_by=users["clerk"]
            )
        manager_id = users["manager"].id
        statuses = ("draft", "submitted", "shipped", "cancelled")
        for i in range(n):
            clerk = users["clerk"] if i % 2 else other_clerk
            order = f.sales_order(
                number=f"SO-{i:05d}", status="draft", created_by=clerk, handled_by=clerk
            )
            for k in range(2):
                f.order_line(
                    sales_order=order, product=products[(i + k * 7) % n], quantity=k + 1 + i % 5
                )
            status = statuses[i % 4]
            if status != "draft":
                row = session.get(SalesOrder, order.id)
                row.status = status
                if status == "shipped":
                    row.shipped_at = row.ordered_at
                    row.shipped_by_id = manager_id
                session.add(row)
                session.commit()
        return {role: user.id for role, user in users.items()}


def seed_bookings(engine: Engine) -> dict[str, int]:
    """150 spaces (125 bookable) at 3 sites; 330 bookings in every status."""
    from datetime import date, timedelta

    from sqlmodel import Session
    from tests.factories import Factory

    with Session(engine) as session:
        f = Factory(session)
        users = {role: f.user(role) for role in ("member", "staff", "manager")}
        others = [f.user("member") for _ in range(5)]
        sites = [f.site() for _ in range(3)]
        spaces = [
            f.space(
                name=f"Space {i:03d}",
                code=f"S{i:03d}",
                site=sites[i % 3],
                capacity=20,
                bookable=i % 6 != 5,
            )
            for i in range(150)
        ]
        bookable = [space for space in spaces if space.bookable]
        later = date.today() + timedelta(days=30)
        earlier = date.today() - timedelta(days=30)
        for i in range(330):
            kind = i % 4
            values = {
                "space": bookable[i % len(bookable)],
                "start_hour": 7 + i % 14,
                "seats": 1 + i % 12,
                "day": later + timedelta(days=i % 60),
            }
            if kind == 0:  # the member's own request
                f.booking(booked_by=users["member"], status="requested", **values)
            elif kind == 1:  # someone else's request: hidden from the member
                f.booking(booked_by=others[i % 5], status="requested", **values)
            elif kind == 2:
                f.booking(
                    booked_by=others[i % 5],
                    status="confirmed",
                    confirmed_by=users["staff"],
                    **values,
                )
            else:  # completed: feeds largest_group / average_group
                values["day"] = earlier - timedelta(days=i % 60)
                values["space"] = bookable[i // 4 % 40]  # about 2 per space, different sizes
                f.booking(
                    booked_by=others[i % 5],
                    status="completed",
                    confirmed_by=users["staff"],
                    **values,
                )
        return {role: user.id for role, user in users.items()}


SEEDERS = {"helpdesk": seed, "inventory": seed_inventory, "bookings": seed_bookings}


@dataclass
class Measurement:
    entity: str
    role: str
    counts: dict[int, int]
    rows: dict[int, int]
    statements: dict[int, list[str]]
    errors: list[str]
    app: str = "helpdesk"


def measure(
    client, engine: Engine, user_ids: dict[str, int], case: AppCase = APPS["helpdesk"]
) -> list[Measurement]:
    from app.core.security import create_token

    results = []
    for role in case.roles:
        headers = {"Authorization": f"Bearer {create_token(user_ids[role])}"}
        for entity, plural in case.entities:
            m = Measurement(entity, role, {}, {}, {}, [])
            for size in case.page_sizes:
                with count_queries(engine) as log:
                    response = client.get(f"/api/{plural}", params={"limit": size}, headers=headers)
                if response.status_code != 200:
                    m.errors.append(
                        f"limit={size}: HTTP {response.status_code} {response.text[:200]}"
                    )
                    continue
                m.counts[size] = log.count
                m.rows[size] = len(response.json()["data"])
                m.statements[size] = log.statements
            results.append(m)
    return results


def run_app(app: str) -> list[Measurement]:
    """Copy, migrate, seed and measure one example app in this process."""
    warnings.filterwarnings("ignore", message="Using `httpx`")
    work = Path(tempfile.mkdtemp(prefix=f"specc-bench-queries-{app}-"))
    try:
        app_dir = copy_example(work, app)
        main_module = load_app(app_dir, f"sqlite:///{work / 'bench.db'}")
        from app.core import db
        from fastapi.testclient import TestClient

        user_ids = SEEDERS[app](db.engine)
        with TestClient(main_module.app) as client:
            results = measure(client, db.engine, user_ids, APPS[app])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for m in results:
        m.app = app
    return results


def run_in_subprocess(app: str) -> list[Measurement]:
    """`run_app` in a fresh interpreter (each example's package is called `app`)."""
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", app],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    if proc.returncode != 0:
        m = Measurement(
            "-", "-", {}, {}, {}, [f"worker failed: {proc.stderr.strip()[-2000:]}"], app
        )
        return [m]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return [
        Measurement(
            d["entity"],
            d["role"],
            {int(k): v for k, v in d["counts"].items()},
            {int(k): v for k, v in d["rows"].items()},
            {int(k): v for k, v in d["statements"].items()},
            d["errors"],
            d["app"],
        )
        for d in data
    ]


def fmt_table(header: list[str], rows: list[list[str]], left: int = 2) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [c.ljust(w) for c, w in zip(row[:left], widths[:left], strict=True)]
        cells += [c.rjust(w) for c, w in zip(row[left:], widths[left:], strict=True)]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sql", action="store_true", help="print the statements of each request")
    parser.add_argument(
        "--app", choices=sorted(APPS), action="append", help="measure only this app (repeatable)"
    )
    parser.add_argument("--worker", choices=sorted(APPS), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        results = run_app(args.worker)
        print(json.dumps([m.__dict__ for m in results]))
        return 0

    apps = args.app or list(APPS)
    results = [m for app in apps for m in run_in_subprocess(app)]

    print(
        f"SQL statements per GET /api/<plural>?limit=N of examples/{{{','.join(apps)}}} (SQLite; "
        f"helpdesk: {ROWS_PER_ENTITY} rows per entity, {TAGS_PER_TICKET} tags per ticket)\n"
    )
    header = [
        "app",
        "entity",
        "as",
        "small",
        "rows",
        "queries",
        "large",
        "rows",
        "queries",
        "equal",
    ]
    rows, equal_all = [], True
    for m in results:
        cells = [m.app, m.entity, m.role]
        for size in APPS[m.app].page_sizes:
            cells += [str(size), str(m.rows.get(size, "-")), str(m.counts.get(size, "-"))]
        equal = not m.errors and len(set(m.counts.values())) == 1
        equal_all &= equal
        cells.append("yes" if equal else "NO")
        rows.append(cells)
    print(fmt_table(header, rows, left=3))
    for m in results:
        for error in m.errors:
            print(f"error: {m.app} {m.entity} as {m.role}: {error}")
    print(
        "\nthe queries are: the signed-in user (by primary key), the count, the page, "
        "one query per list field for the whole page (Ticket.tags, Space.amenities) and "
        "one for the computed fields of the whole page (Ticket.age_days, Product.on_hand, ...)"
    )
    verdict = "MET" if equal_all else "NOT MET"
    print(f"target: the same number of queries at the small and the large page: {verdict}")
    if args.sql:
        for m in results:
            size = APPS[m.app].page_sizes[-1]
            print(f"\n{m.app} {m.entity} as {m.role}, limit={size}:")
            for statement in m.statements.get(size, []):
                print(f"  {statement[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
