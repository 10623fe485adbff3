"""The IR of a spec: the app, its entities, fields, rules, access, lifecycles, examples.

This is the contract between the front end and every backend. Nodes are frozen
and slotted; every node carries the `Span` of its source. `IR_VERSION` changes
whenever the shape changes; `compiler.ir.json_form` gives the lossless JSON form
validated by `spec_schema/ir.schema.json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from compiler.ir.actions import Action, Actor
from compiler.ir.derived import SetOnWrite
from compiler.ir.examples import Example
from compiler.ir.expr import Assignment, Expr
from compiler.ir.span import Span
from compiler.ir.types import USER_ENTITY, FieldType, RefType
from compiler.ir.uniques import UniqueTogether

IR_VERSION = "9"


@dataclass(frozen=True, slots=True)
class Note:
    """An MSFM annotation (a `~~~` block, `[text]{note}` or `{#id}` pointer) kept as context."""

    text: str
    span: Span
    pointer: str | None = None
    """The id when the note came through a `{#id}` pointer."""


# Field rules: one node per `;`-separated item of a field's Rules cell.


@dataclass(frozen=True, slots=True)
class Required:
    """`required`: a value must be given; text must not be blank."""

    span: Span


@dataclass(frozen=True, slots=True)
class Unique:
    """`unique`: no two rows share the value."""

    span: Span


@dataclass(frozen=True, slots=True)
class ReadOnly:
    """`read-only`: clients never write the field; the app sets it."""

    span: Span


@dataclass(frozen=True, slots=True)
class Default:
    """`default <value>`: the value when none is given on create."""

    value: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class Length:
    """`length a..b`, `length a..`, `length ..b` or `length n`: characters of text."""

    min: int | None
    max: int | None
    span: Span


@dataclass(frozen=True, slots=True)
class Minimum:
    """`min v` (inclusive) or `after v` (exclusive): a lower bound of a number or time."""

    value: Expr
    exclusive: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Maximum:
    """`max v` (inclusive) or `before v` (exclusive): an upper bound of a number or time."""

    value: Expr
    exclusive: bool
    span: Span


@dataclass(frozen=True, slots=True)
class Pattern:
    """``pattern `regex` ``: text must match the whole regular expression."""

    regex: str
    span: Span


@dataclass(frozen=True, slots=True)
class SetAutomatically:
    """`set to current user` / `set to now on create` / `set to now on update`."""

    value: Literal["current_user", "now"]
    on: Literal["create", "update"]
    span: Span


@dataclass(frozen=True, slots=True)
class Computed:
    """``computed: `expr` ``: derived, never stored or written by clients."""

    expr: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class OnlyWhere:
    """``only where `expr` `` or `only users with role r`: which rows a reference may point to.

    The expression is evaluated on the row being written; it constrains only
    non-null values.
    """

    expr: Expr
    span: Span


@dataclass(frozen=True, slots=True)
class LifecycleOnly:
    """`changes by lifecycle only`: asserts the field is driven by its Lifecycle."""

    span: Span


@dataclass(frozen=True, slots=True)
class Owner:
    """`owner`: this User field decides what `own` means for the entity."""

    span: Span


@dataclass(frozen=True, slots=True)
class RenamedFrom:
    """`renamed from title`: the field (its column and data) was called `title` before."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class OnDelete:
    """`on delete cascade | set null | refuse`: what deleting the referenced row does here."""

    action: Literal["cascade", "set null", "refuse"]
    span: Span


FieldRule = (
    Required
    | Unique
    | ReadOnly
    | Default
    | Length
    | Minimum
    | Maximum
    | Pattern
    | SetAutomatically
    | Computed
    | OnlyWhere
    | LifecycleOnly
    | Owner
    | RenamedFrom
    | OnDelete
    | SetOnWrite
)


@dataclass(frozen=True, slots=True)
class Field:
    """One row of an entity's fields table."""

    name: str
    type: FieldType
    optional: bool
    """`?` after the type: the field may be empty (NULL)."""
    rules: tuple[FieldRule, ...]
    description: str
    notes: tuple[Note, ...]
    span: Span
    name_span: Span
    type_span: Span

    def rule(self, kind: type) -> FieldRule | None:
        """The first rule of the given node class, if the field has one."""
        return next((r for r in self.rules if isinstance(r, kind)), None)

    def has(self, kind: type) -> bool:
        return self.rule(kind) is not None


@dataclass(frozen=True, slots=True)
class Rule:
    """A `### Rules` bullet: a message and, unless it is prose, an expression."""

    message: str
    expr: Expr | None
    """None for a prose rule (compiled later by the LLM-assisted path)."""
    notes: tuple[Note, ...]
    span: Span


