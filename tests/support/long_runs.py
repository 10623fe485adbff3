"""The cases `make test` leaves to `make test-long`: the rest of a matrix whose
representative stays in `make test`.

`make test` must stay under 15 minutes on two cores. Each entry below is one case
of a check that `make test` still runs on another case (named in its comment), so
no kind of check leaves `make test`; the long target runs every case. An entry
that matches no test of its module is an error, so a renamed test cannot silently
move from one run to the other.
"""

# ruff: noqa: E501 — a test node id is one string, and reads best unbroken
from __future__ import annotations

import pytest

LONG = "long"
"""The marker; `make test` runs `-m "not long"`, `make test-long` runs `-m long`."""

LONG_RUNS = {
    # make test keeps helpdesk on SQLite and on PostgreSQL.
    "tests/integration/test_races.py::test_concurrent_writes_keep_every_rule[sqlite-bookings]",
    "tests/integration/test_races.py::test_concurrent_writes_keep_every_rule[sqlite-inventory]",
    "tests/integration/test_races.py::test_concurrent_writes_keep_every_rule[postgres-bookings]",
    "tests/integration/test_races.py::test_concurrent_writes_keep_every_rule[postgres-inventory]",
    # make test keeps helpdesk's negative control (its stacked effect breaks every time).
    "tests/integration/test_races.py::test_the_checks_detect_races_without_the_transactions[bookings]",
    "tests/integration/test_races.py::test_the_checks_detect_races_without_the_transactions[inventory]",
    # make test keeps helpdesk on PostgreSQL.
    "tests/integration/test_postgres.py::test_generated_tests_pass_on_postgres[bookings]",
    "tests/integration/test_postgres.py::test_generated_tests_pass_on_postgres[inventory]",
    # make test keeps the helpdesk mutants (the rule flipped: `without_rule_checks`, which
    # locates its failures at each rule, and test_compile_gate's output left unchanged).
    "tests/test_mutation.py::test_flipping_a_rule_fails_the_gate[helpdesk]",
    "tests/test_mutation.py::test_flipping_a_rule_fails_the_gate[bookings]",
    "tests/test_mutation.py::test_flipping_a_rule_fails_the_gate[inventory]",
    "tests/test_mutation.py::test_without_rule_checks_exactly_the_derived_broken_tests_fail[bookings]",
    "tests/test_mutation.py::test_without_rule_checks_exactly_the_derived_broken_tests_fail[inventory]",
    # make test keeps the random walk of spec edits (tests/evolve/test_walk.py, and on
    # PostgreSQL) that these twelve hand-picked helpdesk edits also cover.
    "tests/evolve/test_helpdesk_edits.py::test_twelve_edits_keep_every_row",
    # make test keeps the dev server's own test; this is its negative control.
    "tests/evolve/test_running_app.py::test_uvicorn_reload_does_not_follow_the_swap[uvicorn]",
    # make test keeps one mutant of each check added with composite uniqueness, public reads,
    # per-viewer fields and effects on other rows; these are its other variants.
    "tests/test_unique_mutation.py::test_a_unique_together_mutant_fails_the_second_row_test[without_the_422-selected]",
    "tests/test_unique_mutation.py::test_a_unique_together_mutant_fails_the_second_row_test[without_the_422-full]",
    "tests/public/test_public.py::test_a_broken_public_read_fails_exactly_its_tests[a remark's anonymous filter dropped]",
    "tests/public/test_public.py::test_a_broken_public_read_fails_exactly_its_tests[list ignores the anonymous filter]",
    "tests/public/test_public.py::test_a_per_viewer_field_for_the_wrong_reader_fails_its_test[the list computes for nobody]",
    "tests/effects/test_effects.py::test_a_broken_effect_fails_exactly_its_tests[other row's rules not checked]",
    # make test keeps the actions' guard mutant; these are the roles and button mutants.
    "tests/actions/test_actions.py::test_a_broken_action_fails_exactly_its_tests[roles not checked]",
    "tests/actions/test_actions.py::test_a_broken_action_fails_exactly_its_tests[button shown without the service's check]",
    # make test keeps the users page's UI access mutant; these are the other three.
    "tests/test_mutation.py::test_ui_access_mutants_fail_exactly_their_tests[list-filters-ignored-selected]",
    "tests/test_mutation.py::test_ui_access_mutants_fail_exactly_their_tests[buttons-without-the-service-check-selected]",
    "tests/test_mutation.py::test_ui_access_mutants_fail_exactly_their_tests[related-rows-without-read-access-selected]",
    # make test runs these mutants' gates on the files of the tests they are about
    # (tests/support/mutants.py); here, on the whole suite: no other test fails.
    "tests/test_mutation.py::test_ui_access_mutants_fail_exactly_their_tests[list-filters-ignored-full]",
    "tests/test_mutation.py::test_ui_access_mutants_fail_exactly_their_tests[buttons-without-the-service-check-full]",
    "tests/test_mutation.py::test_ui_access_mutants_fail_exactly_their_tests[related-rows-without-read-access-full]",
    "tests/test_mutation.py::test_ui_access_mutants_fail_exactly_their_tests[users-page-without-the-manager-check-full]",
    "tests/test_mutation.py::test_without_the_after_image_check_the_move_test_fails[full]",
    "tests/test_mutation.py::test_a_reference_that_reveals_a_hidden_row_fails_the_looks_missing_tests[full]",
    "tests/test_unique_mutation.py::test_a_unique_together_mutant_fails_the_second_row_test[without_the_constraint-full]",
    # make test keeps three gated seeds (effects, and two of the expression constructs; the
    # clinic regression spec uses every construct of issue 14 item 4).
    "tests/specgen/test_generated_specs.py::test_generated_spec_compiles_through_the_gate[1000-a,b,c,f]",
    "tests/specgen/test_generated_specs.py::test_generated_spec_compiles_through_the_gate[1003-a,b,c,f]",
    "tests/specgen/test_generated_specs.py::test_generated_spec_compiles_through_the_gate[1009-a,b,c,f]",
    # make test keeps helpdesk's delete mutants' kind through tests/deletes (the service's
    # cascade access check); this is the database's ON DELETE CASCADE mutant.
    "tests/test_delete_mutation.py::test_without_on_delete_cascade_the_cascade_test_fails",
    # (the events case of the same PostgreSQL run)
    "tests/integration/test_postgres.py::test_generated_tests_pass_on_postgres[events]",
    # make test keeps six of the twelve regression specs (the others' fixes have unit tests
    # of their own: patterns, field views, rule values); every one compiles in make test-long.
    "tests/test_regressions.py::test_regression_compiles_through_its_gate[pattern-with-length]",
    "tests/test_regressions.py::test_regression_compiles_through_its_gate[pattern-negated-class]",
    "tests/test_regressions.py::test_regression_compiles_through_its_gate[email-url-length]",
    "tests/test_regressions.py::test_regression_compiles_through_its_gate[check-rule-factory]",
    "tests/test_regressions.py::test_regression_compiles_through_its_gate[unique-optional-field]",
    "tests/test_regressions.py::test_regression_compiles_through_its_gate[only-where-without-the-row]",
}


def mark_long_runs(items: list[pytest.Item]) -> None:
    """Marks the entries of `LONG_RUNS` `long`; an entry whose module was collected but
    which matches none of its tests is an error (the test was renamed)."""
    collected = {item.nodeid.split("@", 1)[0] for item in items}  # without xdist's group
    for item in items:
        if item.nodeid.split("@", 1)[0] in LONG_RUNS:
            item.add_marker(getattr(pytest.mark, LONG))
    modules = {nodeid.split("::", 1)[0] for nodeid in collected}
    stale = sorted(n for n in LONG_RUNS - collected if n.split("::", 1)[0] in modules)
    if stale:
        raise pytest.UsageError(f"tests/support/long_runs.py names missing tests: {stale}")
