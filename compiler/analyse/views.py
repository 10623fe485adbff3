"""View-models of the generated app: everything the templates print, computed from the IR.

Templates only loop over these and print them; every decision (names, types,
which fields a schema has, access conditions) is made here.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.access import AccessView, access_view
from compiler.analyse.choices import ChoiceView, choice_views
from compiler.analyse.computed import ComputedView, computed_fields
from compiler.analyse.constraints import CheckView
from compiler.analyse.deletes import CascadeView, cascade_views
from compiler.analyse.derived import DerivedView, derived_fields
from compiler.analyse.facts import EntityFacts, Facts, spec_facts
from compiler.analyse.fields import FieldView, field_view
from compiler.analyse.lifecycles import (
    ActionView,
    LifecycleView,
    action_views,
    effect_targets,
    lifecycle_views,
)
from compiler.analyse.rules import RuleCheck
from compiler.analyse.sql_helpers import sql_helpers
from compiler.analyse.uniques import UniqueView
from compiler.ir.model import DocSection, Entity, OnlyWhere, Spec
from compiler.ir.refs import spec_refs
from compiler.ir.types import USER_ENTITY, ListType, RefType
from compiler.translate.names import camel, column_name, plural, snake, title
from compiler.translate.sql import SqlCompiler


@dataclass(frozen=True, slots=True)
class WriteCheck:
    """An `only where` rule, checked in the database after a write."""

    field: str
    attribute: str
    condition: str
    prelude: tuple[str, ...]
    message: str


@dataclass(frozen=True, slots=True)
class LinkView:
    """The many-to-many table behind a `list of` field."""

    field: str
    class_name: str
    table: str
    owner_column: str
    target_class: str
    target_table: str
    target_column: str


@dataclass(frozen=True, slots=True)
class EntityView:
    name: str
    module: str
    table: str
    url: str
    label: str
    label_plural: str
    description: str
    fields: tuple[FieldView, ...]
    links: tuple[LinkView, ...]
    access: AccessView
    owner_attribute: str | None
    write_checks: tuple[WriteCheck, ...]
    rules: tuple[RuleCheck, ...]
    """The `### Rules`, checked by the database on every written row."""
    rule_constraints: tuple[CheckView, ...]
    """The rules that are CHECK constraints too (checked before the write as well)."""
    references: tuple[str, ...]
    """Entity classes this one's fields point to."""
    imports: tuple[str, ...]
    """Entity classes the routes use besides this one (references, aliases in checks)."""
    checks: tuple[CheckView, ...]
    lifecycles: tuple[LifecycleView, ...]
    choices: tuple[ChoiceView, ...]
    """Conditions on the rows each reference field may point to (for pickers)."""
    access_imports: tuple[str, ...]
    """Model classes the access module uses besides this entity and User."""
    computed: tuple[ComputedView, ...]
    computed_prelude: tuple[str, ...]
    """Aliases and request-time values the computed fields need, each bound once (those
    that are the same for every reader)."""
    viewer_prelude: tuple[str, ...]
    """The same for the per-viewer computed fields."""
    display_field: str
    """The field that names a row in lists and pickers (the first text field, else id)."""
    spec_ref: str
    """The entity's stable reference (`compiler.ir.refs`), what generated tests name."""
    cascades: tuple[CascadeView, ...] = ()
    """Rows a delete removes or changes (`on delete cascade | set null` of referring fields)."""
    uniques: tuple[UniqueView, ...] = ()
    """`unique (a, b)` rules: constraints or partial unique indexes of the table."""
    effect_target: bool = False
    """Whether another entity's transitions or actions change its rows (`ref.field = …`)."""
    actions: tuple[ActionView, ...] = ()
    """`### Actions`: `POST /api/<rows>/{id}/actions/<name>`."""
    derived: tuple[DerivedView, ...] = ()
    """Fields derived on write (``set to `expr` on …``), each after those it reads."""

    @property
    def changes_other_rows(self) -> bool:
        return any(lc.changes_other_rows for lc in self.lifecycles)

    @property
    def effect_services(self) -> tuple[str, ...]:
        """The service modules of the other entities its transitions and actions change."""
        modules = {m for lc in self.lifecycles for m in lc.services}
        modules |= {o.module for a in self.actions for o in a.move.other_effects}
        return tuple(sorted(modules))

    @property
    def writable(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.writable)

    @property
    def stored(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.stored)

    @property
    def rules_prelude(self) -> tuple[str, ...]:
        """The aliases and request-time values of all rule checks, each bound once."""
        return tuple(dict.fromkeys(line for rule in self.rules for line in rule.prelude))

    @property
    def filterable_computed(self) -> tuple[ComputedView, ...]:
        return tuple(c for c in self.computed if c.filter_annotation)

    @property
    def sortable_computed(self) -> tuple[ComputedView, ...]:
        """The computed fields that are the same for every reader (lists sort by them)."""
        return tuple(c for c in self.computed if not c.per_viewer)

    @property
    def viewer_computed(self) -> tuple[ComputedView, ...]:
        """The per-viewer computed fields (they read `current_user`)."""
        return tuple(c for c in self.computed if c.per_viewer)

    @property
    def access_targets(self) -> tuple[str, ...]:
        """Entities whose access modules the service reads: references it writes, rows a
        delete removes or changes."""
        refs = {f.ref_class for f in self.writable if f.kind in ("ref", "list") and f.ref_class}
        refs |= {c.entity for c in self.cascades}
        return tuple(sorted(refs - {"User"}))  # its own too: a reference to a row of it

    @property
    def unique_fields(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.writable and f.unique)

    @property
    def enums(self) -> tuple[FieldView, ...]:
        return tuple(f for f in self.fields if f.enum_class)


