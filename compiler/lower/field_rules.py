"""Lowers a fields table's Rules cell: `required; unique; length 2..60; default true`."""

from __future__ import annotations

import re
from collections.abc import Callable

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.derived import Moment, SetOnWrite
from compiler.ir.expr import Binary, Expr, In, Path, StringLit
from compiler.ir.model import (
    Computed,
    Default,
    FieldRule,
    Length,
    LifecycleOnly,
    Maximum,
    Minimum,
    OnDelete,
    OnlyWhere,
    Owner,
    Pattern,
    ReadOnly,
    RenamedFrom,
    Required,
    SetAutomatically,
    Unique,
)
from compiler.ir.span import Span
from compiler.lower.inline import code_spans, split_outside_code
from compiler.lower.literals import parse_count, parse_literal
from compiler.lower.names import did_you_mean
from compiler.parse.expr_parser import parse_expression
from compiler.parse.tree import Text

_RANGE = re.compile(r"^(\S*)\s*\.\.\s*(\S*)$")
_ROLES = re.compile(r"^only users with roles?\s+(.+)$")
_ON_DELETE = re.compile(r"^on delete\s+(cascade|set null|refuse)$", re.IGNORECASE)
_SET_ON_WRITE = re.compile(
    r"^set to\s+`.*`\s+on\s+(create and update|create|update)$", re.IGNORECASE
)
_MOMENTS: dict[str, tuple[Moment, ...]] = {
    "create": ("create",),
    "update": ("update",),
    "create and update": ("create", "update"),
}
_RENAMED = re.compile(r"^renamed from\s+([A-Za-z_][A-Za-z0-9_]*)$")
_FLAGS: dict[str, Callable[[Span], FieldRule]] = {
    "required": Required,
    "unique": Unique,
    "read-only": ReadOnly,
    "owner": Owner,
    "changes by lifecycle only": LifecycleOnly,
}
_AUTOMATIC = {
    "set to current user": ("current_user", "create"),
    "set to now on create": ("now", "create"),
    "set on create to now": ("now", "create"),
    "set to now on update": ("now", "update"),
    "set on update to now": ("now", "update"),
}
_KEYWORDS = [
    *_FLAGS,
    *_AUTOMATIC,
    "default",
    "length",
    "min",
    "max",
    "after",
    "before",
    "range",
    "pattern",
    "computed",
    "only where",
    "only users with role",
    "renamed from",
    "on delete cascade",
    "on delete set null",
    "on delete refuse",
    "set to `expr` on create",
    "set to `expr` on update",
    "set to `expr` on create and update",
]
_SYNONYMS = {"readonly": "read-only", "read only": "read-only", "not null": "required"}


def lower_field_rules(
    cell: Text, field_name: str, diags: Diagnostics, *, is_text: bool = False
) -> tuple[FieldRule, ...]:
    """The rules of one field; `is_text` only chooses the hint for a bare `2..60`."""
    rules: list[FieldRule] = []
    for item in split_outside_code(cell, ";"):
        lowered = _lower_item(item, field_name, diags, is_text)
        if isinstance(lowered, tuple):
            rules.extend(lowered)
        elif lowered is not None:
            rules.append(lowered)
    return tuple(rules)


def _lower_item(
    item: Text, field_name: str, diags: Diagnostics, is_text: bool
) -> FieldRule | tuple[FieldRule, ...] | None:
    words = " ".join(item.text.split())
    lowered = words.lower()
    if lowered in _FLAGS:
        return _FLAGS[lowered](item.span)
    if lowered in _AUTOMATIC:
        value, on = _AUTOMATIC[lowered]
        return SetAutomatically(value, on, item.span)  # type: ignore[arg-type]
    keyword, _, rest = item.text.strip().partition(" ")
    keyword = keyword.lower()
    if keyword == "default":
        return _with_literal(item, rest, "default", diags, lambda v: Default(v, item.span))
    if keyword == "length":
        return _length(item, rest, diags)
    if keyword in ("min", "max", "after", "before"):
        return _bound(item, keyword, rest, diags)
    if keyword == "range":
        return _range(item, rest, diags)
    if keyword == "pattern":
        return _pattern(item, diags)
    if keyword in ("computed", "computed:"):
        return _expression(item, diags, lambda e: Computed(e, item.span))
    if derived := _SET_ON_WRITE.match(words):
        moments = _MOMENTS[derived.group(1).lower()]
        return _expression(item, diags, lambda e: SetOnWrite(e, moments, item.span))
    if lowered.startswith("only where"):
        return _expression(item, diags, lambda e: OnlyWhere(e, item.span))
    if on_delete := _ON_DELETE.match(words):
        return OnDelete(on_delete.group(1).lower(), item.span)  # type: ignore[arg-type]
    if renamed := _RENAMED.match(words):
        return RenamedFrom(renamed.group(1), item.span)
    if roles := _ROLES.match(words):
        return _role_filter(item, field_name, roles.group(1))
    _unknown(item, words, diags, is_text)
    return None


def _with_literal(
    item: Text, text: str, what: str, diags: Diagnostics, build: Callable[[Expr], FieldRule]
) -> FieldRule | None:
    value = parse_literal(text, _tail_span(item, text))
    if value is None:
        diags.add(
            codes.BAD_LITERAL,
            _tail_span(item, text),
            f"`{what}` needs a value" if not text.strip() else f"invalid value '{text.strip()}'",
            hint='write a number, true/false, an enumeration value, "quoted text", today or now',
        )
        return None
    return build(value)


