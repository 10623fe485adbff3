"""Checks of entities and their fields: names, types, and every field rule against its type."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from compiler.check.expr_types import ExprTyper, Scope
from compiler.check.patterns import check_pattern
from compiler.check.value_types import of_field_type
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.derived import SetOnWrite
from compiler.ir.expr import BoolLit, Call, DecimalLit, Expr, IntLit, NullLit, Path, StringLit
from compiler.ir.model import (
    Computed,
    Default,
    Entity,
    Field,
    Length,
    Maximum,
    Minimum,
    OnlyWhere,
    Owner,
    Pattern,
    ReadOnly,
    Required,
    SetAutomatically,
    Spec,
    Unique,
)
from compiler.ir.types import (
    NUMBER_KINDS,
    TEXT_KINDS,
    TIME_KINDS,
    USER_ENTITY,
    EnumType,
    ListType,
    RefType,
    ScalarType,
    describe,
)
from compiler.lower.names import did_you_mean

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_entities(spec: Spec, typer: ExprTyper, diags: Diagnostics) -> None:
    seen: dict[str, Entity] = {}
    for entity in spec.entities:
        if entity.name in seen:
            diags.add(
                codes.DUPLICATE_ENTITY,
                entity.name_span,
                f"entity '{entity.name}' is declared twice",
                hint=f"the first is on line {seen[entity.name].name_span.line}",
            )
            continue
        seen[entity.name] = entity
        check_fields(spec, entity, typer, diags)


def check_fields(spec: Spec, entity: Entity, typer: ExprTyper, diags: Diagnostics) -> None:
    names: dict[str, Field] = {}
    for field in entity.fields:
        if field.name in names:
            diags.add(
                codes.DUPLICATE_FIELD,
                field.name_span,
                f"field '{field.name}' is declared twice in {entity.name}",
                hint=f"the first is on line {names[field.name].span.line}",
            )
            continue
        names[field.name] = field
        _check_type(spec, field, diags)
        _check_rules(entity, field, typer, diags)
    _check_owner(entity, diags)


def _check_type(spec: Spec, field: Field, diags: Diagnostics) -> None:
    match field.type:
        case RefType(entity=target) | ListType(entity=target):
            if target != USER_ENTITY and spec.entity(target) is None:
                known = [e.name for e in spec.entities] + [USER_ENTITY]
                hint = did_you_mean(target, known) or "declared entities: " + ", ".join(known)
                diags.add(
                    codes.UNKNOWN_TYPE, field.type_span, f"unknown type '{target}'", hint=hint
                )
        case ScalarType(kind="decimal", precision=precision, scale=scale):
            if not (1 <= (precision or 0) <= 38 and 0 <= (scale or 0) <= (precision or 0)):
                diags.add(
                    codes.BAD_DECIMAL,
                    field.type_span,
                    f"invalid decimal({precision}, {scale})",
                    hint="precision 1..38, scale 0..precision",
                )


def _check_rules(entity: Entity, field: Field, typer: ExprTyper, diags: Diagnostics) -> None:
    seen: set[type] = set()
    for rule in field.rules:
        kind = type(rule)
        if kind in seen and kind not in (Minimum, Maximum):
            diags.add(codes.CONFLICTING_RULES, rule.span, f"rule given twice for '{field.name}'")
        seen.add(kind)
        _check_rule(entity, field, rule, typer, diags)
    _check_combinations(field, diags)


def _check_rule(entity: Entity, field: Field, rule, typer: ExprTyper, diags: Diagnostics) -> None:
    field_type = field.type
    match rule:
        case Length(min=low, max=high):
            if not _is_text(field):
                _not_for_type(rule, "length", field, diags)
            elif low is not None and high is not None and low > high:
                diags.add(codes.IMPOSSIBLE_RANGE, rule.span, f"length {low}..{high} is empty")
        case Pattern(regex=regex):
            if not _is_text(field):
                _not_for_type(rule, "pattern", field, diags)
            else:
                check_pattern(rule, regex, diags)
        case Minimum() | Maximum():
            if not (
                isinstance(field_type, ScalarType) and field_type.kind in NUMBER_KINDS | TIME_KINDS
            ):
                _not_for_type(rule, _bound_word(rule), field, diags)
            else:
                _check_value(field, rule.value, diags)
        case Default(value=value):
            _check_default(field, value, diags)
        case SetAutomatically(value="current_user"):
            if not _is_user(field):
                diags.add(
                    codes.BAD_REFERENCE_RULE, rule.span, "`set to current user` needs a User field"
                )
        case SetAutomatically(value="now"):
            if not (isinstance(field_type, ScalarType) and field_type.kind == "datetime"):
                diags.add(
                    codes.BAD_REFERENCE_RULE, rule.span, "`set to now` needs a datetime field"
                )
        case OnlyWhere(expr=expr):
            if not isinstance(field_type, RefType):
                diags.add(
                    codes.BAD_REFERENCE_RULE, rule.span, "`only where` needs a reference field"
                )
            else:
                typer.condition(expr, Scope(entity, entity), "`only where`")
        case Unique():
            if (
                isinstance(field_type, ListType)
                or field.has(Computed)
                or _kind(field) == "long_text"
            ):
                diags.add(codes.UNIQUE_NOT_SUPPORTED, rule.span, f"'{field.name}' cannot be unique")
        case Owner():
            if not _is_user(field):
                diags.add(
                    codes.BAD_OWNER,
                    rule.span,
                    f"`owner` needs a User field, but '{field.name}' is {_describe(field)}",
                )
        case Computed(expr=expr):
            _check_computed(entity, field, expr, typer, diags, rule.span)


def _check_combinations(field: Field, diags: Diagnostics) -> None:
    required = field.rule(Required)
    if required and field.optional:
        diags.add(
            codes.OPTIONAL_REQUIRED,
            required.span,
            f"'{field.name}' is optional (`?`) and required",
            hint="drop the `?` or the `required`",
        )
    _check_bounds(field, diags)
    computed = field.rule(Computed)
    if computed:
        for other in field.rules:
            if isinstance(other, (Required, Default, Unique, SetAutomatically, ReadOnly)):
                diags.add(
                    codes.CONFLICTING_RULES,
                    other.span,
                    "a computed field takes no other value rules",
                    hint="computed fields are read-only and never stored",
                )
    automatic = field.rule(SetAutomatically)
    if automatic and required:
        diags.add(
            codes.REQUIRED_WITHOUT_INPUT,
            required.span,
            f"'{field.name}' is set automatically; `required` has no effect",
        )
    if field.has(ReadOnly) and not field.optional and not _has_source(field):
        diags.add(
            codes.CONFLICTING_RULES,
            field.span,
            f"read-only field '{field.name}' can never get a value",
            hint="give it a default, make it optional (`?`) or set it automatically",
        )


def _check_bounds(field: Field, diags: Diagnostics) -> None:
    """`range 10..1`, `min 10; max 5`: no value can satisfy both bounds."""
    low, high = field.rule(Minimum), field.rule(Maximum)
    if not isinstance(low, Minimum) or not isinstance(high, Maximum):
        return
    low_value, high_value = _comparable(low.value), _comparable(high.value)
    if low_value is None or high_value is None or type(low_value) is not type(high_value):
        return
    exclusive = low.exclusive or high.exclusive
    if low_value > high_value or (exclusive and low_value == high_value):
        diags.add(
            codes.IMPOSSIBLE_RANGE,
            high.span,
            f"no value of '{field.name}' lies between its lower and upper bound",
            hint="the lower bound must be below the upper bound",
        )


def _comparable(value: Expr) -> Decimal | str | None:
    """A literal bound as a value that orders correctly (numbers; ISO dates as text)."""
    match value:
        case IntLit(value=number):
            return Decimal(number)
        case DecimalLit(value=digits):
            return Decimal(digits)
        case StringLit(value=text) if _DATE.match(text[:10]):
            return text
    return None


_DURATION_MESSAGE = (
    "a field cannot hold a duration",
    "store the datetime it leads to (`now() + hours(1)`), or compare it: `… > hours(1)`",
)


def _has_source(field: Field) -> bool:
    return any(
        field.has(k) for k in (Default, SetAutomatically, Computed, SetOnWrite)
    ) or isinstance(field.type, ListType)


def _check_computed(entity, field, expr, typer: ExprTyper, diags: Diagnostics, span) -> None:
    scope = Scope(entity, entity)  # `current_user`: a per-viewer field (`check.viewer`)
    found = typer.type_of(expr, scope)
    expected = of_field_type(field.type, field.optional)
    if found.kind in ("unknown", "null"):
        return
    if found.kind == "duration":
        diags.add(codes.DURATION_NOT_STORED, expr.span, *_DURATION_MESSAGE)
        return
    fits = found.kind == expected.kind or (found.kind == "int" and expected.kind == "decimal")
    if expected.kind == "enum" and found.kind == "text":
        fits = True
    if not fits:
        diags.add(
            codes.COMPUTED_TYPE,
            expr.span,
            f"computed value is {found.describe()}, but '{field.name}' is {expected.describe()}",
        )


def _check_default(field: Field, value: Expr, diags: Diagnostics) -> None:
    if isinstance(field.type, ListType):
        diags.add(codes.BAD_DEFAULT, value.span, "a list has no default")
    elif isinstance(field.type, EnumType):
        name = value.parts[0] if isinstance(value, Path) and len(value.parts) == 1 else None
        if isinstance(value, StringLit):
            name = value.value
        if name not in field.type.values:
            hint = did_you_mean(str(name), field.type.values) or "one of: " + ", ".join(
                field.type.values
            )
            diags.add(
                codes.BAD_DEFAULT,
                value.span,
                f"default '{_text(value)}' is not a value of '{field.name}'",
                hint=hint,
            )
    elif isinstance(field.type, RefType):
        diags.add(codes.BAD_DEFAULT, value.span, "a reference has no literal default")
    elif not _fits(field, value):
        diags.add(
            codes.BAD_DEFAULT,
            value.span,
            f"default '{_text(value)}' is not {_a(_describe(field))}",
        )


def _check_value(field: Field, value: Expr, diags: Diagnostics) -> None:
    if not _fits(field, value):
        diags.add(
            codes.BAD_LITERAL,
            value.span,
            f"'{_text(value)}' is not {_a(_describe(field))}",
        )


def _fits(field: Field, value: Expr) -> bool:
    kind = _kind(field)
    match value:
        case NullLit():
            return field.optional
        case IntLit(value=number):
            return kind in NUMBER_KINDS and -(2**63) <= number < 2**63
        case DecimalLit():
            return kind in ("decimal", "money")
        case BoolLit():
            return kind == "bool"
        case Call(func="today"):
            return kind in TIME_KINDS
        case Call(func="now"):
            return kind == "datetime"
        case StringLit(value=text):
            if kind in TIME_KINDS:
                return _is_time(text, kind)
            return kind in TEXT_KINDS
    return False


def _is_time(text: str, kind: str) -> bool:
    """An ISO date (`2026-01-31`) for dates; a date or date-time for datetimes. Real days only."""
    try:
        if kind == "date":
            return len(text) == 10 and bool(date.fromisoformat(text))
        return bool(datetime.fromisoformat(text))
    except ValueError:
        return False


def _check_owner(entity: Entity, diags: Diagnostics) -> None:
    candidates = entity.owner_candidates()
    if len(candidates) > 1:
        marked = candidates[0].has(Owner)
        diags.add(
            codes.BAD_OWNER,
            candidates[1].name_span,
            f"{entity.name} marks two fields `owner`"
            if marked
            else f"{entity.name} has two User fields set to the current user",
            hint="mark exactly one User field `owner`; `own` refers to it",
        )


def _not_for_type(rule, name: str, field: Field, diags: Diagnostics) -> None:
    diags.add(
        codes.RULE_NOT_FOR_TYPE,
        rule.span,
        f"`{name}` does not apply to '{field.name}' ({_describe(field)})",
    )


def _bound_word(rule: Minimum | Maximum) -> str:
    if isinstance(rule, Minimum):
        return "after" if rule.exclusive else "min"
    return "before" if rule.exclusive else "max"


def _a(noun: str) -> str:
    """`noun` with its indefinite article: 'an int', 'a date'."""
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"


def _describe(field: Field) -> str:
    return describe(field.type)


def _kind(field: Field) -> str:
    return field.type.kind if isinstance(field.type, ScalarType) else type(field.type).__name__


def _is_text(field: Field) -> bool:
    return isinstance(field.type, ScalarType) and field.type.kind in TEXT_KINDS


def _is_user(field: Field) -> bool:
    return isinstance(field.type, RefType) and field.type.entity == USER_ENTITY


def _text(value: Expr) -> str:
    match value:
        case Path(parts=parts):
            return ".".join(parts)
        case Call(func=func):
            return func
        case NullLit():
            return "null"
        case BoolLit(value=flag):
            return "true" if flag else "false"
    return str(getattr(value, "value", ""))
