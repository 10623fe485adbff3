"""Mutation checks of `unique (a, b)` rules: bookings' "A site is closed at most once a day."
(`unique (site, day)` on Closure).

Without the constraint in the database, or without the app turning the database's refusal
into the rule's 422, exactly the generated "second row alike" test fails.
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
from tests.support.mutants import SCOPES, gate_scope
from tests.test_examples import ROOT

_CONSTRAINT = re.compile(
    r'\s*sa\.UniqueConstraint\("site_id", "day", name="uq_closure_site_id_day"\),'
)
_MAPPED = "        if clashes:\n"


def without_the_constraint(content: str) -> str:
    return _CONSTRAINT.sub("", content)


def without_the_422(content: str) -> str:
    return content.replace(_MAPPED, "        if clashes and False:\n")


def mutated(change: Callable[[str], str]) -> Callable[[Spec], GeneratedTree]:
    def generate_mutant(spec: Spec) -> GeneratedTree:
        tree = generate(spec)
        mutated = tuple(f.__class__(f.path, change(f.content), f.keep_existing) for f in tree)
        assert mutated != tree, "the mutation changed nothing"
        return mutated

    return generate_mutant


def _failed_tests(built) -> set[str]:
    return {
        match.group(1)
        for d in built.diagnostics
        if d.code.id == "G001"
        for match in [re.search(r"\.(test_\w+?)(\[[^\]]*\])? failed", d.message)]
        if match
    }


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("change", [without_the_constraint, without_the_422])
def test_a_unique_together_mutant_fails_the_second_row_test(
    change: Callable[[str], str], scope: str, tmp_path: Path
) -> None:
    spec_path = ROOT / "specs" / "bookings" / "spec.md"
    result = analyse_file(spec_path, "specs/bookings/spec.md")
    assert result.spec is not None and result.ok
    with gate_scope(scope, "tests/test_*_fields.py"):
        built = build(result.spec, spec_path, tmp_path / "bookings", mutated(change))
    assert not built.ok
    assert _failed_tests(built) == {"test_unique_site_day_refuses_a_second_row_alike"}
    rule_line = next(
        n for n, line in enumerate(spec_path.read_text().splitlines(), 1) if "unique (site" in line
    )
    assert {d.span.line for d in built.diagnostics if d.code.id == "G001"} == {rule_line}
