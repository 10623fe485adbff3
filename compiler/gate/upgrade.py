"""The upgrade check: the new revisions keep every row a database of the previous build holds.

When OUT holds a previous build whose revisions the staged tree extends (the
same files, and new ones after OUT's head), the gate

1. copies OUT to a scratch directory and there, with OUT's own code, builds a
   SQLite database at OUT's head: `alembic upgrade head`, then a few rows of
   every entity made by OUT's `tests/factories.py`, or, when OUT has one, the
   user's `tests/upgrade_snapshot.sql` (SQL text of a database the app's
   migrations made, at any of its revisions: `sqlite3 app.db .dump`) loaded first;
2. records every row of every table (raw SQL);
3. in a scratch copy of the staged tree, runs its `alembic upgrade head` on that
   database, records the rows again and loads every model's rows;
4. compares (`upgrade_compare`): a lost row or value, a failing revision or a
   model that cannot read its rows is a G008 at the spec change responsible.

The work runs in `templates/gate/upgrade_check.py`, copied into each scratch
copy; neither OUT nor the staged tree is written. The check is skipped (with
the reason) when there is nothing to check.
"""

from __future__ import annotations

import filecmp
import json
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from compiler.diagnostics import Diagnostic
from compiler.gate.codes import GATE_DID_NOT_RUN, UPGRADE_FAILED
from compiler.gate.files import tail
from compiler.gate.run_tests import run_process
from compiler.gate.upgrade_compare import Expected, Loss, Rows, losses
from compiler.ir.span import NOWHERE
from compiler.output.render import TEMPLATES

SCRIPT = TEMPLATES / "gate" / "upgrade_check.py"
SNAPSHOT_SQL = "tests/upgrade_snapshot.sql"
"""The user's rows for the check (instead of the factories'), in OUT."""
_IR = "migrations/ir.json"
_VERSIONS = "migrations/versions"
_MANIFEST = ".specc/manifest.json"
_SCRIPT_NAME = ".specc_upgrade_check.py"


@dataclass(frozen=True, slots=True)
class UpgradeReport:
    """What the check did: `rows` checked, or the reason it was `skipped`."""

    rows: int | None = None
    tables: int = 0
    source: str = "factories"
    """Where the rows came from: "factories" or the snapshot's path."""
    revisions: tuple[str, ...] = ()
    """The new revision files it ran."""
    skipped: str | None = None
    seconds: float = 0.0
    diagnostics: tuple[Diagnostic, ...] = ()

    def line(self) -> str:
        """The progress line after the check."""
        if self.skipped is not None:
            return f"upgrade not checked: {self.skipped}"
        verdict = "failed" if self.diagnostics else "passed"
        return (
            f"upgrade checked on {self.rows} rows of {self.tables} tables ({self.source}, "
            f"{len(self.revisions)} new revisions): {verdict} ({self.seconds:.1f} s)"
        )

    def record(self) -> dict[str, object]:
        """For the audit line."""
        if self.skipped is not None:
            return {"skipped": self.skipped}
        return {
            "rows": self.rows,
            "tables": self.tables,
            "source": self.source,
            "revisions": list(self.revisions),
            "failed": len(self.diagnostics),
            "seconds": round(self.seconds, 3),
        }


def skip_reason(out: Path, staging: Path, expected: Expected | None) -> str | None:
    """Why there is no upgrade to check, or None."""
    versions = out / _VERSIONS
    if not (out / _MANIFEST).is_file() or not versions.is_dir():
        return "no previous build"
    if not (out / _IR).is_file():
        return f"the previous build has no {_IR} (an older specc made it)"
    if not new_revisions(out, staging):
        return "no new revision"
    if expected is None:
        return "the new migrations do not continue the previous build's (--force)"
    return None


def new_revisions(out: Path, staging: Path) -> tuple[str, ...]:
    """The staged revision files OUT lacks, when the staged tree holds all of OUT's
    unchanged; () otherwise (no new revision, or a chain started again)."""
    before = {p.name for p in (out / _VERSIONS).glob("*.py")}
    after = {p.name for p in (staging / _VERSIONS).glob("*.py")}
    if not before <= after:
        return ()
    for name in before:
        if not filecmp.cmp(out / _VERSIONS / name, staging / _VERSIONS / name, shallow=False):
            return ()
    return tuple(sorted(after - before))


