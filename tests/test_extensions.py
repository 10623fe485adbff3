"""The helpdesk example's hand-written extensions (`examples/helpdesk/app/extensions/`,
`tests/custom/`) under the real gate: the user's tests run with the generated ones, a
failing one blocks promotion, and a hook that breaks is reported against its own file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from compiler.diagnostics import render
from compiler.frontend import analyse_file
from compiler.gate import build
from compiler.generate import generate
from tests.test_examples import ROOT, tree_digest

EXAMPLE = ROOT / "examples" / "helpdesk"
HOOK = "app/extensions/ticket_policy.py"
USER_TEST = "tests/custom/test_extensions.py"


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_example_uses_every_kind_of_extension():
    extensions = EXAMPLE / "app" / "extensions"
    assert "router = APIRouter(" in (extensions / "stats.py").read_text()
    assert "@hooks.before_create" in (extensions / "ticket_policy.py").read_text()
    assert "raise RuleBroken(" in (extensions / "ticket_policy.py").read_text()
    assert (extensions / "templates" / "home.html").is_file()
    assert "def test_" in (EXAMPLE / USER_TEST).read_text()


def test_a_failing_user_test_and_a_broken_hook_block_promotion(tmp_path: Path):
    """The user's test is broken (a wrong expectation) and the hook reads an attribute the
    model no longer has (as after renaming a field in the spec): the build is refused,
    OUT is unchanged, and each failure is reported at its line of the hand-written file."""
    spec_path = ROOT / "specs" / "helpdesk" / "spec.md"
    result = analyse_file(spec_path, "specs/helpdesk/spec.md")
    assert result.spec is not None and result.ok
    out = tmp_path / "helpdesk"
    shutil.copytree(EXAMPLE, out)
    user_test, hook = out / USER_TEST, out / HOOK
    user_test.write_text(user_test.read_text().replace('"total": 2,', '"total": 7,'))
    hook.write_text(
        hook.read_text().replace('"title": event.row.title', '"title": event.row.subject')
    )
    before = tree_digest(out)

    built = build(result.spec, spec_path, out, generate)

    assert not built.ok and tree_digest(out) == before
    places = {(d.code.id, d.file, d.span.line) for d in built.diagnostics}
    assert places == {
        ("G006", str(user_test), line_of(user_test, '"total": 7,')),
        ("G006", str(hook), line_of(hook, "event.row.subject")),
    }, [render(d, "spec.md") for d in built.diagnostics]
    broken_hook = next(d for d in built.diagnostics if d.file == str(hook))
    assert (
        "AttributeError" in broken_hook.message and "more tests failing here" in broken_hook.message
    )
    assert render(broken_hook, "specs/helpdesk/spec.md").startswith(f"{hook}:")


def test_every_hook_moment_runs_with_its_event_in_the_writes_transaction(tmp_path: Path):
    """`tests/support/hook_moments.py`, run in a copy of the example: the order of the moments, the
    event's user, changes and transition, and hooks' writes committed or rolled back with
    the write (SQLite here; `tests/integration/test_postgres.py` runs the example's own)."""
    app = tmp_path / "helpdesk"
    shutil.copytree(EXAMPLE, app, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    shutil.copy(
        ROOT / "tests" / "support" / "hook_moments.py", app / "tests" / "custom" / "test_moments.py"
    )
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/custom/test_moments.py",
    ]
    result = subprocess.run(command, cwd=app, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 passed" in result.stdout
