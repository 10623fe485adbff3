"""`expect error on FIELD` in examples: lowered, translated into an assertion about the 422's
located errors, and failing the gate when the app accepts the value (a mutant)."""

from __future__ import annotations

import re
from pathlib import Path

from compiler.frontend import analyse_file
from compiler.gate import GeneratedTree, build
from compiler.generate import generate
from compiler.ir.examples import Expect
from compiler.ir.model import Spec
from tests.support.mutants import SELECTED, gate_scope
from tests.test_examples import ROOT

HELPDESK = ROOT / "specs" / "helpdesk" / "spec.md"
SHOP = ROOT / "tests" / "diagnostics" / "cases" / "example_bad_int_value.md"
_TITLE_EXAMPLE = "test_a_title_needs_at_least_five_characters"


def _helpdesk() -> Spec:
    result = analyse_file(HELPDESK, "specs/helpdesk/spec.md")
    assert result.spec is not None and result.ok
    return result.spec


def _examples_file(spec: Spec) -> str:
    return next(f.content for f in generate(spec) if f.path == "tests/test_examples.py")


def test_the_step_is_an_expectation_about_a_field() -> None:
    (step,) = [
        s
        for e in _helpdesk().examples
        for s in e.steps
        if isinstance(s, Expect) and s.kind == "field_error"
    ]
    assert step.field == "title" and step.message is None
    assert step.detail_span is not None and step.detail_span.col == len("expect error on ") + 1


def test_it_asserts_a_422_located_at_the_field() -> None:
    code = _examples_file(_helpdesk())
    body = code[code.index(f"def {_TITLE_EXAMPLE}(") :]
    body = body[: body.index("\n\n\n")]
    assert "    # expect error on title\n" in body
    assert "assert response.status_code == 422, response.text" in body
    assert 'assert "title" in refused_fields(response), response.text' in body
    assert "def refused_fields(response: httpx.Response) -> list[str]:" in code


def test_a_reference_is_named_by_its_key_in_the_body(tmp_path: Path) -> None:
    """`expect error on product` after an update asserts on `product_id`, the body's key."""
    text = SHOP.read_text().split("### Examples")[0] + (
        "### Examples\n\n```example\nAn inactive product cannot be bought\n"
        "given customer ann\ngiven Product P1 active=true\ngiven Product P2 active=false\n"
        "given Purchase O1 product=P1 buyer=ann quantity=2\nas ann\nupdate O1 product=P2\n"
        "expect error on product\n```\n"
    )
    spec_path = tmp_path / "spec.md"
    spec_path.write_text(text)
    result = analyse_file(spec_path, "spec.md")
    assert result.spec is not None and result.ok, [d.message for d in result.diagnostics]
    code = _examples_file(result.spec)
    assert 'assert "product_id" in refused_fields(response), response.text' in code


def test_a_spec_without_field_errors_has_no_helper_for_them() -> None:
    spec_path = ROOT / "specs" / "inventory" / "spec.md"
    result = analyse_file(spec_path, "specs/inventory/spec.md")
    assert result.spec is not None and result.ok
    assert "refused_fields" not in _examples_file(result.spec)


_MIN_LENGTH = "min_length=5, max_length=120"


def _title_of_any_length(spec: Spec) -> GeneratedTree:
    """The helpdesk app accepting a ticket title of one character or more."""
    return tuple(
        file.__class__(
            file.path,
            file.content.replace(_MIN_LENGTH, "min_length=1, max_length=120"),
            file.keep_existing,
        )
        if file.path.startswith("app/models/")
        else file
        for file in generate(spec)
    )


def test_an_app_accepting_the_value_fails_exactly_the_example(tmp_path: Path) -> None:
    spec = _helpdesk()
    assert _MIN_LENGTH in "".join(
        f.content for f in generate(spec) if f.path == "app/models/ticket.py"
    )
    with gate_scope(SELECTED, "tests/test_examples.py"):
        built = build(spec, HELPDESK, tmp_path / "helpdesk", _title_of_any_length)
    failed = {
        match.group(1)
        for d in built.diagnostics
        if d.code.id == "G001"
        for match in [re.search(r"\.(test_\w+) failed", d.message)]
        if match
    }
    assert not built.ok and failed == {_TITLE_EXAMPLE}, [d.message for d in built.diagnostics]
    (failure,) = [d for d in built.diagnostics if d.code.id == "G001"]
    title = HELPDESK.read_text().splitlines().index("A title needs at least five characters")
    assert failure.span.line == title  # the example's fence, the line above its title
