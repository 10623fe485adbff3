"""Effects on referenced rows (`sets `copy.available = false``) in a generated app.

`library.md` lends copies: lending and returning a Loan change its Copy. Its build must
pass its gate with the derived tests of those effects (they land; the copy's access and
rules refuse the transition, changing neither row), and each of three broken services
must fail exactly the derived tests that guard what it broke: the effect skipped, the
copy's rules not checked, the copy's update access not checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.frontend import analyse_file
from compiler.gate import GeneratedTree, build
from compiler.generate import generate
from compiler.ir.model import Spec

SPEC = Path(__file__).parent / "library.md"
LIFECYCLE_TESTS = "tests/test_loan_status_lifecycle.py"

LANDS = {
    "test_requested_to_lent_by_volunteer_changes_the_rows_it_references",
    "test_requested_to_lent_by_librarian_changes_the_rows_it_references",
    "test_lent_to_returned_by_volunteer_changes_the_rows_it_references",
    "test_lent_to_returned_by_librarian_changes_the_rows_it_references",
}
REFUSED_BY_RULES = {
    "test_requested_to_lent_by_volunteer_is_refused_when_the_referenced_row_breaks_a_rule",
    "test_requested_to_lent_by_librarian_is_refused_when_the_referenced_row_breaks_a_rule",
}
REFUSED_BY_ACCESS = {
    "test_requested_to_lent_by_volunteer_is_refused_without_update_access_to_the_referenced_row",
    "test_lent_to_returned_by_volunteer_is_refused_without_update_access_to_the_referenced_row",
}


def _spec() -> Spec:
    result = analyse_file(SPEC, "library.md")
    assert result.spec is not None and result.ok, result.diagnostics
    return result.spec


def _replaced(path: str, edits: tuple[tuple[str, str], ...]) -> Callable[[Spec], GeneratedTree]:
    def generate_mutant(spec: Spec) -> GeneratedTree:
        files = generate(spec)
        content = next(f.content for f in files if f.path == path)
        for old, new in edits:
            assert old in content, f"{old!r} is not in {path}"
            content = content.replace(old, new)
        return tuple(
            f.__class__(f.path, content, f.keep_existing) if f.path == path else f for f in files
        )

    return generate_mutant


def _failed(built) -> set[str]:
    return {
        match.group(1)
        for d in built.diagnostics
        if d.code.id == "G001"
        for match in [re.search(r"\.(test_\w+?)(\[[^\]]*\])? failed", d.message)]
        if match
    }


def test_the_library_passes_its_gate_with_the_effect_tests(tmp_path: Path) -> None:
    spec = _spec()
    tests = next(f.content for f in generate(spec) if f.path == LIFECYCLE_TESTS)
    named = set(re.findall(r"^def (test_\w+)\(", tests, flags=re.MULTILINE))
    assert named >= LANDS | REFUSED_BY_RULES | REFUSED_BY_ACCESS
    assert "assert copy.available is False" in tests and "assert copy.loans == 1" in tests
    assert "A worn-out copy is not lent again." in tests
    built = build(spec, SPEC, tmp_path / "library", generate)
    assert built.ok, [d.message for d in built.diagnostics]


_APPLY = "other_rows += copy_service.apply_effects(session, user, row.copy_id, copy_values)"
MUTANTS = {
    "effect skipped": (
        "app/services/loan.py",
        ((_APPLY, "del copy_values"),),
        LANDS | REFUSED_BY_RULES | REFUSED_BY_ACCESS,
    ),
    "other row's rules not checked": (
        "app/services/loan.py",
        (("    for check_other_row in other_rows:\n        check_other_row()\n", ""),),
        REFUSED_BY_RULES,
    ),
    "other row's access not checked": (
        "app/services/copy.py",
        (
            (
                "if not _holds(session, row, sa.and_(access.read_filter(user), "
                "access.update_filter(user))):",
                "if False:",
            ),
            ("_check_after_image(session, user, row, before, edited=True)", "_ = before"),
        ),
        REFUSED_BY_ACCESS,
    ),
}


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_a_broken_effect_fails_exactly_its_tests(name: str, tmp_path: Path) -> None:
    path, edits, expected = MUTANTS[name]
    built = build(_spec(), SPEC, tmp_path / "library", _replaced(path, edits))
    assert not built.ok
    assert _failed(built) == expected, [d.message for d in built.diagnostics]


def test_an_effect_on_a_row_of_the_same_entity_passes_its_gate(tmp_path: Path) -> None:
    """`parent.done_below = parent.done_below + 1`: the service applies the effect with its
    own `apply_effects`; the landing test makes a parent (not a null one) and checks it."""
    spec_path = Path(__file__).parent / "tasks.md"
    result = analyse_file(spec_path, "tasks.md")
    assert result.spec is not None and result.ok, result.diagnostics
    files = {f.path: f.content for f in generate(result.spec)}
    assert (
        "apply_effects(session, user, row.parent_id, parent_values)"
        in files["app/services/task.py"]
    )
    tests = files["tests/test_task_status_lifecycle.py"]
    assert "parent=task" in tests and "assert task.done_below == 1" in tests
    built = build(result.spec, spec_path, tmp_path / "tasks", generate)
    assert built.ok, [d.message for d in built.diagnostics]
