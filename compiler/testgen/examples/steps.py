"""The steps of an example, translated to the statements of its test (section 12).

`ExampleTranslator` keeps the names an example gives (users and rows) in variables and
turns each step into statements: `given` steps insert through the factory (`data`),
`as` chooses the request headers, `create`/`read`/`update`/`delete`/`list` are one
request each, and `expect` checks the last response, or hands its condition to
`ConditionTranslator`. Steps it cannot translate raise `ExampleGenerationError`.
"""

from __future__ import annotations

import re

from compiler.analyse.views import AppView, EntityView
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
from compiler.ir.expr import (
    Binary,
    BoolLit,
    Call,
    DecimalLit,
    IntLit,
    NullLit,
    Path,
    StringLit,
)
from compiler.ir.model import Computed, Entity, Spec
from compiler.ir.types import USER_ENTITY, EnumType, ListType, RefType, ScalarType
from compiler.testgen.examples.conditions import ConditionTranslator
from compiler.testgen.examples.names import (
    RESERVED,
    ExampleGenerationError,
    ModelImports,
    Named,
    used_names,
)
from compiler.testgen.examples.text import python_string
from compiler.translate.names import snake


class ExampleTranslator:
    """One example's steps as statements; the names it gives as variables."""

    def __init__(
        self,
        spec: Spec,
        views: dict[str, EntityView],
        app: AppView,
        imports: ModelImports,
        example: Example,
    ) -> None:
        self.spec = spec
        self.views = views
        self.app = app
        self.imports = imports
        self.example = example
        self.names: dict[str, Named] = {}
        self.variables: set[str] = set(RESERVED)
        self.deleted: set[str] = set()
        self.last_action: Step | None = None
        self.used = used_names(example)
        """Names a step refers to: only these are kept in variables."""

    def fail(self, step: Step, message: str) -> ExampleGenerationError:
        return ExampleGenerationError(
            f"spec line {step.span.line}: example '{self.example.title}': {message}"
        )

    def translate(self, step: Step) -> list[str]:
        match step:
            case GivenUser(role=role, name=name):
                variable = self._declare(name, USER_ENTITY, created=False)
                if name not in self.used:
                    return [f'data.user("{role}")']
                return [f'{variable} = data.user("{role}")']
            case GivenRow():
                return self._given_row(step)
            case ActAs():
                return self._act_as(step)
            case Create():
                return self._create(step)
            case Read(target=target):
                named = self._row(step, target)
                self.last_action = step
                url = self._url(named.entity)
                return [f'response = client.get(f"{url}/{{{named.variable}.id}}", headers=headers)']
            case Update(target=target, values=values):
                named = self._row(step, target)
                self.last_action = step
                url = self._url(named.entity)
                body = ", ".join(
                    f'"{self._attribute(step, named.entity, v.field, json=True)}": '
                    f"{self._value(step, named.entity, v, json=True)}"
                    for v in values
                )
                return [
                    f'response = client.patch(f"{url}/{{{named.variable}.id}}", '
                    f"json={{{body}}}, headers=headers)"
                ]
            case Delete(target=target):
                named = self._row(step, target)
                self.last_action = step
                self.deleted.add(target)
                url = self._url(named.entity)
                return [
                    f'response = client.delete(f"{url}/{{{named.variable}.id}}", headers=headers)'
                ]
            case ListRows(entity=entity):
                self._entity(step, entity)
                self.last_action = step
                return [
                    f'response = client.get("{self._url(entity)}", '
                    'params={"limit": MAX_PAGE_SIZE}, headers=headers)'
                ]
            case Expect():
                return self._expect(step)
        raise ExampleGenerationError(
            f"example '{self.example.title}': unknown step {type(step).__name__}"
        )

    # names and entities

    def _declare(self, name: str, entity: str, *, created: bool) -> str:
        base = re.sub(r"\W", "_", snake(name)) or "row"
        if base[0].isdigit():
            base = f"row_{base}"
        variable = base
        n = 2
        while variable in self.variables:
            variable, n = f"{base}_{n}", n + 1
        self.variables.add(variable)
        self.names[name] = Named(variable, entity, created)
        self.deleted.discard(name)
        return variable

    def _row(self, step: Step, name: str) -> Named:
        named = self.names.get(name)
        if named is None or named.entity == USER_ENTITY:
            raise self.fail(step, f"'{name}' is not a given or created row")
        return named

    def _entity(self, step: Step, name: str) -> Entity:
        entity = self.spec.entity(name)
        if entity is None or name not in self.views:
            raise self.fail(step, f"unknown entity '{name}'")
        return entity

    def model(self, entity: str) -> str:
        if entity == USER_ENTITY:
            self.imports.add("user", "User")
            return "User"
        view = self.views[entity]
        self.imports.add(view.module, view.name)
        return view.name

    def _url(self, entity: str) -> str:
        return f"/api/{self.views[entity].url}"

    def _attribute(self, step: Step, entity_name: str, name: str, *, json: bool) -> str:
        entity = self._entity(step, entity_name)
        found = entity.field(name)
        if found is None:
            raise self.fail(step, f"'{name}' is not a field of {entity_name}")
        if isinstance(found.type, RefType) and json:
            return f"{name}_id"
        return name

    # given rows, actors, creates

    def _given_row(self, step: GivenRow) -> list[str]:
        entity = self._entity(step, step.entity)
        view = self.views[entity.name]
        scalars, lists = [], []
        for value in step.values:
            target = entity.field(value.field)
            if target is not None and isinstance(target.type, ListType):
                lists.append(value)
            else:
                scalars.append(f"{value.field}={self._value(step, entity.name, value, json=False)}")
        variable = self._declare(step.name, entity.name, created=False)
        call = f"data.{view.module}({', '.join(scalars)})"
        lines = [f"{variable} = {call}" if step.name in self.used or lists else call]
        for value in lists:
            link = next(link for link in view.links if link.field == value.field)
            self.imports.add(view.module, link.class_name)
            for item in self._list_items(step, value):
                lines.append(
                    f"session.add({link.class_name}({link.owner_column}={variable}.id, "
                    f"{link.target_column}={item}.id))"
                )
        if lists:
            lines.append("session.commit()")
        return lines

    def _act_as(self, step: ActAs) -> list[str]:
        match step.kind:
            case "anonymous":
                return ["headers = {}"]
            case "role":
                return [f'headers = signed_in(data.user("{step.name}"))']
            case "user":
                named = self.names.get(step.name or "")
                if named is None or named.entity != USER_ENTITY:
                    if step.name in self.app.roles:
                        return [f'headers = signed_in(data.user("{step.name}"))']
                    raise self.fail(step, f"'{step.name}' is not a given user")
                return [f"headers = signed_in({named.variable})"]
            case "owner":
                named = self._row(step, step.name or "")
                owner = self.views[named.entity].owner_attribute
                if owner is None:
                    raise self.fail(step, f"{named.entity} rows have no owner")
                self.model(USER_ENTITY)
                return [
                    f"session.refresh({named.variable})",
                    f"headers = signed_in(session.get(User, {named.variable}.{owner}))",
                ]
        raise self.fail(step, f"unknown kind of `as` step: {step.kind!r}")

    def _create(self, step: Create) -> list[str]:
        entity = self._entity(step, step.entity)
        view = self.views[entity.name]
        overrides = ", ".join(
            f"{v.field}={self._value(step, entity.name, v, json=False)}" for v in step.values
        )
        self.last_action = step
        # Only the listed fields are sent, and the required ones the step leaves out
        # (generated): the factory may add optional values so its rows keep the Rules.
        listed = {v.field for v in step.values}
        sent = ", ".join(
            f'"{f.attribute}"'
            for f in view.fields
            if f.writable and (f.name in listed or f.required_on_create)
        )
        lines = [
            f'response = client.post("{self._url(entity.name)}", '
            f"json=only(data.{view.module}_body({overrides}), {sent}), headers=headers)"
        ]
        if step.name is not None and step.name in self.used:
            model = self.model(entity.name)
            variable = self._declare(step.name, entity.name, created=True)
            lines.append(f"{variable} = created(session, {model}, response)")
        return lines

    # values of given/create/update steps

    def _list_items(self, step: Step, value: FieldValue) -> list[str]:
        literal = value.value
        if isinstance(literal, Path) and len(literal.parts) == 1:
            named = self.names.get(literal.parts[0])
            if named is not None:
                return [named.variable]
        raise self.fail(step, f"'{value.field}' needs the name of a row")

    def _value(self, step: Step, entity_name: str, value: FieldValue, *, json: bool) -> str:
        """A step's value as Python: typed for the factory (`json=False`), JSON-ready otherwise."""
        entity = self._entity(step, entity_name)
        target = entity.field(value.field)
        if target is None or target.has(Computed):
            raise self.fail(step, f"'{value.field}' is not a writable field of {entity_name}")
        literal = value.value
        kind = target.type.kind if isinstance(target.type, ScalarType) else None
        match literal:
            case NullLit():
                return "None"
            case BoolLit(value=flag):
                return "True" if flag else "False"
            case IntLit(value=number) if kind in ("decimal", "money") and not json:
                return f'Decimal("{number}")'
            case IntLit(value=number):
                return str(number)
            case DecimalLit(value=digits):
                return f'"{digits}"' if json else f'Decimal("{digits}")'
            case StringLit(value=text) if kind == "date" and not json:
                year, month, day = (int(part) for part in text.split("-"))
                return f"date({year}, {month}, {day})"
            case StringLit(value=text) if kind == "datetime" and not json:
                return _datetime_source(text)
            case StringLit(value=text):
                return python_string(text)
            case Path(parts=(word,)):
                return self._word(step, target.type, word, kind, json=json)
            case Call(func="today" | "now") | Binary() if kind in ("date", "datetime"):
                return _moment_source(literal, kind, json=json)
        raise self.fail(step, f"cannot translate the value of '{value.field}'")

    def _word(
        self, step: Step, field_type: object, word: str, kind: str | None, *, json: bool
    ) -> str:
        if isinstance(field_type, EnumType):
            return python_string(word)
        if kind in ("date", "datetime") and word in ("today", "now"):
            source = "date.today()" if kind == "date" else "utc_now()"
            return f"{source}.isoformat()" if json else source
        named = self.names.get(word)
        if named is None:
            raise self.fail(step, f"'{word}' is neither a value nor a given name")
        if isinstance(field_type, ListType):
            return f"[{named.variable}.id]" if json else f"[{named.variable}]"
        return f"{named.variable}.id" if json else named.variable

    # expectations

    def _expect(self, step: Expect) -> list[str]:
        statuses = {
            "not_found": 404,
            "forbidden": 403,
            "unauthorized": 401,
            "conflict": 409,
        }
        if step.kind != "condition" and self.last_action is None:
            raise self.fail(step, "`expect` about a response before any action")
        match step.kind:
            case "ok":
                return ["assert response.is_success, response.text"]
            case "error":
                return [
                    "assert response.status_code == 422, response.text",
                    f"assert {python_string(step.message or '')} in messages(response), "
                    "response.text",
                ]
            case "field_error":
                return [
                    "assert response.status_code == 422, response.text",
                    f"assert {python_string(self._refused_key(step))} in refused_fields(response), "
                    "response.text",
                ]
            case kind if kind in statuses:
                return [f"assert response.status_code == {statuses[kind]}, response.text"]
            case "count":
                if not isinstance(self.last_action, ListRows):
                    raise self.fail(step, "`expect count` needs a `list` step before it")
                return [
                    "assert response.status_code == 200, response.text",
                    f'assert response.json()["count"] == {step.count}, response.text',
                ]
            case "condition" if step.condition is not None:
                return ConditionTranslator(self, step).lines()
        raise self.fail(step, f"unknown kind of expectation: {step.kind!r}")


    def _refused_key(self, step: Expect) -> str:
        """The body key of the field `expect error on FIELD` names (`product_id` for a
        reference), in the entity the last create or update wrote."""
        match self.last_action:
            case Create(entity=entity):
                pass
            case Update(target=target):
                entity = self._row(step, target).entity
            case _:
                raise self.fail(step, "`expect error on` needs a create or update before it")
        return self._attribute(step, entity, step.field or "", json=True)


def _datetime_source(text: str) -> str:
    if text.endswith("Z") or re.search(r"[+-]\d\d:\d\d$", text):
        return f"datetime.fromisoformat({python_string(text)})"
    return f"datetime.fromisoformat({python_string(text)}).replace(tzinfo=UTC)"


def _moment_source(value: Call | Binary, kind: str, *, json: bool) -> str:
    """`today`, `now`, `today+3`, `now-2h` (checked already) as the date or datetime of when
    the test runs."""
    source = "date.today()" if kind == "date" else "utc_now()"
    if isinstance(value, Binary) and isinstance(value.right, Call):
        (count,) = value.right.args
        assert isinstance(count, IntLit), "a relative moment counts with a whole number"
        source = f"({source} {value.op} timedelta({value.right.func}={count.value}))"
    return f"{source}.isoformat()" if json else source
