"""The selective gate: a change reruns the tests of the entities it can affect, and the
cross-cutting ones; anything it cannot attribute reruns everything."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import compiler.cli.building as building
from compiler.cli import main
from compiler.gate.selection import ALWAYS, EntityUses, select_tests

# comment uses ticket, ticket uses product; tag stands alone.
DEPS = EntityUses(
    (("product", ()), ("ticket", ("product",)), ("comment", ("ticket",)), ("tag", ()))
)
TESTS = sorted(
    [*ALWAYS]
    + [
        f"tests/test_{m}_{kind}.py"
        for m in ("product", "ticket", "comment", "tag")
        for kind in ("fields", "access")
    ]
    + ["tests/test_ticket_status_lifecycle.py"]
)


def _modules(selection) -> set[str]:
    return {p.split("_")[1] for p in selection.tests if p not in ALWAYS}


def test_a_change_reaches_the_entities_that_use_it_transitively() -> None:
    chosen = select_tests(("app/models/product.py", "tests/factories.py", "api.json"), DEPS, TESTS)
    assert chosen is not None and chosen.changed == ("product",)
    assert _modules(chosen) == {"product", "ticket", "comment"}
    assert (
        set(ALWAYS) <= set(chosen.tests) and "tests/test_ticket_status_lifecycle.py" in chosen.tests
    )


def test_a_change_of_a_leaf_user_stays_there() -> None:
    chosen = select_tests(
        ("app/api/routes/comment.py", "tests/test_comment_fields.py"), DEPS, TESTS
    )
    assert chosen is not None and _modules(chosen) == {"comment"}
    assert len(chosen.tests) == len(ALWAYS) + 2 < chosen.total


def test_an_entity_s_derived_tests_run_with_its_files_only() -> None:
    tests = [*TESTS, "tests/test_ticket_derived.py"]
    chosen = select_tests(("app/services/ticket.py",), DEPS, tests)
    assert chosen is not None and "tests/test_ticket_derived.py" in chosen.tests
    elsewhere = select_tests(("app/models/tag.py",), DEPS, tests)
    assert elsewhere is not None and "tests/test_ticket_derived.py" not in elsewhere.tests


def test_a_test_file_named_after_no_entity_always_runs() -> None:
    chosen = select_tests(("app/models/tag.py",), DEPS, [*TESTS, "tests/test_my_own.py"])
    assert chosen is not None and "tests/test_my_own.py" in chosen.tests


def test_a_changed_always_file_runs_itself_and_nothing_more() -> None:
    # an entity's new field changes the UI tests of the related rows (tests/test_ui.py)
    chosen = select_tests(("app/models/tag.py", "tests/test_ui.py"), DEPS, TESTS)
    assert chosen is not None and chosen.changed == ("tag",) and "tests/test_ui.py" in chosen.tests
    alone = select_tests(("tests/test_ui.py",), DEPS, TESTS)
    assert alone is not None and set(alone.tests) == set(ALWAYS)


def test_what_cannot_be_attributed_runs_everything() -> None:
    assert select_tests(("app/core/db.py",), DEPS, TESTS) is None
    assert select_tests(("tests/conftest.py", "app/models/tag.py"), DEPS, TESTS) is None
    assert select_tests(("tests/factories.py",), DEPS, TESTS) is None  # no entity to pin it on


SPEC = """---
app: demo
title: Demo
auth:
  roles: [member]
---

# Demo

## Shelf

| Field | Type | Rules |
|-------|------|-------|
| name  | text | required |

### Access

| Role   | create | read | update | delete |
|--------|--------|------|--------|--------|
| member | yes    | all  | all    | all    |

## Jar

| Field | Type | Rules |
|-------|------|-------|
| label | text | required |

### Access

| Role   | create | read | update | delete |
|--------|--------|------|--------|--------|
| member | yes    | all  | all    | all    |
"""


def _last(out: Path) -> dict:
    return json.loads((out / ".specc" / "audit.jsonl").read_text().splitlines()[-1])


def test_the_second_compile_reruns_only_the_changed_entity(
    tmp_path: Path, capsys, monkeypatch
) -> None:
    spec, out = tmp_path / "spec.md", tmp_path / "app"
    spec.write_text(SPEC)
    assert main(["compile", str(spec), "-o", str(out)]) == 0
    first = _last(out)
    assert first["gate_selection"] == {"files": "all"}

    spec.write_text(
        SPEC.replace(
            "| label | text | required |", "| label | text | required |\n| size  | int? | min 1 |"
        )
    )
    capsys.readouterr()
    assert main(["compile", str(spec), "-o", str(out)]) == 0
    second = _last(out)
    assert second["gate_selection"]["changed"] == ["jar"]
    files = second["gate_selection"]["files"]
    assert "tests/test_jar_fields.py" in files and not any("shelf" in f for f in files)
    assert second["gate"]["passed"] < first["gate"]["passed"] and second["gate"]["failed"] == 0
    ran = re.search(r"running (\d+) of (\d+) test files \(changed: jar\)", capsys.readouterr().err)
    assert ran and int(ran.group(1)) == len(files) < int(ran.group(2))

    # A broken test of the changed entity is still run, and stops the build.
    real = building.generate

    def broken_jar_test(spec_ir, **options):
        failing = "\n\ndef test_broken() -> None:\n    assert 1 == 2\n"
        return tuple(
            replace(f, content=f.content + failing) if f.path == "tests/test_jar_access.py" else f
            for f in real(spec_ir, **options)
        )

    monkeypatch.setattr(building, "generate", broken_jar_test)
    spec.write_text(
        SPEC.replace("| label | text | required |", "| label | text | |\n| size  | int? | min 1 |")
    )
    assert main(["compile", str(spec), "-o", str(out)]) == 1
    assert _last(out)["result"] == "gate failed"
    assert "test_broken" in capsys.readouterr().err
    monkeypatch.setattr(building, "generate", real)

    full = ["compile", str(spec), "-o", str(out), "--full-gate", "--allow-data-loss"]
    spec.write_text(SPEC)  # drops `size` again
    assert main(full) == 0
    assert _last(out)["gate_selection"] == {"files": "all"}
