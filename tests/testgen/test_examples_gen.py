"""The spec's examples become generated tests: one per `example` block, at its line.

Only the generated text is inspected (fast); running the tests against the
generated apps is the gate's job.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from functools import cache
from pathlib import Path

import pytest

from compiler.analyse.views import app_view
from compiler.frontend import analyse_file
from compiler.ir.examples import Expect, ListRows, Read
from compiler.ir.expr import Aggregate
from compiler.ir.model import Spec
from compiler.ir.refs import spec_refs
from compiler.ir.span import Span
from compiler.testgen.examples.files import ExampleGenerationError, example_test_files

SPECS = ("helpdesk", "inventory", "bookings")
ROOT = Path(__file__).resolve().parents[2]
_MARKER = re.compile(r'@pytest\.mark\.spec\("([\w.]+)"\)\ndef (test_\w+)\(')


@cache
def _spec(name: str) -> Spec:
    source = f"specs/{name}/spec.md"
    return analyse_file(ROOT / source, source).spec


def _generate(spec: Spec) -> str:
    files = example_test_files(spec, app_view(spec), "# header")
    assert [f.path for f in files] == ["tests/test_examples.py"]
    return files[0].content


@pytest.mark.parametrize("name", SPECS)
def test_every_example_is_one_test_at_its_line(name: str) -> None:
    spec = _spec(name)
    assert spec.examples, f"{name} has examples"
    text = _generate(spec)
    refs = spec_refs(spec)
    tests = [(refs.locate(ref).line, function) for ref, function in _MARKER.findall(text)]
    assert [line for line, _ in tests] == [example.span.line for example in spec.examples]
    functions = [function for _, function in tests]
    assert len(set(functions)) == len(functions), "test names are unique"


@pytest.mark.parametrize("name", SPECS)
def test_generated_module_is_python_with_titles_as_docstrings(name: str) -> None:
    spec = _spec(name)
    module = ast.parse(_generate(spec))
    tests = [
        node
        for node in module.body
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")
    ]
    assert [ast.get_docstring(t) for t in tests] == [e.title for e in spec.examples]


def test_steps_become_requests_and_checks() -> None:
    text = _generate(_spec("helpdesk"))
    assert 't1 = data.ticket(status="pending", opened_by=ann)' in text
    assert 'response = client.patch(f"/api/tickets/{t1.id}", json={"status": "closed"}' in text
    assert "assert t1_now.reopened == 1" in text
    assert "assert t1_now.closed_at is None" in text
    assert '"Urgent tickets need an assignee." in messages(response)' in text
    assert 'params={"limit": MAX_PAGE_SIZE}' in text
    assert "headers = {}" in text


def test_titles_give_unique_test_names() -> None:
    spec = _spec("helpdesk")
    first = spec.examples[0]
    twin = dataclasses.replace(first, title=first.title + "!")
    text = _generate(dataclasses.replace(spec, examples=(first, twin)))
    names = re.findall(r"def (test_\w+)\(", text)
    assert names == [names[0], f"{names[0]}_2"]


@dataclasses.dataclass(frozen=True)
class _UnknownStep:
    span: Span


def _with_step(spec: Spec, step: object) -> Spec:
    example = spec.examples[0]
    changed = dataclasses.replace(example, steps=(*example.steps, step))
    return dataclasses.replace(spec, examples=(changed,))


def test_an_unknown_step_kind_is_a_compile_time_error() -> None:
    spec = _spec("helpdesk")
    with pytest.raises(ExampleGenerationError, match="unknown step _UnknownStep"):
        _generate(_with_step(spec, _UnknownStep(Span.point(1, 1))))


def test_an_unknown_expect_kind_is_a_compile_time_error() -> None:
    spec = _spec("helpdesk")
    step = Expect("eventually", None, None, None, Span.point(7, 1), None)  # type: ignore[arg-type]
    with pytest.raises(ExampleGenerationError, match=r"spec line 7: .*unknown kind of expectation"):
        _generate(_with_step(spec, step))


def test_an_untranslatable_condition_is_a_compile_time_error() -> None:
    spec = _spec("helpdesk")
    where = Span.point(9, 1)
    count = Aggregate("count", "Ticket", None, None, where, where)
    step = Expect("condition", None, None, count, where, where)
    with pytest.raises(ExampleGenerationError, match=r"spec line 9: .*`count\(Ticket\)`"):
        _generate(_with_step(spec, step))


def test_expect_count_needs_a_list_step() -> None:
    spec = _spec("helpdesk")
    example = next(e for e in spec.examples if any(isinstance(s, ListRows) for s in e.steps))
    steps = tuple(
        Read("T1", s.span, s.span) if isinstance(s, ListRows) else s for s in example.steps
    )
    changed = dataclasses.replace(example, steps=steps)
    with pytest.raises(ExampleGenerationError, match="needs a `list` step"):
        _generate(dataclasses.replace(spec, examples=(changed,)))
