"""Lowers `### Access`: a role × create/read/update/delete table of grants."""

from __future__ import annotations

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import ACTIONS, Access, AccessCell, AccessRow
from compiler.ir.span import Span
from compiler.lower.inline import code_spans, without_code_spans
from compiler.parse.expr_parser import parse_expression
from compiler.parse.tree import Section, Table, TableRow, Text

_GRANTS = {"yes": "all", "all": "all", "no": "no", "own": "own"}


def lower_access(section: Section, diags: Diagnostics) -> Access | None:
    table = next((b for b in section.blocks if isinstance(b, Table)), None)
    if table is None:
        diags.add(
            codes.BAD_ACCESS_TABLE,
            section.title.span,
            "`### Access` has no table",
            hint="add `| Role | create | read | update | delete |` and a row per role",
        )
        return None
    columns = _columns(table, diags)
    if columns is None:
        return Access((), table.span)
    rows = [row for row in (_row(r, columns, diags) for r in table.rows) if row is not None]
    return Access(tuple(rows), table.span)


def _columns(table: Table, diags: Diagnostics) -> dict[str, int] | None:
    header = [c.text.strip().lower() for c in table.header.cells]
    columns = {name: index for index, name in enumerate(header) if name in (*ACTIONS, "role")}
    if sorted(header) != sorted(columns) or len(columns) != 5:
        diags.add(
            codes.BAD_ACCESS_TABLE,
            table.header.span,
            "Access table header must be `Role | create | read | update | delete`",
            hint="the five columns may come in any order, each once",
        )
        return None
    return columns


def _row(row: TableRow, columns: dict[str, int], diags: Diagnostics) -> AccessRow | None:
    if not row.cells or len(row.cells) != 5:
        diags.add(
            codes.BAD_ACCESS_TABLE,
            row.span,
            f"row has {len(row.cells)} cells, the header 5",
            hint="a `|` inside a cell must be written `\\|`",
        )
        return None
    role = row.cells[columns["role"]]
    cells = {action: _cell(row.cells[columns[action]], diags) for action in ACTIONS}
    return AccessRow(
        role=role.text.strip(),
        span=row.span,
        role_span=role.span,
        **cells,
    )


def _cell(cell: Text, diags: Diagnostics) -> AccessCell:
    word = cell.text.strip().lower()
    if word in _GRANTS:
        return AccessCell(_GRANTS[word], None, cell.span)  # type: ignore[arg-type]
    spans = code_spans(cell)
    if len(spans) == 1 and _is_where(cell):
        condition = parse_expression(spans[0].content, spans[0].span, diags)
        if condition is not None:
            return AccessCell("where", condition, cell.span)
        return AccessCell("no", None, cell.span)
    diags.add(
        codes.BAD_ACCESS_CELL,
        cell.span if cell.text else Span.point(cell.span.line, cell.span.col),
        f"invalid access cell '{cell.text}'" if cell.text else "empty access cell",
        hint="write yes, no, all, own, or where `condition` (one expression in backticks)",
    )
    return AccessCell("no", None, cell.span)


def _is_where(cell: Text) -> bool:
    """The cell is exactly ``where `expression` ``, nothing before or after."""
    return without_code_spans(cell.text).lower() == "where"
