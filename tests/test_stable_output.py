"""Quiet diffs: what the generated tree depends on, and what it must not.

Generated names, markers and comments name constructs by stable references
(`compiler.ir.refs`), never by spec line numbers, and headers name the spec by
its path inside its project. So inserting prose changes only the files that
quote it, adding a field changes only files that mention the field, and how the
spec's path was typed changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from compiler.frontend import analyse_text
from compiler.generate import generate, spec_name

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "specs/helpdesk/spec.md"
PROSE = "A line of prose that no generated file has any reason to quote."
NEW_FIELD = "| flavour | text? | length ..20 |\n"


def _tree(text: str) -> dict[str, str]:
    result = analyse_text(text, SOURCE)
    assert result.ok and result.spec is not None, result.diagnostics
    return {f.path: f.content for f in generate(result.spec)}


def _changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


@pytest.fixture(scope="module")
def text() -> str:
    return (ROOT / SOURCE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def base(text: str) -> dict[str, str]:
    return _tree(text)


def _with_prose(text: str) -> str:
    """PROSE as a paragraph of its own at the top, right after the front matter."""
    end = text.index("\n---\n", 4) + len("\n---\n")
    return f"{text[:end]}\n{PROSE}\n{text[end:]}"


def _with_field(text: str) -> str:
    """A new optional field of Ticket, in the row after `title`."""
    start = text.index("| title")
    end = text.index("\n", start) + 1
    return text[:end] + NEW_FIELD + text[end:]


def _unexplained(changed: set[str], after: dict[str, str], mention: str) -> set[str]:
    return {p for p in changed if mention not in after.get(p, "")}


def test_a_prose_line_changes_only_files_that_quote_it(text: str, base: dict[str, str]) -> None:
    after = _tree(_with_prose(text))
    changed = _changed(base, after)
    assert changed, "the prose is the app's description: the README quotes it"
    unexplained = _unexplained(changed, after, PROSE)
    assert unexplained == set()


def test_one_field_changes_only_files_that_mention_it(text: str, base: dict[str, str]) -> None:
    after = _tree(_with_field(text))
    changed = _changed(base, after)
    assert {"app/models/ticket.py", "tests/test_ticket_fields.py"} <= changed
    unexplained = _unexplained(changed, after, "flavour")
    assert unexplained == set()


def test_the_checks_above_notice_a_line_number_in_a_test_name(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Mutation: with rule tests named after their entity's line, the prose check fails."""
    import compiler.testgen.files as files

    original = files.rule_tests_view

    def by_line(spec, entity, view, scenes):
        found = original(spec, entity, view, scenes)
        renamed = [replace(t, name=f"{t.name}_{entity.span.line}") for t in found.tests]
        return replace(found, tests=tuple(renamed))

    monkeypatch.setattr(files, "rule_tests_view", by_line)
    before, after = _tree(text), _tree(_with_prose(text))
    unexplained = _unexplained(_changed(before, after), after, PROSE)
    assert "tests/test_ticket_rules.py" in unexplained


def test_no_file_mentions_a_line_number(text: str, base: dict[str, str]) -> None:
    after = _tree(_with_prose(text))
    assert _unexplained(_changed(base, after), after, PROSE) == set()


def test_the_spec_is_named_by_its_path_in_the_project(tmp_path: Path) -> None:
    typed = [
        ROOT / SOURCE,
        Path(os.path.relpath(ROOT / SOURCE)),
        ROOT / "specs" / "helpdesk" / ".." / "helpdesk" / "spec.md",
    ]
    assert {spec_name(path) for path in typed} == {SOURCE}
    alone = tmp_path / "project" / "spec.md"
    assert spec_name(alone) == "spec.md"
    (tmp_path / "project" / ".git").mkdir(parents=True)
    assert spec_name(tmp_path / "project" / "sub" / "spec.md") == "sub/spec.md"
