"""Diagnostic codes of rules that no row can keep (E611–E612) and of rules the tests cannot
meet (E640–E644), registered with all others and re-exported by `compiler.diagnostics.codes`."""

from compiler.diagnostics.registry import define

RULE_NO_NEW_ROW_KEEPS = define(
    "E611",
    "rule no new row can keep",
    "The rule is false for every new row (in the lifecycle's initial state, needing rows "
    "that refer to it: `count(X where ref == self) >= 1`, or needing a value in a read-only "
    "field that nothing sets on create), so every create would be refused.",
)
RULES_CONTRADICT = define(
    "E612",
    "rules contradict each other",
    "Two rules of an entity ask opposite things of one field (`x is set` and `x is empty`, "
    '`x == "a"` and `x == "b"`), so no row can keep both and every create would be refused.',
)
RULE_READS_OWN_ID = define(
    "E640",
    "rule reads the row's own id",
    "The database assigns a row's `id` when it is created, so a rule over it (`id >= 38`, "
    "`if … then id else …`, or through a computed field that reads `id`) says nothing a "
    "client controls: whether a create is refused would depend on how many rows were made "
    "before. A referenced row's id (`site.id`) is allowed: the client picks that row.",
)
NO_TEST_DATA = define(
    "E641",
    "no test data keeps the spec",
    "The test generator could not make a valid value or row for the field or rule named "
    "(its bounds, pattern, `only where` condition or `unique (…)` leave it nothing it can "
    "derive), so the gate could not test the app. The spec may be satisfiable in "
    "principle; loosen the constraint named, or state it more simply.",
)
