"""The view of `tests/test_<entity>_rules.py`: for every rule, a write that breaks it and one
that keeps it, found by `scenes.search` and printed as plain test code.

Each test makes its rows with the factory, giving exactly the values the rule's
conditions read (the factory chooses the rest), then acts through the API as a
user of one role: it creates the row, changes it, or moves it along its
lifecycle. A broken rule must get 422 with the sentences of the rules the app
reports; a kept one must succeed. A rule that no write through the API can
break is tested in the database when it is a CHECK constraint. A rule the search
finds no scene for is named in the module's comments, with the reason.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from compiler.analyse.views import EntityView
from compiler.ir.model import Entity, Rule, Spec
from compiler.ir.refs import spec_refs
from compiler.testgen.scenes.code import SceneCode
from compiler.testgen.scenes.search import BUDGET, Found, RuleScenes


@dataclass(frozen=True, slots=True)
class RuleTest:
    name: str
    doc: tuple[str, ...]
    """The docstring's lines: the rule's sentence, a blank line, how the test acts."""
    spec_ref: str
    setup: tuple[str, ...]
    """Statements that make the rows (a loop's body is indented by four spaces)."""
    action: str
    """The request (an expression), or the factory call that must fail."""
    outcome: str
    """`refused` (422), `accepted` (201 or 200) or `integrity` (the database refuses)."""
    status: int
    messages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RuleTestsView:
    module: str
    url: str
    label_plural: str
    tests: tuple[RuleTest, ...]
    notes: tuple[str, ...]
    """Rules without a derived test, and why (printed as comments)."""

    @property
    def empty(self) -> bool:
        return not self.tests and not self.notes


def rule_tests_view(
    spec: Spec, entity: Entity, view: EntityView, scenes: RuleScenes
) -> RuleTestsView:
    tests: list[RuleTest] = []
    notes: list[str] = []
    for number, rule in enumerate(entity.rules, 1):
        if rule.expr is None:
            continue
        broken = scenes.broken(rule)
        kept = scenes.kept(rule, broken)
        for found, missing in ((broken, "breaks"), (kept, "keeps")):
            if found is None:
                notes.append(
                    f'Rule {number}, "{rule.message}": no write that '
                    f"{missing} it was found (within {BUDGET} scenes per kind of write)."
                )
            else:
                tests.append(_test(spec, view, rule, number, found))
    return RuleTestsView(
        module=view.module,
        url=f"/api/{view.url}",
        label_plural=view.label_plural,
        tests=tuple(tests),
        notes=tuple(notes),
    )


def _test(spec: Spec, view: EntityView, rule: Rule, number: int, found: Found) -> RuleTest:
    writer = SceneCode(spec, found)
    setup = writer.setup()
    action = writer.action(view.module)
    outcome = (
        "integrity" if found.act.kind == "insert" else "refused" if found.broken else "accepted"
    )
    return RuleTest(
        name=f"test_rule_{number}_is_{'broken' if found.broken else 'kept'}",
        doc=_doc(rule, found, writer.role, view),
        spec_ref=spec_refs(spec).of(rule.span),
        setup=setup,
        action=action,
        outcome=outcome,
        status=201 if found.act.kind == "create" else 200,
        messages=tuple(sorted(found.messages)),
    )


def _doc(rule: Rule, found: Found, role: str, view: EntityView) -> tuple[str, ...]:
    label = _article(view.label.lower())
    act = found.act
    if act.kind == "transition":
        assert act.transition is not None
        doing = f"{_article(role)} moves {label} from {act.source} to {act.transition.target}"
    else:
        doing = {
            "create": f"{_article(role)} creates {label}",
            "update": f"{_article(role)} changes {label}",
            "insert": f"{label} stored directly",
        }[act.kind]
    if act.kind == "insert":
        how = (
            f"Broken by {doing}: the database refuses it. No write through the API was found "
            "that breaks it."
        )
    else:
        how = f"Broken when {doing}: 422." if found.broken else f"Kept when {doing}."
    return (*textwrap.wrap(rule.message, 90), "", *textwrap.wrap(how, 90))


def _article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"
