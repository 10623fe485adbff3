"""What the upgrade check expects of existing rows, and the rows that do not meet it.

`Expected` is the planner's change list as the gate needs it, in table and column
names (the gate does not know the planner: `compiler.cli` translates). `losses`
compares every row recorded before the upgrade with the rows after it: a row is
found by its `id` (a link table's row by all its values, renamed columns mapped),
and each of its values must be there unchanged, except where the change list
says otherwise (a rewritten enumeration value, a filled-in NULL, a conversion
the compile was allowed to lose, a column or table it was allowed to drop).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from compiler.ir.span import NOWHERE, Span

Rows = Mapping[str, list[dict[str, object]]]
"""Every table's rows, as `upgrade_check.py` dumps them."""


@dataclass(frozen=True, slots=True)
class Rewrite:
    """What a changed column's migration does to the values rows hold."""

    replaced: Mapping[object, object] = field(default_factory=dict)
    """Removed enumeration values → the value rows holding one get."""
    filled: bool = False
    """Rows without a value (NULL) get one."""
    lossy: bool = False
    """A conversion values may not survive, which the compile was allowed to make."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where a change is in the new spec: a table, and a column of it (new names)."""

    table: str
    column: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class Expected:
    tables: Mapping[str, str] = field(default_factory=dict)
    """Renamed tables: old name → new name."""
    columns: Mapping[tuple[str, str], str] = field(default_factory=dict)
    """Renamed columns: (old table, old column) → new column."""
    dropped: frozenset[tuple[str, str | None]] = frozenset()
    """(old table, column), or (old table, None) for a whole table, the compile may drop."""
    rewritten: Mapping[tuple[str, str], Rewrite] = field(default_factory=dict)
    """(new table, new column) → what the migration does to its values."""
    places: tuple[Place, ...] = ()
    """Every change, in the planner's order."""
    entities: Mapping[str, Span] = field(default_factory=dict)
    """Model (entity) name → its span, for a model that cannot read its rows."""
    app: Span = NOWHERE
    """Where a loss no change explains is reported."""

    def locate(self, table: str | None, column: str | None = None) -> Span:
        """The span of the change most likely responsible for a loss in `table.column`."""
        for wanted in ((table, column), (table, None)):
            for place in self.places:
                if (place.table, place.column) == wanted:
                    return place.span
        for place in self.places:
            if place.table == table:
                return place.span
        return self.places[0].span if self.places else self.app


@dataclass(frozen=True, slots=True)
class Loss:
    table: str
    """The new table's name."""
    column: str | None
    example: str
    count: int = 1


def losses(before: Rows, after: Rows, expected: Expected) -> list[Loss]:
    """The rows and values of `before` missing from `after`, one `Loss` per table/column."""
    found: dict[tuple[str, str | None], Loss] = {}

    def lose(table: str, column: str | None, example: str) -> None:
        key = (table, column)
        previous = found.get(key)
        found[key] = Loss(table, column, example) if previous is None else _more(previous)

    for old_table, rows in before.items():
        if (old_table, None) in expected.dropped:
            continue
        table = expected.tables.get(old_table, old_table)
        if table not in after:
            lose(table, None, f"table {old_table} is gone with its {len(rows)} rows")
            continue
        now = {_key(row): row for row in after[table]}
        for row in rows:
            mapped = {
                expected.columns.get((old_table, column), column): value
                for column, value in row.items()
                if (old_table, column) not in expected.dropped
            }
            target = now.get(_key(mapped))
            if target is None:
                lose(table, None, f"row {_key(mapped)} of {old_table} is gone")
                continue
            for column, value in mapped.items():
                if column not in target:
                    lose(table, column, f"column {table}.{column} is gone")
                elif not _kept(value, target[column], expected.rewritten.get((table, column))):
                    change = f"{value!r} became {target[column]!r}"
                    lose(table, column, f"{table} row {_key(mapped)}: {column} {change}")
    return list(found.values())


def _more(loss: Loss) -> Loss:
    return Loss(loss.table, loss.column, loss.example, loss.count + 1)


def _key(row: Mapping[str, object]) -> object:
    """A row's id, or (a link table's row) the row itself."""
    return row["id"] if "id" in row else json.dumps(row, sort_keys=True, default=str)


def _kept(old: object, new: object, rewrite: Rewrite | None) -> bool:
    if rewrite is not None:
        if rewrite.lossy:
            return True
        if old in rewrite.replaced:
            return _same(rewrite.replaced[old], new)
        if old is None and rewrite.filled:
            return new is not None
    return _same(old, new)


def _same(old: object, new: object) -> bool:
    """Equal, or equal after the conversion a retyped column makes (`5` and `'5.00'`)."""
    if old == new:
        return True
    if old is None or new is None:
        return False
    try:
        return Decimal(str(old)) == Decimal(str(new))
    except InvalidOperation:
        return str(old) == str(new)
