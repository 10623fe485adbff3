"""Fixtures of the integration tests, shared from `tests/support`.

Under pytest-xdist (`make test`) every integration test runs on one worker, in
order: they share one throwaway PostgreSQL server and one Chromium per worker, and
installing either with apt-get from two workers at once would fight over its lock.
"""

from __future__ import annotations

import pytest

from tests.support.postgres import postgres_database, postgres_url

__all__ = ["postgres_database", "postgres_url"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("integration"))
