"""Checks of examples: every name a step uses is given, every field and value fits."""

from __future__ import annotations

from compiler.check.expr_types import ExprTyper, Scope
from compiler.check.value_types import VType
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.anyone import ANYONE
from compiler.ir.derived import SetOnWrite
from compiler.ir.examples import (
    ActAs,
    Create,
    Delete,
    Example,
    Expect,
    FieldValue,
    GivenRow,
    GivenUser,
    ListRows,
    Read,
    Step,
    Update,
)
from compiler.ir.expr import Binary, BoolLit, Call, DecimalLit, IntLit, NullLit, Path, StringLit
from compiler.ir.model import (
    Computed,
    Entity,
    Field,
    Length,
    LifecycleOnly,
    Maximum,
    Minimum,
    OnlyWhere,
    Pattern,
    ReadOnly,
    Required,
    SetAutomatically,
    Spec,
    Unique,
)
from compiler.ir.span import Span
from compiler.ir.types import TEXT_KINDS, USER_ENTITY, EnumType, ListType, RefType, ScalarType
from compiler.lower.names import did_you_mean

_ACTIONS = (Create, Read, Update, Delete, ListRows)


def check_examples(spec: Spec, typer: ExprTyper, diags: Diagnostics) -> None:
    titles: dict[str, int] = {}
    for example in spec.examples:
        if example.title in titles and example.title:
            diags.add(
                codes.EXAMPLE_DUPLICATE_TITLE,
                example.title_span,
                f"example title '{example.title}' is used twice",
                hint=f"the first is on line {titles[example.title]}",
            )
        titles.setdefault(example.title, example.title_span.line)
        _ExampleChecker(spec, typer, diags).check(example)


