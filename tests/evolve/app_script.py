"""Run inside a generated app (cwd = the app): migrate, fill, dump and read its database.

`python app_script.py STEP...` runs the steps in order on `$DATABASE_URL` and prints
one JSON object with what each returned, by step: `upgrade` runs `alembic upgrade
head`; `fill:N:START` inserts N rows of every entity with the app's own test
factories (numbers from START keep unique values distinct across calls);
`dump` (or `dump:LABEL`) returns every row of every table; `read:START` loads
every row through the app's models, requests every list and row of the API as a
new user of every role (numbered from START) and `/healthz`, and returns the
failures (a 5xx, a table a model cannot read) and the row counts.
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import tempfile
from pathlib import Path

APP = Path.cwd()
os.environ.setdefault("SECRET_KEY", "evolution-test-secret-key-0123456789abcdef")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="evolve-data-"))
sys.path.insert(0, str(APP))


def upgrade() -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(APP / "alembic.ini"))
    config.set_main_option("script_location", str(APP / "migrations"))
    config.attributes["database_url"] = os.environ["DATABASE_URL"]
    command.upgrade(config, "head")


def _entities() -> list[type]:
    import app.models as models

    return [getattr(models, name) for name in models.__all__ if name != "User"]


def fill(count: int, start: int) -> int:
    """Rows inserted; a row whose generated unique value is taken already is skipped (a
    factory draws pattern values from a short list)."""
    from app.core import db
    from sqlalchemy.exc import IntegrityError
    from sqlmodel import Session

    from tests.factories import Factory

    inserted = 0
    with Session(db.engine) as session:
        factory = Factory(session)
        factory._numbers = itertools.count(start)
        for entity in _entities():
            make = getattr(factory, entity.__module__.rsplit(".", 1)[1])
            for _ in range(count):
                try:
                    make()
                    session.commit()
                    inserted += 1
                except IntegrityError:
                    session.rollback()
    return inserted


def dump() -> dict[str, list[dict[str, object]]]:
    import sqlalchemy as sa
    from app.core import db

    tables = {}
    with db.engine.connect() as connection:
        for name in sorted(sa.inspect(connection).get_table_names()):
            if name == "alembic_version":
                continue
            rows = connection.execute(sa.text(f'SELECT * FROM "{name}"')).mappings().all()
            tables[name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
    return tables


def _plain(value: object) -> object:
    return value if isinstance(value, (int, float, str, type(None))) else str(value)


def read(start: int) -> dict[str, object]:
    import importlib

    from app.core import db
    from app.main import app
    from app.models.user import Role
    from fastapi.testclient import TestClient
    from sqlmodel import Session, select

    from tests.factories import Factory

    failures: list[str] = []
    counts: dict[str, int] = {}
    with Session(db.engine) as session:
        factory = Factory(session)
        factory._numbers = itertools.count(start)
        actors = [factory.actor(role.value)[1] for role in Role]
        session.commit()
        for entity in _entities():
            try:
                rows = session.exec(select(entity)).all()
            except Exception as error:
                failures.append(f"{entity.__name__}: {type(error).__name__}: {error}")
                continue
            counts[entity.__name__] = len(rows)
    with TestClient(app) as client:
        for entity in _entities():
            route = importlib.import_module(f"app.api.routes.{entity.__module__.rsplit('.', 1)[1]}")
            prefix = route.router.prefix
            for headers in actors:
                answer = client.get(prefix, headers=headers, params={"limit": 1})
                if answer.status_code >= 500:
                    failures.append(f"GET {prefix}: {answer.status_code}")
                with Session(db.engine) as session:
                    ids = [row.id for row in session.exec(select(entity)).all()]
                for row_id in ids:
                    answer = client.get(f"{prefix}/{row_id}", headers=headers)
                    if answer.status_code >= 500:
                        failures.append(f"GET {prefix}/{row_id}: {answer.status_code}")
        health = client.get("/healthz")
        if health.status_code != 200:
            failures.append(f"GET /healthz: {health.status_code} {health.text}")
    return {"failures": failures, "counts": counts}


def main(steps: list[str]) -> None:
    results: dict[str, object] = {}
    for step in steps:
        name, *args = step.split(":")
        if name == "fill":
            results[step] = fill(int(args[0]), int(args[1]))
        elif name == "read":
            results[name] = read(int(args[0]))
        else:
            results[step] = {"upgrade": upgrade, "dump": dump}[name]()
    print(json.dumps(results, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1:])
