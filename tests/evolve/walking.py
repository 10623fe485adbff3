"""Runs a random walk of spec edits on a populated database and checks every step.

At each step: refuse a data-losing edit without `--allow-data-loss`, compile,
upgrade, check that no row or value was lost (renamed columns followed), that
the app reads every row, and insert rows for the next step. Every
`gate_every`-th step compiles through the gate as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.evolve.driver import EvolvingApp, lost_values
from tests.evolve.walk import Walk


@dataclass
class WalkFigures:
    steps: int = 0
    revisions: int = 0
    rows_checked: int = 0
    rows_inserted: int = 0
    refused: int = 0
    gated: int = 0


def run_walk(
    root: Path, seed: int, steps: int, *, gate_every: int = 0, database_url: str | None = None
) -> WalkFigures:
    walk, app, figures = Walk(seed), EvolvingApp(root, database_url), WalkFigures()
    assert app.compile(walk.render()).status == 0
    start = app.run("upgrade", "fill:2:1", "dump")
    before, figures.rows_inserted = start["dump"], start["fill:2:1"]
    for number in range(1, steps + 1):
        edit = walk.step()
        text = walk.render()
        where = f"seed {seed} step {number} ({edit.name})"
        if edit.allow_data_loss:
            refused = app.compile(text)
            assert refused.status == 1 and "error[E901]" in refused.stderr, where + refused.stderr
            figures.refused += 1
        gate = bool(gate_every) and number % gate_every == 0
        compiled = app.compile(text, allow_data_loss=edit.allow_data_loss, gate=gate)
        assert compiled.status == 0, f"{where}: {compiled.stderr}"
        figures.gated += gate
        fill, read = f"fill:2:{number * 50}", f"read:{10**6 + number * 10}"
        after = app.run("upgrade", "dump", read, fill, "dump:filled")
        lost = lost_values(before, after["dump"], edit.renames, edit.changed, edit.tables)
        assert lost == [], f"{where}: {lost[:10]}"
        assert after["read"]["failures"] == [], f"{where}: {after['read']['failures'][:5]}"
        figures.rows_checked += sum(len(rows) for rows in before.values())
        figures.rows_inserted += after[fill]
        before = after["dump:filled"]
        figures.steps = number
    figures.revisions = len(app.revisions())
    return figures
