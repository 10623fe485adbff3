"""Lowers `### Rules`: each bullet is a message and (unless prose) one expression, or a
uniqueness constraint (`unique (site, day)`, see `unique_together`)."""

from __future__ import annotations

from dataclasses import replace

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import Note, Rule
from compiler.ir.uniques import UniqueTogether
from compiler.lower.annotations import Annotations, fence_note, is_annotation
from compiler.lower.inline import code_spans, joined, message_text
from compiler.lower.unique_together import is_unique_rule, lower_unique
from compiler.parse.expr_parser import parse_expression
from compiler.parse.tree import BulletList, ListItem, Paragraph, Section


def lower_rules(
    section: Section, annotations: Annotations, diags: Diagnostics
) -> tuple[tuple[Rule, ...], tuple[UniqueTogether, ...]]:
    """The section's rules and its uniqueness constraints, each in order."""
    rules: list[Rule] = []
    uniques: list[UniqueTogether] = []
    for block in section.blocks:
        if isinstance(block, BulletList):
            for item in block.items:
                lowered = _rule(item, annotations, diags)
                if isinstance(lowered, Rule):
                    rules.append(lowered)
                elif lowered is not None:
                    uniques.append(lowered)
        elif is_annotation(block) and rules:
            last = rules[-1]
            rules[-1] = replace(last, notes=(*last.notes, fence_note(block)))
        elif isinstance(block, Paragraph) and not rules and not uniques:
            diags.add(
                codes.RULES_NOT_LIST,
                block.span,
                "`### Rules` must start with a bullet list",
                hint="write each rule as `- Message. `expression``",
            )
    return tuple(rules), tuple(uniques)


def _rule(
    item: ListItem, annotations: Annotations, diags: Diagnostics
) -> Rule | UniqueTogether | None:
    """The rule of a bullet; None when its expression does not parse (already reported)."""
    text = joined(item.lines)
    message = message_text(text.text)
    spans = code_spans(text)
    if not message:
        diags.add(
            codes.EMPTY_RULE,
            item.span,
            "rule has no message",
            hint="start the bullet with the sentence users see when the rule is broken",
        )
    if len(spans) > 1:
        diags.add(
            codes.TWO_EXPRESSIONS,
            spans[1].span,
            "rule has more than one expression",
            hint="combine the conditions with `and`, or write two rules",
        )
    if spans and is_unique_rule(spans[0]):
        return lower_unique(message, spans[0], item.span, diags)
    expr = parse_expression(spans[0].content, spans[0].span, diags) if spans else None
    if spans and expr is None:
        return None
    notes: list[Note] = [*annotations.notes_in(item.lines), *map(fence_note, item.fences)]
    return Rule(message, expr, tuple(notes), item.span)
