"""The view of one field for the templates: its annotation, `Field(...)` call and role."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.python_types import TEXT_MAX_LENGTH, py_type
from compiler.analyse.values import python_literal
from compiler.ir.derived import SetOnWrite
from compiler.ir.expr import Call
from compiler.ir.model import (
    Computed,
    Default,
    Entity,
    Field,
    Length,
    Maximum,
    Minimum,
    OnDelete,
    Pattern,
    ReadOnly,
    Required,
    SetAutomatically,
    Unique,
)
from compiler.ir.types import TEXT_KINDS, USER_ENTITY, EnumType, ListType, RefType, ScalarType
from compiler.translate.names import camel, column_name, snake, title


@dataclass(frozen=True, slots=True)
class DynamicBound:
    """A bound known only at request time (`after today`): checked by a validator."""

    function: str
    """`today` or `now`."""
    operator: str
    """The comparison the value must satisfy: `>`, `>=`, `<` or `<=`."""
    message: str


@dataclass(frozen=True, slots=True)
class FieldView:
    name: str
    label: str
    help: str
    kind: str
    """scalar, enum, ref or list."""
    attribute: str
    """The model attribute and column: `title`, `product_id`."""
    annotation: str
    """The annotation in the model (`str`, `int | None`)."""
    field_call: str
    """`Field(...)` for the table and create model."""
    update_field_call: str
    """`Field(...)` for the update model (every field optional, same checks)."""
    writable: bool
    """Clients send it on create and update."""
    required_on_create: bool
    stored: bool
    """It is a column of the table (computed fields and lists are not)."""
    optional: bool
    not_blank: bool
    dynamic_bounds: tuple[DynamicBound, ...]
    unique: bool
    enum_class: str | None
    enum_values: tuple[str, ...]
    ref_class: str | None
    ref_table: str | None
    automatic: str | None
    """current_user, now_on_create or now_on_update."""
    money: bool
    """Of the `money` type: shown with the spec's currency."""
    sortable: bool
    filterable: bool
    filter_annotation: str
    """The query parameter's type when the list can be filtered by this field."""
    filter_bounds: str
    """`, ge=…, le=…` for integer query parameters (empty otherwise)."""
    filter_param: str
    """The list's query parameter that filters by this field: its attribute, or
    `<attribute>_eq` when that is one of the list's own parameters (`limit`, …)."""
    column_type: str
    """The SQLAlchemy type of the column, as written in migrations."""
    ondelete: str | None = None
    """The foreign key's `ON DELETE` (`CASCADE`, `SET NULL`): `on delete …` (None: refused)."""


def field_view(entity: Entity, field: Field, lifecycles: dict[str, str | None]) -> FieldView:
    """The view of `field`; `lifecycles` maps each lifecycle field to its initial state."""
    lifecycle_fields = set(lifecycles)
    table = snake(entity.name)
    enum_class = f"{entity.name}{camel(field.name)}"
    constraint = f"ck_{table}_{field.name}_values"
    python = py_type(field.type, enum_class, constraint)
    automatic = _automatic(field)
    writable = not (
        field.has(Computed)
        or field.has(ReadOnly)
        or field.has(SetOnWrite)
        or automatic is not None
        or field.name in lifecycle_fields
    )
    optional = field.optional or automatic == "now_on_update"
    annotation = f"{python.annotation} | None" if optional else python.annotation
    checks = _tightest([*python.check_args, *_validation_args(field)])
    args = [*_default_args(field, optional, automatic, enum_class), *_column_args(field)]
    if field.name in lifecycles and not field.has(Default) and lifecycles[field.name]:
        args.insert(0, f"default={enum_class}.{lifecycles[field.name]}")
    args += [*python.db_args, *checks]
    kind = _kind(field)
    update_args = ["default=None", *checks]
    if kind == "list":
        update_args.append("max_length=LIST_MAX_ITEMS")
    default = field.rule(Default)
    return FieldView(
        name=field.name,
        label=title(field.name),
        help=field.description,
        kind=kind,
        attribute=column_name(field.name, field.type),
        annotation=annotation if kind != "list" else "list[RowId]",
        field_call=f"Field({', '.join(args)})",
        update_field_call=f"Field({', '.join(update_args)})",
        writable=writable,
        required_on_create=writable and not optional and default is None and kind != "list",
        stored=not field.has(Computed) and kind != "list",
        optional=optional,
        not_blank=field.has(Required) and _is_text(field),
        dynamic_bounds=_dynamic_bounds(field),
        unique=field.has(Unique),
        enum_class=enum_class if isinstance(field.type, EnumType) else None,
        enum_values=field.type.values if isinstance(field.type, EnumType) else (),
        ref_class=_ref_class(field),
        ref_table=_ref_table(field),
        automatic=automatic,
        money=isinstance(field.type, ScalarType) and field.type.kind == "money",
        sortable=kind in ("scalar", "enum")
        and not field.has(Computed)
        and _kind_of(field) != "long_text",
        filterable=(kind in ("enum", "ref") or _kind_of(field) in ("bool", "int", "date"))
        and not field.has(Computed),
        filter_annotation=_filter_annotation(field, enum_class),
        filter_bounds="".join(f", {bound}" for bound in _filter_bounds(field)),
        filter_param=_filter_param(column_name(field.name, field.type)),
        column_type=_column_type(field, constraint),
        ondelete=ondelete(field),
    )


