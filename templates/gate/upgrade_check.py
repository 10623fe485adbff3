"""Run by the gate inside a copy of a built app (cwd): the upgrade check's two halves.

`python upgrade_check.py old DB [SNAPSHOT]` (in a copy of OUT, the previous build):
loads SNAPSHOT (SQL text) into the SQLite file DB if given, runs the app's migrations
to its head, fills it with rows made by the app's own test factories unless a
snapshot was given, and prints every row of every table as JSON.

`python upgrade_check.py new DB` (in a copy of the staged tree): runs the new
migrations on DB, prints every row again, and the rows its models cannot read.

The last line of output is the JSON; a failure is a non-zero exit with a traceback.
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

APP = Path.cwd()
ROWS_PER_ENTITY = 3
os.environ.setdefault("SECRET_KEY", "upgrade-check-secret-key-0123456789abcdef")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="specc-upgrade-data-"))
sys.path.insert(0, str(APP))


def upgrade(url: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config(str(APP / "alembic.ini"))
    config.set_main_option("script_location", str(APP / "migrations"))
    config.attributes["database_url"] = url
    command.upgrade(config, "head")


def entities() -> list[type]:
    import app.models as models

    return [getattr(models, name) for name in models.__all__ if name != "User"]


def fill() -> int:
    """Rows made by the factories (references are created on demand); a row whose drawn
    unique value is taken already is skipped."""
    from app.core import db
    from sqlalchemy.exc import IntegrityError
    from sqlmodel import Session
    from tests.factories import Factory

    made = 0
    with Session(db.engine) as session:
        factory = Factory(session)
        factory._numbers = itertools.count(1)
        for entity in entities():
            make = getattr(factory, entity.__module__.rsplit(".", 1)[1])
            for _ in range(ROWS_PER_ENTITY):
                try:
                    make()
                    session.commit()
                    made += 1
                except IntegrityError:
                    session.rollback()
    return made


def dump(path: str) -> dict[str, list[dict[str, object]]]:
    """Every row of every table, raw (SQLite's stored values)."""
    connection = sqlite3.connect(path)
    try:
        names = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        tables = {}
        for (name,) in sorted(names):
            if name != "alembic_version":
                cursor = connection.execute(f'SELECT * FROM "{name}"')
                columns = [column[0] for column in cursor.description]
                rows = cursor.fetchall()
                tables[name] = [dict(zip(columns, map(plain, row), strict=True)) for row in rows]
        return tables
    finally:
        connection.close()


def plain(value: object) -> object:
    return value.hex() if isinstance(value, bytes) else value


def unreadable() -> list[list[str]]:
    """[model, error] for each model whose rows the app cannot load."""
    from app.core import db
    from sqlmodel import Session, select

    failures = []
    with Session(db.engine) as session:
        for entity in entities():
            try:
                session.exec(select(entity)).all()
            except Exception as error:  # every error is a finding
                failures.append([entity.__name__, f"{type(error).__name__}: {error}"[:500]])
    return failures


def main(mode: str, path: str, snapshot: str | None = None) -> None:
    url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    result: dict[str, object] = {}
    if mode == "old":
        if snapshot:
            with sqlite3.connect(path) as connection:
                connection.executescript(Path(snapshot).read_text(encoding="utf-8"))
            connection.close()
        upgrade(url)
        result["made"] = 0 if snapshot else fill()
    else:
        upgrade(url)
        result["unreadable"] = unreadable()
    result["rows"] = dump(path)
    print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main(*sys.argv[1:])
