"""The labels of lifecycle buttons: the spec's `as "…"`, else a verb derived from the target state.

A state named by a past participle is reached by its verb: `closed` → "Close",
`approved` → "Approve", `cancelled` → "Cancel", `shipped` → "Ship". Going back to
`open` from such states is "Reopen". Any other state is "Set <state>" ("Set
pending", "Set in progress"). The derivation is a small English heuristic for
regular verbs (with a few common irregular participles); docs/decisions.md
records why it is not a dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.access import Grant
from compiler.analyse.lifecycles import LifecycleView
from compiler.analyse.views import EntityView

_IRREGULAR = {
    "paid": "pay",
    "sent": "send",
    "sold": "sell",
    "held": "hold",
    "built": "build",
    "spent": "spend",
    "shut": "shut",
    "done": "finish",
}
_VOWELS = "aeiou"
_KEPT_DOUBLES = ("ll", "ss", "ff", "zz", "dd")
"""Doubled letters that belong to the verb (`filled`, `passed`, `added`), not to `-ed`."""


def transition_labels(lifecycle: LifecycleView) -> tuple[tuple[str, str, str], ...]:
    """(source, target, label) of every move the lifecycle lists, sorted."""
    return tuple(
        sorted(
            (source, t.target, t.label or move_label(source, t.target))
            for t in lifecycle.transitions
            for source in t.sources
        )
    )


def move_label(source: str, target: str) -> str:
    """The button text of the move from `source` to `target`."""
    if target == "open" and verb_of(source) is not None:
        return "Reopen"
    verb = verb_of(target)
    if verb is None:
        return f"Set {target.replace('_', ' ')}"
    return verb.capitalize()


def verb_of(state: str) -> str | None:
    """The verb whose past participle names the state, or None (`pending`, `in_review`)."""
    if state in _IRREGULAR:
        return _IRREGULAR[state]
    if "_" in state or not state.endswith("ed") or len(state) < 5:
        return None
    if state.endswith("ied"):
        return f"{state[:-3]}y"
    stem = state[:-2]
    if stem.endswith("ell") and not stem.endswith(("ill", "all")) and len(stem) > 4:
        return stem[:-1]  # cancelled, labelled (British spelling)
    if stem[-1] == stem[-2] and stem[-1] not in _VOWELS and stem[-2:] not in _KEPT_DOUBLES:
        return stem[:-1]  # shipped, submitted, planned
    return f"{stem}e" if _drops_e(stem) else stem


def _drops_e(stem: str) -> bool:
    """Whether the verb ends in a silent `e` that `-ed` absorbed (`clos` + e, `approv` + e)."""
    last, before = stem[-1], stem[-2]
    single_vowel = before in _VOWELS and stem[-3] not in _VOWELS
    if last in "vuzc":
        return True  # approve, issue, finalize, place
    if last == "s":
        return before in _VOWELS  # close, pause, release
    if last == "g":
        return before in "anr" or single_vowel  # stage, change, charge
    if last == "l":
        return before not in f"{_VOWELS}l" or single_vowel  # settle, schedule, file
    if last == "r":
        return single_vowel and before != "e"  # store, expire, cure
    if last == "n":
        return single_vowel and before == "i"  # decline, define
    if last == "t":
        return before == "a" or (single_vowel and before != "i")  # create, complete
    if last in "kdpmb":
        return single_vowel  # revoke, decide, consume
    return False


@dataclass(frozen=True, slots=True)
class UiMoveCheck:
    """A generated test: `role` opens a new row (in the initial state) and does or does
    not see the button to `target`. Only roles that may read every row; a role that may
    update none sees no button at all, one that may update every row sees those of the
    moves without a guard that it is named in — so the expectation follows from the
    Access table and the lifecycle alone."""

    entity: EntityView
    field: str
    role: str
    target: str
    shown: bool


def move_checks(entity: EntityView) -> tuple[UiMoveCheck, ...]:
    readers = [
        r for r in entity.access.read.roles if r in _unconditional(entity.access.read.grants)
    ]
    updaters = _unconditional(entity.access.update.grants)
    checks = []
    for lifecycle in entity.lifecycles:
        moves = [t for t in lifecycle.transitions if lifecycle.initial in t.sources]
        for role in readers:
            if role not in entity.access.update.roles:  # no update access: never a button
                checks += [
                    UiMoveCheck(entity, lifecycle.attribute, role, t.target, False) for t in moves
                ]
            elif role in updaters:
                checks += [
                    UiMoveCheck(entity, lifecycle.attribute, role, t.target, role in t.roles)
                    for t in moves
                    if t.guard is None
                ]
    return tuple(checks)


def _unconditional(grants: tuple[Grant, ...]) -> set[str]:
    return {role for grant in grants if grant.condition is None for role in grant.roles}
