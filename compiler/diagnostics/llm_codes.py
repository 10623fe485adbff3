"""Diagnostic codes of the LLM-assisted stage (E606–E610: prose rules and `spec.lock`),
re-exported by `compiler.diagnostics.codes` like every other code."""

from __future__ import annotations

from compiler.diagnostics.registry import define

__all__ = [
    "BAD_LOCK_FILE",
    "LOCKED_ANSWER_REFUSED",
    "MODEL_UNAVAILABLE",
    "PROSE_RULE_REFUSED",
    "STALE_LOCK_ENTRY",
]

PROSE_RULE_REFUSED = define(
    "E606",
    "no acceptable expression for a prose rule",
    "Every expression the model proposed for the rule was refused by the compiler's checks "
    "(parse, types, derived tests, the spec's examples) or by the validator; the message gives "
    "the last candidate and why. Reword the rule, add a note, or write the expression.",
)
STALE_LOCK_ENTRY = define(
    "E607",
    "stale spec.lock entry",
    "The lock's answer for a prose rule was made from different inputs (the rule, its notes, "
    "the entity, the model or the prompt changed) and no model may be asked (`--offline` or no "
    "ANTHROPIC_API_KEY). Recompile with a key, or run `specc lock SPEC --refresh RULE`.",
)
LOCKED_ANSWER_REFUSED = define(
    "E608",
    "locked answer refused",
    "The expression spec.lock holds for a prose rule no longer passes the compiler's checks "
    "(the lock was edited, or the spec changed around it). Refresh the entry.",
)
MODEL_UNAVAILABLE = define(
    "E609",
    "model could not be asked",
    "The model API failed after its retries (rate limit, overload, timeout, no connection), "
    "or the compile's token budget (SPECC_LLM_TOKEN_BUDGET) was spent.",
)
BAD_LOCK_FILE = define(
    "E610",
    "invalid spec.lock",
    "spec.lock is not JSON in the shape specc writes; restore it from version control or "
    "delete it to re-ask every prose rule.",
)