def _length(item: Text, text: str, diags: Diagnostics) -> Length | None:
    text = text.strip()
    bounds = _RANGE.match(text)
    low, high = (bounds.group(1), bounds.group(2)) if bounds else (text, text)
    low_value, high_value = parse_count(low), parse_count(high)
    valid = (low_value is not None or not low) and (high_value is not None or not high)
    if not valid or (not low and not high):
        diags.add(
            codes.BAD_LITERAL,
            _tail_span(item, text),
            f"invalid length '{text}'",
            hint="write `length 2..60`, `length 2..`, `length ..60` or `length 10` "
            "(whole numbers up to 9 digits)",
        )
        return None
    return Length(low_value, high_value, item.span)


def _bound(item: Text, keyword: str, text: str, diags: Diagnostics) -> FieldRule | None:
    exclusive = keyword in ("after", "before")
    if keyword in ("min", "after"):
        return _with_literal(item, text, keyword, diags, lambda v: Minimum(v, exclusive, item.span))
    return _with_literal(item, text, keyword, diags, lambda v: Maximum(v, exclusive, item.span))


def _range(item: Text, text: str, diags: Diagnostics) -> tuple[FieldRule, ...] | None:
    tail = _tail_span(item, text)
    bounds = _RANGE.match(text.strip())
    low = high = None
    if bounds:
        low = parse_literal(bounds.group(1), _group_span(tail, bounds, 1))
        high = parse_literal(bounds.group(2), _group_span(tail, bounds, 2))
    if low is None or high is None:
        diags.add(
            codes.BAD_LITERAL,
            _tail_span(item, text),
            f"invalid range '{text.strip()}'",
            hint="write `range 1..10` (both bounds included)",
        )
        return None
    return (Minimum(low, False, item.span), Maximum(high, False, item.span))


def _pattern(item: Text, diags: Diagnostics) -> Pattern | None:
    spans = code_spans(item)
    if not spans:
        diags.add(
            codes.BAD_PATTERN,
            item.span,
            "`pattern` needs a regular expression in backticks",
            hint="for instance pattern `^[A-Z]{3}$`",
        )
        return None
    return Pattern(spans[0].content.replace("\\|", "|"), spans[0].span)


def _expression(
    item: Text, diags: Diagnostics, build: Callable[[Expr], FieldRule]
) -> FieldRule | None:
    spans = code_spans(item)
    if not spans:
        diags.add(
            codes.EXPR_SYNTAX,
            item.span,
            f"`{item.text.split()[0].rstrip(':')}` needs an expression in backticks",
            hint="for instance computed: `quantity * unit_price`",
        )
        return None
    expr = parse_expression(spans[0].content, spans[0].span, diags)
    return build(expr) if expr is not None else None


def _role_filter(item: Text, field_name: str, roles_text: str) -> OnlyWhere:
    """`only users with role agent` is the filter `<field>.role in ("agent")`."""
    roles = [r.strip() for r in re.split(r",|\bor\b", roles_text) if r.strip()]
    span = item.span
    path = Path((field_name, "role"), span, (span, span))
    options = tuple(StringLit(role, _role_span(item, role)) for role in roles)
    if len(options) == 1:
        return OnlyWhere(Binary("==", path, options[0], span, span), span)
    return OnlyWhere(In(path, options, False, span), span)


_BARE_DERIVED = re.compile(
    r"^set to\s+([^`]+?)\s+on\s+(create and update|create|update)$", re.IGNORECASE
)
_BARE_RANGE = re.compile(r"^-?[0-9.]*\.\.-?[0-9.]*$")


def _unknown(item: Text, words: str, diags: Diagnostics, is_text: bool) -> None:
    lowered = words.lower()
    if _BARE_RANGE.match(lowered.replace(" ", "")) and ".." in lowered:
        hint: str | None = f"did you mean `{'length' if is_text else 'range'} {words.strip()}`?"
    elif lowered in _SYNONYMS:
        hint = f"did you mean '{_SYNONYMS[lowered]}'?"
    elif bare := _BARE_DERIVED.match(words):
        hint = f"write the expression in backticks: set to `{bare.group(1)}` on {bare.group(2)}"
    else:
        hint = did_you_mean(lowered, _KEYWORDS) or did_you_mean(lowered.split()[0], _KEYWORDS)
    diags.add(
        codes.UNKNOWN_FIELD_RULE,
        item.span,
        f"unknown field rule '{words}'",
        hint=hint or "see docs/spec-language.md for the list of field rules",
    )


def _tail_span(item: Text, tail: str) -> Span:
    tail = tail.strip()
    offset = item.text.rfind(tail) if tail else -1
    if offset <= 0:
        return item.span
    return Span.point(item.span.line, item.span.col + offset, len(tail))


def _group_span(tail: Span, match: re.Match[str], group: int) -> Span:
    start = tail.col + match.start(group)
    return Span(tail.line, start, tail.line, start + max(len(match.group(group)), 1))


def _role_span(item: Text, role: str) -> Span:
    offset = item.text.rfind(role)
    return Span.point(item.span.line, item.span.col + max(offset, 0), len(role))
