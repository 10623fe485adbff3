"""Hand-written revisions: kept in the chain, chained onto by the next generated one, and run
by the gate (a failing one is one clear diagnostic, not every test erroring)."""

from __future__ import annotations

from pathlib import Path

from tests.evolve.driver import EvolvingApp
from tests.evolve.edits import BASE, EDITS
from tests.support.mutants import gate_of

HAND = '''"""Data move: every product note gets a prefix."""

from alembic import op

revision = "moved_notes"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE product SET note = 'moved: ' || note WHERE note IS NOT NULL")


def downgrade() -> None:
    op.execute("UPDATE product SET note = substr(note, 8) WHERE note LIKE 'moved: %'")
'''


def _hand_written(app: EvolvingApp, text: str = HAND) -> Path:
    path = app.out / "migrations" / "versions" / "moved_notes.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_next_revision_chains_onto_a_hand_written_one(tmp_path: Path) -> None:
    app = EvolvingApp(tmp_path)
    assert app.compile(BASE).status == 0
    app.run("upgrade", "fill:2:1")
    hand = _hand_written(app)
    compiled = app.compile(EDITS["field_added_optional"])
    assert compiled.status == 0, compiled.stderr
    assert app.revisions() == ["0001_initial.py", "0003_product.py", "moved_notes.py"]
    revision = (app.out / "migrations" / "versions" / "0003_product.py").read_text()
    assert 'down_revision = "moved_notes"' in revision
    assert hand.read_text(encoding="utf-8") == HAND
    result = app.run("upgrade", "dump")
    notes = [row["note"] for row in result["dump"]["product"]]
    assert notes and all(note is None or note.startswith("moved: ") for note in notes)
    assert all("size" in row for row in result["dump"]["product"])
    assert app.compile(EDITS["field_added_optional"]).status == 0
    assert app.revisions() == ["0001_initial.py", "0003_product.py", "moved_notes.py"]


def test_a_branching_hand_written_revision_stops_the_compile(tmp_path: Path) -> None:
    app = EvolvingApp(tmp_path)
    assert app.compile(BASE).status == 0
    assert app.compile(EDITS["field_added_optional"]).status == 0
    _hand_written(app)
    refused = app.compile(EDITS["field_added_with_default"])
    assert refused.status == 1 and "error[E902]" in refused.stderr
    assert "the chain branches" in refused.stderr


def test_the_gate_runs_hand_written_revisions(tmp_path: Path) -> None:
    """The gate's tests run on the migrated database (here the migration tests alone, which
    apply every revision, the hand-written one included)."""
    app = EvolvingApp(tmp_path)
    assert app.compile(BASE).status == 0
    _hand_written(app, HAND.replace("UPDATE product", "UPDATE no_such_table"))
    with gate_of("tests/test_migrations.py"):
        failed = app.compile(EDITS["field_added_optional"], gate=True)
    assert failed.status == 1
    assert failed.stderr.count("error[G") == 1, failed.stderr
    assert "the migrations fail on a fresh database" in failed.stderr
    _hand_written(app)
    with gate_of("tests/test_migrations.py"):
        passed = app.compile(EDITS["field_added_optional"], gate=True)
    assert passed.status == 0, passed.stderr


def test_a_build_without_snapshot_is_not_migrated_over(tmp_path: Path) -> None:
    """An output made before snapshots: its 0001 is not rewritten in place unless --force."""
    app = EvolvingApp(tmp_path)
    assert app.compile(BASE).status == 0
    (app.out / "migrations" / "ir.json").unlink()
    refused = app.compile(EDITS["field_added_optional"])
    assert refused.status == 1 and "error[E902]" in refused.stderr, refused.stderr
    assert "--force" in refused.stderr
