"""Hand-written code in the gate: the user's tests run with the generated ones, and what
fails in a user-owned file is reported against that file (G006), not the spec."""

from __future__ import annotations

import json
from pathlib import Path

from compiler.diagnostics import render
from compiler.gate import build
from tests.gate.fake_app import SPEC, app_tree, generator, snapshot

USES_HOOK = """\
import pytest

from app.hooks import before_save


@pytest.mark.spec(line=9, col=2)
def test_save_keeps_the_row():
    assert before_save(3) == 3
"""

USER_TEST = """\
from app.calc import add


def test_mine_passes():
    assert add(2, 2) == 4


def test_mine_fails():
    assert add(2, 2) == 5, "my own check"
"""


def gate_counts(out: Path) -> dict:
    lines = (out / ".specc" / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    return json.loads(lines[-1])["gate"]


def test_the_users_tests_run_with_the_generated_ones(spec_path: Path, out: Path):
    assert build(SPEC, spec_path, out, generator(app_tree())).ok
    (out / "tests" / "custom").mkdir()
    (out / "tests" / "custom" / "__init__.py").write_text("")
    (out / "tests" / "custom" / "test_mine.py").write_text(
        USER_TEST.split("\n\n\ndef test_mine_fails")[0]
    )

    assert build(SPEC, spec_path, out, generator(app_tree())).ok
    assert gate_counts(out)["passed"] == 2


def test_a_failing_user_test_blocks_the_build_and_is_reported_at_its_line(
    spec_path: Path, out: Path
):
    assert build(SPEC, spec_path, out, generator(app_tree())).ok
    (out / "tests" / "custom").mkdir()
    (out / "tests" / "custom" / "__init__.py").write_text("")
    (out / "tests" / "custom" / "test_mine.py").write_text(USER_TEST)
    before = snapshot(out)

    result = build(SPEC, spec_path, out, generator(app_tree()))

    assert not result.ok and snapshot(out) == before
    [failure] = result.diagnostics
    assert failure.code.id == "G006"
    assert failure.file == str(out / "tests" / "custom" / "test_mine.py")
    assert failure.span.line == 9  # the failing assert
    assert "test_mine_fails" in failure.message and "my own check" in failure.message
    text = render(failure, "spec.md", ["# A fake spec\n"])
    assert text.startswith(f"{out}/tests/custom/test_mine.py:9:1: error[G006]: ")
    assert "spec.md" not in text.splitlines()[0]


def test_a_hook_that_breaks_a_generated_test_is_reported_at_the_hook(spec_path: Path, out: Path):
    tree = app_tree(extra={"tests/test_hooks.py": USES_HOOK})
    assert build(SPEC, spec_path, out, generator(tree)).ok
    (out / "app" / "hooks.py").write_text("def before_save(row):\n    return row.missing\n")

    result = build(SPEC, spec_path, out, generator(tree))

    assert not result.ok
    [failure] = result.diagnostics
    assert (failure.code.id, failure.file) == ("G006", str(out / "app" / "hooks.py"))
    assert failure.span.line == 2 and "AttributeError" in failure.message


def test_a_hook_that_fails_many_tests_is_reported_once(spec_path: Path, out: Path):
    many = USES_HOOK + "\n\ndef test_again():\n    assert before_save(4) == 4\n"
    tree = app_tree(extra={"tests/test_hooks.py": many})
    assert build(SPEC, spec_path, out, generator(tree)).ok
    (out / "app" / "hooks.py").write_text("def before_save(row):\n    raise RuntimeError('x')\n")

    [failure] = build(SPEC, spec_path, out, generator(tree)).diagnostics

    assert failure.code.id == "G006" and "(and 1 more tests failing here)" in failure.message


def test_a_user_test_that_cannot_be_imported_is_reported_at_its_file(spec_path: Path, out: Path):
    assert build(SPEC, spec_path, out, generator(app_tree())).ok
    (out / "tests" / "custom").mkdir()
    (out / "tests" / "custom" / "__init__.py").write_text("")
    (out / "tests" / "custom" / "test_old.py").write_text("\nfrom app.calc import gone\n")

    result = build(SPEC, spec_path, out, generator(app_tree()))

    assert not result.ok
    [failure] = result.diagnostics
    assert (failure.code.id, failure.file) == (
        "G006",
        str(out / "tests" / "custom" / "test_old.py"),
    )
    assert failure.span.line == 2


def test_a_hook_broken_by_a_spec_change_says_so(spec_path: Path, out: Path):
    """Same hook failure, once after a spec change: the hint names the change as the cause."""
    tree = app_tree(extra={"tests/test_hooks.py": USES_HOOK})
    assert build(SPEC, spec_path, out, generator(tree)).ok
    (out / "app" / "hooks.py").write_text("def before_save(row):\n    return row.missing\n")
    [unchanged] = build(SPEC, spec_path, out, generator(tree)).diagnostics
    spec_path.write_text("# A fake spec, changed\n", encoding="utf-8")

    [changed] = build(SPEC, spec_path, out, generator(tree)).diagnostics

    assert "spec changed" not in (unchanged.hint or "")
    assert "the spec changed since OUT was built" in (changed.hint or "")
    assert (changed.file, changed.span) == (unchanged.file, unchanged.span)
