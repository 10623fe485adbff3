"""SQL queries per list request of the helpdesk example app, at page sizes 10 and 100.

Run with `.venv/bin/python bench/queries.py` (`--sql` also prints the statements).
In-process: copies `examples/helpdesk` to a temporary directory (so nothing is
written into the committed example), points `DATABASE_URL` at a SQLite file
there, migrates it with alembic, seeds 120 rows per entity (every ticket linked
to 3 tags), then for each entity and for an admin and a customer counts the
statements the app's engine executes (a `before_cursor_execute` listener)
during one `TestClient` GET `/api/<plural>?limit=N`. The count must not grow
with the page: a list costing the same at 10 and 100 rows has no N+1 query.
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
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


def copy_example(target: Path) -> Path:
    """A private copy of the example app (without caches, databases or its audit log)."""
    app_dir = target / "helpdesk"
    shutil.copytree(
        EXAMPLE, app_dir, ignore=shutil.ignore_patterns("__pycache__", "*.db", ".specc", ".venv")
    )
    return app_dir


def load_app(app_dir: Path, database_url: str):
    """Import the example's `app` package from `app_dir` with `DATABASE_URL` set; migrate."""
    os.environ["DATABASE_URL"] = database_url
    sys.dont_write_bytecode = True
    sys.path.insert(0, str(app_dir))
    from alembic import command
    from alembic.config import Config

    config = Config(str(app_dir / "alembic.ini"))
    config.set_main_option("script_location", str(app_dir / "migrations"))
    config.attributes["database_url"] = database_url
    command.upgrade(config, "head")
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


@dataclass
class Measurement:
    entity: str
    role: str
    counts: dict[int, int]
    rows: dict[int, int]
    statements: dict[int, list[str]]
    errors: list[str]


def measure(client, engine: Engine, user_ids: dict[str, int]) -> list[Measurement]:
    from app.core.security import create_token

    results = []
    for role in ("admin", "customer"):
        headers = {"Authorization": f"Bearer {create_token(user_ids[role])}"}
        for entity, plural in ENTITIES:
            m = Measurement(entity, role, {}, {}, {}, [])
            for size in PAGE_SIZES:
                with count_queries(engine) as log:
                    response = client.get(f"/api/{plural}", params={"limit": size}, headers=headers)
                if response.status_code != 200:
                    m.errors.append(f"limit={size}: HTTP {response.status_code}")
                    continue
                m.counts[size] = log.count
                m.rows[size] = len(response.json()["data"])
                m.statements[size] = log.statements
            results.append(m)
    return results


def fmt_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [c.ljust(w) for c, w in zip(row[:2], widths[:2], strict=True)]
        cells += [c.rjust(w) for c, w in zip(row[2:], widths[2:], strict=True)]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sql", action="store_true", help="print the statements of each request")
    args = parser.parse_args(argv)

    warnings.filterwarnings("ignore", message="Using `httpx`")
    work = Path(tempfile.mkdtemp(prefix="specc-bench-queries-"))
    try:
        app_dir = copy_example(work)
        main_module = load_app(app_dir, f"sqlite:///{work / 'bench.db'}")
        from app.core import db
        from fastapi.testclient import TestClient

        user_ids = seed(db.engine)
        with TestClient(main_module.app) as client:
            results = measure(client, db.engine, user_ids)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"SQL statements per GET /api/<plural>?limit=N of examples/helpdesk "
        f"({ROWS_PER_ENTITY} rows per entity, {TAGS_PER_TICKET} tags per ticket, SQLite)\n"
    )
    header = ["entity", "as"]
    for size in PAGE_SIZES:
        header += [f"rows@{size}", f"queries@{size}"]
    header.append("equal")
    rows, equal_all = [], True
    for m in results:
        cells = [m.entity, m.role]
        for size in PAGE_SIZES:
            cells += [str(m.rows.get(size, "-")), str(m.counts.get(size, "-"))]
        equal = not m.errors and len(set(m.counts.values())) == 1
        equal_all &= equal
        cells.append("yes" if equal else "NO")
        rows.append(cells)
    print(fmt_table(header, rows))
    for m in results:
        for error in m.errors:
            print(f"error: {m.entity} as {m.role}: {error}")
    print(
        "\nthe queries are: the signed-in user (by primary key), the count, the page, "
        "and one query per list field for the whole page (Ticket.tags)"
    )
    verdict = "MET" if equal_all else "NOT MET"
    print(f"target: the same number of queries at page size 10 and 100: {verdict}")
    if args.sql:
        for m in results:
            size = PAGE_SIZES[-1]
            print(f"\n{m.entity} as {m.role}, limit={size}:")
            for statement in m.statements.get(size, []):
                print(f"  {statement[:160]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
