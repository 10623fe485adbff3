"""Fixtures of the integration tests, shared from `tests/support`.

Under pytest-xdist (`make test`) each integration module runs on one worker, in
order (an xdist group per module): its tests share a served app, one throwaway
PostgreSQL server or one Chromium per worker. Two modules may run at once on two
workers; installing PostgreSQL and Chromium with apt-get is serialized by a file
lock (`tests/support/apt.py`).
"""

from __future__ import annotations

import pytest

from tests.support.browser import browser, new_context
from tests.support.postgres import postgres_database, postgres_url

__all__ = ["browser", "new_context", "postgres_database", "postgres_url"]
"""Shared here, not imported by each module: a session fixture imported into two modules
would start Playwright twice in one process, which its sync API refuses."""


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marker into the node id
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration/" in item.nodeid:
            module = item.nodeid.split("::", 1)[0]
            item.add_marker(pytest.mark.xdist_group(f"integration:{module}"))
