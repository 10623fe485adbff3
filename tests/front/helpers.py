"""Builds small specs around the construct a test is about, and lowers them to IR.

`spec_text()` wraps a fields table (and optional extra sections) in a minimal valid
front matter and entity; `build()` runs the front end and asserts there are no errors.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from compiler.diagnostics import Diagnostic
from compiler.frontend import FrontEndResult, analyse_text
from compiler.ir.model import Entity, Field, Spec
from compiler.ir.span import NOWHERE, Span

FRONT = """---
app: demo
title: Demo
auth:
  roles: [member, admin]
---
"""

ACCESS = """### Access

| Role   | create | read | update | delete |
|--------|--------|------|--------|--------|
| member | yes    | all  | all    | all    |
| admin  | yes    | all  | all    | all    |
"""


def spec_text(
    fields: str = "| name | text | |",
    *,
    entity: str = "Thing",
    prose: str = "",
    sections: str = "",
    access: str = ACCESS,
    front: str = FRONT,
    preamble: str = "",
    extra: str = "",
) -> str:
    """A whole spec: front matter, `# Demo`, one entity with `fields` rows, then `extra`.

    `fields` holds table rows only (the header is added); a row whose
    Description column matters can use a 4-column header via `fields_table()`.
    """
    table = fields if fields.lstrip().startswith("| Field") else fields_table(fields)
    parts = [front, "# Demo\n", preamble, f"## {entity}\n", prose, table, sections, access, extra]
    return "\n".join(p for p in parts if p)


def fields_table(rows: str) -> str:
    return "| Field | Type | Rules |\n|-------|------|-------|\n" + rows.strip("\n") + "\n"


def analyse(text: str) -> FrontEndResult:
    return analyse_text(text, "spec.md")


def errors(result: FrontEndResult) -> list[Diagnostic]:
    return [d for d in result.diagnostics if d.is_error]


def codes_of(result: FrontEndResult) -> list[str]:
    return [d.code.id for d in result.diagnostics]


def build(text: str) -> Spec:
    """The IR of `text`, asserting the front end found no errors."""
    result = analyse(text)
    found = [f"{d.code.id} {d.span.line}:{d.span.col} {d.message}" for d in errors(result)]
    assert not found, found
    assert result.spec is not None
    return result.spec


def build_entity(fields: str = "| name | text | |", **kwargs: str) -> Entity:
    """The single entity of a spec built by `spec_text(fields, **kwargs)`."""
    spec = build(spec_text(fields, **kwargs))
    return spec.entities[0]


def build_field(row: str, *, others: str = "", **kwargs: str) -> Field:
    """The field declared by the one table row `row` (plus `others` rows)."""
    entity = build_entity(row + "\n" + others, **kwargs)
    return entity.fields[0]


S = NOWHERE
"""The span `nospan()` puts everywhere, so expected IR can be written without positions."""


def nospan(node: Any) -> Any:
    """`node` with every `Span` in it (recursively) replaced by `S`, to compare shapes."""
    if isinstance(node, Span):
        return S
    if isinstance(node, tuple):
        return tuple(nospan(item) for item in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {f.name: nospan(getattr(node, f.name)) for f in dataclasses.fields(node)}
        return dataclasses.replace(node, **changes)
    return node


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the only line of `text` containing `needle`."""
    found = [i for i, line in enumerate(text.split("\n"), 1) if needle in line]
    assert len(found) == 1, found
    return found[0]
