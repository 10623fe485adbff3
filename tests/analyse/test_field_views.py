"""Field views: the `Field(...)` arguments of the generated models."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime, timedelta, timezone

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
| since | datetime? | after "2020-01-01T00:00:00" |
| until | datetime? | before "2030-01-01T00:00:00+02:00" |

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


def _bound(name: str) -> datetime:
    found = re.search(r"(?:gt|lt)=datetime\.fromisoformat\(('[^']*')\)", _view(name).field_call)
    assert found, _view(name).field_call
    return datetime.fromisoformat(ast.literal_eval(found.group(1)))


def test_a_datetime_bound_without_an_offset_is_utc() -> None:
    # found by the spec generator (seed 6003): a naive bound cannot be compared with the
    # aware datetimes the app stores, so every value of the field was a TypeError
    assert _bound("since") == datetime(2020, 1, 1, tzinfo=UTC)
    assert _bound("until") == datetime(2030, 1, 1, tzinfo=timezone(timedelta(hours=2)))
