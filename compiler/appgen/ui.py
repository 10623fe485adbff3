"""The web UI of the generated app: `app/ui/` and its tests, from the app's view-model.

Python modules are rendered from `templates/app/app/ui/**.py.j2` with a
`UiView`. The HTML templates and the style sheet of the generated app are
copied verbatim (they are Jinja2 templates of the *generated* app, rendered by
it at request time, so specc never renders them): every file under
`templates/app/app/ui/` that does not end in `.j2` is such a raw file. They
hold layout only and are the same for every app.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from compiler.analyse.fields import FieldView
from compiler.analyse.python_types import URL_PATTERN
from compiler.analyse.views import AppView, EntityView
from compiler.appgen.ui_actions import UiMoveCheck, move_checks, transition_labels
from compiler.appgen.ui_help import UiHelpSection, help_sections
from compiler.appgen.ui_lists import UiFilter, filters_by, list_columns, list_filters
from compiler.appgen.ui_locale import currency_prefix
from compiler.appgen.ui_related import UiRelation, ui_relations
from compiler.appgen.ui_text import literal as _literal
from compiler.appgen.ui_text import plain as _plain
from compiler.appgen.ui_users import user_managers
from compiler.ir.types import USER_ENTITY
from compiler.output.render import TEMPLATES, render
from compiler.output.tree import GeneratedFile
from compiler.translate.names import plural

UI_TEMPLATES = TEMPLATES / "app" / "app" / "ui"
TEXT_WIDGETS = ("text", "textarea", "email", "url")
_SCALAR_WIDGETS = {
    "StrictBool": "checkbox",
    "StrictInt": "integer",
    "Decimal": "decimal",
    "date": "date",
    "UtcDatetime": "datetime",
    "datetime": "datetime",
    "EmailStr": "email",
}
_SAMPLE_TEXTS = ("Sample one", "sample", "ABC", "abc", "Sample", "a1", "1", "A")


@dataclass(frozen=True, slots=True)
class UiField:
    name: str
    """The attribute: `title`, `product_id`, `tags`."""
    widget: str
    arguments: str
    """The arguments of its `FieldSpec(...)` in the generated page module."""


@dataclass(frozen=True, slots=True)
class UiReference:
    constant: str
    """`PRODUCTS`: the `Reference` of the page module."""
    class_name: str
    module: str
    url: str
    label: str
    access_module: str | None
    """The alias of the target's access module; None for the entity itself (`access`)."""


@dataclass(frozen=True, slots=True)
class UiEntity:
    entity: EntityView
    module: str
    url: str
    label: str
    label_plural: str
    description: str
    summary: str
    """Python literals of the labels, the description and its first sentence."""
    read_roles: str
    """A tuple literal of the roles that may read some rows."""
    fields: tuple[UiField, ...]
    references: tuple[UiReference, ...]
    uses_users: bool
    form_inputs: tuple[str, ...]
    """The names of the create form's inputs, sorted: the fields clients write."""
    owner: str | None
    """The owner field's attribute: the list's "only mine" filter."""
    filters: tuple[UiFilter, ...]
    full_reader: str | None
    """A role that may read every row (the list tests' viewer); None if none may."""


@dataclass(frozen=True, slots=True)
class UiSample:
    """An entity the generated UI tests create a row of through the form."""

    entity: EntityView
    role: str
    values: tuple[tuple[str, str], ...]
    """Form values that are valid: (input name, submitted string)."""
    required: str
    """A required input: left empty, the form shows `required_message` next to it."""
    required_message: str
    """What the form says then: "Title is required."."""
    shown: str
    """A submitted value the detail page shows."""


@dataclass(frozen=True, slots=True)
class UiView:
    title: str
    summary: str
    description: tuple[str, ...]
    signup_open: bool
    entities: tuple[UiEntity, ...]
    sample: UiSample | None
    roles: tuple[str, ...]
    spec_ref: str
    """The construct generated UI tests point to: the sample entity, else the app."""
    relations: tuple[UiRelation, ...]
    """The related rows each detail page lists."""
    move_checks: tuple[UiMoveCheck, ...]
    """Which lifecycle buttons a role sees on a new row."""
    help: tuple[UiHelpSection, ...]
    """The help page's sections: the spec's prose."""
    managers: tuple[str, ...]
    """The roles that manage accounts (the users page); none: no users page."""
    user_managers: str
    """Their tuple literal."""
    timezone: str
    currency_prefix: str
    """A Python literal: `"€"`, `"CHF "`."""
    developer_notes: tuple[str, ...]
    """Python literals of the spec's notes, whitespace collapsed: on no page."""


