"""The view of `tests/test_<entity>_fields.py`: the field rules the API enforces, at their bounds.

Each case is a value sent on create, in place of the generated one, with the
spec location of the rule it checks: accepted on the bound, refused (422 on
that field) just outside it.
"""

from __future__ import annotations

from ast import literal_eval
from dataclasses import dataclass
from decimal import Decimal

from compiler.analyse.views import EntityView
from compiler.ir.anyone import role_rows
from compiler.ir.model import (
    Entity,
    Field,
    Length,
    Maximum,
    Minimum,
    OnlyWhere,
    Pattern,
    Required,
    Spec,
    Unique,
)
from compiler.ir.refs import spec_refs
from compiler.ir.span import Span
from compiler.ir.types import EnumType, ListType, RefType
from compiler.testgen.access_moves import References
from compiler.testgen.data.conditions import (
    ACTOR,
    OTHER,
    Solver,
    body_arguments,
    row_source,
    uses,
)
from compiler.testgen.data.field_bounds import bound_values
from compiler.testgen.data.field_values import value_source
from compiler.testgen.data.patterns import non_matching, partial_match, pattern_examples
from compiler.testgen.data.rule_literals import broken_rules
from compiler.testgen.data.sample_values import bound_of, kind_of, on_grid
from compiler.testgen.scenes.code import SceneTest, scene_test
from compiler.testgen.scenes.scene import Choice
from compiler.testgen.scenes.search import Found, RuleScenes
from compiler.testgen.uniques import UniqueCase, unique_cases
from compiler.translate.names import column_name, snake, title

UNKNOWN_ID = 999999
"""An id no row has in a test's fresh database."""


@dataclass(frozen=True, slots=True)
class ValueCase:
    id: str
    field: str
    """The field's name, as the factory takes it."""
    value: str
    """Python source of the value sent."""
    loc: str
    """The field as the API names it in a 422 (`product_id`)."""
    spec_ref: str


@dataclass(frozen=True, slots=True)
class OnlyWhereCase:
    field: str
    loc: str
    row: str
    """Source of a referenced row the condition refuses."""
    spec_ref: str


@dataclass(frozen=True, slots=True)
class Creator:
    """The role the field tests create rows as, and what its Access `where` needs in the body."""

    role: str
    arguments: tuple[tuple[str, str], ...]
    uses_user: bool
    uses_other: bool


@dataclass(frozen=True, slots=True)
class FieldTestsView:
    name: str
    module: str
    url: str
    label: str
    label_plural: str
    creator: Creator | None
    accepted: tuple[ValueCase, ...]
    refused: tuple[ValueCase, ...]
    missing: tuple[ValueCase, ...]
    unique: tuple[ValueCase, ...]
    only_where: tuple[OnlyWhereCase, ...]
    searched: tuple[SceneTest, ...]
    """Bound values accepted on rows the scene search found (the factory's would break a
    Rule)."""
    notes: tuple[str, ...]
    """Rules the module does not check, and why (printed as comments)."""
    together: tuple[UniqueCase, ...] = ()
    """`unique (a, b)` rules."""


def field_tests_view(
    spec: Spec, entity: Entity, view: EntityView, scenes: RuleScenes
) -> FieldTestsView:
    cases = _Cases(spec, entity, view, scenes)
    cases.collect()
    return FieldTestsView(
        name=entity.name,
        module=snake(entity.name),
        url=f"/api/{view.url}",
        label=title(entity.name).lower(),
        label_plural=view.label_plural.lower(),
        creator=cases.creator,
        accepted=tuple(cases.accepted),
        refused=tuple(cases.refused),
        missing=tuple(cases.missing),
        unique=tuple(cases.unique),
        only_where=tuple(cases.only_where),
        searched=tuple(cases.searched),
        notes=tuple(cases.notes),
        together=unique_cases(spec, entity, view),
    )


def creator(spec: Spec, entity: Entity, view: EntityView) -> Creator | None:
    """A role that may create rows: one with `yes` that may read every row its references
    can name, else one with `yes`, else one whose `where` can be satisfied."""
    rows = role_rows(entity.access)
    writable = {f.name for f in view.fields if f.writable}
    references = References(spec, entity, writable)
    granted = [row for row in rows if row.create.kind == "all"]
    for row in granted:
        if references.visible(row.role, {}) == {}:
            return Creator(row.role, (), False, False)
    for row in granted:
        solution = references.visible(row.role, {})
        arguments = body_arguments(spec, entity, writable, solution) if solution else None
        if arguments is not None:
            return Creator(row.role, tuple(arguments.items()), False, False)
    if granted:
        return Creator(granted[0].role, (), False, False)
    solver = Solver(spec, entity)
    for row in rows:
        if row.create.kind == "where" and row.create.condition is not None:
            for solution in solver.solve(row.create.condition):
                arguments = body_arguments(spec, entity, writable, solution)
                if arguments is not None:
                    return Creator(
                        row.role,
                        tuple(arguments.items()),
                        uses(solution, ACTOR),
                        uses(solution, OTHER),
                    )
    return None


