"""The same revisions on PostgreSQL: a short random walk of spec edits on a populated
database (every step compiled, upgraded and checked as in test_walk.py)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.evolve.walking import run_walk

STEPS = int(os.environ.get("EVOLVE_PG_WALK_STEPS", "6"))


def test_random_walk_on_postgres(tmp_path: Path, postgres_database: str) -> None:
    figures = run_walk(tmp_path, 3, STEPS, database_url=postgres_database)
    print(f"postgres walk seed 3: {figures}")
    assert figures.steps == STEPS and figures.revisions == STEPS + 1
