"""Worked examples: fenced `example` blocks as sequences of typed steps.

The test generator turns each `Example` into a test that drives the app's HTTP
API; the checker resolves every name a step uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.ir.expr import Expr
from compiler.ir.span import Span


@dataclass(frozen=True, slots=True)
class FieldValue:
    """`field=value` in a given/create/update step.

    A bare word value is a `Path` of one part: an enumeration value or the name
    of a given row or user, resolved by the checker.
    """

    field: str
    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class GivenUser:
    """`given customer ann`: a user with a role, known by a name."""

    role: str
    name: str
    span: Span
    name_span: Span


@dataclass(frozen=True, slots=True)
class GivenRow:
    """`given Ticket T1 status=pending`: a row that exists before the actions."""

    entity: str
    name: str
    values: tuple[FieldValue, ...]
    span: Span
    name_span: Span


ActorKind = Literal["user", "role", "owner", "anonymous"]


@dataclass(frozen=True, slots=True)
class ActAs:
    """`as ann` (a given user), `as agent` (a user of a role), `as owner of T1`, `as anonymous`."""

    kind: ActorKind
    name: str | None
    span: Span
    name_span: Span | None


@dataclass(frozen=True, slots=True)
class Create:
    """`create Ticket [T2] field=value …`."""

    entity: str
    name: str | None
    values: tuple[FieldValue, ...]
    span: Span
    name_span: Span | None


@dataclass(frozen=True, slots=True)
class Read:
    """`read [Ticket] T1`."""

    target: str
    span: Span
    target_span: Span


@dataclass(frozen=True, slots=True)
class Update:
    """`update T1 field=value …`."""

    target: str
    values: tuple[FieldValue, ...]
    span: Span
    target_span: Span


@dataclass(frozen=True, slots=True)
class Delete:
    """`delete T1`."""

    target: str
    span: Span
    target_span: Span


@dataclass(frozen=True, slots=True)
class ListRows:
    """`list Ticket`: the rows of an entity the actor may see."""

    entity: str
    span: Span


ExpectKind = Literal[
    "ok",
    "error",
    "field_error",
    "not_found",
    "forbidden",
    "unauthorized",
    "conflict",
    "count",
    "condition",
]


@dataclass(frozen=True, slots=True)
class Expect:
    """An expectation about the previous action or the state of named rows.

    `expect ok`, `expect error "message"`, `expect error on title` (kind `field_error`),
    `expect not found`, `expect forbidden`, `expect unauthorized`, `expect conflict`,
    `expect count 3`, `expect <condition>`.
    """

    kind: ExpectKind
    message: str | None
    count: int | None
    condition: Expr | None
    span: Span
    detail_span: Span | None
    """The span of the message, count, field or condition, if the step has one."""
    field: str | None = None
    """The field a `field_error` names: the 422 must locate an error at it."""


Step = GivenUser | GivenRow | ActAs | Create | Read | Update | Delete | ListRows | Expect


@dataclass(frozen=True, slots=True)
class Example:
    """A fenced `example` block: a titled scenario that becomes a generated test."""

    title: str
    steps: tuple[Step, ...]
    section: str | None
    """The entity section the block appears in, if any."""
    span: Span

    title_span: Span
