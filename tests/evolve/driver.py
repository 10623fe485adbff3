"""A built app that evolves: compile a spec into OUT, run `app_script.py` steps in it.

Compiles go through the real command (`specc compile --no-gate`, in process), so
they read the previous build's snapshot and refuse data loss as users see it.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from compiler.cli import main

SCRIPT = Path(__file__).with_name("app_script.py")


@dataclass(frozen=True)
class Compiled:
    status: int
    stderr: str


class EvolvingApp:
    def __init__(self, root: Path, database_url: str | None = None) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.spec = root / "spec.md"
        self.out = root / "app"
        self.database_url = database_url or f"sqlite:///{root / 'app.db'}"

    def compile(self, text: str, *, allow_data_loss: bool = False, gate: bool = False) -> Compiled:
        self.spec.write_text(text, encoding="utf-8")
        args = ["compile", str(self.spec), "-o", str(self.out)]
        args += [] if gate else ["--no-gate"]
        args += ["--allow-data-loss"] if allow_data_loss else []
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            status = main(args)
        return Compiled(status, stderr.getvalue())

    def run(self, *steps: str) -> dict:
        env = {**os.environ, "DATABASE_URL": self.database_url, "PYTHONDONTWRITEBYTECODE": "1"}
        done = subprocess.run(
            [sys.executable, str(SCRIPT), *steps],
            cwd=self.out,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[:1500] + " … " + done.stderr[-1500:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def revisions(self) -> list[str]:
        return sorted(p.name for p in (self.out / "migrations" / "versions").glob("*.py"))


def lost_values(
    before: dict[str, list[dict]],
    after: dict[str, list[dict]],
    renames: dict[str, str],
    changed: frozenset[str] = frozenset(),
    tables: dict[str, str] | None = None,
) -> list[str]:
    """Rows or values of `before` that `after` does not hold (columns renamed per `renames`,
    `table.old` → `new`); tables and columns that are gone, and the `changed` columns
    (`table.column`, values the edit rewrites), are not compared; `tables` maps renamed
    tables (old → new)."""
    lost = []
    for table, rows in before.items():
        now = (tables or {}).get(table, table)
        if now not in after:
            continue
        kept = {_key(row): row for row in after[now]}
        for row in rows:
            key = _key({renames.get(f"{table}.{c}", c): v for c, v in row.items()})
            if key not in kept:
                lost.append(f"{table} row {key}")
                continue
            for column, value in row.items():
                name = renames.get(f"{table}.{column}", column)
                if f"{table}.{column}" in changed:
                    continue
                if name in kept[key] and kept[key][name] != value:
                    lost.append(f"{table} {key}.{column}: {value!r} → {kept[key][name]!r}")
    return lost


def _key(row: dict) -> object:
    """A row's id, or (a link table's row) the row itself."""
    return row["id"] if "id" in row else json.dumps(row, sort_keys=True)
