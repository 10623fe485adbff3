"""The fixed spec of the agreement test, compiled to a real generated app and imported.

`load_app()` generates the app into a directory, imports its models and SQL helpers
and creates the tables in an in-memory SQLite engine; `App.close()` removes every
trace (modules, `sys.path`, SQLModel's table metadata and class registry) so other
tests never see it.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa

from compiler.frontend import analyse_text
from compiler.generate import generate
from compiler.ir.model import Spec

SPEC = """---
app: lab
title: Lab
auth:
  roles: [clerk, boss]
---

## Site

A place.

| Field     | Type            | Rules               |
|-----------|-----------------|---------------------|
| name      | text            |                     |
| active    | bool            | default true        |
| opened_on | date?           |                     |
| budget    | decimal(10, 2)? |                     |
| boss      | User            | set to current user |

### Access

| Role  | create | read | update | delete |
|-------|--------|------|--------|--------|
| clerk | yes    | all  | own    | no     |
| boss  | yes    | all  | all    | all    |

## Item

A thing. `label`, `tagged`, `marks`, `recent` and `soon` are never read by the generated
expressions: they make the generated app's `core/sql.py` hold every optional helper.

| Field   | Type                      | Rules                   |
|---------|---------------------------|-------------------------|
| name    | text                      |                         |
| note    | text?                     |                         |
| qty     | int                       |                         |
| extra   | int?                      |                         |
| price   | money                     |                         |
| weight  | decimal(6, 2)?            |                         |
| flag    | bool?                     |                         |
| status  | one of: draft, live, gone |                         |
| made_on | date                      |                         |
| due     | date?                     |                         |
| site    | Site?                     |                         |
| made_by | User                      | set to current user     |
| total   | decimal                   | computed: `qty * price` |
| label | text | computed: `concat(slug(name), if contains(name, "a") then "x" else "y")` |
| tagged | bool | computed: `starts_with(name, "b") or ends_with(name, "c")` |
| marks | int | computed: `max(weekday(created_at), min(day(made_on), 3))` |
| recent | bool | computed: `now() - created_at < hours(1)` |
| soon | bool | computed: `created_at + minutes(5) > now()` |

### Access

| Role  | create | read | update | delete |
|-------|--------|------|--------|--------|
| clerk | yes    | all  | own    | no     |
| boss  | yes    | all  | all    | all    |
"""


def analysed_spec() -> Spec:
    result = analyse_text(SPEC)
    assert result.ok, result.diagnostics
    assert result.spec is not None
    return result.spec


@dataclass
class App:
    """The imported generated app: model classes, SQL helpers and an engine (SQLite, unless
    a test replaces it)."""

    models: dict[str, type]
    sql: ModuleType
    engine: sa.Engine
    root: str
    tables: list[sa.Table]

    def close(self) -> None:
        from sqlmodel import SQLModel
        from sqlmodel.main import default_registry

        self.engine.dispose()
        for table in self.tables:
            SQLModel.metadata.remove(table)
        classes = default_registry._class_registry  # SQLAlchemy keeps classes by name
        for name, value in list(classes.items()):
            if getattr(value, "__module__", "").startswith("app."):
                del classes[name]
        for module in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
            del sys.modules[module]
        if self.root in sys.path:
            sys.path.remove(self.root)


def load_app(spec: Spec, directory: Path) -> App:
    assert not any(m == "app" or m.startswith("app.") for m in sys.modules), "`app` imported"
    for file in generate(spec):
        path = directory / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(file.content)
    root = str(directory)
    sys.path.insert(0, root)
    from sqlmodel import SQLModel

    before = set(SQLModel.metadata.tables)
    models = importlib.import_module("app.models")
    sql = importlib.import_module("app.core.sql")
    tables = [t for name, t in SQLModel.metadata.tables.items() if name not in before]
    engine = sa.create_engine("sqlite://")
    sa.event.listen(engine, "connect", lambda dbapi, _: sql.register_sqlite_functions(dbapi))
    SQLModel.metadata.create_all(engine, tables=tables)
    classes = {name: getattr(models, name) for name in ("User", "Site", "Item")}
    return App(classes, sql, engine, root, tables)
