"""How a mutant app's gate is run: on the test files its check is about, or on all of them.

A mutation test breaks the generated app in one way and asserts which generated tests
fail. The suite's largest cost is these gates, each a whole example's suite (about
30 s). Most mutants are about one kind of generated test (access, UI, fields, rules):
with the scope `SELECTED`, the gate runs only those files, as the selective gate of a
recompile runs only the files a change can affect. That still shows that the tests
meant to catch the mutant fail and that every other test of those files passes. That
no test elsewhere fails is shown by the scope `FULL`. A test parametrized over `SCOPES`
runs `SELECTED` in `make test` and leaves `FULL` to `make test-long`, through
`long_runs.LONG_RUNS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from compiler.gate import pipeline

SELECTED = "selected"
FULL = "full"
SCOPES = (SELECTED, FULL)


@contextmanager
def gate_scope(scope: str, *patterns: str) -> Iterator[None]:
    """Within, the gate of `build` runs only the test files matching `patterns` (globs
    relative to the app, such as `tests/test_*_access.py`), or every file with `FULL`."""
    if scope == FULL:
        yield
        return
    assert scope == SELECTED, scope
    with _gate_of(patterns, first_builds_only=True):
        yield


@contextmanager
def gate_of(*patterns: str) -> Iterator[None]:
    """Within, every gate of `build`, a recompile's selective one included, runs only the
    test files matching `patterns`: for tests whose subject is what a build does around
    its gate (the upgrade check, promotion), not the generated tests themselves."""
    with _gate_of(patterns, first_builds_only=False):
        yield


@contextmanager
def _gate_of(patterns: tuple[str, ...], *, first_builds_only: bool) -> Iterator[None]:
    run_gate = pipeline.run_gate

    def run_selected(tree: Path, timeout_s: float, locate, only=None, **options):
        assert only is None or not first_builds_only, "a first build's gate selects nothing"
        files = sorted({p.relative_to(tree).as_posix() for g in patterns for p in tree.glob(g)})
        assert files, f"no test file of the app matches {patterns}"
        return run_gate(tree, timeout_s, locate, tuple(files), **options)

    with mock.patch.object(pipeline, "run_gate", run_selected):
        yield
