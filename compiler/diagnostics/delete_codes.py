"""Diagnostic codes of `on delete …` field rules (E232–E233), registered with all others
and re-exported by `compiler.diagnostics.codes`."""

from compiler.diagnostics.registry import define

ON_DELETE_NOT_REFERENCE = define(
    "E232",
    "on delete needs a reference",
    "`on delete cascade | set null | refuse` applies to a field that references an entity "
    "(not to `list of` fields, whose links always go with either row, nor to User fields: "
    "accounts are deactivated, never deleted).",
)
SET_NULL_ON_REQUIRED = define(
    "E233",
    "set null on a required reference",
    "`on delete set null` empties the field, so the reference must be optional (`Ticket?`).",
)