class _ExampleChecker:
    def __init__(self, spec: Spec, typer: ExprTyper, diags: Diagnostics) -> None:
        self.spec = spec
        self.typer = typer
        self.diags = diags
        self.rows: dict[str, str] = {}
        """Given or created row names → their entity."""
        self.users: set[str] = set()
        self.actor = False
        self.written: str | None = None
        """The entity of the last action if it was a create or an update, else None."""

    def check(self, example: Example) -> None:
        for step in example.steps:
            self._step(step)
            if isinstance(step, _ACTIONS):
                self.written = self._written_entity(step)

    def _step(self, step: Step) -> None:
        match step:
            case GivenUser(name=name):
                self._declare(name, step.name_span)
                self.users.add(name)
            case GivenRow(entity=entity, name=name, values=values):
                self._values(entity, values)
                self._declare(name, step.name_span)
                self.rows[name] = entity
            case ActAs():
                self._actor(step)
            case Create(entity=entity, name=name, values=values):
                self._needs_actor(step)
                self._values(entity, values)
                if name is not None:
                    self._declare(name, step.name_span or step.span)
                    self.rows[name] = entity
            case Read(target=target) | Delete(target=target):
                self._needs_actor(step)
                self._row(target, step.target_span)
            case Update(target=target, values=values):
                self._needs_actor(step)
                entity = self._row(target, step.target_span)
                if entity is not None:
                    self._values(entity, values)
            case ListRows():
                self._needs_actor(step)
            case Expect(condition=condition) if condition is not None:
                self.typer.condition(condition, self._scope(), "`expect`")
            case Expect(kind="error", message=message) if message is not None:
                self._rule_message(message, step.detail_span or step.span)
            case Expect(kind="field_error", field=field) if field is not None:
                self._field_error(field, step.detail_span or step.span)

    def _written_entity(self, step: Create | Read | Update | Delete | ListRows) -> str | None:
        if isinstance(step, Create):
            return step.entity
        if isinstance(step, Update):
            return self.rows.get(step.target)
        return None

    def _field_error(self, name: str, span: Span) -> None:
        if self.written is None:
            self.diags.add(
                codes.EXAMPLE_FIELD_ERROR_WITHOUT_WRITE,
                span,
                f"no create or update before `expect error on {name}`",
                hint="put the `create` or `update` whose field is refused just before it",
            )
            return
        entity = self.spec.entity(self.written)
        if entity is None:
            return
        field = entity.field(name)
        if field is None:
            hint = did_you_mean(name, [f.name for f in entity.fields])
            message = f"'{name}' is not a field of {entity.name}"
            self.diags.add(codes.EXAMPLE_UNKNOWN_FIELD, span, message, hint=hint)
        elif not _refusable(field):
            self.diags.add(
                codes.EXAMPLE_FIELD_NEVER_REFUSED,
                span,
                f"nothing refuses a value of '{name}': no rule limits it",
                hint="name a field the app can refuse (required, unique, with a length, "
                'range or pattern …), or quote a rule\'s sentence: `expect error "…"`',
            )

    def _rule_message(self, message: str, span: Span) -> None:
        messages = [rule.message for entity in self.spec.entities for rule in entity.rules]
        if message not in messages:
            self.diags.add(
                codes.EXAMPLE_UNKNOWN_MESSAGE,
                span,
                f'no rule says "{message}"',
                hint=did_you_mean(message, messages) or "quote a rule's sentence exactly",
            )

    def _declare(self, name: str, span: Span) -> None:
        if name in self.rows or name in self.users:
            self.diags.add(codes.EXAMPLE_DUPLICATE_NAME, span, f"'{name}' is given twice")

    def _actor(self, step: ActAs) -> None:
        self.actor = True
        roles_unknown = step.kind == "user" and not self.spec.app.roles_known
        if step.kind == "user" and step.name not in self.users and not roles_unknown:
            roles = [r.name for r in self.spec.app.roles]
            hint = did_you_mean(step.name or "", [*self.users, *roles])
            if step.name == ANYONE:
                hint = "a visitor who is not signed in acts `as anonymous`"
            self.diags.add(
                codes.EXAMPLE_UNKNOWN_NAME,
                step.name_span or step.span,
                f"'{step.name}' is neither a given user nor a role",
                hint=hint or "declare it first: `given <role> <name>`",
            )
        if step.kind == "owner":
            entity = self._row(step.name or "", step.name_span or step.span)
            found = self.spec.entity(entity) if entity else None
            if found is not None and not found.owner_candidates():
                self.diags.add(
                    codes.OWN_WITHOUT_OWNER, step.span, f"{found.name} rows have no owner"
                )

    def _needs_actor(self, step: Create | Read | Update | Delete | ListRows) -> None:
        if not self.actor:
            self.diags.add(
                codes.EXAMPLE_NO_ACTOR,
                step.span,
                "action before any `as` step",
                hint="say who acts: `as <role>`, `as <user>` or `as anonymous`",
            )
            self.actor = True

    def _row(self, name: str, span: Span) -> str | None:
        if name in self.rows:
            return self.rows[name]
        hint = did_you_mean(name, self.rows) or "give it first: `given Entity NAME …`"
        self.diags.add(codes.EXAMPLE_UNKNOWN_NAME, span, f"unknown row '{name}'", hint=hint)
        return None

    def _values(self, entity_name: str, values: tuple[FieldValue, ...]) -> None:
        entity = self.spec.entity(entity_name)
        if entity is None:
            return
        for value in values:
            field = entity.field(value.field)
            if field is None or field.has(Computed):
                self._unknown_field(entity, value)
            else:
                self._value(field, value)

    def _unknown_field(self, entity: Entity, value: FieldValue) -> None:
        hint = did_you_mean(value.field, [f.name for f in entity.fields])
        what = "is computed" if entity.field(value.field) else "is not a field"
        self.diags.add(
            codes.EXAMPLE_UNKNOWN_FIELD,
            value.span,
            f"'{value.field}' {what} of {entity.name}",
            hint=hint,
        )

    def _value(self, field: Field, value: FieldValue) -> None:
        literal = value.value
        if isinstance(literal, Binary) and isinstance(literal.right, Call):  # `now+2h`
            self._relative_moment(field, literal, literal.right.func)
            return
        if isinstance(literal, NullLit):
            ok = field.optional
        elif isinstance(literal, Path):
            ok = self._word_fits(field, literal.parts[0])
        elif isinstance(field.type, ScalarType):
            ok = _literal_fits(field.type.kind, literal)
        else:
            ok = (
                isinstance(literal, StringLit)
                and isinstance(field.type, EnumType)
                and (literal.value in field.type.values)
            )
        if not ok:
            self.diags.add(
                codes.EXAMPLE_BAD_VALUE,
                literal.span,
                f"invalid value for '{field.name}'",
                hint=self._value_hint(field),
            )

    def _relative_moment(self, field: Field, value: Binary, unit: str) -> None:
        kind = field.type.kind if isinstance(field.type, ScalarType) else None
        if kind not in ("date", "datetime"):
            message = f"'{field.name}' is not a date or a datetime"
            self.diags.add(codes.BAD_RELATIVE_DATE, value.span, message, self._value_hint(field))
        elif kind == "date" and unit != "days":
            message = f"'{field.name}' is a date: it moves by whole days"
            self.diags.add(codes.BAD_RELATIVE_DATE, value.span, message, "write today+3")

    def _word_fits(self, field: Field, word: str) -> bool:
        match field.type:
            case EnumType(values=values):
                return word in values
            case RefType(entity=entity) if entity == USER_ENTITY:
                return word in self.users
            case RefType(entity=entity) | ListType(entity=entity):
                given = self.rows.get(word)
                return given == entity or (given is not None and self.spec.entity(given) is None)
            case ScalarType(kind="date" | "datetime"):
                return word in ("today", "now")
        return False

    def _value_hint(self, field: Field) -> str:
        match field.type:
            case EnumType(values=values):
                return "one of: " + ", ".join(values)
            case RefType(entity=entity) if entity == USER_ENTITY:
                return "name a given user"
            case RefType(entity=entity) | ListType(entity=entity):
                return f"name a given {entity} row"
            case ScalarType(kind=kind):
                noun = kind.replace("_", " ")
                return f"an {noun} value" if noun[0] in "aeiou" else f"a {noun} value"
        return ""

    def _scope(self) -> Scope:
        names = {name: VType("ref", entity=entity) for name, entity in self.rows.items()}
        names.update({name: VType("ref", entity=USER_ENTITY) for name in self.users})
        return Scope(None, None, current_user=False, names=names)


_REFUSING_RULES = (
    Required,
    Unique,
    ReadOnly,
    Length,
    Minimum,
    Maximum,
    Pattern,
    SetAutomatically,
    Computed,
    OnlyWhere,
    LifecycleOnly,
    SetOnWrite,
)
_CHECKED_KINDS = frozenset({"email", "url", "int", "decimal", "money"})
"""Kinds whose values the app checks beyond their type: a form, or the database's range."""


def _refusable(field: Field) -> bool:
    """Whether some value an example can write is refused with a 422 located at the field."""
    if any(field.has(rule) for rule in _REFUSING_RULES):
        return True
    if isinstance(field.type, RefType | ListType):
        return True
    return isinstance(field.type, ScalarType) and field.type.kind in _CHECKED_KINDS


def _literal_fits(kind: str, literal) -> bool:
    match literal:
        case StringLit():
            return kind in TEXT_KINDS or kind in ("date", "datetime")
        case IntLit():
            return kind in ("int", "decimal", "money")
        case DecimalLit():
            return kind in ("decimal", "money")
        case BoolLit():
            return kind == "bool"
    return kind in ("date", "datetime")
