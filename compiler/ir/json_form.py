"""The lossless JSON form of the IR, validated by `spec_schema/ir.schema.json`.

Every node is an object whose first key is `"node"` (the class name) followed by
the dataclass fields in declaration order; a `Span` is the compact array
`[line, col, end_line, end_col]`; tuples are arrays and `None` is `null`.
Encoding and decoding are generic: they walk `dataclasses.fields` and the type
hints of each class, so a new node class needs no code here.
"""

from __future__ import annotations

import dataclasses
import json
import re
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, Union

from compiler.ir.model import IR_VERSION, Spec
from compiler.ir.span import Span


class IRFormatError(ValueError):
    """The JSON is not a well-formed IR of the supported version."""


def to_json(spec: Spec) -> dict[str, Any]:
    """The JSON form of a spec: plain dicts, lists, strings, numbers, booleans and nulls."""
    return _encode(spec)


def from_json(data: dict[str, Any]) -> Spec:
    """The spec a JSON form describes; raises `IRFormatError` on malformed input."""
    if not isinstance(data, dict):
        raise IRFormatError(f"$: expected a Spec object, got {_kind(data)}")
    if data.get("ir_version") in _UPGRADES:
        data = _UPGRADES[data["ir_version"]](data)
    if "ir_version" in data and data["ir_version"] != IR_VERSION:
        raise IRFormatError(
            f"$.ir_version: unsupported IR version {data['ir_version']!r} (expected {IR_VERSION!r})"
        )
    return _decode(data, Spec, "$")


def _from_before_5(data: Any) -> Any:
    """An IR 3 or 4 document as IR 5. Since IR 3, transitions gained `label` (None: the UI
    derives it) and effects `reference` and `reference_span` (None: an effect on the row
    itself, the only kind there was); an IR 4 document has one of the two, depending on the
    build that wrote it, and the missing keys are added the same way."""

    def upgrade(node: dict[str, Any]) -> None:
        if node.get("node") == "Assignment":
            node.setdefault("reference", None)
            node.setdefault("reference_span", None)
        if node.get("node") == "Transition":
            node.setdefault("label", None)

    return _from_5(_rewritten(data, upgrade))


def _from_5(data: Any) -> Any:
    """An IR 5 document as IR 6: entities gained `uniques` (composite uniqueness; IR 5 had
    none); the other additions of IR 6 (the `Conditional` node, the `OnDelete` field rule)
    are new nodes an IR 5 document cannot hold."""

    def upgrade(node: dict[str, Any]) -> None:
        if node.get("node") == "Entity":
            node.setdefault("uniques", [])

    return _from_6(_rewritten(data, upgrade))


def _from_6(data: Any) -> Any:
    """An IR 6 document as IR 7. IR 7 added only nodes an IR 6 document cannot hold (values
    derived on write, `SetOnWrite`)."""

    def upgrade(node: dict[str, Any]) -> None:
        if node.get("node") == "Spec":
            node["ir_version"] = "7"

    return _from_7(_rewritten(data, upgrade))


def _from_7(data: Any) -> Any:
    """An IR 7 document as IR 8: expectations gained `field` (None: an IR 7 example could
    not expect an error on a field)."""

    def upgrade(node: dict[str, Any]) -> None:
        if node.get("node") == "Spec":
            node["ir_version"] = "8"
        if node.get("node") == "Expect":
            node.setdefault("field", None)

    return _from_8(_rewritten(data, upgrade))


def _from_8(data: Any) -> Any:
    """An IR 8 document as IR 9: entities gained `actions` (issue 14 item 8, named
    operations on a row; an IR 8 document has none)."""

    def upgrade(node: dict[str, Any]) -> None:
        if node.get("node") == "Spec":
            node["ir_version"] = IR_VERSION
        if node.get("node") == "Entity":
            node.setdefault("actions", [])

    return _rewritten(data, upgrade)


def _rewritten(data: Any, upgrade: Callable[[dict[str, Any]], None]) -> Any:
    """A copy of a JSON document with `upgrade` applied to every object in it."""
    if isinstance(data, list):
        return [_rewritten(item, upgrade) for item in data]
    if not isinstance(data, dict):
        return data
    node = {key: _rewritten(value, upgrade) for key, value in data.items()}
    upgrade(node)
    return node


_UPGRADES = {
    "3": _from_before_5,
    "4": _from_before_5,
    "5": _from_5,
    "6": _from_6,
    "7": _from_7,
    "8": _from_8,
}
"""Older IR versions this one reads (so that previous builds' snapshots,
`migrations/ir.json`, stay readable), each with the rewrite to the current form."""


_SPAN_ARRAY = re.compile(r"\[\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)\s*\]")


