"""Values derived on write: ``set to `slug(title)` on create and update``.

Unlike `computed:`, a derived field is stored: the service evaluates the expression
on the row being written, at the moments named, and the client never sends it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.ir.expr import Expr
from compiler.ir.span import Span

Moment = Literal["create", "update"]


@dataclass(frozen=True, slots=True)
class SetOnWrite:
    """``set to `expr` on create`` / ``on update`` / ``on create and update``."""

    expr: Expr
    moments: tuple[Moment, ...]
    """`create`, `update` or both, in that order."""
    span: Span
