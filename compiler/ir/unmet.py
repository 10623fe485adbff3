"""`UnmetSpec`: raised by a stage after the checks when it cannot meet what the spec asks
(the test-data generator's `DataGenerationError`); the gate reports it as the spec's
located error E641, not as an internal error. Here, in the layer every stage may import,
so that the gate can catch what the test generator raises."""

from __future__ import annotations

from compiler.ir.span import Span


class UnmetSpec(Exception):
    """What could not be met, and where in the spec (None: not known)."""

    def __init__(self, message: str, span: Span | None = None) -> None:
        super().__init__(message)
        self.span = span
