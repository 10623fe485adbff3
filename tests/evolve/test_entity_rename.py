"""`## Tagging (renamed from Label)` renames the table, its link columns and constraints,
and keeps every row and every link (SQLite, populated database)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.evolve.driver import EvolvingApp, lost_values
from tests.evolve.edits import BASE, EDITS


def test_a_renamed_entity_keeps_its_rows_and_links(tmp_path: Path) -> None:
    app = EvolvingApp(tmp_path)
    assert app.compile(BASE).status == 0
    app.run("upgrade", "fill:3:1")
    with sqlite3.connect(tmp_path / "app.db") as db:
        db.execute("INSERT INTO product_tags SELECT p.id, l.id FROM product p, label l")
    before = app.run("dump")["dump"]
    assert before["product_tags"] and before["label"]
    compiled = app.compile(EDITS["entity_renamed"])
    assert compiled.status == 0, compiled.stderr
    after = app.run("upgrade", "dump", "read:1000000")
    assert "label" not in after["dump"] and len(after["dump"]["tagging"]) == len(before["label"])
    assert len(after["dump"]["product_tags"]) == len(before["product_tags"])
    assert all(set(row) == {"product_id", "tagging_id"} for row in after["dump"]["product_tags"])
    renames = {"product_tags.label_id": "tagging_id"}
    renamed = lost_values(before, after["dump"], renames, tables={"label": "tagging"})
    assert renamed == []
    assert after["read"]["failures"] == []
