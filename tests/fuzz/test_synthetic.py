"""The synthetic specs the benchmark measures are valid input."""

from __future__ import annotations

import pytest

from bench.synthetic import entity_name, synthetic_spec
from compiler.frontend import analyse_text


@pytest.mark.parametrize("entities", [1, 10, 50])
def test_synthetic_spec_checks_without_diagnostics(entities: int) -> None:
    result = analyse_text(synthetic_spec(entities), "synthetic.md")
    assert result.spec is not None
    assert [f"{d.code.id} {d.span} {d.message}" for d in result.diagnostics] == []
    assert len(result.spec.entities) == entities


@pytest.mark.parametrize("fields", [10, 14, 25])
def test_synthetic_spec_field_counts(fields: int) -> None:
    result = analyse_text(synthetic_spec(3, fields), "synthetic.md")
    assert result.diagnostics == ()
    entity = next(e for e in result.spec.entities if e.name == entity_name(2))
    assert len(entity.fields) == fields


def test_synthetic_spec_has_examples_every_tenth_entity() -> None:
    text = synthetic_spec(20)
    assert text.count("```example") == 2
