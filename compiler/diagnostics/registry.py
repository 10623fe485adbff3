"""What a diagnostic code is, and the table every code registers itself in."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Code:
    """A kind of diagnostic: a stable id, its severity and what it means."""

    id: str
    title: str
    explanation: str

    @property
    def severity(self) -> Severity:
        return Severity.WARNING if self.id.startswith("W") else Severity.ERROR


CODES: dict[str, Code] = {}


def define(id: str, title: str, explanation: str) -> Code:
    assert id not in CODES, f"duplicate diagnostic code {id}"
    code = Code(id, title, explanation)
    CODES[id] = code
    return code
