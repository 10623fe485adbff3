"""Name rules shared by the lower and check stages: identifiers, reserved names, suggestions.

SQL reserved words are fine names: SQLAlchemy quotes them, and so does the raw SQL of
CHECK constraints (`translate.names.sql_column`).
"""

from __future__ import annotations

import difflib
import keyword
import re
from collections.abc import Iterable

FIELD_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
ENTITY_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*$")
ENUM_VALUE = re.compile(r"^[a-z][a-z0-9_]*$")

GENERATED_COLUMNS = frozenset({"id", "created_at", "updated_at"})
"""Columns every generated table has; a spec may read them but not declare them."""

APP_NAMES = frozenset({"self", "current_user", "password_hash"})
"""Names the generated code uses on every model or in every expression scope."""

MODEL_NAMES = frozenset(
    {
        "construct", "copy", "dict", "from_orm", "json", "metadata", "parse_file", "parse_obj",
        "parse_raw", "schema", "schema_json", "sqlmodel_update", "update_forward_refs",
        "validate",
    }
)  # fmt: skip
"""Attributes every pydantic / SQLModel model has (besides `model_*`): a field of that name
would hide them."""

RESERVED_ENTITY_NAMES = frozenset(
    {
        "User",
        # Classes the generated modules import or define beside the entity classes.
        "Role",
        "Token",
        "Session",
        "Settings",
        "Field",
        "SQLModel",
        "Query",
        "Response",
        "Request",
        "Depends",
        "Literal",
        "Annotated",
        "APIRouter",
        "HTTPStatus",
        "HTTPException",
        "IntegrityError",
        "Decimal",
        "StrEnum",
        "EmailStr",
        "StrictInt",
        "StrictBool",
        "UtcDatetime",
        "TestClient",
    }
)
"""`User` is built in; the others are names the generated code already uses."""


def reserved_reason(name: str, *, reference: bool = False) -> str | None:
    """Why a field name may not be used, or None if it is free. A reference's attribute is
    `<name>_id`, so it may be named like a model attribute (`copy`)."""
    if name in GENERATED_COLUMNS:
        return "every generated table has this column already"
    if keyword.iskeyword(name):
        return "it is a Python keyword, so the generated models cannot have it as an attribute"
    if name in APP_NAMES:
        return "the generated app uses this name itself"
    if (name in MODEL_NAMES or name.startswith("model_")) and not reference:
        return "every generated model (pydantic) has an attribute of this name"
    return None


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate `name` was most likely meant to be, if any is close."""
    pool = list(dict.fromkeys(candidates))
    lowered = {c.lower(): c for c in pool}
    if name.lower() in lowered and lowered[name.lower()] != name:
        return lowered[name.lower()]
    matches = difflib.get_close_matches(name, pool, n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    """'did you mean …?' for the closest candidate, if any is close."""
    found = closest(name, candidates)
    return f"did you mean '{found}'?" if found else None