@dataclass(frozen=True, slots=True)
class AppView:
    name: str
    title: str
    summary: str
    description: str
    roles: tuple[str, ...]
    signup_role: str | None
    page_size: int
    max_page_size: int
    timezone: str
    """The spec's `settings.timezone`: the zone pages show and read times in."""
    currency: str
    entities: tuple[EntityView, ...]
    docs: tuple[DocSection, ...]
    """The spec's prose sections (the UI's help page)."""
    developer_notes: tuple[str, ...]
    """The text of every note in the spec (`~~~`, `[text]{note}`): never shown to users."""
    spec_source: str
    facts: Facts
    """What both generators need to know beyond the views: references, rule enforcement."""
    sql_helpers: frozenset[str]
    """The optional helpers of `app/core/sql.py` the expressions use (`sql_helpers`)."""

    def entity(self, name: str) -> EntityView:
        return next(view for view in self.entities if view.name == name)

    @property
    def public(self) -> bool:
        """Whether some entity's list and read answer visitors who are not signed in."""
        return any(view.access.public for view in self.entities)


def app_view(spec: Spec) -> AppView:
    facts = spec_facts(spec)
    return AppView(
        name=spec.app.name,
        title=spec.app.title,
        summary=spec.app.summary,
        description=spec.app.description,
        roles=tuple(r.name for r in spec.app.roles),
        signup_role=spec.app.signup_role,
        page_size=spec.app.settings.page_size,
        max_page_size=spec.app.settings.max_page_size,
        timezone=spec.app.settings.timezone,
        currency=spec.app.settings.currency,
        entities=tuple(entity_view(spec, e, facts.of(e.name)) for e in spec.entities),
        docs=spec.docs,
        developer_notes=_note_texts(spec),
        spec_source=spec.source,
        facts=facts,
        sql_helpers=sql_helpers(spec),
    )


def _note_texts(spec: Spec) -> tuple[str, ...]:
    notes = [*spec.app.notes, *(n for d in spec.docs for n in d.notes)]
    for entity in spec.entities:
        notes += entity.notes
        notes += [n for f in entity.fields for n in f.notes]
        notes += [n for r in entity.rules for n in r.notes]
        notes += [n for lc in entity.lifecycles for t in lc.transitions for n in t.notes]
    return tuple(n.text for n in notes if n.pointer is None and n.text.strip())


