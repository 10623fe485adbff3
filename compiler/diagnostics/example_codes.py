"""Diagnostic codes of examples that expect an error on a field (E712–E713), registered with
all others and re-exported by `compiler.diagnostics.codes` (E701–W711 are there)."""

from compiler.diagnostics.registry import define

EXAMPLE_FIELD_NEVER_REFUSED = define(
    "E712",
    "expected field error can never happen",
    "`expect error on FIELD` needs a field the app can refuse a value of: required, unique, "
    "with a rule in its Rules column (length, range, pattern, only where, read-only …), a "
    "reference, a number, an e-mail address or a URL. An optional field without rules "
    "accepts every value an example can write.",
)
EXAMPLE_FIELD_ERROR_WITHOUT_WRITE = define(
    "E713",
    "field error expected after no write",
    "`expect error on FIELD` is about the response to the `create` or `update` step just "
    "before it; after a read, list or delete (or no action) no field is sent.",
)
