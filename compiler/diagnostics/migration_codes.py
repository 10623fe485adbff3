"""Diagnostic codes of schema evolution (E9xx/W9xx, `compiler/evolve/`), registered with all
others and re-exported by `compiler.diagnostics.codes`."""

from compiler.diagnostics.registry import define

DATA_LOSS = define(
    "E901",
    "the change would destroy stored data",
    "A removed field or entity, a type values may not convert to, a removed enumeration value: "
    "keep the data with `renamed from`, or accept the loss with `--allow-data-loss`.",
)
CANNOT_MIGRATE = define(
    "E902",
    "no migration can keep existing rows",
    "A new required reference has nothing existing rows could point to (add it optional "
    "first), or the previous build's migrations cannot be read.",
)
RISKY_MIGRATION = define(
    "W903",
    "the migration rewrites existing rows or may fail on them",
    "The message says what the migration does with existing rows, or which rows make it fail.",
)
STALE_RENAME = define(
    "W904",
    "`renamed from` names nothing of the previous build",
    "The field or entity is added as a new, empty one; a compiled rename's `renamed from` can go.",
)
