"""Lowers `### Actions`: one bullet per named operation on a row, in the transitions' words.

- renew, by member (own), by librarian, when `renewals < 3`, as "Renew loan":
  sets `renewals = renewals + 1`
"""

from __future__ import annotations

import re

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.actions import Action
from compiler.lower.inline import (
    find_outside_code,
    joined,
    split_outside_code,
    sub_text,
    without_annotations,
)
from compiler.lower.lifecycle import lower_clauses, lower_effects
from compiler.parse.tree import BulletList, ListItem, Section

ACTION_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FORM = (
    '`- name, by role[ (own)][, by role…][, when `condition`][, as "Label"]'
    "[: sets `field = value`]`"
)


def lower_actions(section: Section, diags: Diagnostics) -> tuple[Action, ...]:
    actions: list[Action] = []
    for block in section.blocks:
        if isinstance(block, BulletList):
            for item in block.items:
                action = _action(item, diags)
                if action is not None:
                    actions.append(action)
    if not any(isinstance(block, BulletList) for block in section.blocks):
        diags.add(
            codes.BAD_ACTION,
            section.title.span,
            "`### Actions` lists no actions",
            hint=f"add one bullet per action: {_FORM}",
        )
    return tuple(actions)


def _action(item: ListItem, diags: Diagnostics) -> Action | None:
    text = without_annotations(joined(item.lines))
    colon = find_outside_code(text.text, (":",))
    end = colon[0] if colon else len(text.text)
    parts = split_outside_code(sub_text(text, 0, end), ",")
    if not parts or not ACTION_NAME.match(parts[0].text):
        span = parts[0].span if parts else item.lines[0].span
        what = f"'{parts[0].text}' is not an action name" if parts else "action has no name"
        diags.add(
            codes.BAD_ACTION,
            span,
            what,
            hint=f"start with a lower-case name such as `renew` or `mark_paid`: write {_FORM}",
        )
        return None
    name, *rest = parts
    actors, guard, label = lower_clauses(rest, diags, codes.BAD_ACTION, "action")
    if not actors:
        diags.add(
            codes.BAD_ACTION,
            name.span,
            f"action '{name.text}' names no role",
            hint="add `, by role` after the action's name (`by role (own)` for owners only)",
        )
    effects = ()
    if colon:
        effects = lower_effects(
            sub_text(text, end + 1, len(text.text)), diags, codes.BAD_ACTION, "action"
        )
    return Action(
        name=name.text,
        actors=actors,
        guard=guard,
        label=label,
        effects=effects,
        span=item.span,
        name_span=name.span,
    )
