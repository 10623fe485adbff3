"""Generated modules define every name they use (found by the spec generator, tests/specgen)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from compiler.frontend import analyse_text
from compiler.generate import generate

SPEC = """---
app: shop
title: Shop
auth:
  roles: [clerk]
---

# Shop

## Supplier

| Field | Type | Rules |
|---|---|---|
| rate | decimal | min 0 |

### Access

| Role | create | read | update | delete |
|---|---|---|---|---|
| clerk | where `rate <= 9.5` | where `rate >= 1.5` | all | where `rate < 2.25` |
"""

RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize("path", ["app/access/supplier.py"])
def test_decimal_literals_in_access_conditions_are_defined(path: str, tmp_path: Path) -> None:
    result = analyse_text(SPEC, "spec.md")
    assert result.ok and result.spec is not None
    file = next(f for f in generate(result.spec) if str(f.path) == path)
    target = tmp_path / "module.py"
    target.write_text(file.content, encoding="utf-8")
    done = subprocess.run(
        [str(RUFF), "check", "--isolated", "--select", "F821", str(target)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
