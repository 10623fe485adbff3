"""``set to `expr` on create/update``: lowered into `SetOnWrite`, and checked (E250–E253, E255).

`talks.md` is clean; each variant below breaks one check and must report exactly its code,
at the expression (or the contradicting rule), with a hint.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.analyse.blockers import compile_blockers
from compiler.diagnostics.codes import CODES
from compiler.frontend import analyse_text
from compiler.ir import json_form
from compiler.ir.derived import SetOnWrite

SPEC = (Path(__file__).parent / "talks.md").read_text()
_SLUG_CELL = "unique; set to `slug(title)` on create and update |"


def _with_slug_rules(rules: str, extra: str = "") -> str:
    text = SPEC.replace(_SLUG_CELL, rules + " |")
    return text.replace("| minutes  |", extra + "| minutes  |") if extra else text


def _codes(text: str) -> list[str]:
    return [d.code.id for d in analyse_text(text, "talks.md").diagnostics]


def test_the_talks_lower_their_derived_fields_and_check_clean() -> None:
    result = analyse_text(SPEC, "talks.md")
    assert result.ok and result.spec is not None, result.diagnostics
    talk = result.spec.entities[0]
    slug = talk.field("slug").rule(SetOnWrite)
    code = talk.field("code").rule(SetOnWrite)
    assert isinstance(slug, SetOnWrite) and slug.moments == ("create", "update")
    assert isinstance(code, SetOnWrite) and code.moments == ("create",)
    assert (
        slug.span.line
        == SPEC.splitlines().index(
            next(line for line in SPEC.splitlines() if line.startswith("| slug"))
        )
        + 1
    )


def test_a_derived_rule_survives_the_json_form() -> None:
    spec = analyse_text(SPEC, "talks.md").spec
    assert spec is not None
    assert json_form.loads(json_form.dumps(spec)) == spec


def test_on_update_alone_lowers_to_update() -> None:
    spec = analyse_text(_with_slug_rules("set to `slug(title)` on update"), "talks.md").spec
    assert spec is not None
    rule = spec.entities[0].field("slug").rule(SetOnWrite)
    assert isinstance(rule, SetOnWrite) and rule.moments == ("update",)


@pytest.mark.parametrize(
    ("rules", "code"),
    [
        ("set to `minutes * 2` on create", "E250"),
        ("set to `count(Talk)` on create", "E251"),
        ("set to `current_user.email` on create", "E251"),
        ('set to `slug(title)` on create; default "x"', "E252"),
        ("set to `slug(title)` on create; computed: `slug(title)`", "E252"),
        ("set to `slug(title)` on create; read-only", "E252"),
        ("set to `code` on create", None),
        ("set to `slug(title)` on update", "E255"),
    ],
)
def test_each_derived_check_reports_its_code(rules: str, code: str | None) -> None:
    found = _codes(_with_slug_rules(rules))
    assert found == ([code] if code else []), found


def test_a_required_field_derived_only_on_update_is_reported_with_a_hint() -> None:
    diagnostics = analyse_text(_with_slug_rules("set to `slug(title)` on update"), "talks.md")
    [found] = diagnostics.diagnostics
    assert found.code.id == "E255" and (found.span.line, found.span.col) == (18, 21)
    assert "'slug' is required but derived only on update" in found.message
    assert (
        found.hint
        == "write `on create and update`, or make the field optional (`?` after its type)"
    )
    optional = _with_slug_rules("set to `slug(title)` on update").replace(
        "| slug     | text |", "| slug     | text? |"
    )
    assert _codes(optional) == []


def test_derived_fields_that_read_each_other_are_a_cycle() -> None:
    text = _with_slug_rules("set to `code` on create").replace(
        "set to `upper(slug(title))` on create", "set to `upper(slug)` on create"
    )
    diagnostics = analyse_text(text, "talks.md").diagnostics
    assert [d.code.id for d in diagnostics] == ["E253"]
    assert "slug → code → slug" in diagnostics[0].message or "code → slug → code" in (
        diagnostics[0].message
    )


@pytest.mark.parametrize(
    ("rules", "code", "line_col", "hint"),
    [
        (
            "set to `slug(title)` on creat",
            "E209",
            (18, 21),
            "did you mean 'set to `expr` on create'?",
        ),
        (
            "set to slug(title) on create",
            "E209",
            (18, 21),
            "write the expression in backticks: set to `slug(title)` on create",
        ),
        ("set to `slug(titel)` on create and update", "E305", (18, 34), "did you mean 'title'?"),
    ],
)
def test_a_mistyped_derived_rule_is_located_with_a_hint(
    rules: str, code: str, line_col: tuple[int, int], hint: str
) -> None:
    diagnostics = analyse_text(_with_slug_rules(rules), "talks.md").diagnostics
    assert [d.code.id for d in diagnostics] == [code]
    assert (diagnostics[0].span.line, diagnostics[0].span.col) == line_col
    assert diagnostics[0].hint == hint


def test_a_derived_field_no_longer_blocks_compiling() -> None:
    """E254 is retired: the generated app derives the values (tests/derived/test_derived_app.py)."""
    result = analyse_text(SPEC, "talks.md")
    assert result.spec is not None
    assert len(compile_blockers(result.spec)) == 0
    assert "E254" not in CODES