def entity_view(spec: Spec, entity: Entity, facts: EntityFacts) -> EntityView:
    initial_states = {lc.field: lc.initial for lc in entity.lifecycles}
    fields = tuple(field_view(entity, f, initial_states) for f in entity.fields)
    lifecycles = lifecycle_views(spec, entity)
    actions = action_views(spec, entity)
    module = snake(entity.name)
    write_checks, check_entities = _write_checks(spec, entity)
    computed = computed_fields(spec, entity, fields)
    rules = facts.rule_checks
    check_entities = check_entities | computed.entities | {n for r in rules for n in r.entities}
    access = access_view(spec, entity)
    choices = choice_views(spec, entity)
    references = {f.ref_class for f in fields if f.ref_class and f.ref_class != USER_ENTITY}
    cascades = cascade_views(spec, entity)
    check_entities |= {c.entity for c in cascades}
    derived = derived_fields(spec, entity)
    check_entities |= {n for d in derived for n in d.entities}
    return EntityView(
        name=entity.name,
        module=module,
        table=module,
        url=plural(module.replace("_", "-")),
        label=title(entity.name),
        label_plural=plural(title(entity.name)),
        description=entity.description,
        fields=fields,
        links=tuple(_links(entity)),
        access=access,
        owner_attribute=column_name(entity.owner, RefType(USER_ENTITY)) if entity.owner else None,
        write_checks=tuple(write_checks),
        rules=rules,
        rule_constraints=facts.rule_constraints,
        references=tuple(sorted(references - {entity.name})),
        imports=tuple(
            sorted(
                (
                    references
                    | check_entities
                    | {n for lc in lifecycles for n in lc.entities}
                    | {n for a in actions for n in a.entities}
                )
                - {entity.name, USER_ENTITY}
            )
        ),
        checks=facts.field_checks + facts.rule_constraints,
        lifecycles=lifecycles,
        choices=choices,
        computed=computed.views,
        computed_prelude=computed.prelude,
        viewer_prelude=computed.viewer_prelude,
        access_imports=tuple(
            sorted(_access_entities(access, choices) - {entity.name, USER_ENTITY})
        ),
        display_field=next((f.name for f in fields if f.kind == "scalar" and f.stored), "id"),
        spec_ref=spec_refs(spec).of(entity.span),
        cascades=cascades,
        uniques=facts.unique_together,
        effect_target=entity.name in effect_targets(spec),
        actions=actions,
        derived=derived,
    )


def _links(entity: Entity) -> list[LinkView]:
    links = []
    for field in entity.fields:
        if isinstance(field.type, ListType):
            target = field.type.entity
            owner = snake(entity.name)
            links.append(
                LinkView(
                    field=field.name,
                    class_name=f"{entity.name}{camel(field.name)}Link",
                    table=f"{owner}_{field.name}",
                    owner_column=f"{owner}_id",
                    target_class=target,
                    target_table="app_user" if target == USER_ENTITY else snake(target),
                    target_column=f"{snake(target)}_id" if snake(target) != owner else "other_id",
                )
            )
    return links


def _write_checks(spec: Spec, entity: Entity) -> tuple[list[WriteCheck], set[str]]:
    compiler = SqlCompiler(spec, entity)
    checks = []
    entities: set[str] = set()
    for field in entity.fields:
        rule = field.rule(OnlyWhere)
        if not isinstance(rule, OnlyWhere):
            continue
        compiled = compiler.compile(rule.expr)
        entities.update(compiled.entities)
        attribute = column_name(field.name, field.type)
        condition = f"sa.or_({entity.name}.{attribute}.is_(None), {compiled.source})"
        checks.append(
            WriteCheck(
                field=field.name,
                attribute=attribute,
                condition=condition,
                prelude=tuple(compiled.prelude),
                message=f"this {title(field.name).lower()} cannot be chosen",
            )
        )
    return checks, entities


def _access_entities(access: AccessView, choices: tuple[ChoiceView, ...]) -> set[str]:
    found = set(access.aliases)
    for choice in choices:
        found.add(choice.target)
        found.update(choice.entities)
    return found
