"""Actions (`### Actions`) in a generated app.

`loans.md` lets a member renew their own loan and a librarian any loan, while the loan is
lent and renewed fewer than three times; renewing also counts on the copy (an effect on
another row). Its build must pass its gate with the derived action tests (each named role
succeeds and the renewal count moves by one, a volunteer who may read the loan is refused
403, a loan the guard refuses gets 409, the detail page's button works and is hidden
when the guard is false), and a service that skips the guard must fail
exactly the guard's tests, the API's and the hidden button's (in `make test-long`: the
roles mutant fails exactly the 403 test, a page that shows the button without asking the
service exactly the hidden button's test).
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

SPEC = Path(__file__).parent / "loans.md"
ACTION_TESTS = "tests/test_loan_actions.py"
SERVICE = "app/services/loan.py"

SUCCEEDS = {"test_renew_by_member_own_succeeds", "test_renew_by_librarian_succeeds"}
GUARD = {"test_renew_is_refused_when_its_guard_is_false"}
ROLES = {"test_renew_by_volunteer_is_refused"}
BUTTON = {"test_renew_button_in_the_web_ui"}
HIDDEN = {"test_renew_button_is_hidden_when_its_guard_is_false"}
NOT_FOUND = {"test_renew_by_member_on_a_row_it_may_not_read_is_not_found"}


def _spec() -> Spec:
    result = analyse_file(SPEC, "loans.md")
    assert result.spec is not None and result.ok, result.diagnostics
    return result.spec


def _replaced(path: str, old: str, new: str) -> Callable[[Spec], GeneratedTree]:
    def generate_mutant(spec: Spec) -> GeneratedTree:
        files = generate(spec)
        content = next(f.content for f in files if f.path == path)
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


def test_the_loans_pass_their_gate_with_the_action_tests(tmp_path: Path) -> None:
    spec = _spec()
    files = {f.path: f.content for f in generate(spec)}
    tests = files[ACTION_TESTS]
    named = set(re.findall(r"^def (test_\w+)\(", tests, flags=re.MULTILINE))
    assert named == SUCCEEDS | GUARD | ROLES | BUTTON | HIDDEN | NOT_FOUND
    assert tests.count('assert response.json()["renewals"] == before["renewals"] + 1') == 2
    routes = files["app/api/routes/loan.py"]
    assert '@router.post("/{row_id}/actions/renew"' in routes
    # the guard is re-checked on the row locked FOR UPDATE, and the copy is changed in the
    # same transaction by its own service (its access and rules checked)
    service = files[SERVICE]
    lock = service.index(".with_for_update().execution_options(populate_existing=True)")
    assert lock < service.index("refusal = _renew_refusal(session, user, row)")
    assert "copy_service.apply_effects(session, user, row.copy_id, copy_values)" in service
    built = build(spec, SPEC, tmp_path / "loans", generate)
    assert built.ok, [d.message for d in built.diagnostics]


MUTANTS = {
    # the service's guard is also what hides the button: both tests fail
    "guard not checked": (
        SERVICE,
        'return Conflict("You cannot renew this loan now")',
        "pass",
        GUARD | HIDDEN,
    ),
    "roles not checked": (
        SERVICE,
        'return Forbidden("You may not renew this loan")',
        "pass",
        ROLES,
    ),
    "button shown without the service's check": (
        "app/ui/crud.py",
        "for name, (label, _) in self.actions.items() if name in allowed]",
        "for name, (label, _) in self.actions.items() if allowed is not None]",
        HIDDEN,
    ),
}


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_a_broken_action_fails_exactly_its_tests(name: str, tmp_path: Path) -> None:
    path, old, new, expected = MUTANTS[name]
    built = build(_spec(), SPEC, tmp_path / "loans", _replaced(path, old, new))
    assert not built.ok
    assert _failed(built) == expected, [d.message for d in built.diagnostics]
