"""A short random walk of spec edits on a populated SQLite database (the long one is
`make evolve-walk`; the PostgreSQL one is in test_postgres.py)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.evolve.walking import run_walk

STEPS = int(os.environ.get("EVOLVE_WALK_STEPS", "5"))
SEEDS = [int(s) for s in os.environ.get("EVOLVE_WALK_SEEDS", "179").split(",")]
GATE_EVERY = int(os.environ.get("EVOLVE_WALK_GATE_EVERY", "0"))


def test_random_walk_keeps_every_row(tmp_path: Path) -> None:
    for seed in SEEDS:
        figures = run_walk(tmp_path / f"seed{seed}", seed, STEPS, gate_every=GATE_EVERY)
        print(f"walk seed {seed}: {figures}")
        assert figures.steps == STEPS and figures.revisions == STEPS + 1
