"""The typed spec model the generator builds and `render` writes out as markdown."""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.ir.types import EnumType, ScalarType

# Expression types: "int", "dec", "text", "bool", "date", "datetime", "enum", "ref", "user".
SCALAR_KINDS = ("text", "long text", "int", "decimal", "money", "bool", "date", "datetime")
TEXT_KINDS = ("text", "long text", "email", "url")
EXPR_TYPE = {
    "text": "text",
    "long text": "text",
    "email": "text",
    "url": "text",
    "int": "int",
    "decimal": "dec",
    "money": "dec",
    "bool": "bool",
    "date": "date",
    "datetime": "datetime",
    "enum": "enum",
    "ref": "ref",
    "user": "user",
}


@dataclass
class Field:
    name: str
    kind: str
    """One of SCALAR_KINDS, "email", "url", "enum", "ref", "user", "list"."""
    optional: bool = False
    target: str | None = None
    """The entity of a "ref" or "list" field."""
    values: tuple[str, ...] = ()
    """The values of an "enum" field."""
    precision: tuple[int, int] | None = None
    """(p, s) of a `decimal(p, s)` field; None is plain `decimal`."""
    rules: list[str] = field(default_factory=list)
    """Rendered field rules (`required`, `range 1..5`, ``computed: `…` ``)."""
    computed: str | None = None
    lo: int | None = None
    hi: int | None = None
    """Known integer bounds of the value (for literals that keep rules satisfiable)."""
    unique: bool = False
    automatic: bool = False
    """Set by the app (`set to …`); clients cannot give it."""
    has_default: bool = False
    read_only: bool = False
    lifecycle: bool = False
    owner: bool = False

    @property
    def type(self) -> EnumType | ScalarType | None:
        """The IR type where the compiler's rule checks read it (`check.rule_conflicts`
        compares enumeration values and booleans): an enumeration's or a boolean's, else
        None."""
        if self.kind == "bool":
            return ScalarType("bool")
        return EnumType(self.values) if self.kind == "enum" else None

    @property
    def expr_type(self) -> str:
        return "list" if self.kind == "list" else EXPR_TYPE[self.kind]

    @property
    def type_text(self) -> str:
        if self.kind == "list":
            return f"list of {self.target}"
        if self.kind == "ref":
            base = self.target or ""
        elif self.kind == "user":
            base = "User"
        elif self.kind == "enum":
            base = "one of: " + ", ".join(self.values)
        elif self.kind == "decimal" and self.precision:
            base = f"decimal({self.precision[0]}, {self.precision[1]})"
        else:
            base = self.kind
        return base + ("?" if self.optional else "")

    @property
    def plain(self) -> bool:
        """No field rule at all: an example may give it any value of its type."""
        return not self.rules and not self.lifecycle


@dataclass
class Rule:
    sentence: str
    expr: str


@dataclass
class Transition:
    sources: list[str]
    target: str
    actors: list[tuple[str, bool]]
    """(role, own)"""
    guard: str | None = None
    effects: list[tuple[str, str]] = field(default_factory=list)
    label: str | None = None
    """`as "…"`: the action's name in the UI."""


@dataclass
class Lifecycle:
    field: str
    transitions: list[Transition]


@dataclass
class Example:
    title: str
    steps: list[str]


@dataclass
class Entity:
    name: str
    fields: list[Field] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    uniques: list[Rule] = field(default_factory=list)
    """`unique (a, b) [where …]` bullets (rendered with the rules; `expr` is the code span)."""
    lifecycle: Lifecycle | None = None
    access: dict[str, dict[str, str]] = field(default_factory=dict)
    """role → column (create, read, update, delete) → cell."""
    examples: list[Example] = field(default_factory=list)

    def field(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def owner(self) -> Field | None:
        """The owner field (spec-language section 7)."""
        marked = [f for f in self.fields if f.owner]
        if marked:
            return marked[0]
        current = [f for f in self.fields if f.kind == "user" and "set to current user" in f.rules]
        return current[0] if len(current) == 1 else None


@dataclass
class SpecModel:
    app: str
    roles: list[str]
    signup: str | None
    entities: list[Entity]
    timezone: str | None = None

    def entity(self, name: str) -> Entity:
        return next(e for e in self.entities if e.name == name)
