"""Diagnostic codes of actions (`### Actions`, E515–E519): named operations on one row
beyond create, update, delete and lifecycle moves. Registered with all others and re-exported
by `compiler.diagnostics.codes`. Unknown roles, `(own)` without an owner, guards that are not
conditions and bad effects reuse the transitions' codes (E218, E404, E3xx, E509–E513)."""

from compiler.diagnostics.registry import define

BAD_ACTION = define(
    "E515",
    "malformed action",
    'An action reads `- name, by role[ (own)][, by role…][, when `cond`][, as "Label"]'
    "[: sets `field = value`…]`, with a lower-case name such as `renew` or `mark_paid`.",
)
DUPLICATE_ACTION = define(
    "E516",
    "action listed twice",
    "Two actions of one entity share a name: each is its own endpoint "
    "(`POST /api/<rows>/{id}/actions/<name>`).",
)
ACTION_NAME_CLASH = define(
    "E517",
    "action name clashes with a field or a state",
    "An action's name is also a field of the entity or a state of one of its lifecycles: "
    "the two would read alike in the API and the UI. Rename the action.",
)
DUPLICATE_ACTION_LABEL = define(
    "E518",
    "action label used twice",
    'An action\'s button text (its `as "…"` or the one derived from its name) is also that of '
    "another action or of a transition of the entity: the buttons would look alike.",
)
ACTION_WITHOUT_EFFECT = define(
    "E519",
    "action changes nothing",
    "An action lists no effects (`: sets `field = value``), so it would change nothing. A "
    "change of state is a lifecycle transition instead.",
)
