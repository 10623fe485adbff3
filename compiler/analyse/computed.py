"""The view of computed fields: SQL over the table, read for a page of rows in one query.

Per-viewer fields (`ir.viewer`: they read `current_user`) are compiled over `viewer`,
the reading user (a blank `User()` for a visitor who is not signed in, whose
`current_user` values are all null), and kept apart: lists neither sort nor filter by
them, since the order and the filter would differ per reader.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.fields import FieldView
from compiler.ir.model import Computed, Entity, Spec
from compiler.ir.types import ScalarType
from compiler.ir.viewer import viewer_fields
from compiler.translate.sql import SqlCompiler

VIEWER = "viewer"
"""The generated code's name of the reading user in per-viewer computed fields."""


@dataclass(frozen=True, slots=True)
class ComputedView:
    """A computed field, read by the database for a page of rows in one query."""

    attribute: str
    annotation: str
    source: str
    """SQLAlchemy source of its value over the model class."""
    filter_annotation: str | None
    """The list's query parameter type when it can filter by this field (None if not)."""
    filter_bounds: str
    filter_param: str
    per_viewer: bool = False
    """Its value depends on who reads (`current_user`): not sortable, not filterable."""


@dataclass(frozen=True, slots=True)
class ComputedFields:
    views: tuple[ComputedView, ...]
    prelude: tuple[str, ...]
    """Aliases and request-time values of the fields that are the same for every reader."""
    viewer_prelude: tuple[str, ...]
    """The same for the per-viewer fields."""
    entities: frozenset[str]
    """Entities their SQL reads (imported by the service)."""


def computed_fields(spec: Spec, entity: Entity, fields: tuple[FieldView, ...]) -> ComputedFields:
    per_viewer = viewer_fields(entity)
    compilers = {False: SqlCompiler(spec, entity), True: SqlCompiler(spec, entity, VIEWER)}
    views: list[ComputedView] = []
    preludes: dict[bool, list[str]] = {False: [], True: []}
    entities: set[str] = set()
    for field, view in zip(entity.fields, fields, strict=True):
        rule = field.rule(Computed)
        if not isinstance(rule, Computed):
            continue
        viewer = field.name in per_viewer
        compiled = compilers[viewer].compile(rule.expr)
        preludes[viewer] += [line for line in compiled.prelude if line not in preludes[viewer]]
        entities.update(compiled.entities)
        annotation = view.annotation.replace("StrictInt", "int").replace("StrictBool", "bool")
        if isinstance(field.type, ScalarType) and field.type.scale is not None:
            # The database computes in floating point on SQLite: round to the field's scale.
            annotation = annotation.replace("Decimal", f"Scaled[{field.type.scale}]")
        if viewer and not annotation.endswith("| None"):
            annotation += " | None"  # null for a visitor, as `current_user` is
        filterable = view.filter_annotation in ("int", "bool", "date") or view.enum_class
        views.append(
            ComputedView(
                view.attribute,
                annotation,
                compiled.source,
                view.filter_annotation if filterable and not viewer else None,
                view.filter_bounds,
                view.filter_param,
                viewer,
            )
        )
    return ComputedFields(
        tuple(views), tuple(preludes[False]), tuple(preludes[True]), frozenset(entities)
    )