def ui_files(app: AppView, header: str) -> list[GeneratedFile]:
    """The files of `app/ui/` and `tests/test_ui.py`."""
    ui = ui_view(app)
    context = {"header": header, "app": app, "ui": ui}
    files = [
        GeneratedFile(f"app/ui/{module}.py", render(f"app/app/ui/{module}.py.j2", **context))
        for module in (
            "__init__",
            "web",
            "messages",
            "crud",
            "related",
            "listing",
            "local",
            "account",
            "help",
            "password",
            "pages/__init__",
        )
    ]
    if ui.managers:
        files.append(GeneratedFile("app/ui/users.py", render("app/app/ui/users.py.j2", **context)))
    for item in ui.entities:
        content = render("app/app/ui/pages/entity.py.j2", **context, e=item.entity, item=item)
        files.append(GeneratedFile(f"app/ui/pages/{item.module}.py", content))
    for path in sorted(UI_TEMPLATES.rglob("*")):
        if path.is_file() and path.suffix != ".j2":
            relative = path.relative_to(UI_TEMPLATES).as_posix()
            files.append(GeneratedFile(f"app/ui/{relative}", path.read_text(encoding="utf-8")))
    files.append(GeneratedFile("tests/test_ui.py", render("app/tests/test_ui.py.j2", **context)))
    return files


def ui_view(app: AppView) -> UiView:
    entities = {e.name: e for e in app.entities}
    sample = next((s for e in app.entities if (s := _sample(e)) is not None), None)
    return UiView(
        title=_literal(app.title),
        summary=_literal(app.summary),
        description=tuple(
            _literal(_plain(p.strip())) for p in app.description.split("\n\n") if p.strip()
        ),
        signup_open=app.signup_role is not None,
        entities=tuple(_entity(e, entities) for e in app.entities),
        sample=sample,
        roles=app.roles,
        spec_ref=sample.entity.spec_ref if sample else "app",
        relations=ui_relations(app),
        move_checks=tuple(check for e in app.entities for check in move_checks(e)),
        help=help_sections(app.docs),
        managers=user_managers(app),
        user_managers=_tuple(user_managers(app)),
        timezone=app.timezone,
        currency_prefix=_literal(currency_prefix(app.currency)),
        developer_notes=tuple(_literal(" ".join(note.split())) for note in app.developer_notes),
    )


def widget(field: FieldView) -> str:
    """How a field is edited: the input of its kind (see `FieldSpec.widget`)."""
    if field.kind == "list":
        return "references"
    if field.kind == "ref":
        return "reference"
    if field.kind == "enum":
        return "choice"
    base = field.annotation.removesuffix(" | None")
    if base in _SCALAR_WIDGETS:
        return _SCALAR_WIDGETS[base]
    if field.column_type == "sa.Text()":
        return "textarea"
    if URL_PATTERN in field.field_call:
        return "url"
    return "text"


def _entity(entity: EntityView, entities: dict[str, EntityView]) -> UiEntity:
    choosable = {choice.field for choice in entity.choices}
    pairs = {lc.field: transition_labels(lc) for lc in entity.lifecycles}
    shown = list(entity.fields)  # computed fields too: the API returns them on detail pages
    columns = list_columns(entity)
    references: dict[str, UiReference] = {}
    for field in shown:
        target = field.ref_class
        if target and target != USER_ENTITY and target not in references:
            references[target] = _reference(entity, entities[target])
    return UiEntity(
        entity=entity,
        module=entity.module,
        url=entity.url,
        label=_literal(entity.label),
        label_plural=_literal(entity.label_plural),
        description=_literal(_plain(entity.description)),
        summary=_literal(_first_sentence(_plain(entity.description))),
        read_roles=_tuple(entity.access.read.roles),
        fields=tuple(
            _field(
                f,
                f.name in columns,
                references,
                f.name in choosable,
                pairs.get(f.name, ()),
                filters_by(entity, f, widget(f)),
                f.attribute in {c.attribute for c in entity.viewer_computed},
            )
            for f in shown
        ),
        references=tuple(references.values()),
        uses_users=any(f.ref_class == USER_ENTITY for f in shown),
        form_inputs=tuple(
            sorted(f.attribute if f.kind != "list" else f.name for f in entity.writable)
        ),
        owner=entity.owner_attribute,
        filters=list_filters(entity, {f.name: widget(f) for f in shown}),
        full_reader=next(
            (r for g in entity.access.read.grants if g.condition is None for r in g.roles), None
        ),
    )


