"""Values derived on write in a generated app (`talks.md`).

A talk's slug is `slug(title)` on create and update, its code `upper(slug(title))` on
create only. The build must pass its gate with the derived tests (the stored value is the
expression on the stored row, whatever the client sent; the slug follows an update of the
title, the code keeps its value); neither field is in the create or update schema, both
are in the output. A service that does not derive on update, or derives the code on every
write, fails exactly the test about it; so does a test factory that inserts rows without
deriving their fields as the app does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.frontend import analyse_file
from compiler.gate import GeneratedTree, build
from compiler.generate import generate
from compiler.ir.model import Spec
from tests.support.mutants import SELECTED, gate_scope

SPEC = Path(__file__).parent / "talks.md"
DERIVED_TESTS = "tests/test_talk_derived.py"
SERVICE = "app/services/talk.py"

ON_CREATE = {"test_slug_is_derived_on_create", "test_code_is_derived_on_create"}
FOLLOWS = {"test_slug_follows_an_update"}
KEEPS = {"test_code_keeps_its_value_on_an_update"}
FACTORY = {"test_the_factory_derives_its_rows_as_the_app_does"}


def _spec() -> Spec:
    result = analyse_file(SPEC, "talks.md")
    assert result.spec is not None and result.ok, result.diagnostics
    return result.spec


def _replaced(path: str, old: str, new: str) -> Callable[[Spec], GeneratedTree]:
    def generate_mutant(spec: Spec) -> GeneratedTree:
        files = generate(spec)
        content = next(f.content for f in files if f.path == path)
        assert content.count(old) == 1, f"{old!r} is not once in {path}"
        content = content.replace(old, new)
        return tuple(
            f.__class__(f.path, content, f.keep_existing) if f.path == path else f for f in files
        )

    return generate_mutant


def _failed(built) -> set[str]:
    return {
        match.group(1)
        for d in built.diagnostics
        if d.code.id == "G001"
        for match in [re.search(r"\.(test_\w+?)(\[[^\]]*\])? failed", d.message)]
        if match
    }


def test_the_talks_pass_their_gate_with_the_derived_tests(tmp_path: Path) -> None:
    spec = _spec()
    files = {f.path: f.content for f in generate(spec)}
    tests = files[DERIVED_TESTS]
    named = set(re.findall(r"^def (test_\w+)\(", tests, flags=re.MULTILINE))
    assert named == ON_CREATE | FOLLOWS | KEEPS | FACTORY
    assert "json=body | SENT" in tests and "json=change | SENT" in tests  # the client's values
    talks = json.loads(files["api.json"])["resources"]["/api/talks"]
    assert set(talks["create"]) == set(talks["update"]) == {"title", "minutes"}
    assert {"slug", "code"} <= set(talks["output"])
    page = files["app/ui/pages/talk.py"]
    assert re.search(r'FieldSpec\("slug", "Slug", "text", column=True', page)  # no form=True
    service = files[SERVICE]
    # derived before the row is built, so its CHECKs and Rules see the value
    assert service.index("derived_values(session, {**_defaults()") < service.index(
        "row = Talk.model_validate(body, update={**automatic, **derived})"
    )
    built = build(spec, SPEC, tmp_path / "talks", generate)
    assert built.ok, [d.message for d in built.diagnostics]


MUTANTS = {
    "not derived on update": (
        "row.sqlmodel_update(derived_values(session, column_values(row), creating=False))",
        "pass",
        FOLLOWS,
    ),
    "an `on create` value derived on every write": ("if creating:", "if True:", KEEPS),
}
FACTORY_MUTANT = (  # the factory inserts the row without deriving its fields
    "row.sqlmodel_update({name: value for name, value in derived.items() if name not in values})",
    "row.sqlmodel_update({name: 'made-up' for name in derived if name not in values})",
)


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_a_service_that_derives_wrongly_fails_exactly_its_test(name: str, tmp_path: Path) -> None:
    old, new, expected = MUTANTS[name]
    with gate_scope(SELECTED, DERIVED_TESTS):
        built = build(_spec(), SPEC, tmp_path / "talks", _replaced(SERVICE, old, new))
    assert not built.ok
    assert _failed(built) == expected, [d.message for d in built.diagnostics]


def test_a_factory_that_does_not_derive_fails_its_test(tmp_path: Path) -> None:
    old, new = FACTORY_MUTANT
    mutant = _replaced("tests/factories.py", old, new)
    with gate_scope(SELECTED, DERIVED_TESTS):
        built = build(_spec(), SPEC, tmp_path / "talks", mutant)
    assert not built.ok
    assert _failed(built) == FACTORY, [d.message for d in built.diagnostics]
