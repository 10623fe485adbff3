"""Actions: named operations on one row beyond create, update, delete and lifecycle moves.

A `### Actions` bullet of an entity, e.g. (one line in the spec)
``- renew, by member (own), by librarian, when `renewals < 3`, as "Renew loan":
sets `renewals = renewals + 1` ``.
`Actor` (also the roles of transitions) lives here so that `model` can import both.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.expr import Assignment, Expr
from compiler.ir.span import Span


@dataclass(frozen=True, slots=True)
class Actor:
    """`by agent` or `by customer (own)` in a transition or an action."""

    role: str
    own: bool
    span: Span
    """The span of the role's name."""


@dataclass(frozen=True, slots=True)
class Action:
    """`- renew, by member (own), when `renewals < 3`: sets `renewals = renewals + 1``."""

    name: str
    """The action's name (`renew`): its API path `/api/<rows>/{id}/actions/renew`."""
    actors: tuple[Actor, ...]
    guard: Expr | None
    """`when …`: evaluated on the row before the action; false means 409."""
    label: str | None
    """`as "Renew loan"`: its button text (None: derived from the name)."""
    effects: tuple[Assignment, ...]
    span: Span
    name_span: Span

    @property
    def button(self) -> str:
        """Its button text: the `as "…"` label, else the name as words (`mark_paid` → "Mark
        paid")."""
        return self.label or self.name.replace("_", " ").capitalize()
