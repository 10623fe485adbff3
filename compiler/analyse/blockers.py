"""What a checked spec still needs before code can be generated from it.

A prose rule (a Rules bullet without an expression) is valid in a spec but has
no deterministic translation; rather than skip it silently, compiling stops
with a diagnostic that shows how to write the condition.
"""

from __future__ import annotations

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import Spec


def compile_blockers(spec: Spec) -> Diagnostics:
    diags = Diagnostics()
    for entity in spec.entities:
        for rule in entity.rules:
            if rule.expr is None:
                diags.add(
                    codes.PROSE_RULE_NOT_COMPILABLE,
                    rule.span,
                    f"rule '{rule.message}' has no expression, so it cannot be compiled",
                    hint="append the condition in backticks, e.g. "
                    f"`- {rule.message} `count({entity.name} where …) <= 5``",
                )
    return diags