def _taken_value(spec: Spec, entity: Entity, field: Field) -> str:
    """The value of a unique field in the row that takes it: `None` for a field the factory
    fills, else `lambda n: <valid value>` (an optional field would be empty, and empty
    values never clash)."""
    if not field.optional or isinstance(field.type, RefType):
        return "None"
    pattern = field.rule(Pattern)
    if isinstance(pattern, Pattern):
        return f"lambda n: {pattern_examples(field)[0]!r}"
    return f"lambda n: {value_source(spec, entity, field)}"


class _Cases:
    def __init__(self, spec: Spec, entity: Entity, view: EntityView, scenes: RuleScenes) -> None:
        self.spec = spec
        self.entity = entity
        self.view = view
        self.scenes = scenes
        self.searched: list[SceneTest] = []
        self.creator = creator(spec, entity, view)
        self.accepted: list[ValueCase] = []
        self.refused: list[ValueCase] = []
        self.missing: list[ValueCase] = []
        self.unique: list[ValueCase] = []
        self.only_where: list[OnlyWhereCase] = []
        self.notes: list[str] = []

    def collect(self) -> None:
        if self.creator is None:
            self.notes.append(
                f"No role may create {self.view.label_plural.lower()} through the API, so their "
                "field rules are not checked here."
            )
            return
        views = {f.name: f for f in self.view.fields}
        for field in self.entity.fields:
            fv = views[field.name]
            if not fv.writable:
                continue
            if fv.required_on_create:
                span = _span(field, Required) or field.type_span
                self._case(self.missing, field, f"{field.name}-missing", "None", span)
            self._type_cases(field)
            self._text_cases(field)
            self._bound_cases(field)
            if field.has(Unique):
                value = _taken_value(self.spec, self.entity, field)
                self._case(self.unique, field, f"{field.name}-unique", value, _span(field, Unique))
            self._only_where_case(field)

    def _case(self, into: list, field: Field, case_id: str, value: str, span: Span | None) -> None:
        assert span is not None
        loc = (
            field.name if isinstance(field.type, ListType) else column_name(field.name, field.type)
        )
        broken = (
            broken_rules(
                self.spec,
                self.entity,
                self.scenes.factory.rule_data[self.entity.name].completions,
                self.creator.role,
                {field.name: value},
            )
            if into is self.accepted and self.creator is not None
            else []
        )
        if broken:
            found = self._searched(field, value)
            if found is None:
                self.notes.append(
                    f"{case_id}: not generated: with the other generated values it breaks the "
                    f'rule "{broken[0].message}", and no values '
                    "that keep it could be found."
                )
            else:
                doc = f"{case_id}: accepted when the other values keep the Rules."
                name = f"test_{case_id}_is_accepted"
                ref = spec_refs(self.spec).of(span)
                self.searched.append(scene_test(self.spec, found, name, doc, 201, ref))
            return
        into.append(ValueCase(case_id, field.name, value, loc, spec_refs(self.spec).of(span)))

    def _searched(self, field: Field, source: str) -> Found | None:
        """A create with the value that keeps every rule, from the scene search."""
        try:
            value = Decimal(source[9:-2]) if source.startswith("Decimal(") else literal_eval(source)
        except (ValueError, SyntaxError):
            return None  # not a literal (a time relative to the test's run)
        return self.scenes.created_with(field.name, Choice(value, source))

    def _type_cases(self, field: Field) -> None:
        span = field.type_span
        match field.type:
            case EnumType(values=values):
                for value in values:
                    self._case(self.accepted, field, f"{field.name}-{value}", repr(value), span)
                unknown = next(v for v in ("unknown", "no_such_value", "x_x") if v not in values)
                self._case(self.refused, field, f"{field.name}-{unknown}", repr(unknown), span)
            case RefType():
                self._case(self.refused, field, f"{field.name}-unknown-id", str(UNKNOWN_ID), span)
            case ListType():
                self._case(self.refused, field, f"{field.name}-unknown-id", f"[{UNKNOWN_ID}]", span)
        match kind_of(field):
            case "email":
                self._case(
                    self.accepted, field, f"{field.name}-valid", '"someone@example.com"', span
                )
                self._case(self.refused, field, f"{field.name}-invalid", '"not-an-email"', span)
            case "url":
                self._case(
                    self.accepted, field, f"{field.name}-valid", '"https://example.com/a"', span
                )
                self._case(self.refused, field, f"{field.name}-invalid", '"not a url"', span)

    def _text_cases(self, field: Field) -> None:
        length = field.rule(Length)
        pattern = field.rule(Pattern)
        low = length.min if isinstance(length, Length) else None
        high = length.max if isinstance(length, Length) else None
        if isinstance(length, Length):
            if kind_of(field) in ("email", "url") or isinstance(pattern, Pattern):
                self.notes.append(
                    f"The length of {field.name} is not checked at its bounds: its values must "
                    "also be valid addresses or match a pattern."
                )
            else:
                if low:
                    self._case(
                        self.accepted, field, f"{field.name}-length-{low}", _text(low), length.span
                    )
                    self._case(
                        self.refused,
                        field,
                        f"{field.name}-length-{low - 1}",
                        _text(low - 1),
                        length.span,
                    )
                if high is not None:
                    self._case(
                        self.accepted,
                        field,
                        f"{field.name}-length-{high}",
                        _text(high),
                        length.span,
                    )
                    self._case(
                        self.refused,
                        field,
                        f"{field.name}-length-{high + 1}",
                        _text(high + 1),
                        length.span,
                    )
        required = field.rule(Required)
        if isinstance(required, Required) and kind_of(field) in ("text", "long_text"):
            size = min(max(low or 1, 3), high or 3)
            self._case(self.refused, field, f"{field.name}-blank", f'" " * {size}', required.span)
        if isinstance(pattern, Pattern):
            example = pattern_examples(field, 1)[0]
            self._case(self.accepted, field, f"{field.name}-pattern", repr(example), pattern.span)
            bad = non_matching(field, example)
            self._case(self.refused, field, f"{field.name}-not-pattern", repr(bad), pattern.span)
            inside = partial_match(field, example)
            if inside is not None:  # a match inside the value is not enough: the whole must match
                case = f"{field.name}-pattern-inside"
                self._case(self.refused, field, case, repr(inside), pattern.span)

    def _bound_cases(self, field: Field) -> None:
        for rule in field.rules:
            if not isinstance(rule, (Minimum, Maximum)):
                continue
            bound = on_grid(field, bound_of(rule.value, rule.exclusive), isinstance(rule, Minimum))
            inward = 1 if isinstance(rule, Minimum) else -1
            word = (
                ("after" if rule.exclusive else "min")
                if inward == 1
                else ("before" if rule.exclusive else "max")
            )
            values = bound_values(field, bound, inward)
            if values is None:
                self.notes.append(
                    f"The bound `{word}` of {field.name} is not checked (unsupported type)."
                )
                continue
            (good, good_label), (bad, bad_label) = values
            self._case(self.accepted, field, f"{field.name}-{word}-{good_label}", good, rule.span)
            self._case(self.refused, field, f"{field.name}-{word}-{bad_label}", bad, rule.span)

    def _only_where_case(self, field: Field) -> None:
        rule = field.rule(OnlyWhere)
        if not isinstance(rule, OnlyWhere) or not isinstance(field.type, RefType):
            return
        assert self.creator is not None
        if field.name in dict(self.creator.arguments):
            self.notes.append(
                f"`only where` of {field.name} is not checked: every role that may create "
                f"{self.view.label_plural.lower()} needs {field.name} to meet its Access condition "
                "too, so a refused value gets 403 before the field is checked."
            )
            return
        for solution in Solver(self.spec, self.entity).solve(rule.expr, want=False):
            inner = {
                path[1:]: value
                for path, value in solution.items()
                if path[0] == field.name and len(path) > 1
            }
            if (
                len(inner) == len(solution)
                and not uses(solution, ACTOR)
                and not uses(solution, OTHER)
            ):
                row = row_source(self.spec, field.type.entity, inner)
                loc = column_name(field.name, field.type)
                self.only_where.append(
                    OnlyWhereCase(field.name, loc, row, spec_refs(self.spec).of(rule.span))
                )
                return
        self.notes.append(
            f"`only where` of {field.name} is not checked: the generator cannot build a row that "
            "fails its condition."
        )


def _span(field: Field, kind: type) -> Span | None:
    rule = field.rule(kind)
    return rule.span if rule is not None else None


def _text(size: int) -> str:
    return f'"X" * {size}' if size else '""'
