"""Diagnostic codes of composite uniqueness, `unique (a, b)` in `### Rules` (E225–E231),
registered with all others and re-exported by `compiler.diagnostics.codes`."""

from compiler.diagnostics.registry import define

UNIQUE_SYNTAX = define(
    "E225",
    "invalid unique constraint",
    "A `unique` rule is written `unique (field, field, …)`, optionally followed by "
    "`where <condition>`.",
)
UNIQUE_UNKNOWN_FIELD = define(
    "E226", "unknown field in unique", "A `unique (…)` rule names a field the entity does not have."
)
UNIQUE_FIELD_NOT_SUPPORTED = define(
    "E227",
    "field cannot be unique",
    "A `unique (…)` rule names a computed, `list of` or `long text` field: the database cannot "
    "index it.",
)
UNIQUE_FIELD_TWICE = define(
    "E228", "field named twice in unique", "A `unique (…)` rule names the same field twice."
)
UNIQUE_DUPLICATE = define(
    "E229",
    "duplicate unique constraint",
    "Two `unique (…)` rules of an entity name the same fields with the same condition, or one "
    "repeats a field's own `unique` rule.",
)
UNIQUE_ONE_FIELD = define(
    "E230",
    "unique over one field",
    "`unique (field)` without `where` is the field rule `unique`: write it in the fields table.",
)
UNIQUE_CONDITION_NOT_LOCAL = define(
    "E231",
    "unique condition reads other rows",
    "The `where` of a `unique (…)` rule becomes the condition of a partial unique index, so it may "
    "read only the row's own stored fields and literals: no aggregates, references followed with "
    "`.`, functions, `current_user` or computed fields.",
)
