"""Factory values that keep `unique (a, b)` rules: rows made one after another must not
share every value of a constraint, or the database refuses the second.

A constraint is kept when one of its fields already differs from row to row (text
numbered by `n`, the row counter). Otherwise a date, datetime or int field without an
upper bound (or, failing that, without a lower bound) moves by `n`; a reference gets a new
row each time anyway, but tests often give it, so it is the last resort.
"""

from __future__ import annotations

import re

from compiler.analyse.uniques import UniqueView
from compiler.ir.model import Entity, Field, Maximum, Minimum
from compiler.ir.types import RefType, ScalarType
from compiler.testgen.sample_values import DataGenerationError

COUNTER = re.compile(r"(?<![\w.])n(?!\w)")
_SHIFTS = {"date": "timedelta(days=n)", "datetime": "timedelta(minutes=n)", "int": "n"}


def distinct_sources(
    entity: Entity, sources: dict[str, str], uniques: tuple[UniqueView, ...]
) -> dict[str, str]:
    """`sources` (field → Python source of its factory value) with the fields that must
    move by `n` moved, so consecutive rows keep every `unique (…)` rule."""
    moved = dict(sources)
    for unique in uniques:
        fields = [f for name in unique.fields if (f := entity.field(name))]
        if any(COUNTER.search(moved.get(f.name, "")) for f in fields):
            continue
        shifted = next(
            (s for f in fields if (s := _shifted(f, moved.get(f.name))) is not None), None
        )
        if shifted is not None:
            moved[shifted[0]] = shifted[1]
        elif not any(isinstance(f.type, RefType) and f.name in moved for f in fields):
            raise DataGenerationError(
                f"{entity.name}: test rows cannot keep `unique ({', '.join(unique.columns)})` "
                "distinct (add a text, number, date or reference field to it)"
            )
    return moved


def _shifted(field: Field, source: str | None) -> tuple[str, str] | None:
    """(field, source moved by `n`) for a field that can move, in a direction it allows."""
    kind = field.type.kind if isinstance(field.type, ScalarType) else None
    if source is None or kind not in _SHIFTS:
        return None
    if not field.has(Maximum):
        return field.name, f"{source} + {_SHIFTS[kind]}"
    if not field.has(Minimum):
        return field.name, f"{source} - {_SHIFTS[kind]}"
    return None
