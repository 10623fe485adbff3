"""Generated modules define every name they use and use every name they define
(each case found by the spec generator, tests/specgen: the gate's lint refused them, G005)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from compiler.frontend import analyse_text
from compiler.generate import generate

HEAD = """---
app: shop
title: Shop
auth:
  roles: [clerk]
---

# Shop

"""
ACCESS = """
### Access

| Role | create | read | update | delete |
|---|---|---|---|---|
| clerk | {create} | {read} | all | {delete} |
"""

DECIMAL_IN_ACCESS = (
    HEAD
    + """## Supplier

| Field | Type | Rules |
|---|---|---|
| rate | decimal | min 0 |
"""
    + ACCESS.format(create="where `rate <= 9.5`", read="where `rate >= 1.5`", delete="no")
)

USER_RULE = (
    HEAD
    + """## Item

| Field | Type | Rules |
|---|---|---|
| person1 | User | owner |
| link1 | url |  |

### Rules

- Item rule 1 holds. `person1 == current_user`
"""
    + ACCESS.format(create="yes", read="all", delete="all")
)

RUFF = Path(sys.executable).with_name("ruff")


@pytest.mark.parametrize(
    ("spec", "path", "code"),
    [
        pytest.param(DECIMAL_IN_ACCESS, "app/access/supplier.py", "F821", id="decimal-import"),
        pytest.param(USER_RULE, "tests/test_item_rules.py", "F841", id="unused-scene-user"),
    ],
)
def test_generated_module_passes_ruff(spec: str, path: str, code: str, tmp_path: Path) -> None:
    result = analyse_text(spec, "spec.md")
    assert result.ok and result.spec is not None
    file = next(f for f in generate(result.spec) if str(f.path) == path)
    target = tmp_path / "module.py"
    target.write_text(file.content, encoding="utf-8")
    done = subprocess.run(
        [str(RUFF), "check", "--isolated", "--select", code, str(target)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout
