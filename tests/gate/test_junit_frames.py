"""The gate reads the frames of Python's own traceback format (`--tb=native`): a generated
test's hint names its innermost frame in the tree, a hand-written frame becomes a G006 at its
line, and frames outside the tree (the interpreter's, site-packages') are never named."""

from __future__ import annotations

from pathlib import Path

from compiler.gate.run_tests import _read_junit
from compiler.ir.span import NOWHERE

JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="0" failures="2" skipped="0" tests="3">
<testcase classname="tests.test_ticket_rules" name="test_rule_1_is_kept"
 file="tests/test_ticket_rules.py" line="9">
<failure message="AssertionError: assert 422 == 201">Traceback (most recent call last):
  File "/usr/lib/python3.11/site-packages/_pytest/runner.py", line 341, in from_call
    result = func()
  File "{tree}/tests/test_ticket_rules.py", line 45, in test_rule_1_is_kept
    assert response.status_code == 201
AssertionError: assert 422 == 201</failure></testcase>
<testcase classname="tests.test_ticket_fields" name="test_title"
 file="tests/test_ticket_fields.py" line="3">
<failure message="AttributeError: no subject">Traceback (most recent call last):
  File "{tree}/app/services/ticket.py", line 80, in create
    hooks.run(event)
  File "{tree}/app/extensions/policy.py", line 24, in no_passwords
    event.row.subject
  File "/usr/lib/python3.11/site-packages/pydantic/main.py", line 1110, in __getattr__
    raise AttributeError(item)
AttributeError: no subject</failure></testcase>
<testcase classname="tests.test_ok" name="test_ok" file="tests/test_ok.py" line="1"/>
</testsuite></testsuites>
"""


def test_native_frames_place_failures_in_the_tree(tmp_path: Path) -> None:
    tree = tmp_path / "app"
    junit = tmp_path / "junit.xml"
    junit.write_text(JUNIT.replace("{tree}", tree.as_posix()), encoding="utf-8")

    summary, failures = _read_junit(
        junit, tree, lambda ref: NOWHERE, frozenset({"app/extensions/policy.py"})
    )

    assert summary is not None and (summary.passed, summary.failed) == (1, 2)
    generated, hand_written = failures
    assert generated.code.id == "G001"
    assert generated.hint == (
        "in the generated code: tests/test_ticket_rules.py:45: AssertionError: assert 422 == 201"
    )
    assert (hand_written.code.id, hand_written.file, hand_written.span.line) == (
        "G006",
        "app/extensions/policy.py",
        24,
    )
