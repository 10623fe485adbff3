"""Lowers a fields table's Type cell: `text`, `decimal(10, 2)`, `one of: a, b`, `User?`, …"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.span import Span
from compiler.ir.types import EnumType, FieldType, ListType, RefType, ScalarType
from compiler.lower.names import ENTITY_NAME, ENUM_VALUE, closest, did_you_mean
from compiler.parse.tree import Text

_SCALARS = {
    "text": ScalarType("text"),
    "long text": ScalarType("long_text"),
    "int": ScalarType("int"),
    "decimal": ScalarType("decimal", 12, 2),
    "money": ScalarType("money", 14, 2),
    "bool": ScalarType("bool"),
    "date": ScalarType("date"),
    "datetime": ScalarType("datetime"),
    "email": ScalarType("email"),
    "url": ScalarType("url"),
}
_SYNONYMS = {
    "string": "text",
    "str": "text",
    "integer": "int",
    "number": "int",
    "float": "decimal",
    "boolean": "bool",
    "timestamp": "datetime",
    "longtext": "long text",
    "long_text": "long text",
    "enum": "one of: a, b, c",
}
_DECIMAL = re.compile(r"^decimal\s*\(\s*([0-9]{1,4})\s*,\s*([0-9]{1,4})\s*\)$")
_ENUM = re.compile(r"^one\s+of\s*:?\s*(.*)$", re.DOTALL)
_LIST = re.compile(r"^list\s+of\s+(.+)$")


@dataclass(frozen=True, slots=True)
class LoweredType:
    type: FieldType
    optional: bool


def lower_type(cell: Text, entity_names: set[str], diags: Diagnostics) -> LoweredType | None:
    """The field type a Type cell declares, or None (after a diagnostic) if it has none."""
    raw = cell.text.strip()
    optional = raw.endswith("?")
    body = raw[:-1].rstrip() if optional else raw
    if not body:
        diags.add(
            codes.UNKNOWN_TYPE, cell.span, "missing type", hint="for instance `text` or `int`"
        )
        return None
    lowered = _lower_body(body, cell, entity_names, diags)
    if lowered is None:
        return None
    if optional and isinstance(lowered, ListType):
        diags.add(
            codes.BAD_LIST_TYPE,
            cell.span,
            "a list cannot be optional",
            hint="a list may already be empty; drop the `?`",
        )
    return LoweredType(lowered, optional and not isinstance(lowered, ListType))


def _lower_body(
    body: str, cell: Text, entity_names: set[str], diags: Diagnostics
) -> FieldType | None:
    normal = " ".join(body.split())
    if normal in _SCALARS:
        return _SCALARS[normal]
    if decimal := _DECIMAL.match(normal):
        return ScalarType("decimal", int(decimal.group(1)), int(decimal.group(2)))
    if enum := _ENUM.match(normal):
        return _enum(enum.group(1), cell, diags)
    if listed := _LIST.match(normal):
        return _list(listed.group(1).strip(), cell, entity_names, diags)
    if ENTITY_NAME.match(normal):
        return RefType(normal)
    hint = _type_hint(normal, entity_names)
    diags.add(codes.UNKNOWN_TYPE, cell.span, f"unknown type '{normal}'", hint=hint)
    return None


def _enum(values_text: str, cell: Text, diags: Diagnostics) -> EnumType | None:
    values = [v.strip() for v in values_text.split(",")]
    if not any(values):
        diags.add(
            codes.BAD_ENUM, cell.span, "`one of:` lists no values", hint="`one of: low, high`"
        )
        return None
    for value in values:
        if not ENUM_VALUE.match(value):
            diags.add(
                codes.BAD_ENUM,
                _value_span(cell, value),
                f"invalid enumeration value '{value}'",
                hint="values are lowercase identifiers: letters, digits and `_`",
            )
            return None
    for index, value in enumerate(values):
        if value in values[:index]:
            diags.add(
                codes.BAD_ENUM,
                _value_span(cell, value, occurrence=values[:index].count(value)),
                f"enumeration value '{value}' is listed twice",
            )
            return None
    return EnumType(tuple(values))


def _list(target: str, cell: Text, entity_names: set[str], diags: Diagnostics) -> ListType | None:
    if ENTITY_NAME.match(target):
        return ListType(target)
    diags.add(
        codes.BAD_LIST_TYPE,
        cell.span,
        f"`list of` needs an entity, not '{target}'",
        hint=did_you_mean(target, entity_names) or "for instance `list of Tag`",
    )
    return None


def _type_hint(name: str, entity_names: set[str]) -> str:
    if name.lower() in _SYNONYMS:
        return f"did you mean '{_SYNONYMS[name.lower()]}'?"
    if synonym := closest(name.lower(), _SYNONYMS):
        return f"did you mean '{_SYNONYMS[synonym]}'?"
    suggestion = did_you_mean(name, [*_SCALARS, *entity_names])
    known = "text, long text, int, decimal, money, bool, date, datetime, email, url, one of: …"
    return suggestion or f"types are {known}, or an entity name"


def _value_span(cell: Text, value: str, occurrence: int = 0) -> Span:
    """The span of the `occurrence`-th (0-based) whole-word `value` in the cell."""
    matches = [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(value)}(?![\w-])", cell.text)]
    offset = matches[occurrence] if value and occurrence < len(matches) else -1
    if offset < 0:
        return cell.span
    return Span.point(cell.span.line, cell.span.col + offset, len(value))
