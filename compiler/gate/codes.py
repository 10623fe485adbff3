"""Diagnostic codes of the gate stage (G0xx), registered with all others in
`compiler.diagnostics.codes`."""

from compiler.diagnostics.codes import (
    GATE_DID_NOT_RUN,
    HAND_EDIT,
    HAND_WRITTEN_FAILED,
    LINT_FAILED,
    NOT_SPECC_OUTPUT,
    STALE_OUTPUT,
    TEST_FAILED,
    UPGRADE_FAILED,
)

__all__ = [
    "GATE_DID_NOT_RUN",
    "HAND_EDIT",
    "HAND_WRITTEN_FAILED",
    "LINT_FAILED",
    "NOT_SPECC_OUTPUT",
    "STALE_OUTPUT",
    "TEST_FAILED",
    "UPGRADE_FAILED",
]
