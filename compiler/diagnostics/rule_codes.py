"""Diagnostic codes of rules that no row can keep (E611–E612), registered with all others
and re-exported by `compiler.diagnostics.codes`."""

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
