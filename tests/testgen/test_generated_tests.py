"""The generated test suite covers every field rule with a bound and every Access cell.

Only the generated text is inspected (fast); running the generated suites
against their apps is the gate's job.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from compiler.analyse.views import app_view
from compiler.frontend import analyse_file
from compiler.ir.model import (
    ACTIONS,
    Length,
    Maximum,
    Minimum,
    Pattern,
    ReadOnly,
    Required,
    SetAutomatically,
    Spec,
    Unique,
)
from compiler.ir.refs import spec_refs
from compiler.ir.types import EnumType, ListType, RefType
from compiler.testgen.files import test_files as generated_test_files

SPECS = ("helpdesk", "inventory", "bookings")
ROOT = Path(__file__).resolve().parents[2]
_MARKER = re.compile(r'spec\("([\w.-]+)"\)')
_BOUNDED = (Required, Unique, Length, Minimum, Maximum, Pattern)


@cache
def _generated(name: str) -> tuple[Spec, dict[str, str]]:
    source = f"specs/{name}/spec.md"
    spec = analyse_file(ROOT / source, source).spec
    files = generated_test_files(app_view(spec), spec, "# header")
    return spec, {f.path: f.content for f in files}


def _markers(spec: Spec, files: dict[str, str], prefix: str = "") -> list[tuple[int, int]]:
    """The spec positions the generated tests' markers name (`spec("REF")`, located)."""
    refs = spec_refs(spec)
    return [
        (refs.locate(ref).line, refs.locate(ref).col)
        for path, text in files.items()
        if path.startswith(prefix)
        for ref in _MARKER.findall(text)
    ]


def _client_writes(field) -> bool:
    return not (field.has(ReadOnly) or field.has(SetAutomatically))


@pytest.mark.parametrize("name", SPECS)
def test_every_entity_has_field_and_access_tests(name: str) -> None:
    spec, files = _generated(name)
    assert "tests/factories.py" in files
    assert "tests/test_auth.py" in files
    for entity in spec.entities:
        for kind in ("fields", "access"):
            assert f"tests/test_{_snake(entity.name)}_{kind}.py" in files


@pytest.mark.parametrize("name", SPECS)
def test_every_bounded_field_rule_has_a_test(name: str) -> None:
    spec, files = _generated(name)
    markers = set(_markers(spec, files))
    missing = []
    for entity in spec.entities:
        lifecycle = {lc.field for lc in entity.lifecycles}
        for field in entity.fields:
            if not _client_writes(field) or field.name in lifecycle:
                continue
            for rule in field.rules:
                if isinstance(rule, _BOUNDED) and (rule.span.line, rule.span.col) not in markers:
                    missing.append(f"{entity.name}.{field.name}: {type(rule).__name__}")
            typed = isinstance(field.type, (EnumType, RefType, ListType))
            if typed and (field.type_span.line, field.type_span.col) not in markers:
                missing.append(f"{entity.name}.{field.name}: its type")
    assert missing == []


@pytest.mark.parametrize("name", SPECS)
def test_bounds_are_tested_on_both_sides(name: str) -> None:
    """A length or numeric bound has an accepted and a refused case: two tests per rule,
    unless the accepted value breaks one of the entity's Rules, which the file then says."""
    spec, files = _generated(name)
    markers = _markers(spec, files, "tests/test_")
    notes = "\n".join(files.values())
    for entity in spec.entities:
        for field in entity.fields:
            if not _client_writes(field):
                continue
            for rule in field.rules:
                if isinstance(rule, (Minimum, Maximum, Pattern)):
                    count = markers.count((rule.span.line, rule.span.col))
                    excluded = re.search(rf"# - {field.name}-\S+: not generated: with the", notes)
                    assert count >= 2 or (count == 1 and excluded), field.name


@pytest.mark.parametrize("name", SPECS)
def test_every_access_cell_has_a_test(name: str) -> None:
    spec, files = _generated(name)
    markers = set(_markers(spec, files, "tests/test_"))
    missing = [
        f"{entity.name} {row.role} {action}"
        for entity in spec.entities
        for row in (entity.access.rows if entity.access else ())
        for action in ACTIONS
        if (row.cell(action).span.line, row.cell(action).span.col) not in markers
    ]
    assert missing == []


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


@pytest.mark.parametrize("name", SPECS)
def test_every_rule_has_a_broken_and_a_kept_test(name: str) -> None:
    spec, files = _generated(name)
    for entity in spec.entities:
        text = files.get(f"tests/test_{_snake(entity.name)}_rules.py", "")
        for number, rule in enumerate(entity.rules, 1):
            ref = f"entities.{entity.name}.rules.{number}"
            assert spec_refs(spec).locate(ref) == rule.span
            for case in ("broken", "kept"):
                marked = rf'@pytest.mark.spec\("{ref}"\)\ndef test_rule_{number}_is_{case}\('
                assert re.search(marked, text), f"{entity.name}: no {case} test for rule {number}"


@pytest.mark.parametrize("name", SPECS)
def test_every_transition_succeeds_for_each_of_its_roles(name: str) -> None:
    """Each (source, role) of a transition has a case expecting 200: a parameter of
    `test_listed_transition_succeeds`, or a test on rows the scene search found."""
    spec, files = _generated(name)
    for entity in spec.entities:
        for lifecycle in entity.lifecycles:
            text = files[f"tests/test_{_snake(entity.name)}_{lifecycle.field}_lifecycle.py"]
            listed = text.split("def test_listed_transition_succeeds")[0]
            for transition in lifecycle.transitions:
                for source in transition.sources:
                    for actor in transition.actors:
                        case = f"{source}-to-{transition.target}-by-{actor.role}"
                        searched = f"def test_{case.replace('-', '_')}(_own)?_succeeds\\("
                        assert f'id="{case}' in listed or re.search(searched, text), case
