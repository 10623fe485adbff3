"""The gate checks the upgrade: a database of the previous build, filled by its factories,
migrated by the new revisions, keeps every row (or the build is refused with G008)."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import compiler.evolve.files
from compiler.cli import main
from tests.evolve.driver import EvolvingApp
from tests.evolve.edits import BASE, EDITS
from tests.support.mutants import gate_of

AUDIT = ".specc/audit.jsonl"


@pytest.fixture(scope="module", autouse=True)
def _gate_of_the_migrations() -> Iterator[None]:
    """These tests are about the upgrade check, which follows a passing gate: their gates
    run the migration tests only (the generated suites are the subject of other tests)."""
    with gate_of("tests/test_migrations.py"):
        yield


@pytest.fixture(scope="module")
def base_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A first build of `base.md` (its upgrade check is skipped: no previous build)."""
    root = tmp_path_factory.mktemp("base")
    status, stderr = _compile(root, BASE)
    assert status == 0, stderr
    assert "upgrade not checked: no previous build" in stderr
    return root


def _compile(root: Path, text: str) -> tuple[int, str]:
    (root / "spec.md").write_text(text, encoding="utf-8")
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        status = main(["compile", str(root / "spec.md"), "-o", str(root / "app"), "--offline"])
    return status, stderr.getvalue()


def _copy(base: Path, tmp_path: Path) -> Path:
    shutil.copytree(base, tmp_path / "b", symlinks=True)
    return tmp_path / "b"


def _digests(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.relative_to(out).as_posix() != AUDIT
    }


def _last_audit(out: Path) -> dict:
    return json.loads((out / AUDIT).read_text(encoding="utf-8").splitlines()[-1])


def test_a_rename_that_keeps_the_data_passes_and_says_how_many_rows(
    base_build: Path, tmp_path: Path
) -> None:
    root = _copy(base_build, tmp_path)
    status, stderr = _compile(root, EDITS["field_renamed"])
    assert status == 0, stderr
    assert "upgrade checked on 6 rows of 5 tables (factories, 1 new revisions): passed" in stderr
    upgrade = _last_audit(root / "app")["upgrade"]
    assert upgrade["rows"] == 6 and upgrade["revisions"] == ["0002_product.py"]
    assert upgrade["failed"] == 0


def test_a_revision_that_overwrites_a_column_fails_at_the_field_and_leaves_out_unchanged(
    base_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mutation: the planner's revision also overwrites the renamed column."""
    original = compiler.evolve.files.plan

    def losing(changes):  # type: ignore[no-untyped-def]
        view = original(changes)
        return dataclasses.replace(view, statements=("UPDATE product SET note = 'lost'",))

    monkeypatch.setattr(compiler.evolve.files, "plan", losing)
    root = _copy(base_build, tmp_path)
    before = _digests(root / "app")
    status, stderr = _compile(root, EDITS["field_renamed"])
    assert status != 0
    line = next(
        n for n, text in enumerate(EDITS["field_renamed"].splitlines(), 1) if "| remark" in text
    )
    assert f"spec.md:{line}:" in stderr and "error[G008]" in stderr, stderr
    assert "the upgrade loses data of product.remark" in stderr
    assert _digests(root / "app") == before
    record = _last_audit(root / "app")
    assert record["result"] == "upgrade check failed" and record["upgrade"]["failed"] == 1


def test_no_new_revision_skips_the_check(base_build: Path, tmp_path: Path) -> None:
    root = _copy(base_build, tmp_path)
    text = BASE.replace("A small shop for the planner's tests.", "A small shop, described anew.")
    status, stderr = _compile(root, text)
    assert status == 0, stderr
    assert "upgrade not checked: no new revision" in stderr
    assert _last_audit(root / "app")["upgrade"] == {"skipped": "no new revision"}


def test_the_users_snapshot_replaces_the_factories_rows(base_build: Path, tmp_path: Path) -> None:
    """`tests/upgrade_snapshot.sql`, a dump at OUT's revision, is what the check migrates."""
    root = _copy(base_build, tmp_path)
    app = EvolvingApp(root)
    app.database_url = f"sqlite:///{tmp_path / 'mine.db'}"
    app.run("upgrade", "fill:2:500")
    with sqlite3.connect(tmp_path / "mine.db") as db:
        names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        tables = [n for (n,) in names if n != "alembic_version" and not n.startswith("sqlite_")]
        rows = sum(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables)
        dump = "\n".join(db.iterdump())
    (root / "app" / "tests" / "upgrade_snapshot.sql").write_text(dump, encoding="utf-8")
    status, stderr = _compile(root, EDITS["field_added_optional"])
    assert status == 0, stderr
    assert rows > 0
    checked = f"upgrade checked on {rows} rows of {len(tables)} tables (tests/upgrade_snapshot.sql"
    assert checked in stderr, stderr


def test_a_revision_that_fails_on_the_rows_is_a_g008_at_its_table(
    base_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = compiler.evolve.files.plan

    def failing(changes):  # type: ignore[no-untyped-def]
        return dataclasses.replace(original(changes), statements=("UPDATE product SET price = -1",))

    monkeypatch.setattr(compiler.evolve.files, "plan", failing)
    root = _copy(base_build, tmp_path)
    before = _digests(root / "app")
    status, stderr = _compile(root, EDITS["field_renamed"])
    line = next(
        n for n, text in enumerate(EDITS["field_renamed"].splitlines(), 1) if "| remark" in text
    )
    assert status != 0 and f"spec.md:{line}:" in stderr, stderr
    assert "error[G008]: the new migrations fail on the previous build's rows" in stderr
    assert "CHECK constraint failed" in stderr
    assert _digests(root / "app") == before
