"""The generated tests of what deleting a row does to the rows that refer to it.

Per reference to the entity: `on delete cascade` deletes the referring row, `set null`
empties its reference, and a refusing reference (the default) keeps both rows with a 409.
A role that may delete the row but not every row the cascade removes (or not change
every row it empties) is refused with 403, and nothing is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.access import AccessView
from compiler.analyse.views import AppView, EntityView
from compiler.ir.model import OnDelete, Spec
from compiler.ir.refs import spec_refs
from compiler.ir.types import RefType


@dataclass(frozen=True, slots=True)
class DeleteCase:
    source: str
    """The referring entity's class: `Book`."""
    source_module: str
    field: str
    attribute: str
    action: str
    """`cascade`, `set null` or `refuse`."""
    actor: str
    """A role that may delete every row of the target (and do all the delete does)."""
    barred: str | None
    """A role that may delete every row of the target but not do what it does to this one."""
    label_plural: str
    spec_ref: str


@dataclass(frozen=True, slots=True)
class DeleteTestsView:
    module: str
    url: str
    label: str
    cases: tuple[DeleteCase, ...]
    imports: tuple[str, ...]


def delete_tests_view(spec: Spec, app: AppView, target: EntityView) -> DeleteTestsView:
    cases = []
    deleters = _unconditional(target.access, "delete") & _unconditional(target.access, "read")
    for entity, source in zip(spec.entities, app.entities, strict=True):
        for field in entity.fields:
            if field.type != RefType(target.name):
                continue
            rule = field.rule(OnDelete)
            action = rule.action if isinstance(rule, OnDelete) else "refuse"
            needed = {"cascade": "delete", "set null": "update"}.get(action)
            allowed = deleters & _unconditional(source.access, needed) if needed else deleters
            if not allowed:
                continue
            barred = sorted(deleters - _unconditional(source.access, needed)) if needed else []
            view = next(f for f in source.fields if f.name == field.name)
            cases.append(
                DeleteCase(
                    source=source.name,
                    source_module=source.module,
                    field=field.name,
                    attribute=view.attribute,
                    action=action,
                    actor=sorted(allowed)[0],
                    barred=barred[0] if barred else None,
                    label_plural=source.label_plural.lower(),
                    spec_ref=spec_refs(spec).of(rule.span if rule else field.span),
                )
            )
    imports = tuple(sorted({c.source for c in cases}))
    return DeleteTestsView(target.module, target.url, target.label.lower(), tuple(cases), imports)


def _unconditional(access: AccessView, action: str | None) -> set[str]:
    """Roles that may do `action` to every row."""
    if action is None:
        return set()
    grants = getattr(access, action).grants
    return {role for grant in grants if grant.condition is None for role in grant.roles}
