"""The generated tests run on the clock the compiler assumed (`SPEC_CLOCK`), so a rule over
the calendar cannot make the gate pass on Monday and fail on Saturday.

The clinic regression's rule `length <= 60 or weekday(starts_at) <= 5` is the case: its
field test "a length of 120 is accepted" sends the factory's `starts_at`, two hours after
now. Run on a Saturday (a pytest plugin moves the clock there before the suite starts), the
suite passes, because its conftest moves the clock to `SPEC_CLOCK`; without that (the
mutant), the same tests fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from compiler.testgen.clock import SPEC_CLOCK, clock_source
from tests.test_examples import ROOT

CLINIC = ROOT / "tests" / "regressions" / "clinic-conditionals-and-durations" / "spec.md"
SATURDAY_PLUGIN = """\
import time_machine

time_machine.travel("2026-12-05T01:00:00+00:00", tick=True).start()
"""


def test_the_clock_is_a_monday_noon_clear_of_month_and_year_ends() -> None:
    assert eval(clock_source(), {"datetime": datetime, "UTC": UTC}) == SPEC_CLOCK
    assert (SPEC_CLOCK.isoweekday(), SPEC_CLOCK.hour) == (1, 12)
    month_away = (SPEC_CLOCK - timedelta(days=31), SPEC_CLOCK + timedelta(days=31))
    assert all(moment.year == SPEC_CLOCK.year for moment in month_away)


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clinic") / "app"
    specc = [sys.executable, "-m", "compiler", "compile", str(CLINIC), "-o", str(out)]
    subprocess.run([*specc, "--offline", "--no-gate"], check=True, capture_output=True)
    (out / "saturday_clock.py").write_text(SATURDAY_PLUGIN)
    return out


def _fields_tests_on_a_saturday(app: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "saturday_clock",
        "-p",
        "no:cacheprovider",
    ]
    return subprocess.run(
        [*command, "tests/test_appointment_fields.py"],
        cwd=app,
        env=os.environ | {"PYTHONPATH": str(app)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_on_a_saturday_the_generated_tests_still_pass(clinic: Path) -> None:
    run = _fields_tests_on_a_saturday(clinic)
    assert run.returncode == 0, run.stdout[-3000:]


def test_without_the_clock_a_saturday_fails_the_weekday_rule(clinic: Path) -> None:
    conftest = clinic / "tests" / "conftest.py"
    intact = conftest.read_text()
    assert "    _clock.start()" in intact
    conftest.write_text(intact.replace("    _clock.start()", "    pass"))
    try:
        run = _fields_tests_on_a_saturday(clinic)
    finally:
        conftest.write_text(intact)
    assert run.returncode == 1, run.stdout[-3000:]
    assert "test_valid_value_is_accepted[length-max-120]" in run.stdout
    assert "Long visits are on weekdays." in run.stdout
