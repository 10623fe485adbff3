"""Diagnostic codes of values derived on write, ``set to `expr` on create`` (E250–E253, E255),
registered with all others and re-exported by `compiler.diagnostics.codes`."""

from compiler.diagnostics.registry import define

DERIVED_TYPE = define(
    "E250",
    "derived value has the wrong type",
    "The expression of ``set to `expr` on …`` must give a value of the field's type "
    "(a whole number fits a decimal field, text fits an enumeration).",
)
DERIVED_UNKNOWABLE = define(
    "E251",
    "derived value reads what a write cannot know",
    "A derived value is stored once, when the row is written: it may read the row's own "
    "stored fields and functions of them, not `current_user`, aggregates over other rows "
    "or computed fields, whose value changes without the row being written.",
)
DERIVED_CONFLICT = define(
    "E252",
    "derived value combined with another source",
    "A field set on write gets its value from its expression only: it takes no `computed:`, "
    "`default`, `set to now`/`set to current user` or `read-only` (it is read-only already).",
)
CYCLIC_DERIVED = define(
    "E253",
    "derived fields depend on each other",
    "A field set on write may read another derived field, but not one that reads it back.",
)
DERIVED_MISSING_ON_CREATE = define(
    "E255",
    "required field derived only on update",
    "A field derived ``on update`` only has no value until the row's first update, so a "
    "required field (no `?`) could not be stored on create: derive it ``on create and "
    "update``, or make it optional.",
)
# E254 ("derived value not compiled yet") was retired when the generated app came to
# derive the values: `specc compile` no longer refuses them. The code is not reused.
