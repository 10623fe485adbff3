"""Fixtures of the build stage tests: a spec file and an output directory in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def spec_path(tmp_path: Path) -> Path:
    path = tmp_path / "spec.md"
    path.write_text("# A fake spec\n", encoding="utf-8")
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "site" / "out"
