"""Which fields a generated list page shows as columns and offers as filters.

The rule for columns (documented in docs/generated-app.md): the display field, then
the stored fields in the spec's order, and the computed fields (a ticket's age, a
loan's fine) after them, at most `LIST_COLUMNS` in all with up to
`COMPUTED_COLUMNS` of them computed; long text and `list of` fields are left to
the detail page. Filters: every enumeration, reference, yes/no and date field the
API's list can filter by.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.fields import FieldView
from compiler.analyse.views import EntityView

LIST_COLUMNS = 6
"""At most this many columns on a list page: the display field first."""
COMPUTED_COLUMNS = 2
"""At most this many of them computed fields."""
FILTER_WIDGETS = frozenset({"choice", "reference", "checkbox", "date"})
LIST_PAGE_PARAMETERS = frozenset({"q", "sort", "offset", "mine"})
"""The list page's own query parameters: a field of such a name is not a filter."""


@dataclass(frozen=True, slots=True)
class UiFilter:
    """A filter of a list page, as the generated UI tests compare it with the API's."""

    name: str
    """The page's query parameter: the field's attribute (`priority`, `assignee_id`)."""
    widget: str
    api_param: str
    """The API list's query parameter for the same filter."""


def list_filters(entity: EntityView, widget_of: dict[str, str]) -> tuple[UiFilter, ...]:
    """The filters of the entity's list page; `widget_of` maps field names to widgets."""
    return tuple(
        UiFilter(f.attribute, widget_of[f.name], f.filter_param)
        for f in entity.fields
        if filters_by(entity, f, widget_of[f.name])
    )


def list_columns(entity: EntityView) -> frozenset[str]:
    """The names of the fields shown as columns of the entity's list page."""
    listed = [f for f in entity.fields if f.kind != "list" and f.column_type != "sa.Text()"]
    stored = sorted((f for f in listed if f.stored), key=lambda f: f.name != entity.display_field)
    computed = [f for f in listed if not f.stored][:COMPUTED_COLUMNS]
    return frozenset(f.name for f in [*stored[: LIST_COLUMNS - len(computed)], *computed])


def filters_by(entity: EntityView, field: FieldView, widget: str) -> bool:
    """Whether the list page offers a filter by `field` (edited with `widget`)."""
    computed = {c.attribute for c in entity.filterable_computed}
    return (
        (field.filterable or field.attribute in computed)
        and widget in FILTER_WIDGETS
        and field.attribute not in LIST_PAGE_PARAMETERS
    )
