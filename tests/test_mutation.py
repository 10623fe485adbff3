"""Mutation check: flipping one rule's comparison in the generated code fails the gate.

For each example spec, the generated check of one rule is mutated (`<=` becomes
`>`, `==` becomes `!=`, …). The spec-derived tests must notice: the build is
refused with failures located in the spec, and the output stays as it was.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.analyse.rules import rule_checks
from compiler.evolve.history import FIRST_BUILD, History, read_history
from compiler.frontend import analyse_file
from compiler.gate import GeneratedTree, build
from compiler.generate import generate
from compiler.ir.model import Pattern, Spec
from tests.support.mutants import SCOPES, SELECTED, gate_scope
from tests.test_examples import ROOT, tree_digest

MUTANTS = {
    "helpdesk": ("ticket", "A customer may have at most five unresolved tickets at a time."),
    "inventory": ("order_line", "You cannot order more than is available."),
    "bookings": ("booking", "The group is larger than the space allows."),
}
_FLIPS = {"<=": ">", ">=": "<", "==": "!=", "!=": "==", "<": ">=", ">": "<="}
_COMPARISON = re.compile(r" (<=|>=|==|!=|<|>) ")


def flip_rule(content: str, message: str) -> str:
    """The module with the ordering comparison of `message`'s rule check flipped.

    The chosen rules compare with `<=`; equalities in their text join subqueries.
    """
    end = content.index(message)
    start = content.rindex("if not _holds(", 0, end)
    matches = [m for m in _COMPARISON.finditer(content, start, end) if m.group(1)[0] in "<>"]
    assert matches, f"no ordering comparison in the check of {message!r}"
    match = matches[0]
    flipped = f" {_FLIPS[match.group(1)]} "
    return content[: match.start()] + flipped + content[match.end() :]


def mutant(
    module: str, message: str, history: History = FIRST_BUILD
) -> Callable[[Spec], GeneratedTree]:
    """The app with one rule check flipped; `history`: the build it replaces (its migrations
    continue, as a real recompile's do)."""
    path = f"app/services/{module}.py"

    def generate_mutant(spec: Spec) -> GeneratedTree:
        return tuple(
            file.__class__(file.path, flip_rule(file.content, message), file.keep_existing)
            if file.path == path
            else file
            for file in generate(spec, history)
        )

    return generate_mutant


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_flipping_a_rule_fails_the_gate(name: str, tmp_path: Path) -> None:
    spec_path = ROOT / "specs" / name / "spec.md"
    result = analyse_file(spec_path, f"specs/{name}/spec.md")
    assert result.spec is not None and result.ok
    out = tmp_path / name
    shutil.copytree(ROOT / "examples" / name, out)
    before = tree_digest(out)
    built = build(result.spec, spec_path, out, mutant(*MUTANTS[name], read_history(out)))
    failures = [d for d in built.diagnostics if d.code.id == "G001"]
    assert not built.ok and failures, [d.message for d in built.diagnostics]
    assert all(d.span.line > 1 for d in failures), "failures point into the spec"
    assert tree_digest(out) == before


_RULES_RAISE = "if not holds]\n    if broken:\n"


def without_rule_checks(spec: Spec) -> GeneratedTree:
    """The app with the rule check after each write switched off (`if broken and False:`);
    the checks of rules that are CHECK constraints too still run before the write."""
    return tuple(
        file.__class__(
            file.path,
            file.content.replace(_RULES_RAISE, "if not holds]\n    if broken and False:\n"),
            file.keep_existing,
        )
        for file in generate(spec)
    )


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_without_rule_checks_exactly_the_derived_broken_tests_fail(
    name: str, tmp_path: Path
) -> None:
    """Each rule's derived broken test notices the rule is no longer checked, unless the
    database still enforces it (a CHECK constraint); no kept test notices anything. The
    gate runs the rules' test files only: the assertions are about those tests alone."""
    spec_path = ROOT / "specs" / name / "spec.md"
    result = analyse_file(spec_path, f"specs/{name}/spec.md")
    assert result.spec is not None and result.ok
    assert _RULES_RAISE in "".join(f.content for f in generate(result.spec))
    out = tmp_path / name
    with gate_scope(SELECTED, "tests/test_*_rules.py"):
        built = build(result.spec, spec_path, out, without_rule_checks)
    failures = [
        d
        for d in built.diagnostics
        if d.code.id == "G001" and re.search(r"\.test_rule_\d+_is_\w+ failed", d.message)
    ]
    names = {re.search(r"\.(test_rule_\w+) failed", d.message).group(1) for d in failures}
    assert names and all(name.endswith("_is_broken") for name in names), names
    # The tests name rules by position, not line; the gate reports each at its rule's line.
    unenforced = {
        check.spec_line
        for entity in result.spec.entities
        for check in rule_checks(result.spec, entity)
        if check.constraint is None
    }
    assert unenforced and {d.span.line for d in failures} == unenforced


_ANCHORED = re.compile(r'"pattern": r"\^(.*?)\$"')
_MIN_LENGTH = "min_length=5, max_length=120"


def with_loose_field_rules(spec: Spec) -> GeneratedTree:
    """The helpdesk app with two field rules broken in its models: patterns found anywhere in
    the value instead of matching all of it (`^…$` dropped), and the 5-character minimum of a
    ticket's title lowered to 4."""

    def loosen(path: str, content: str) -> str:
        if not path.startswith("app/models/"):
            return content
        content = _ANCHORED.sub(r'"pattern": r"\1"', content)
        return content.replace(_MIN_LENGTH, "min_length=4, max_length=120")

    return tuple(
        file.__class__(file.path, loosen(file.path, file.content), file.keep_existing)
        for file in generate(spec)
    )


def test_loosened_field_rules_fail_exactly_their_tests(tmp_path: Path) -> None:
    """The gate runs the fields' test files only: the assertions are about those tests."""
    spec_path = ROOT / "specs" / "helpdesk" / "spec.md"
    result = analyse_file(spec_path, "specs/helpdesk/spec.md")
    assert result.spec is not None and result.ok
    models = "".join(f.content for f in generate(result.spec) if f.path.startswith("app/models/"))
    assert _ANCHORED.search(models) and _MIN_LENGTH in models
    with gate_scope(SELECTED, "tests/test_*_fields.py"):
        built = build(result.spec, spec_path, tmp_path / "helpdesk", with_loose_field_rules)
    failed = {
        match.group(1)
        for d in built.diagnostics
        if d.code.id == "G001"
        for match in [re.search(r"_fields\.test_\w+\[([\w-]+)\] failed", d.message)]
        if match
    }
    assert not built.ok
    inside = {
        f"{f.name}-pattern-inside" for e in result.spec.entities for f in e.fields if f.has(Pattern)
    }
    assert failed == inside | {"title-length-4"}, [d.message for d in built.diagnostics]


_AFTER_IMAGE = "    _check_after_image(session, user, row, before, edited=edited)\n"


def without_after_image_check(spec: Spec) -> GeneratedTree:
    """The app with access no longer checked on the written row of an update."""
    return tuple(
        file.__class__(
            file.path, file.content.replace(_AFTER_IMAGE, "    _ = edited\n"), file.keep_existing
        )
        for file in generate(spec)
    )


def _failed_tests(built) -> set[str]:
    return {
        match.group(1)
        for d in built.diagnostics
        if d.code.id == "G001"
        for match in [re.search(r"\.(test_\w+?)(\[[^\]]*\])? failed", d.message)]
        if match
    }


@pytest.mark.parametrize("scope", SCOPES)
def test_without_the_after_image_check_the_move_test_fails(scope: str, tmp_path: Path) -> None:
    """A clerk may move a line of their own order under another clerk's order once the
    update no longer checks the written row: the generated "move a row" test notices,
    and no other test does."""
    spec_path = ROOT / "specs" / "inventory" / "spec.md"
    result = analyse_file(spec_path, "specs/inventory/spec.md")
    assert result.spec is not None and result.ok
    assert _AFTER_IMAGE in "".join(f.content for f in generate(result.spec))
    with gate_scope(scope, "tests/test_*_access.py"):
        built = build(result.spec, spec_path, tmp_path / "inventory", without_after_image_check)
    failed = _failed_tests(built)
    assert not built.ok
    assert failed == {"test_clerk_may_not_move_sales_order_to_a_row_it_may_not_write"}, failed


_READABLE = re.compile(r", \w+_access\.read_filter\(user\)")


def with_any_existing_reference(spec: Spec) -> GeneratedTree:
    """The app checking only that a referenced row exists, not that the user may read it."""

    def loosen(content: str) -> str:
        if "def _check_references(" not in content:
            return content
        start = content.index("def _check_references(")
        end = content.index("\ndef ", start)
        return content[:start] + _READABLE.sub("", content[start:end]) + content[end:]

    return tuple(
        file.__class__(file.path, loosen(file.content), file.keep_existing)
        for file in generate(spec)
    )


@pytest.mark.parametrize("scope", SCOPES)
def test_a_reference_that_reveals_a_hidden_row_fails_the_looks_missing_tests(
    scope: str, tmp_path: Path
) -> None:
    """Answering a reference to another customer's ticket differently from one to no ticket
    (the 403 of the create `where` or of the after-image) fails exactly the tests that
    compare both answers."""
    spec_path = ROOT / "specs" / "helpdesk" / "spec.md"
    result = analyse_file(spec_path, "specs/helpdesk/spec.md")
    assert result.spec is not None and result.ok
    services = "".join(f.content for f in generate(result.spec))
    assert _READABLE.search(services)
    with gate_scope(scope, "tests/test_*_access.py"):
        built = build(result.spec, spec_path, tmp_path / "helpdesk", with_any_existing_reference)
    assert not built.ok
    assert _failed_tests(built) == {
        "test_customer_may_create_only_where_allowed",
        "test_customer_ticket_to_a_row_it_may_not_read_looks_missing",
    }, _failed_tests(built)


_RELATED_READABLE = "sa.and_(pointing, pages.read_filter(user))"
_MOVE_ALLOWED = " and (field.name, target) in allowed"


def with_ui_mutated(old: str, new: str) -> Callable[[Spec], GeneratedTree]:
    """The app with one piece of its web UI (`app/ui/`) replaced."""

    def generate_mutant(spec: Spec) -> GeneratedTree:
        return tuple(
            file.__class__(file.path, file.content.replace(old, new), file.keep_existing)
            if file.path.startswith("app/ui/")
            else file
            for file in generate(spec)
        )

    return generate_mutant


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize(
    ("old", "new", "failing"),
    [
        pytest.param(
            _RELATED_READABLE,
            "sa.and_(pointing, sa.true())",
            {
                "test_ui_product_page_lists_the_ticket_product_rows_the_viewer_may_read",
                "test_ui_tag_page_lists_the_ticket_tags_rows_the_viewer_may_read",
            },
            id="related-rows-without-read-access",
        ),
        pytest.param(
            _MOVE_ALLOWED,
            " and (allowed or True)",
            {"test_ui_admin_does_not_see_the_ticket_status_pending_button"},
            id="buttons-without-the-service-check",
        ),
        pytest.param(
            "return user.role in MANAGERS",
            "return True",
            {"test_ui_only_admin_reach_the_users_page"},
            id="users-page-without-the-manager-check",
        ),
        pytest.param(
            "self.filter_condition(user, **{",
            "self.filter_condition(user) if True else (lambda **_: None)(**{",
            {
                "test_ui_product_list_filters_show_the_rows_the_api_filter_returns",
                "test_ui_ticket_list_filters_show_the_rows_the_api_filter_returns",
                "test_ui_comment_list_filters_show_the_rows_the_api_filter_returns",
            },
            id="list-filters-ignored",
        ),
    ],
)
def test_ui_access_mutants_fail_exactly_their_tests(
    old: str, new: str, failing: set[str], scope: str, tmp_path: Path
) -> None:
    """A detail page listing related rows the viewer may not read (a product's or a tag's
    tickets for a customer), or showing every listed move instead of those the service allows, fails
    exactly the generated UI test about it."""
    spec_path = ROOT / "specs" / "helpdesk" / "spec.md"
    result = analyse_file(spec_path, "specs/helpdesk/spec.md")
    assert result.spec is not None and result.ok
    assert old in "".join(f.content for f in generate(result.spec) if f.path.startswith("app/ui/"))
    with gate_scope(scope, "tests/test_ui.py"):
        built = build(result.spec, spec_path, tmp_path / "helpdesk", with_ui_mutated(old, new))
    assert not built.ok
    assert _failed_tests(built) == failing, _failed_tests(built)
