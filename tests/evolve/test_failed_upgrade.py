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


def test_a_new_unique_together_over_duplicate_rows_fails_and_changes_nothing(
    tmp_path: Path,
) -> None:
    """`unique (name, kind)` added while two rows share both values: the upgrade is refused
    by the database (W903 said so), and every row is kept."""
    app = EvolvingApp(tmp_path)
    assert app.compile(BASE).status == 0
    app.run("upgrade", "fill:3:1")
    with sqlite3.connect(tmp_path / "app.db") as db:
        db.execute("UPDATE product SET name = 'Same', kind = 'tool', price = 5")
    before = app.run("dump")["dump"]
    compiled = app.compile(EDITS["unique_together_added"])
    assert compiled.status == 0 and "uq_product_name_kind" in compiled.stderr
    with pytest.raises(AssertionError, match="UNIQUE constraint failed"):
        app.run("upgrade")
    with sqlite3.connect(tmp_path / "app.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    assert app.run("dump")["dump"] == before


def test_a_partial_unique_ignores_the_duplicates_its_condition_leaves_out(tmp_path: Path) -> None:
    """`unique (name, kind) where price > 0`: rows alike with price 0 do not count."""
    app = EvolvingApp(tmp_path)
    assert app.compile(BASE).status == 0
    app.run("upgrade", "fill:3:1")
    with sqlite3.connect(tmp_path / "app.db") as db:
        db.execute("UPDATE product SET name = 'Same', kind = 'tool', price = 0")
    assert app.compile(EDITS["unique_together_where_added"]).status == 0
    app.run("upgrade")
    with sqlite3.connect(tmp_path / "app.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("0002",)]
        assert db.execute("SELECT count(*) FROM product").fetchone() == (3,)
        db.execute("UPDATE product SET price = 1 WHERE id = (SELECT min(id) FROM product)")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE constraint failed"):
            db.execute("UPDATE product SET price = 1")
