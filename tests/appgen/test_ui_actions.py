"""Lifecycle button labels (verbs from state names) and the generated button tests' expectations."""

from __future__ import annotations

import pytest

from compiler.analyse.views import app_view
from compiler.appgen.ui_actions import move_checks, move_label, verb_of
from compiler.frontend import analyse_text


@pytest.mark.parametrize(
    ("state", "verb"),
    [
        ("closed", "close"),
        ("approved", "approve"),
        ("cancelled", "cancel"),
        ("shipped", "ship"),
        ("submitted", "submit"),
        ("returned", "return"),
        ("completed", "complete"),
        ("declined", "decline"),
        ("scheduled", "schedule"),
        ("archived", "archive"),
        ("paused", "pause"),
        ("published", "publish"),
        ("delivered", "deliver"),
        ("filled", "fill"),
        ("added", "add"),
        ("charged", "charge"),
        ("created", "create"),
        ("visited", "visit"),
        ("applied", "apply"),
        ("paid", "pay"),
        ("pending", None),
        ("in_review", None),
        ("draft", None),
        ("red", None),
    ],
)
def test_a_participle_state_is_reached_by_its_verb(state: str, verb: str | None) -> None:
    assert verb_of(state) == verb


def test_labels_are_verbs_reopen_or_set() -> None:
    assert move_label("open", "closed") == "Close"
    assert move_label("closed", "open") == "Reopen"
    assert move_label("pending", "open") == "Set open"
    assert move_label("open", "in_progress") == "Set in progress"


SPEC = """---
app: desk
title: Desk
summary: A desk.
auth:
  roles: [clerk, boss, guest]
---

# Desk

Work.

## Job

| Field  | Type                          | Rules                                   |
|--------|-------------------------------|-----------------------------------------|
| name   | text                          | required                                |
| by     | User                          | set to current user                     |
| status | one of: open, done, closed    | default open; changes by lifecycle only |
| tries  | int                           | default 0                               |

### Lifecycle of status

- open → done, by clerk
- open → closed, by boss, when `tries < 3`
- done → open, by boss

### Access

| Role  | create | read | update | delete |
|-------|--------|------|--------|--------|
| clerk | yes    | all  | all    | no     |
| boss  | no     | all  | all    | no     |
| guest | no     | all  | no     | no     |
"""


def test_button_tests_cover_unguarded_moves_from_the_initial_state() -> None:
    result = analyse_text(SPEC)
    assert result.ok and result.spec is not None, result.diagnostics
    checks = move_checks(app_view(result.spec).entity("Job"))
    # The guarded move (open → closed) is checked only for the guest, who may update no
    # row and so sees no button; the move from `done` is not checked on a new row.
    assert {(c.role, c.target, c.shown) for c in checks} == {
        ("clerk", "done", True),
        ("boss", "done", False),
        ("guest", "done", False),
        ("guest", "closed", False),
    }
