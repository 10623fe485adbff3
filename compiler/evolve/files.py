"""The migration files of a build: the revisions so far, a new one for the changes, the snapshot.

A first build gets the initial revision. A later build carries every revision
the previous build generated, byte for byte, and adds one revision chained to
the head (a hand-written head included) when the schema changed. Revision ids
count the chain (`0002`, `0003`, …), so a recompile writes the same files.
"""

from __future__ import annotations

from compiler.analyse.views import AppView
from compiler.appgen.migration import migration_tables
from compiler.evolve.changes import Change, describe
from compiler.evolve.diff import schema_changes
from compiler.evolve.history import SNAPSHOT, VERSIONS, History
from compiler.evolve.plan import plan
from compiler.ir.json_form import dumps
from compiler.ir.model import Spec
from compiler.output.render import render
from compiler.output.tree import GeneratedFile


def migration_files(app: AppView, spec: Spec, history: History, header: str) -> list[GeneratedFile]:
    snapshot = GeneratedFile(SNAPSHOT, dumps(spec))
    if history.previous is None:
        return [_initial(app, header), snapshot]
    carried = [GeneratedFile(r.path, r.content) for r in history.revisions if r.generated]
    changes = schema_changes(history.previous, spec)
    if not changes:
        return [*carried, snapshot]
    return [*carried, _revision(app, history, changes, header), snapshot]


def _initial(app: AppView, header: str) -> GeneratedFile:
    content = render(
        "app/migrations/versions/0001_initial.py.j2",
        header=header,
        app=app,
        tables=migration_tables(app),
    )
    return GeneratedFile(f"{VERSIONS}/0001_initial.py", content)


def _revision(
    app: AppView, history: History, changes: tuple[Change, ...], header: str
) -> GeneratedFile:
    taken = {r.revision for r in history.revisions}
    number = len(history.revisions) + 1
    while f"{number:04d}" in taken:
        number += 1
    revision = f"{number:04d}"
    content = render(
        "app/migrations/versions/revision.py.j2",
        header=header,
        app=app,
        revision=revision,
        down_revision=history.head or "",
        plan=plan(changes),
        summary=[describe(c) for c in changes],
    )
    return GeneratedFile(f"{VERSIONS}/{revision}_{_slug(changes)}.py", content)


def _slug(changes: tuple[Change, ...]) -> str:
    """The tables a revision changes, for its file name (at most three)."""
    tables: list[str] = []
    for change in changes:
        name = change.table if isinstance(change.table, str) else change.table.name
        if name not in tables:
            tables.append(name)
    return "_".join(tables[:3])


def schema_impact(history: History, spec: Spec) -> tuple[str, ...]:
    """What this build's new migration does to the database, one line per change (for the
    audit log and `specc diff`); empty when the schema stays as it is."""
    if history.previous is None:
        return ("the initial revision creates every table",)
    return tuple(describe(change) for change in schema_changes(history.previous, spec))
