"""`### Actions` through the front end: the bullet's parts land in `Action`, and the IR 7
snapshot of a spec without actions reads as IR 8 (tests/ir covers the upgrade itself)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from compiler.frontend import analyse_file
from compiler.ir import expr as e

SPEC = Path(__file__).parent / "loans.md"


def test_the_renew_bullet_lowers_to_one_action() -> None:
    result = analyse_file(SPEC, "loans.md")
    assert result.ok and result.spec is not None, result.diagnostics
    loan = result.spec.entity("Loan")
    assert loan is not None and result.spec.entity("Copy").actions == ()  # type: ignore[union-attr]
    (renew,) = loan.actions
    assert renew.name == "renew" and renew.label == "Renew loan" and renew.button == "Renew loan"
    assert [(a.role, a.own) for a in renew.actors] == [("member", True), ("librarian", False)]
    assert isinstance(renew.guard, e.Binary) and renew.guard.op == "and"
    assert [(x.reference, x.field) for x in renew.effects] == [
        (None, "renewals"),
        (None, "due"),
        ("copy", "renewals"),
    ]
    line = SPEC.read_text(encoding="utf-8").splitlines()[renew.span.line - 1]
    assert line.startswith("- renew, by member (own)")
    assert (renew.name_span.line, renew.name_span.col) == (renew.span.line, 3)


def test_a_derived_button_reads_the_name_as_words() -> None:
    result = analyse_file(SPEC, "loans.md")
    assert result.spec is not None
    loan = result.spec.entity("Loan")
    assert loan is not None
    assert replace(loan.actions[0], name="mark_paid", label=None).button == "Mark paid"
