"""Names in the generated code: modules, tables, columns, classes, URLs."""

from __future__ import annotations

import re

from compiler.ir.types import ListType, RefType


def snake(name: str) -> str:
    """`SalesOrder` → `sales_order`."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def plural(word: str) -> str:
    """A plural for URLs and page titles: `ticket` → `tickets`, `category` → `categories`."""
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    return word + "s"


def column_name(field_name: str, field_type: object) -> str:
    """The column of a field: references store the referenced id (`product` → `product_id`)."""
    return f"{field_name}_id" if isinstance(field_type, RefType) else field_name


def link_table(entity: str, field_name: str, field_type: ListType) -> str:
    """The many-to-many table of a `list of` field: `ticket_tags`."""
    return f"{snake(entity)}_{field_name}"


def title(name: str) -> str:
    """A label for people: `closed_at` → `Closed at`, `SalesOrder` → `Sales order`."""
    words = snake(name).replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def camel(name: str) -> str:
    """`opened_by` → `OpenedBy`: a field name inside a class name."""
    return "".join(part.capitalize() for part in name.split("_"))


SQL_RESERVED = frozenset(
    [
        "all",
        "alter",
        "and",
        "any",
        "as",
        "asc",
        "between",
        "by",
        "case",
        "cast",
        "check",
        "column",
        "constraint",
        "create",
        "cross",
        "current_date",
        "current_time",
        "current_timestamp",
        "current_user",
        "default",
        "delete",
        "desc",
        "distinct",
        "drop",
        "else",
        "end",
        "except",
        "exists",
        "false",
        "fetch",
        "for",
        "foreign",
        "from",
        "full",
        "grant",
        "group",
        "having",
        "in",
        "index",
        "inner",
        "insert",
        "intersect",
        "into",
        "is",
        "join",
        "key",
        "left",
        "like",
        "limit",
        "natural",
        "not",
        "null",
        "offset",
        "on",
        "or",
        "order",
        "outer",
        "primary",
        "references",
        "right",
        "select",
        "session_user",
        "set",
        "some",
        "table",
        "then",
        "to",
        "true",
        "union",
        "unique",
        "update",
        "user",
        "using",
        "values",
        "when",
        "where",
        "window",
        "with",
    ]
)
"""Words an SQL column name must be quoted for (the union of SQLite's and PostgreSQL's
that could be field names)."""


def sql_column(name: str) -> str:
    """A column in hand-written SQL (CHECK constraints): quoted when it is a reserved word."""
    return f'"{name}"' if name in SQL_RESERVED else name
