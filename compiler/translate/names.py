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