LIST_PARAMETERS = frozenset({"offset", "limit", "sort"})
"""The query parameters of every list endpoint besides its filters."""


def _filter_param(attribute: str) -> str:
    return f"{attribute}_eq" if attribute in LIST_PARAMETERS else attribute


def _filter_annotation(field: Field, enum_class: str) -> str:
    match field.type:
        case EnumType():
            return enum_class
        case RefType():
            return "int"
        case ScalarType(kind="int"):
            return "int"
        case ScalarType(kind="date"):
            return "IsoDate"  # `?due=0` would be read as 1970-01-01
        case ScalarType(kind=kind):
            return kind
    return "int"


def _column_type(field: Field, constraint: str) -> str:
    length = field.rule(Length)
    match field.type:
        case ScalarType(kind="text"):
            size = length.max if isinstance(length, Length) and length.max else TEXT_MAX_LENGTH
            return f"sqlmodel.sql.sqltypes.AutoString(length={size})"
        case ScalarType(kind="email" | "url" as kind):
            size = 320 if kind == "email" else 2048
            if isinstance(length, Length) and length.max is not None:
                size = min(size, length.max)  # as the model's max_length (`_tightest`)
            return f"sqlmodel.sql.sqltypes.AutoString(length={size})"
        case ScalarType(kind="long_text"):
            return "sa.Text()"
        case ScalarType(kind="decimal" | "money", precision=precision, scale=scale):
            return f"sa.Numeric(precision={precision}, scale={scale})"
        case ScalarType(kind="datetime"):
            return "sa.DateTime(timezone=True)"
        case ScalarType(kind=kind):
            return {"int": "sa.Integer()", "bool": "sa.Boolean()", "date": "sa.Date()"}[kind]
        case EnumType(values=values):
            quoted = ", ".join(f'"{v}"' for v in values)
            size = max(len(v) for v in values)
            return (
                f'sa.Enum({quoted}, name="{constraint}", native_enum=False, '
                f"create_constraint=True, length={size})"
            )
    return "sa.Integer()"


def _kind(field: Field) -> str:
    match field.type:
        case EnumType():
            return "enum"
        case RefType():
            return "ref"
        case ListType():
            return "list"
    return "scalar"


def _kind_of(field: Field) -> str:
    return field.type.kind if isinstance(field.type, ScalarType) else ""


def _is_text(field: Field) -> bool:
    return _kind_of(field) in TEXT_KINDS


def _automatic(field: Field) -> str | None:
    rule = field.rule(SetAutomatically)
    if not isinstance(rule, SetAutomatically):
        return None
    return "current_user" if rule.value == "current_user" else f"now_on_{rule.on}"


def _default_args(
    field: Field, optional: bool, automatic: str | None, enum_class: str
) -> list[str]:
    default = field.rule(Default)
    if automatic == "now_on_create":
        return ["default_factory=utc_now"]
    if isinstance(default, Default):
        if isinstance(default.value, Call):
            return [f"default_factory={'utc_now' if default.value.func == 'now' else 'date.today'}"]
        return [f"default={python_literal(default.value, field, enum_class)}"]
    return ["default=None"] if optional else []


def ondelete(field: Field) -> str | None:
    """The foreign key's `ON DELETE` action: `CASCADE` or `SET NULL`, None to refuse."""
    rule = field.rule(OnDelete)
    if isinstance(rule, OnDelete) and rule.action != "refuse":
        return rule.action.upper()
    return None