def _reference(entity: EntityView, target: EntityView) -> UiReference:
    own = target.name == entity.name
    return UiReference(
        constant=plural(target.module).upper(),
        class_name=target.name,
        module=target.module,
        url=target.url,
        label=target.display_field,
        access_module=None if own else f"{target.module}_access",
    )


def _field(
    field: FieldView,
    column: bool,
    references: dict[str, UiReference],
    choosable: bool,
    transitions: tuple[tuple[str, str, str], ...] = (),
    filtered: bool = False,
    per_viewer: bool = False,
) -> UiField:
    kind = widget(field)
    arguments = [
        _literal(field.attribute if field.kind != "list" else field.name),
        _literal(field.label),
    ]
    arguments.append(_literal(kind))
    if field.help:
        arguments.append(f"help={_literal(_plain(field.help))}")
    flags = {
        "required": _required(field),
        "form": field.writable,
        "column": column,
        "search": field.stored and kind in TEXT_WIDGETS,
        "sort": (field.sortable and field.stored)
        or (column and not field.stored and not per_viewer),
        "filter": filtered,
        "money": field.money,
    }
    arguments += [f"{flag}=True" for flag, on in flags.items() if on]
    if field.enum_values:
        arguments.append(f"choices={_tuple(field.enum_values)}")
    if field.ref_class == USER_ENTITY:
        arguments.append("reference=USERS")
    elif field.ref_class:
        arguments.append(f"reference={references[field.ref_class].constant}")
    if choosable:
        arguments.append(f"choosable=access.{field.name}_choices")
    if transitions:
        arguments.append(f"transitions={transitions!r}")
    return UiField(
        field.attribute if field.kind != "list" else field.name, kind, ", ".join(arguments)
    )


def _required(field: FieldView) -> bool:
    return (
        field.writable
        and not field.optional
        and field.kind != "list"
        and widget(field) != "checkbox"
    )


def _sample(entity: EntityView) -> UiSample | None:
    """Valid form values for `entity` when its create form needs only simple inputs
    (text, numbers, enumerations), it has no Rules (the form fills only required inputs,
    which a rule such as `rate is set` refuses) and some role may create and read any
    row; else None (the test opens the new row's page and finds it in the list)."""
    readers = {r for g in entity.access.read.grants if g.condition is None for r in g.roles}
    role = next(
        (
            r
            for g in entity.access.create.grants
            if g.condition is None
            for r in g.roles
            if r in readers
        ),
        None,
    )
    needed = [f for f in entity.writable if f.required_on_create]
    required = [f for f in needed if widget(f) in TEXT_WIDGETS]
    if role is None or not required or entity.write_checks or entity.rule_constraints:
        return None
    values = []
    for field in needed:
        value = _sample_value(field)
        if value is None:
            return None
        values.append((field.attribute, value))
    shown = dict(values)[required[0].attribute]
    message = f"{required[0].label} is required."
    return UiSample(entity, role, tuple(values), required[0].attribute, message, shown)


def _sample_value(field: FieldView) -> str | None:
    kind = widget(field)
    if kind == "choice":
        return field.enum_values[0]
    if kind == "email":
        return "sample@example.com"
    if kind == "url":
        return "https://example.com/sample"
    if kind == "integer":
        low = _keyword(field.field_call, "ge")
        above = _keyword(field.field_call, "gt")
        if low is None:
            low = above + 1 if above is not None else 1
        high = _keyword(field.field_call, "le")
        return str(low) if high is None or low <= high else None
    if kind not in ("text", "textarea"):
        return None
    pattern = _pattern(field.field_call)
    shortest = _keyword(field.field_call, "min_length") or 1
    longest = _keyword(field.field_call, "max_length") or 2000
    for text in _SAMPLE_TEXTS:
        if shortest <= len(text) <= longest and (pattern is None or re.search(pattern, text)):
            return text
    return None


def _keyword(call: str, name: str) -> int | None:
    match = re.search(rf"\b{name}=(-?\d+)\b", call)
    return int(match.group(1)) if match else None


def _pattern(call: str) -> str | None:
    match = re.search(
        r'schema_extra=\{"pattern": (r?"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')\}', call
    )
    return ast.literal_eval(match.group(1)) if match else None


def _first_sentence(text: str) -> str:
    sentence = text.split(". ")[0].strip().rstrip(".")
    return f"{sentence}." if sentence else ""


def _tuple(items: tuple[str, ...]) -> str:
    """A tuple literal of strings: `("a", "b")`, `("a",)` or `()`."""
    inner = ", ".join(_literal(item) for item in items)
    return f"({inner},)" if len(items) == 1 else f"({inner})"