AccessKind = Literal["no", "all", "own", "where"]
ACTIONS: tuple[str, ...] = ("create", "read", "update", "delete")


@dataclass(frozen=True, slots=True)
class AccessCell:
    """What one role may do for one action: no, all (`yes`), own, or where a condition holds."""

    kind: AccessKind
    condition: Expr | None
    span: Span


@dataclass(frozen=True, slots=True)
class AccessRow:
    """One role's row of an Access table."""

    role: str
    create: AccessCell
    read: AccessCell
    update: AccessCell
    delete: AccessCell
    span: Span
    role_span: Span

    def cell(self, action: str) -> AccessCell:
        return getattr(self, action)


@dataclass(frozen=True, slots=True)
class Access:
    """An entity's `### Access` table; roles without a row get no access."""

    rows: tuple[AccessRow, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Transition:
    """`- open, pending → closed, by agent, when `cond`: sets `closed_at = now()``."""

    sources: tuple[str, ...]
    target: str
    actors: tuple[Actor, ...]
    guard: Expr | None
    effects: tuple[Assignment, ...]
    notes: tuple[Note, ...]
    span: Span
    sources_span: Span
    target_span: Span
    label: str | None = None
    """`as "Reopen ticket"`: the name of the action in the UI (None: derived from the target)."""


@dataclass(frozen=True, slots=True)
class Lifecycle:
    """`### Lifecycle of <field>`: the only ways the field's state may change."""

    field: str
    initial: str | None
    """The state of a new row: the field's default, else its first value (None if unresolved)."""
    transitions: tuple[Transition, ...]
    span: Span
    field_span: Span


@dataclass(frozen=True, slots=True)
class Entity:
    """A `##` section with a fields table: one table of the app, with its rules."""

    name: str
    description: str
    fields: tuple[Field, ...]
    rules: tuple[Rule, ...]
    access: Access | None
    lifecycles: tuple[Lifecycle, ...]
    owner: str | None
    """The User field that `own` refers to, if the entity has one."""
    notes: tuple[Note, ...]
    span: Span
    name_span: Span
    renamed_from: str | None = None
    """`## Ticket (renamed from Issue)`: the entity (its table and rows) was called Issue."""
    uniques: tuple[UniqueTogether, ...] = ()
    """`unique (a, b)` bullets of `### Rules`: uniqueness over several fields."""
    actions: tuple[Action, ...] = ()
    """`### Actions`: named operations on one row (`renew`), beyond CRUD and lifecycles."""

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    def owner_candidates(self) -> tuple[Field, ...]:
        """The User fields that could define `own`: those marked `owner`, else those set to
        the current user. `owner` is resolved only when there is exactly one."""
        users = [f for f in self.fields if f.type == RefType(USER_ENTITY)]
        marked = tuple(f for f in users if f.has(Owner))
        if marked:
            return marked
        return tuple(
            f
            for f in users
            if isinstance(rule := f.rule(SetAutomatically), SetAutomatically)
            and rule.value == "current_user"
        )


@dataclass(frozen=True, slots=True)
class Role:
    """A role from `auth.roles`."""

    name: str
    span: Span


@dataclass(frozen=True, slots=True)
class Settings:
    """`settings:` from the front matter, with defaults filled in."""

    page_size: int
    max_page_size: int
    currency: str
    timezone: str


@dataclass(frozen=True, slots=True)
class DocSection:
    """A `##` section without a fields table: documentation, kept for generated docs."""

    title: str
    text: str
    span: Span
    notes: tuple[Note, ...] = ()
    """MSFM annotations in its prose: `[text]{note}`, `{#id}` pointers, `~~~` blocks."""


@dataclass(frozen=True, slots=True)
class App:
    """The front matter and the spec's opening prose."""

    name: str
    title: str
    summary: str
    description: str
    roles: tuple[Role, ...]
    signup_role: str | None
    settings: Settings
    notes: tuple[Note, ...]
    span: Span

    @property
    def roles_known(self) -> bool:
        """False only when the front matter failed to validate; role checks are then skipped."""
        return bool(self.roles)


@dataclass(frozen=True, slots=True)
class Spec:
    """The root of the IR: everything one `spec.md` says."""

    ir_version: str
    source: str
    """The spec's file name, as given to the compiler."""
    app: App
    entities: tuple[Entity, ...]
    examples: tuple[Example, ...]
    docs: tuple[DocSection, ...]

    def entity(self, name: str) -> Entity | None:
        return next((e for e in self.entities if e.name == name), None)
