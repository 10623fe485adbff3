"""Composite uniqueness: a `### Rules` bullet ``- Message. `unique (site, day) where …` ``."""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.expr import Expr
from compiler.ir.span import Span


@dataclass(frozen=True, slots=True)
class UniqueTogether:
    """No two rows share the values of `fields` (among the rows where `condition` holds)."""

    message: str
    """The bullet's sentence: what users see when a write would break it."""
    fields: tuple[str, ...]
    field_spans: tuple[Span, ...]
    condition: Expr | None
    """`where …`: only rows for which it is true count (a partial unique index)."""
    span: Span
