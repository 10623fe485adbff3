"""Specs that once broke the compiler compile through their gate (tests/regressions/<slug>/).

Each folder holds a `spec.md` (usually a shrunk spec of tests/specgen) and a
`README` saying what failed. A README line `xfail: <reason>` marks a bug not
fixed yet: the case is a strict xfail, so it fails loudly once the bug is fixed
and the line must be removed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.specgen.oracle import compile_spec

CASES = sorted(p for p in (Path(__file__).parent / "regressions").iterdir() if p.is_dir())


def _param(case: Path) -> object:
    readme = (case / "README").read_text(encoding="utf-8").splitlines()
    reasons = [line.removeprefix("xfail:").strip() for line in readme if line.startswith("xfail:")]
    marks = [pytest.mark.xfail(strict=True, reason=reasons[0])] if reasons else []
    return pytest.param(case, id=case.name, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_regression_compiles_through_its_gate(case: Path) -> None:
    outcome = compile_spec(case / "spec.md", timeout=300)
    assert outcome.ok, f"{outcome.kind}: " + "\n".join(outcome.lines)
