"""schemathesis against the running helpdesk example, signed in as an admin.

The example is served for real (uvicorn, SQLite migrated by alembic, an admin made by
`python -m app.cli create-user`), seeded through its API so that ids exist, and the
schemathesis CLI runs every phase (examples, coverage, fuzzing and the stateful phase,
which chains operations along the links it infers: create a ticket, then read, update
and delete that ticket) with every check, a fixed seed and a bounded number of examples,
once for the module; each test then asserts that a check found nothing, and fails with
schemathesis' own report (a curl command for every failure).

One check is replaced: `positive_data_acceptance` wants every schema-valid request
accepted, but a taken unique value, a missing or hidden reference, a rule of the spec,
"after today" or a wrong current password cannot be said in OpenAPI, and each is a 422.
`schemathesis_hooks.py` checks instead that such a refusal names only the app's own
rules (`value_error`), never a constraint the schema states (docs/decisions.md).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.app_server import App, running_app

pytest.importorskip("schemathesis", reason="schemathesis is not installed")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "helpdesk"
MAX_EXAMPLES = 15
CHECKS = "all"
REPLACED = "positive_data_acceptance"
"""Replaced by `schemathesis_hooks.positive_data_refused_only_by_the_apps_rules`."""
SEED = 20261125
# schemathesis 4.32 crashes ("ValueError: Invalid IPv6 URL") when it scans response bodies
# for links (location-headers inference) and meets a stored `homepage` such as "http://[":
# keep link inference from the schema only.
CONFIG = '[phases.stateful.inference]\nalgorithms = ["dependency-analysis"]\n'
SEED_ROWS = [
    ("/api/tags", {"name": "bug", "color": "#ff0000"}),
    ("/api/products", {"name": "Widget", "code": "WID", "support_email": "help@example.com"}),
    (
        "/api/tickets",
        {"title": "Printer on fire", "body": "It burns.", "product_id": 1, "tags": [1]},
    ),
    ("/api/comments", {"ticket_id": 1, "body": "Looking into it."}),
]


@dataclass(frozen=True)
class Run:
    report: dict
    output: str

    def assert_no_failures(self, codes: set[str]) -> None:
        found = [failure for failure in self.report["failures"] if failure["code"] in codes]
        assert not found, f"schemathesis found {found}\n{self.output}"


@pytest.fixture(scope="module")
def helpdesk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    with running_app(EXAMPLE, tmp_path_factory.mktemp("helpdesk")) as app:
        with httpx.Client(base_url=app.base_url, headers=app.headers, timeout=10) as client:
            for path, body in SEED_ROWS:
                response = client.post(path, json=body)
                assert response.status_code == 201, (path, response.text)
        yield app


@pytest.fixture(scope="module")
def fuzz_run(helpdesk: App, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One schemathesis CLI run with the three checks; its JSON summary and its report."""
    work = tmp_path_factory.mktemp("schemathesis")
    (work / "schemathesis.toml").write_text(CONFIG)
    command = [sys.executable, "-m", "schemathesis.cli"]
    command += ["--config-file", str(work / "schemathesis.toml"), "--no-color"]
    command += ["run", f"{helpdesk.base_url}/openapi.json", "--checks", CHECKS]
    command += ["--exclude-checks", REPLACED]
    command += ["-H", f"Authorization: {helpdesk.headers['Authorization']}"]
    # Signing out revokes the admin's token: every later request would only get 401.
    command += ["--exclude-operation-id", "logout"]
    command += ["--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1"]
    command += ["--generation-deterministic", "--output-sanitize", "false"]  # no example database
    command += ["--report", "json", "--report-json-path", str(work / "report.json")]
    hooks = {"SCHEMATHESIS_HOOKS": "tests.integration.schemathesis_hooks", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        command,
        cwd=work,
        capture_output=True,
        text=True,
        timeout=300,
        stdin=subprocess.DEVNULL,
        env=os.environ | hooks,
    )
    output = f"{result.stdout}\n{result.stderr}\nserver log:\n{helpdesk.log.read_text()}"
    report_file = work / "report.json"
    assert report_file.exists(), f"schemathesis wrote no report:\n{output}"
    report = json.loads(report_file.read_text())
    assert report["complete"] and not report["errors"], f"schemathesis did not finish:\n{output}"
    assert report["operations"]["tested"] > 0 and report["test_cases"]["generated"] > 0, output
    if report["failures"]:
        assert result.returncode != 0, output
    return Run(report=report, output=output)


# Failure codes of schemathesis (`st explain CODE`) per check.
SERVER_ERRORS = {"ST101", "ST102"}  # not_a_server_error
SCHEMA_VIOLATIONS = {"ST108", "ST109", "ST110", "ST111"}  # response_schema_conformance
UNDOCUMENTED_STATUS = {"ST103"}  # status_code_conformance


def test_responses_match_the_schema(fuzz_run: Run) -> None:
    fuzz_run.assert_no_failures(SCHEMA_VIOLATIONS)


# Findings of this test on the committed example (reproduce with the curl lines it prints):
OVERFLOW = (
    "500 on any integer outside the database's range: a path id, a query filter or offset, a "
    "body reference, e.g. GET /api/tags/9223372036854775808 or GET /api/products?offset="
    "9223372036854775808 (SQLite: OverflowError), and from 2147483648 on PostgreSQL (int4 ids: "
    "DataError, e.g. POST /api/comments {ticket_id: 2147483648}); expected 422 or 404"
)
NULL_IN_PATCH = (
    "PATCH with an explicit null for a required field (products active, tags name, comments "
    "body, tickets title) gets 409 'a value must be unique, or the row is still referenced' "
    "from the NOT NULL constraint; expected 422, and 409 is not documented on PATCH"
)
UNDOCUMENTED = (
    "undocumented: 400 'There was an error parsing the body' for a non-UTF-8 JSON body on "
    "every POST/PATCH, 401 from POST /api/auth/token on wrong credentials"
)


def test_no_server_errors(fuzz_run: Run) -> None:
    fuzz_run.assert_no_failures(SERVER_ERRORS)


def test_status_codes_are_documented(fuzz_run: Run) -> None:
    fuzz_run.assert_no_failures(UNDOCUMENTED_STATUS)


def test_every_check_holds(fuzz_run: Run) -> None:
    """All of schemathesis' checks (and ours in place of one), in every phase: no failure."""
    assert not fuzz_run.report["failures"], fuzz_run.output
    assert fuzz_run.report["exit_code"] == 0, fuzz_run.output


def test_the_stateful_phase_runs_along_links(fuzz_run: Run) -> None:
    """The stateful phase ran scenarios and followed links between operations."""
    phases = fuzz_run.report["phases"]
    assert all(phases[name]["status"] == "success" for name in ("coverage", "fuzzing")), phases
    assert phases["stateful"]["status"] == "success", (phases, fuzz_run.output)
    scenarios = re.search(r"Scenarios:\s+(\d+)", fuzz_run.output)
    links = re.search(r"API Links:\s+(\d+) covered / (\d+) selected", fuzz_run.output)
    assert scenarios and int(scenarios.group(1)) > 0, fuzz_run.output
    assert links and int(links.group(1)) > 0, fuzz_run.output
