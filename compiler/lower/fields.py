"""Lowers an entity's fields table (`Field | Type | Rules [| Description]`) into `Field`s."""

from __future__ import annotations

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import Field
from compiler.ir.span import Span
from compiler.ir.types import TEXT_KINDS, RefType, ScalarType
from compiler.lower.annotations import Annotations
from compiler.lower.field_rules import lower_field_rules
from compiler.lower.field_types import lower_type
from compiler.lower.inline import plain_text
from compiler.lower.names import FIELD_NAME, reserved_reason
from compiler.parse.tree import Table, TableRow, Text

HEADER = ("field", "type", "rules")
OPTIONAL_COLUMNS = ("description",)


def is_fields_table(table: Table) -> bool:
    """A table meant as a fields table: its header starts `Field` (or `Name`), or `… | Type`.

    Recognising near misses lets a wrong header get E207 instead of "no fields table".
    """
    header = [c.text.strip().lower() for c in table.header.cells]
    return bool(header) and (header[0] in ("field", "name") or header[1:2] == ["type"])


def lower_fields(
    table: Table, entity_names: set[str], annotations: Annotations, diags: Diagnostics
) -> tuple[Field, ...]:
    header = tuple(c.text.strip().lower() for c in table.header.cells)
    if header[:3] != HEADER or any(c not in OPTIONAL_COLUMNS for c in header[3:]):
        diags.add(
            codes.BAD_FIELDS_TABLE,
            table.header.span,
            "fields table header must be `Field | Type | Rules`",
            hint="an optional fourth column `Description` holds help text",
        )
        return ()
    fields = []
    for row in table.rows:
        lowered = _lower_row(row, len(header), entity_names, annotations, diags)
        if lowered is not None:
            fields.append(lowered)
    return tuple(fields)


def _lower_row(
    row: TableRow,
    width: int,
    entity_names: set[str],
    annotations: Annotations,
    diags: Diagnostics,
) -> Field | None:
    cells = list(row.cells)
    if len(cells) > width:
        diags.add(
            codes.BAD_FIELDS_TABLE,
            cells[width].span,
            f"row has {len(cells)} cells, the header {width}",
            hint="a `|` inside a cell must be written `\\|`",
        )
        return None
    line = row.span.line
    while len(cells) < width:
        end = cells[-1].span.end_col if cells else 1
        cells.append(Text("", Span(line, end, line, end)))
    name_cell, type_cell, rules_cell = cells[:3]
    name = name_cell.text.strip("`* ")
    # A refused name is reported once; the field stays, so that the expressions that read it
    # are checked as usual instead of each reporting an unknown name.
    lowered = lower_type(type_cell, entity_names, diags)
    _valid_name(
        name, name_cell, diags, reference=lowered is not None and isinstance(lowered.type, RefType)
    )
    if lowered is None:
        return None
    description = cells[3] if width > 3 else Text("", rules_cell.span)
    return Field(
        name=name,
        type=lowered.type,
        optional=lowered.optional,
        rules=lower_field_rules(
            rules_cell,
            name,
            diags,
            is_text=isinstance(lowered.type, ScalarType) and lowered.type.kind in TEXT_KINDS,
        ),
        description=plain_text(description.text.replace("\\|", "|")),
        notes=annotations.notes_in(cells),
        span=row.span,
        name_span=name_cell.span,
        type_span=type_cell.span,
    )


def _valid_name(name: str, cell: Text, diags: Diagnostics, *, reference: bool) -> bool:
    if not FIELD_NAME.match(name):
        suggestion = "_".join(name.lower().split()) if name else "name"
        diags.add(
            codes.BAD_FIELD_NAME,
            cell.span,
            f"invalid field name '{name}'" if name else "missing field name",
            hint=f"field names are lowercase identifiers, e.g. '{suggestion}'",
        )
        return False
    if reason := reserved_reason(name, reference=reference):
        diags.add(
            codes.RESERVED_NAME,
            cell.span,
            f"'{name}' is a reserved name: {reason}",
            hint=f"choose another name, e.g. '{name}_value'"
            if name not in ("id", "created_at", "updated_at")
            else "expressions can read it without declaring it",
        )
        return False
    return True
