"""Smoke tests of `bench/rules_overhead.py`'s spec editing (no timing): stripping the
Rules sections removes all of them and leaves a spec the front end accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.rules_overhead import APPS, rules_sections, strip_rules
from compiler.frontend import analyse_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("app", APPS)
def test_stripped_example_spec_has_no_rules_and_checks_clean(app: str) -> None:
    text = (ROOT / "specs" / app / "spec.md").read_text(encoding="utf-8")
    assert rules_sections(text) > 0
    stripped = strip_rules(text)
    assert rules_sections(stripped) == 0
    assert "### Rules" not in stripped
    result = analyse_text(stripped, f"{app}-no-rules.md")
    assert result.ok, [str(d) for d in result.diagnostics if d.is_error]
    assert result.spec is not None
    # only the Rules went: every entity heading is still there
    headings = [line for line in text.split("\n") if line.startswith("## ")]
    assert headings == [line for line in stripped.split("\n") if line.startswith("## ")]


def test_strip_rules_stops_at_the_next_heading_and_ignores_fenced_headings() -> None:
    text = "\n".join(
        [
            "## A",
            "### Rules",
            "- One. `x > 0`",
            "  ~~~",
            "  # not a heading",
            "  ~~~",
            "### Access",
            "kept",
            "```example",
            "### Rules",
            "expect ok",
            "```",
            "## B",
            "#### Rules",
            "### rules",
            "- Two. `y > 0`",
            "# C",
        ]
    )
    stripped = strip_rules(text)
    assert stripped.split("\n") == [
        "## A",
        "### Access",
        "kept",
        "```example",
        "### Rules",
        "expect ok",
        "```",
        "## B",
        "#### Rules",
        "# C",
    ]
    assert rules_sections(stripped) == 0


def test_strip_rules_drops_examples_that_expect_a_rule_error() -> None:
    text = '## A\n\n```example\nas admin\nexpect error "One."\n```\n\n```example\nexpect ok\n```\n'
    assert strip_rules(text) == "## A\n\n\n```example\nexpect ok\n```\n"
