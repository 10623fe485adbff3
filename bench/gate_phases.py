"""A pytest plugin for `bench/recompile.py`: the time of each test phase, summed, printed at
the end as `phases: setup S call C teardown T tests N` (full precision, unlike --durations)."""

from __future__ import annotations

_SPENT = {"setup": 0.0, "call": 0.0, "teardown": 0.0}
_TESTS: set[str] = set()


def pytest_runtest_logreport(report) -> None:
    _SPENT[report.when] += report.duration
    _TESTS.add(report.nodeid)


def pytest_terminal_summary(terminalreporter) -> None:
    spent = " ".join(f"{phase} {seconds:.3f}" for phase, seconds in _SPENT.items())
    terminalreporter.write_line(f"phases: {spent} tests {len(_TESTS)}")