def dumps(spec: Spec) -> str:
    """The JSON form as deterministic text (field order, 2-space indent, final newline).

    Spans are kept on one line each, so a golden IR file reads (and diffs) well.
    """
    text = json.dumps(to_json(spec), indent=2, sort_keys=False, ensure_ascii=False)
    return _SPAN_ARRAY.sub(r"[\1, \2, \3, \4]", text) + "\n"


def loads(text: str) -> Spec:
    """The spec of a JSON text written by `dumps`; raises `IRFormatError` when malformed."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise IRFormatError(f"not JSON: {error}") from error
    return from_json(data)


@cache
def field_hints(cls: type) -> tuple[tuple[str, Any], ...]:
    """The (name, resolved type hint) of each field of a node class, in declaration order."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, hints[f.name]) for f in dataclasses.fields(cls))


def _encode(value: Any) -> Any:
    if isinstance(value, Span):
        return [value.line, value.col, value.end_line, value.end_col]
    if dataclasses.is_dataclass(value):
        node: dict[str, Any] = {"node": type(value).__name__}
        for name, _ in field_hints(type(value)):
            node[name] = _encode(getattr(value, name))
        return node
    if isinstance(value, tuple):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, (str, int, bool)):
        return value
    raise TypeError(f"cannot encode {type(value).__name__} in the IR: {value!r}")


def _decode(data: Any, hint: Any, path: str) -> Any:
    """The value of type `hint` that `data` encodes; `path` locates it for error messages."""
    origin = typing.get_origin(hint)
    if hint is Span:
        return _decode_span(data, path)
    if dataclasses.is_dataclass(hint):
        return _decode_node(data, hint, path)
    if origin in (Union, types.UnionType):
        return _decode_union(data, typing.get_args(hint), path)
    if origin is tuple:
        if not isinstance(data, list):
            raise IRFormatError(f"{path}: expected an array, got {_kind(data)}")
        item_hint = typing.get_args(hint)[0]
        return tuple(_decode(item, item_hint, f"{path}[{i}]") for i, item in enumerate(data))
    if origin is Literal:
        allowed = typing.get_args(hint)
        if not isinstance(data, str) or data not in allowed:
            raise IRFormatError(f"{path}: expected one of {list(allowed)}, got {data!r}")
        return data
    if hint in (str, int, bool):
        if type(data) is not hint:
            raise IRFormatError(f"{path}: expected {_JSON_NAMES[hint]}, got {_kind(data)}")
        return data
    raise TypeError(f"{path}: unsupported type hint in the IR: {hint!r}")


def _decode_span(data: Any, path: str) -> Span:
    if not (isinstance(data, list) and len(data) == 4 and all(type(n) is int for n in data)):
        raise IRFormatError(f"{path}: expected a span [line, col, end_line, end_col], got {data!r}")
    return Span(*data)


def _decode_node(data: Any, cls: type, path: str) -> Any:
    if not isinstance(data, dict):
        raise IRFormatError(f"{path}: expected a {cls.__name__} object, got {_kind(data)}")
    if data.get("node") != cls.__name__:
        raise IRFormatError(f"{path}: expected node {cls.__name__!r}, got {data.get('node')!r}")
    hints = field_hints(cls)
    extra = set(data) - {"node"} - {name for name, _ in hints}
    if extra:
        raise IRFormatError(f"{path}: unknown key(s) {sorted(extra)} in {cls.__name__}")
    values = {}
    for name, hint in hints:
        if name not in data:
            raise IRFormatError(f"{path}: {cls.__name__} is missing key {name!r}")
        values[name] = _decode(data[name], hint, f"{path}.{name}")
    return cls(**values)


def _decode_union(data: Any, options: tuple[Any, ...], path: str) -> Any:
    if data is None:
        if type(None) in options:
            return None
        raise IRFormatError(f"{path}: null is not allowed here")
    options = tuple(option for option in options if option is not type(None))
    if len(options) == 1:
        return _decode(data, options[0], path)
    # Unions of several options are unions of node classes: dispatch on "node".
    by_name = {option.__name__: option for option in options}
    name = data.get("node") if isinstance(data, dict) else None
    if name not in by_name:
        expected = ", ".join(by_name)
        got = repr(name) if isinstance(data, dict) else _kind(data)
        raise IRFormatError(f"{path}: expected a node of {expected}; got {got}")
    return _decode_node(data, by_name[name], path)


_JSON_NAMES = {str: "a string", int: "an integer", bool: "a boolean"}


def _kind(data: Any) -> str:
    """How a JSON value is named in error messages."""
    match data:
        case None:
            return "null"
        case bool():
            return "a boolean"
        case int() | float():
            return "a number"
        case str():
            return "a string"
        case list():
            return "an array"
        case dict():
            return "an object"
    return type(data).__name__
