"""The `Diagnostic` value and the collector every stage writes into."""

from __future__ import annotations

from dataclasses import dataclass, field

from compiler.diagnostics.codes import Code, Severity
from compiler.ir.span import Span


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a spec, located at a span."""

    code: Code
    message: str
    span: Span
    hint: str | None = None
    file: str | None = None
    """The file `span` is in when it is not the spec (a hand-written file of the app)."""

    @property
    def severity(self) -> Severity:
        return self.code.severity

    @property
    def is_error(self) -> bool:
        return self.code.severity is Severity.ERROR

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.span.line, self.span.col, self.code.id, self.message)


@dataclass(slots=True)
class Diagnostics:
    """An ordered collection of diagnostics; stages append, the CLI renders."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, code: Code, span: Span, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(code, message, span, hint))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.items)

    def sorted(self) -> list[Diagnostic]:
        """All diagnostics by position, duplicates removed."""
        return sorted(set(self.items), key=Diagnostic.sort_key)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self):
        return iter(self.items)
