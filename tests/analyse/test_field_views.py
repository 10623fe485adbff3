"""Field views: the `Field(...)` arguments of the generated models."""

from __future__ import annotations

import re

from compiler.analyse.fields import FieldView, field_view
from compiler.frontend import analyse_text

SPEC = """---
app: shop
title: Shop
auth:
  roles: [clerk]
---

# Shop

## Supplier

| Field | Type | Rules |
|---|---|---|
| mail | email | required; length ..200 |
| site | url? | length 10.. |

### Access

| Role | create | read | update | delete |
|---|---|---|---|---|
| clerk | yes | all | all | all |
"""


def _view(name: str) -> FieldView:
    result = analyse_text(SPEC, "spec.md")
    assert result.ok and result.spec is not None
    entity = result.spec.entities[0]
    field = next(f for f in entity.fields if f.name == name)
    return field_view(entity, field, {})


def _field_args(name: str) -> list[str]:
    call = _view(name).field_call
    return re.findall(r"max_length=\d+", call)


def test_length_on_an_email_tightens_its_max_length_once() -> None:
    # found by the spec generator: two max_length keywords made the model a syntax error
    assert _field_args("mail") == ["max_length=200"]


def test_length_without_a_maximum_keeps_the_url_limit() -> None:
    assert _field_args("site") == ["max_length=2048"]


def test_the_migration_sizes_the_column_as_the_model_does() -> None:
    # found by the spec generator: the migration kept 320, the model said 200
    assert _view("mail").column_type == "sqlmodel.sql.sqltypes.AutoString(length=200)"
    assert _view("site").column_type == "sqlmodel.sql.sqltypes.AutoString(length=2048)"
