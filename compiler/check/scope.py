"""The scope of an expression: which row bare names, `self` and `current_user` refer to."""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.check.value_types import VType
from compiler.ir.model import Entity


@dataclass(frozen=True)
class Scope:
    """What names mean where an expression stands."""

    entity: Entity | None
    """The row whose fields bare names refer to."""
    self_entity: Entity | None
    """The row `self` refers to (the outer row, inside aggregates)."""
    current_user: bool = True
    """Whether `current_user` is available (not in an example's `expect`)."""
    names: dict[str, VType] = field(default_factory=dict)
    """Extra names (the given users and rows of an example)."""
