"""A schemathesis check loaded by the CLI (`SCHEMATHESIS_HOOKS`) in place of its
`positive_data_acceptance`.

That check wants every schema-valid request accepted. The generated app refuses some
with a 422 for reasons no OpenAPI schema can state: a unique value that is taken, a
reference to a row that does not exist (or that the user may not read), a rule of the
spec over other rows, a date that must be after today, a wrong current password. This
check keeps the part that can be checked: schema-valid data may be refused only by those
checks of the app (`value_error` items, the shape of `app.core.errors.Invalid` and of
field validators), never by a type or constraint error, which would mean that the schema
promises more than the validation accepts.
"""

from __future__ import annotations

import schemathesis
from schemathesis import Case, CheckContext, Response


@schemathesis.check
def positive_data_refused_only_by_the_apps_rules(
    ctx: CheckContext, response: Response, case: Case
) -> bool | None:
    """A schema-valid request refused with 422 names only rules of the app."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    detail = response.json().get("detail")
    kinds = {item.get("type") for item in detail} if isinstance(detail, list) else {None}
    if kinds != {"value_error"}:
        raise AssertionError(f"schema-valid data refused by the schema's own constraints: {detail}")
    return None
