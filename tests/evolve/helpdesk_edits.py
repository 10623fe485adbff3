"""Twelve ordinary edits of the helpdesk spec, applied one after another (issue 11).

Each edit is (name, [(old, new), ...] replacements, whether it needs
`--allow-data-loss`, column renames `table.old` → `new`, columns whose values
the edit is meant to change).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

HELPDESK = Path(__file__).resolve().parents[2] / "specs" / "helpdesk" / "spec.md"

TEXT = HELPDESK.read_text(encoding="utf-8")


def row(field: str) -> str:
    """The line of a field's row in the helpdesk spec (the first table that has it)."""
    return next(line for line in TEXT.splitlines() if line.startswith(f"| {field} "))


_TITLE, _REOPENED, _PRIORITY = row("title"), row("reopened"), row("priority")
_HEADING = _TITLE.replace("title   ", "heading ").replace(
    "length 5..120", "length 5..200; renamed from title"
)
_EMAIL, _HOMEPAGE = row("support_email"), row("homepage")
_OPTIONAL_EMAIL = _EMAIL.replace("email | required", "email? |")
_WIDER = _PRIORITY.replace("high, urgent |", "high, urgent, critical |")
_TEAM = """## Team

A group of agents.

| Field | Type | Rules            |
|-------|------|------------------|
| name  | text | required; unique |

### Access

| Role     | create | read | update | delete |
|----------|--------|------|--------|--------|
| customer | no     | all  | no     | no     |
| agent    | no     | all  | no     | no     |
| admin    | yes    | all  | all    | all    |

## Tag
"""


@dataclass(frozen=True)
class Edit:
    name: str
    replacements: tuple[tuple[str, str], ...]
    allow_data_loss: bool = False
    renames: dict[str, str] = field(default_factory=dict)
    changed: frozenset[str] = frozenset()


def _after_reopened(row: str) -> tuple[str, str]:
    return (_REOPENED, f"{_REOPENED}\n{row}")


EDITS = (
    Edit("add an optional field", (_after_reopened("| note | text? | |"),)),
    Edit("add a field with a default", (_after_reopened("| severity | int | default 3; min 1 |"),)),
    Edit(
        "add a required field without a default",
        ((_HOMEPAGE, f"{_HOMEPAGE}\n| vendor | text | required |"),),
    ),
    Edit(
        "rename a field (and widen it)",
        (
            (_TITLE, _HEADING),
            ('create Ticket title="Printer', 'create Ticket heading="Printer'),
            ('create Ticket title="Scanner', 'create Ticket heading="Scanner'),
        ),
        renames={"ticket.title": "heading"},
    ),
    Edit(
        "make a required field optional",
        ((_EMAIL, _EMAIL.replace("email | required", "email? |")),),
    ),
    Edit(
        "add an enumeration value",
        ((_PRIORITY, _PRIORITY.replace("high, urgent |", "high, urgent, critical |")),),
    ),
    Edit(
        "remove an enumeration value rows use",
        (
            (
                _PRIORITY.replace("high, urgent |", "high, urgent, critical |"),
                _PRIORITY.replace(" low,", ""),
            ),
        ),
        allow_data_loss=True,
        changed=frozenset({"ticket.priority"}),
    ),
    Edit("add an entity", (("## Tag\n", _TEAM),)),
    Edit("add a reference to the new entity", (_after_reopened("| team | Team? | |"),)),
    Edit("add a list field", (_after_reopened("| watchers | list of Team | |"),)),
    Edit("remove a field", ((row("snooze_until") + "\n", ""),), allow_data_loss=True),
    Edit(
        "tighten a field: unique",
        ((_OPTIONAL_EMAIL, _OPTIONAL_EMAIL.replace("? |       ", "? | unique")),),
    ),
)


def apply(text: str, edit: Edit) -> str:
    for old, new in edit.replacements:
        assert text.count(old) == 1, f"{edit.name}: {old!r} is not in the spec once"
        text = text.replace(old, new)
    return text
