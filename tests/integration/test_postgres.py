"""The generated tests of the committed examples pass on a real PostgreSQL.

Each example is copied to a temporary directory and its own test suite is run there
in a subprocess with `TEST_DATABASE_URL` pointing at a new, empty PostgreSQL database.
Afterwards the database must hold the migrated schema: proof the run used PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import sqlalchemy as sa

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NAMES = sorted(path.parents[1].name for path in EXAMPLES.glob("*/tests/conftest.py"))


@pytest.mark.parametrize("name", NAMES)
def test_generated_tests_pass_on_postgres(
    name: str, postgres_database: str, tmp_path: Path
) -> None:
    app_dir = tmp_path / name
    shutil.copytree(
        EXAMPLES / name,
        app_dir,
        ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache", "*.db", "*.db-*"),
    )
    report = tmp_path / "report.xml"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "DATABASE_URL"))
    }
    env |= {"TEST_DATABASE_URL": postgres_database, "DATABASE_URL": postgres_database}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={report}"],
        cwd=app_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = f"{result.stdout}\n{result.stderr}"
    assert result.returncode == 0, output
    suite = ET.parse(report).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    assert suite is not None, output
    ran = int(suite.get("tests", 0)) - int(suite.get("skipped", 0))
    assert ran > 0, f"no test ran:\n{output}"
    assert int(suite.get("skipped", 0)) == 0, f"tests were skipped:\n{output}"

    engine = sa.create_engine(postgres_database)
    try:
        with engine.connect() as connection:
            version = connection.execute(sa.text("SELECT version_num FROM alembic_version"))
            assert version.scalar_one(), "the PostgreSQL database was not migrated"
    finally:
        engine.dispose()
