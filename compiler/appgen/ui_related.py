"""Related rows on detail pages: for each entity, the entities whose reference fields point to it.

A ticket's page lists its comments: `Comment.ticket` refers to `Ticket`, so the
ticket's pages show the comments whose `ticket_id` is the ticket, filtered by the
comments' own read filter (the generated app wires this in `app/ui/__init__.py`
with `EntityPages.relate`). The columns are the referencing entity's useful
fields — its display field first, long text included (a comment's body), never
the back-reference itself.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from compiler.analyse.access import Grant
from compiler.analyse.views import AppView, EntityView, LinkView

RELATED_COLUMNS = 4
"""At most this many columns in a related-rows table."""


@dataclass(frozen=True, slots=True)
class UiRelation:
    """`target`'s pages list the rows of `source` whose `attribute` points to them."""

    target: str
    """The module of the referenced entity: `ticket`."""
    source: str
    """The module of the referencing entity: `comment`."""
    attribute: str
    """The back-reference column: `ticket_id`."""
    heading: str
    """A Python literal: `"Comments"`, or `"Bookings (from room)"` when the source has several."""
    columns: tuple[str, ...]
    """The attributes shown, in order."""
    field: str
    """The back-reference field's name, as the test factory takes it: `ticket`."""
    target_url: str
    source_url: str
    spec_ref: str
    """The referenced entity's stable reference, what the generated tests name."""
    viewers: tuple[str, ...]
    """Roles that may read every row of the target: the tests open its page as each."""
    creators: tuple[str, ...]
    """Roles that may create rows of the source: their pages have the inline form."""
    deleters: tuple[str, ...]
    """Roles that may read and delete every row of the target (the refused-delete test's actor);
    none when the reference does not refuse deletes (`on delete cascade | set null`)."""
    blocked: str
    """What a refused delete of a target row with one such source row says."""
    unique: bool = False
    """The back-reference is `unique`: at most one source row points to a target row."""
    link: LinkView | None = None
    """For a `list of` field (`Ticket.tags` on a tag's page): its link table. Such rows get
    no inline form and do not block a delete (their links go with the row)."""


def ui_relations(app: AppView) -> tuple[UiRelation, ...]:
    """Every reference (`list of` ones too) from one entity to another or itself, in spec
    order."""
    relations = []
    for target in app.entities:
        for source in app.entities:
            pointing = [
                f for f in source.fields if f.kind in ("ref", "list") and f.ref_class == target.name
            ]
            links = {link.field: link for link in source.links}
            for field in pointing:
                heading = source.label_plural
                if len(pointing) > 1:
                    heading = f"{heading} ({field.label.lower()})"
                relations.append(
                    UiRelation(
                        target=target.module,
                        source=source.module,
                        attribute=field.attribute,
                        heading=json.dumps(heading, ensure_ascii=False),
                        columns=_columns(source, field.attribute),
                        field=field.name,
                        target_url=target.url,
                        source_url=source.url,
                        spec_ref=target.spec_ref,
                        viewers=_unconditional_readers(target),
                        creators=source.access.create.roles,
                        deleters=()
                        if field.ondelete  # a cascade or set null does not refuse
                        else tuple(
                            r
                            for r in _unconditional_readers(target)
                            if r in _unconditional(target.access.delete.grants)
                        ),
                        blocked=_blocked(source, target),
                        unique=field.unique,
                        link=links.get(field.name) if field.kind == "list" else None,
                    )
                )
    return tuple(relations)


def _columns(source: EntityView, back_reference: str) -> tuple[str, ...]:
    shown = [
        f.attribute
        for f in source.fields
        if f.stored and f.kind != "list" and f.attribute != back_reference
    ]
    shown.sort(key=lambda attribute: attribute != source.display_field)
    return tuple(shown[:RELATED_COLUMNS])


def _blocked(source: EntityView, target: EntityView) -> str:
    return f"1 {source.label.lower()} still refers to this {target.label.lower()}."


def _unconditional_readers(entity: EntityView) -> tuple[str, ...]:
    return _unconditional(entity.access.read.grants)


def _unconditional(grants: tuple[Grant, ...]) -> tuple[str, ...]:
    return tuple(role for grant in grants if grant.condition is None for role in grant.roles)
