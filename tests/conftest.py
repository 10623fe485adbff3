"""Shared pytest options and guards: `--update-golden` rewrites golden files instead of
comparing; no test reaches a real model API, even on a machine with a key; the cases of
`tests/support/long_runs.py` are marked `long` (left to `make test-long`)."""

from __future__ import annotations

import pytest

from tests.support.long_runs import mark_long_runs

_PROVIDER_ENV = ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite golden files from the current output (review the diff before committing)",
    )


@pytest.hookimpl(tryfirst=True)  # before `-m "not long"` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    mark_long_runs(items)


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(autouse=True)
def _no_model_api(monkeypatch: pytest.MonkeyPatch) -> None:
    """`make test` stays offline: tests that need a model set up the fake API themselves."""
    for name in _PROVIDER_ENV:
        monkeypatch.delenv(name, raising=False)