def _column_args(field: Field) -> list[str]:
    args = []
    if isinstance(field.type, RefType):
        args += [f'foreign_key="{_ref_table(field)}.id"', "index=True"]
        if action := ondelete(field):
            args.append(f'ondelete="{action}"')
    if field.has(Unique):
        args.append("unique=True")
    return args


def _tightest(args: list[str]) -> list[str]:
    """`args` with one `max_length`, the smallest: a `length` rule on an e-mail or URL field
    tightens the type's own limit (two would be a duplicate keyword argument)."""
    lengths = [int(a.split("=", 1)[1]) for a in args if a.startswith("max_length=")]
    if len(lengths) < 2:
        return args
    kept = [a for a in args if not a.startswith("max_length=")]
    return [*kept, f"max_length={min(lengths)}"]


def _validation_args(field: Field) -> list[str]:
    args = [*_integer_range(field)]
    length = field.rule(Length)
    if isinstance(length, Length):
        if length.min is not None:
            args.append(f"min_length={length.min}")
        if length.max is not None or _kind_of(field) in ("text", "long_text"):
            args.append(f"max_length={length.max if length.max is not None else TEXT_MAX_LENGTH}")
    elif _kind_of(field) == "text":
        args.append(f"max_length={TEXT_MAX_LENGTH}")
    for rule in field.rules:
        if isinstance(rule, (Minimum, Maximum)) and not isinstance(rule.value, Call):
            args.append(f"{_bound_keyword(rule)}={python_literal(rule.value, field)}")
    pattern = field.rule(Pattern)
    if isinstance(pattern, Pattern):
        args.append(f'schema_extra={{"pattern": {_raw(_whole(pattern.regex))}}}')
    elif field.has(Required) and _is_text(field) and _kind_of(field) != "url":
        # The schema says what `not_blank` checks (with its message), so clients know;
        # a url's own schema pattern says it already.
        args.append('schema_extra={"json_schema_extra": {"pattern": r"\\S"}}')
    return args


def _filter_bounds(field: Field) -> list[str]:
    if isinstance(field.type, RefType):
        return ["ge=1", "le=INT_MAX"]
    return ["ge=-INT_MAX - 1", "le=INT_MAX"] if _kind_of(field) == "int" else []


def _integer_range(field: Field) -> list[str]:
    """Ints and references fit a 32-bit INTEGER column (PostgreSQL's), so bigger values get
    a 422 instead of a database error."""
    if isinstance(field.type, RefType):
        return ["ge=1", "le=INT_MAX"]
    if _kind_of(field) != "int":
        return []
    bounds = []
    if not field.has(Minimum):
        bounds.append("ge=-INT_MAX - 1")
    if not field.has(Maximum):
        bounds.append("le=INT_MAX")
    return bounds


def _dynamic_bounds(field: Field) -> tuple[DynamicBound, ...]:
    bounds = []
    for rule in field.rules:
        if isinstance(rule, (Minimum, Maximum)) and isinstance(rule.value, Call):
            op = _bound_keyword(rule).replace("ge", ">=").replace("gt", ">")
            op = op.replace("le", "<=").replace("lt", "<")
            word = {">": "after", ">=": "on or after", "<": "before", "<=": "on or before"}[op]
            bounds.append(DynamicBound(rule.value.func, op, f"must be {word} {rule.value.func}"))
    return tuple(bounds)


def _bound_keyword(rule: Minimum | Maximum) -> str:
    if isinstance(rule, Minimum):
        return "gt" if rule.exclusive else "ge"
    return "lt" if rule.exclusive else "le"


def _ref_class(field: Field) -> str | None:
    match field.type:
        case RefType(entity=entity) | ListType(entity=entity):
            return entity
    return None


def _ref_table(field: Field) -> str | None:
    target = _ref_class(field)
    if target is None:
        return None
    return "app_user" if target == USER_ENTITY else snake(target)


def _whole(regex: str) -> str:
    """The regex anchored at both ends: pydantic, like JSON Schema, finds a match anywhere in
    the value, while the spec's pattern is about the whole value. One without `|` that starts
    with `^` and ends with an unescaped `$` is anchored already."""
    if "|" not in regex and regex.startswith("^") and regex.endswith("$") and regex[-2:] != "\\$":
        return regex
    return f"^(?:{regex})$"


def _raw(regex: str) -> str:
    """A Python literal for a regex: a raw string when that can spell it."""
    if '"' not in regex and not regex.endswith("\\"):
        return f'r"{regex}"'
    return repr(regex)
