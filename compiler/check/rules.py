"""Checks of `### Rules`: each expression is a condition that some new row can keep;
prose rules are flagged."""

from __future__ import annotations

from compiler.check.expr_types import ExprTyper, Scope
from compiler.check.initial_state import empty_on_create, initial_states, truth_on_create
from compiler.check.rule_conflicts import check_rule_conflicts
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.expr import IsNull, Path, walk
from compiler.ir.model import Entity, Rule


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
        known, empty = initial_states(entity), empty_on_create(entity)
        if truth_on_create(rule.expr, known, empty) is False:
            _report_no_new_row_keeps(entity, rule, known, empty, diags)
    check_rule_conflicts(entity, diags)


def _report_no_new_row_keeps(
    entity: Entity, rule: Rule, known: dict[str, str], empty: frozenset[str], diags: Diagnostics
) -> None:
    """E611, with the reason: the rows that cannot refer to a new row yet, the read-only
    fields nothing sets, else the states."""
    message, span = rule.message, rule.span
    if (
        rule.expr is not None
        and truth_on_create(rule.expr, {}) is None
        and truth_on_create(rule.expr, {}, empty) is False
    ):
        tested = {
            node.value.parts[-1]
            for node in walk(rule.expr)
            if isinstance(node, IsNull) and isinstance(node.value, Path)
        }
        names = ", ".join(f"`{name}`" for name in sorted(empty & tested))
        diags.add(
            codes.RULE_NO_NEW_ROW_KEEPS,
            span,
            f"rule '{message}' is false for every new {entity.name}: {names} is read-only "
            f"and nothing sets it on create, so no {entity.name} could ever be created",
            hint="give the field a `default` or a `set to …`, or let clients write it "
            "(drop `read-only`)",
        )
        return
    if rule.expr is not None and truth_on_create(rule.expr, {}) is False:
        diags.add(
            codes.RULE_NO_NEW_ROW_KEEPS,
            span,
            f"rule '{message}' is false for every new {entity.name}: no other row can refer "
            f"to a {entity.name} before it is created, so no {entity.name} could ever be created",
            hint="count such rows where the rule is about later changes, e.g. in a lifecycle "
            "`when` guard, or state the rule on the referring entity",
        )
        return
    states = ", ".join(f"{field} {state!r}" for field, state in known.items())
    field, state = next(iter(known.items()))
    diags.add(
        codes.RULE_NO_NEW_ROW_KEEPS,
        span,
        f"rule '{message}' is false for every new {entity.name}, which starts "
        f"with {states}: no {entity.name} could ever be created",
        hint="say in which states the rule applies, e.g. "
        f'`{field} == "{state}" or (…)`, or start the lifecycle in another state',
    )
