"""Field views: the `Field(...)` arguments of the generated models."""

from __future__ import annotations

import re

from compiler.analyse.fields import field_view
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


def _field_args(name: str) -> list[str]:
    result = analyse_text(SPEC, "spec.md")
    assert result.ok and result.spec is not None
    entity = result.spec.entities[0]
    field = next(f for f in entity.fields if f.name == name)
    call = field_view(entity, field, {}).field_call
    return re.findall(r"max_length=\d+", call)


def test_length_on_an_email_tightens_its_max_length_once() -> None:
    # found by the spec generator: two max_length keywords made the model a syntax error
    assert _field_args("mail") == ["max_length=200"]


def test_length_without_a_maximum_keeps_one_limit_on_a_url() -> None:
    assert len(_field_args("site")) == 1
