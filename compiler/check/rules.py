"""Checks of `### Rules`: each expression is a condition; prose rules are flagged."""

from __future__ import annotations

from compiler.check.expr_types import ExprTyper, Scope
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import Entity


def check_rules(entity: Entity, typer: ExprTyper, diags: Diagnostics) -> None:
    for rule in entity.rules:
        if rule.expr is None:
            if rule.message:
                diags.add(
                    codes.PROSE_RULE,
                    rule.span,
                    f"rule '{rule.message}' has no expression",
                    hint="`specc compile` asks a model for it and pins the answer in spec.lock "
                    f"(docs/llm.md); or add it in backticks: `count({entity.name} where …) <= 5`",
                )
            continue
        typer.condition(rule.expr, Scope(entity, entity), "a rule")
