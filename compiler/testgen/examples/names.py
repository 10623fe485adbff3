"""What one example's translation knows: the names it gives, its errors, its imports.

`used_names` finds the names a step refers to; `Named` is what a name stands
for; `ExampleScope` is the part of `steps.ExampleTranslator` that the
condition translator reads, so that the two modules need not import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from compiler.ir.examples import (
    ActAs,
    Create,
    Delete,
    Example,
    Expect,
    FieldValue,
    GivenRow,
    Read,
    Step,
    Update,
)
from compiler.ir.expr import Aggregate, Expr, IsOwn, Path, children
from compiler.ir.model import Spec


class ExampleGenerationError(ValueError):
    """An example uses a step, expectation or expression the test generator cannot translate."""


# names the generated test module already binds: no example variable may take them
RESERVED = {
    "client", "session", "data", "headers", "response", "current", "created", "signed_in",
    "messages", "only", "user", "date", "datetime", "Decimal", "UTC", "pytest", "utc_now",
    "timedelta",
}  # fmt: skip


@dataclass
class ModelImports:
    """The model classes the generated tests use, by module."""

    models: dict[str, set[str]] = field(default_factory=dict)

    def add(self, module: str, name: str) -> None:
        self.models.setdefault(module, set()).add(name)

    def lines(self) -> tuple[str, ...]:
        return tuple(
            f"from app.models.{module} import {', '.join(sorted(names))}"
            for module, names in sorted(self.models.items())
        )


@dataclass(frozen=True, slots=True)
class Named:
    """A name of the example: a user, or a row of an entity (given or created)."""

    variable: str
    entity: str
    created: bool


class ExampleScope(Protocol):
    """The names an example has given so far, as the condition translator reads them."""

    spec: Spec
    names: dict[str, Named]
    deleted: set[str]

    def fail(self, step: Step, message: str) -> ExampleGenerationError: ...

    def model(self, entity: str) -> str: ...


def used_names(example: Example) -> set[str]:
    """The names of users and rows that some step refers to."""
    used: set[str] = set()
    for step in example.steps:
        match step:
            case GivenRow(values=values) | Create(values=values):
                used.update(_value_names(values))
            case Update(target=target, values=values):
                used.add(target)
                used.update(_value_names(values))
            case Read(target=target) | Delete(target=target):
                used.add(target)
            case ActAs(kind="user" | "owner", name=name) if name is not None:
                used.add(name)
            case Expect(condition=condition) if condition is not None:
                used.update(_path_heads(condition))
    return used


def _value_names(values: tuple[FieldValue, ...]) -> set[str]:
    return {v.value.parts[0] for v in values if isinstance(v.value, Path)}


def _path_heads(expr: Expr) -> set[str]:
    match expr:
        case Path(parts=parts):
            return {parts[0]}
        case Aggregate() | IsOwn():
            return set()
    return set().union(*(_path_heads(child) for child in children(expr)))
