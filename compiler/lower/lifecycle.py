"""Lowers `### Lifecycle of <field>`: bullets of transitions between enumeration states.

- open, pending → closed, by agent, when `cond`: sets `closed_at = now()`
- closed → open, by customer (own), as "Reopen ticket"
"""

from __future__ import annotations

import re
from dataclasses import replace

from compiler.diagnostics import Diagnostics, codes
from compiler.diagnostics.registry import Code
from compiler.ir.actions import Actor
from compiler.ir.expr import Assignment, Expr
from compiler.ir.model import Lifecycle, Note, Transition
from compiler.lower.annotations import Annotations, fence_note, is_annotation
from compiler.lower.inline import (
    code_spans,
    find_outside_code,
    joined,
    split_outside_code,
    sub_text,
    without_annotations,
)
from compiler.parse.expr_parser import parse_assignment, parse_expression
from compiler.parse.tree import BulletList, ListItem, Section, Text

_ACTOR = re.compile(r"^by\s+([A-Za-z_][A-Za-z0-9_]*)\s*(\(\s*own\s*\))?$")
_LABEL = re.compile(r'^as\s+"([^"]*)"$')
_HEAD = {"transition": "target state", "action": "action's name"}
_FORM = '`- from → to, by role[ (own)][, when `condition`][, as "Label"][: sets `field = value`]`'


def lower_lifecycle(
    section: Section, field: Text, annotations: Annotations, diags: Diagnostics
) -> Lifecycle:
    transitions: list[Transition] = []
    for block in section.blocks:
        if isinstance(block, BulletList):
            for item in block.items:
                transition = _transition(item, annotations, diags)
                if transition is not None:
                    transitions.append(transition)
        elif is_annotation(block) and transitions:
            last = transitions[-1]
            transitions[-1] = replace(last, notes=(*last.notes, fence_note(block)))
    return Lifecycle(field.text, None, tuple(transitions), section.span, field.span)


def _transition(item: ListItem, annotations: Annotations, diags: Diagnostics) -> Transition | None:
    line = item.lines[0]
    text = without_annotations(joined(item.lines))
    arrow = find_outside_code(text.text, ("→", "->"))
    if arrow is None:
        diags.add(codes.BAD_TRANSITION, line.span, "transition has no arrow", hint=f"write {_FORM}")
        return None
    arrow_at, arrow_text = arrow
    colon = find_outside_code(text.text[arrow_at:], (":",))
    end = arrow_at + colon[0] if colon else len(text.text)
    sources = split_outside_code(sub_text(text, 0, arrow_at), ",")
    clauses = split_outside_code(sub_text(text, arrow_at + len(arrow_text), end), ",")
    if not sources or not clauses:
        diags.add(
            codes.BAD_TRANSITION,
            line.span,
            "transition needs states on both sides of the arrow",
            hint=f"write {_FORM}",
        )
        return None
    target, *rest = clauses
    actors, guard, label = lower_clauses(rest, diags)
    if not actors:
        diags.add(
            codes.BAD_TRANSITION,
            target.span,
            "transition names no role",
            hint="add `, by role` after the target state (`by role (own)` for owners only)",
        )
    effects = lower_effects(sub_text(text, end + 1, len(text.text)), diags) if colon else ()
    notes: list[Note] = [*annotations.notes_in(item.lines), *map(fence_note, item.fences)]
    return Transition(
        sources=tuple(s.text for s in sources),
        target=target.text,
        actors=actors,
        guard=guard,
        effects=effects,
        notes=tuple(notes),
        span=item.span,
        sources_span=sub_text(text, 0, arrow_at).span,
        target_span=target.span,
        label=label,
    )


def lower_clauses(
    clauses: list[Text],
    diags: Diagnostics,
    code: Code = codes.BAD_TRANSITION,
    what: str = "transition",
) -> tuple[tuple[Actor, ...], Expr | None, str | None]:
    """`by role`, `by role (own)`, `when `condition`` and `as "Label"` of a transition (after
    its target state) or an action (after its name)."""
    actors: list[Actor] = []
    guard: Expr | None = None
    label: str | None = None
    for clause in clauses:
        actor = _ACTOR.match(clause.text)
        named = _LABEL.match(clause.text)
        spans = code_spans(clause)
        if named and named.group(1).strip() and label is None:
            label = named.group(1).strip()
        elif actor:
            role_span = sub_text(clause, actor.start(1), actor.end(1)).span
            actors.append(Actor(actor.group(1), actor.group(2) is not None, role_span))
        elif clause.text.startswith("when") and len(spans) == 1 and guard is None:
            guard = parse_expression(spans[0].content, spans[0].span, diags)
        else:
            diags.add(
                code,
                clause.span,
                f"unexpected '{clause.text}' in {what}",
                hint=f"after the {_HEAD[what]} come `by role`, `by role (own)`, one "
                '`when `condition`` and one `as "Label"` (not empty, no comma), '
                "separated by commas",
            )
    return tuple(actors), guard, label


def lower_effects(
    text: Text, diags: Diagnostics, code: Code = codes.BAD_TRANSITION, what: str = "transition"
) -> tuple[Assignment, ...]:
    """`sets `field = value`, `ref.field = value`` after the `:` of a transition or action."""
    words = text.text.split()
    spans = code_spans(text)
    if not words or words[0] != "sets" or not spans:
        diags.add(
            code,
            text.span,
            f"after `:` a {what} lists its effects",
            hint="write `: sets `field = value`, `other = value``",
        )
        return ()
    effects = [parse_assignment(span.content, span.span, diags) for span in spans]
    return tuple(effect for effect in effects if effect is not None)
