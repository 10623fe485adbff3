"""Diagnostic codes of lifecycles beyond the basics: effects on other rows
(`sets `copy.available = true``, E510–E513) and transition labels (E514), registered with all
others and re-exported by `compiler.diagnostics.codes`."""

from compiler.diagnostics.registry import define

EFFECT_REFERENCE_UNKNOWN = define(
    "E510",
    "effect on a row through something that is not a reference",
    "In `ref.field = value`, `ref` must be a single reference field of the entity to another "
    "entity (not `User`, which effects do not change).",
)
EFFECT_THROUGH_LIST = define(
    "E511",
    "effect through a list reference",
    "An effect changes one other row: `ref` in `ref.field = value` cannot be a `list of` field.",
)
EFFECT_ON_OTHER_FIELD = define(
    "E512",
    "effect assigns a field of the other row it may not",
    "In `ref.field = value`, `field` must be a stored field of the referenced entity: not "
    "unknown, computed, a list, or a field of its lifecycles (a transition does not move "
    "another row's state).",
)
EFFECT_ROLE_MAY_NOT_UPDATE = define(
    "E513",
    "transition role may not update the row its effect changes",
    "A role listed in the transition has `no` read or update access (or no Access row) on the "
    "entity an effect changes through a reference, so the transition would always be refused "
    "for it: give the role read and update access there, or drop it from the transition.",
)

DUPLICATE_TRANSITION_LABEL = define(
    "E514",
    "two transitions with one label",
    'Two transitions from one state share a label (`as "…"`): their buttons would look alike.',
)