def check_upgrade(
    out: Path, staging: Path, expected: Expected | None, timeout_s: float
) -> UpgradeReport:
    """Run the check (see the module's docstring) unless there is nothing to check."""
    reason = skip_reason(out, staging, expected)
    if reason is not None or expected is None:
        return UpgradeReport(skipped=reason)
    started = time.monotonic()
    snapshot = out / SNAPSHOT_SQL
    source = SNAPSHOT_SQL if snapshot.is_file() else "factories"
    revisions = new_revisions(out, staging)
    with tempfile.TemporaryDirectory(prefix=f"{staging.name}.upgrade", dir=staging.parent) as tmp:
        scratch = Path(tmp)
        database = scratch / "upgrade.db"
        old = _copy(out, scratch / "old")
        args = [str(database), str(snapshot)] if snapshot.is_file() else [str(database)]
        ran = _script(old, ["old", *args], timeout_s)
        if isinstance(ran, str):
            message = f"the upgrade check could not build the previous build's database: {ran}"
            return _report(source, revisions, started, (_problem(message, ran),))
        before: Rows = ran["rows"]
        new = _copy(staging, scratch / "new")
        done = _script(new, ["new", str(database)], timeout_s)
    rows = sum(len(r) for r in before.values())
    if isinstance(done, str):
        diagnostic = _failed_revision(done, expected)
        return _report(source, revisions, started, (diagnostic,), rows, len(before))
    found = losses(before, done["rows"], expected)
    diagnostics = [_lost(loss, expected) for loss in found]
    diagnostics += [_unreadable(model, error, expected) for model, error in done["unreadable"]]
    return _report(source, revisions, started, tuple(diagnostics), rows, len(before))


def _report(
    source: str,
    revisions: tuple[str, ...],
    started: float,
    diagnostics: tuple[Diagnostic, ...],
    rows: int = 0,
    tables: int = 0,
) -> UpgradeReport:
    seconds = time.monotonic() - started
    return UpgradeReport(rows, tables, source, revisions, None, seconds, diagnostics)


def _copy(tree: Path, target: Path) -> Path:
    """A scratch copy of an app (without specc's reserved directory), with the script."""
    shutil.copytree(tree, target, symlinks=True, ignore=shutil.ignore_patterns(".specc"))
    shutil.copyfile(SCRIPT, target / _SCRIPT_NAME)
    return target


def _script(app: Path, args: list[str], timeout_s: float) -> dict | str:
    """The script's JSON, or (a failure) the end of its output."""
    command = [sys.executable, _SCRIPT_NAME, *args]
    try:
        status, output = run_process(command, app, timeout_s)
    except OSError as error:
        return f"could not start: {error}"
    if status is None:
        return f"timed out after {timeout_s:g} s"
    lines = output.strip().splitlines()
    if status != 0 or not lines:
        return tail(output) or f"exited with status {status}"
    try:
        return json.loads(lines[-1])
    except json.JSONDecodeError:
        return tail(output) or "printed no result"


def _problem(message: str, output: str) -> Diagnostic:
    """The previous build's half failed: the check cannot decide (G002)."""
    first = message.splitlines()[0] if message else message
    return Diagnostic(GATE_DID_NOT_RUN, first, NOWHERE, output or None)


def _failed_revision(output: str, expected: Expected) -> Diagnostic:
    """A new revision failed on the previous build's rows: at the change of the table
    its error names (the last such), else the first change."""
    error = _last_error(output)
    named = [p for p in expected.places if p.table in error]
    span = named[-1].span if named else expected.locate(None)
    message = f"the new migrations fail on the previous build's rows: {error}"
    return Diagnostic(UPGRADE_FAILED, message, span, output)


def _last_error(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line.split(":", 1)[0]]
    return (errors or lines or ["no output"])[-1][:300]


def _lost(loss: Loss, expected: Expected) -> Diagnostic:
    what = f"{loss.table}.{loss.column}" if loss.column else loss.table
    more = f" (and {loss.count - 1} more)" if loss.count > 1 else ""
    message = f"the upgrade loses data of {what}: {loss.example}{more}"
    hint = "a revision does not keep the rows the previous build's database holds"
    return Diagnostic(UPGRADE_FAILED, message, expected.locate(loss.table, loss.column), hint)


def _unreadable(model: str, error: str, expected: Expected) -> Diagnostic:
    span = expected.entities.get(model, expected.app)
    message = f"after the upgrade, {model} rows cannot be read: {error}"
    return Diagnostic(UPGRADE_FAILED, message, span, None)
