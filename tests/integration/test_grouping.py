"""The integration modules really run as one xdist group each.

Their module fixtures (a served app, a schemathesis run, Chromium) cost up to a
minute; if the group marker stops reaching pytest-xdist, the tests of a module
are spread over the workers and each worker pays for the fixtures again. That
happened silently with pytest 9.2 (pyproject pins below it), and when the
marker was added after pytest-xdist had read it (tests/integration/conftest.py).
"""

from __future__ import annotations

import os

import pytest


def test_this_module_runs_in_its_own_xdist_group(request: pytest.FixtureRequest) -> None:
    if "PYTEST_XDIST_WORKER" not in os.environ:
        pytest.skip("not under pytest-xdist: no groups to check (make test runs with -n)")
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run with --dist loadgroup")
    assert request.node.nodeid.endswith("@integration:tests/integration/test_grouping.py")
