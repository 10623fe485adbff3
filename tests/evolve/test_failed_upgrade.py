"""An upgrade that existing rows break (a tightened bound: W903) fails and changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.evolve.driver import EvolvingApp
from tests.evolve.edits import BASE, EDITS


def test_a_failed_upgrade_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    app = EvolvingApp(tmp_path)
    assert app.compile(BASE).status == 0
    app.run("upgrade", "fill:3:1")
    with sqlite3.connect(tmp_path / "app.db") as db:
        db.execute("UPDATE product SET price = 0")
    before = app.run("dump")["dump"]
    compiled = app.compile(EDITS["bound_tightened"])
    assert compiled.status == 0 and "warning[W903]" in compiled.stderr
    with pytest.raises(AssertionError, match="CHECK constraint failed"):
        app.run("upgrade")
    with sqlite3.connect(tmp_path / "app.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master")}
    assert not any(name.startswith("_alembic_tmp") for name in tables)
    assert app.run("dump")["dump"] == before
