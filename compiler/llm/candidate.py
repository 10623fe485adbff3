"""A candidate expression for a prose rule, held to everything a hand-written one is.

It must parse (`parse.expr_parser`), type-check as a condition (`check`),
agree with every example that writes the entity (`examples`), and be testable
both ways: the scene search that writes the rule tests (`testgen.scenes`) must
find a write that keeps it, and a write that breaks it must exist — found by
that search or shown by an example that expects the rule's own error. The
problems are what the feedback to the model says, and what the final
diagnostic lists.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from compiler.analyse.facts import spec_facts
from compiler.check.expr_types import ExprTyper, Scope
from compiler.diagnostics import Diagnostics
from compiler.ir.expr import Expr
from compiler.ir.model import Entity, Rule, Spec
from compiler.llm.examples import replay_examples
from compiler.parse.expr_parser import parse_expression
from compiler.testgen.scenes.factory import FactoryModel
from compiler.testgen.scenes.scene import Evaluator
from compiler.testgen.scenes.search import RuleScenes


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome of the compiler's checks; `problems` empty means accepted (so far)."""

    expr: Expr | None
    problems: tuple[str, ...]
    spec: Spec
    """The spec with the candidate in place of the prose rule (unchanged when it did not parse)."""
    examples_judged: int = 0


def check_candidate(spec: Spec, entity: Entity, rule: Rule, text: str) -> Checked:
    diags = Diagnostics()
    expr = parse_expression(text, rule.span, diags)
    if expr is None:
        return Checked(None, _messages(diags, "it does not parse"), spec)
    candidate_spec, candidate_entity, candidate_rule = with_expression(spec, entity, rule, expr)
    ExprTyper(candidate_spec, diags).condition(
        expr, Scope(candidate_entity, candidate_entity), "a rule"
    )
    if diags.has_errors:
        return Checked(expr, _messages(diags, "it does not type-check"), spec)
    replay = replay_examples(candidate_spec, candidate_entity, candidate_rule)
    problems = [f"it contradicts the {c}" for c in replay.contradictions]
    problems += _derived(candidate_spec, candidate_entity, candidate_rule, replay.breaks > 0)
    return Checked(expr, tuple(problems), candidate_spec, replay.judged)


def with_expression(
    spec: Spec, entity: Entity, rule: Rule, expr: Expr
) -> tuple[Spec, Entity, Rule]:
    """The spec, entity and rule with `expr` as the rule's expression (the rest shared)."""
    new_rule = replace(rule, expr=expr)
    new_entity = replace(entity, rules=tuple(new_rule if r is rule else r for r in entity.rules))
    new_spec = replace(
        spec, entities=tuple(new_entity if e is entity else e for e in spec.entities)
    )
    return new_spec, new_entity, new_rule


def _derived(spec: Spec, entity: Entity, rule: Rule, broken_by_example: bool) -> list[str]:
    """Some test must break the rule — a derived one or an example — and a derived one must
    keep it: a rule nothing breaks checks nothing (`true`), one nothing keeps refuses all."""
    scenes = RuleScenes(spec, entity, Evaluator(spec), FactoryModel(spec, spec_facts(spec)))
    broken = scenes.broken(rule)
    kept = scenes.kept(rule, broken)
    problems = []
    if broken is None and not broken_by_example:
        problems.append(
            "no write can break it (the test search found none), so it checks nothing: "
            "is it always true?"
        )
    if kept is None:
        problems.append(
            "no write can keep it (the test search found none), so every write would be refused"
        )
    return problems


def _messages(diags: Diagnostics, summary: str) -> tuple[str, ...]:
    found = [
        f"{d.message}" + (f" ({d.hint})" if d.hint else "") for d in diags.sorted() if d.is_error
    ]
    return (f"{summary}: " + "; ".join(found),)
