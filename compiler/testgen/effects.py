"""The generated tests of effects on other rows (`sets `copy.available = true``).

For a transition whose effects change rows through references, on scenes the rule
tests' search finds (`scenes.search`):

- it goes through and each effect lands on the other row, with the value the
  effect computes on the rows before the transition;
- the actor may not update the other row: 403, and neither row changes;
- the other row breaks one of its Rules after the effects: 422 with the rule's
  sentence, and neither row changes.

A case the search finds no scene for is named in the module's comments.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from compiler.ir.anyone import effective_cell
from compiler.ir.expr import Aggregate, Expr, Path, walk
from compiler.ir.model import Spec
from compiler.ir.types import RefType
from compiler.testgen.scenes.acts import Act
from compiler.testgen.scenes.code import SceneCode, SceneTest
from compiler.testgen.scenes.scene import Scene
from compiler.testgen.scenes.search import Found, RuleScenes
from compiler.translate.names import column_name, snake, title


def effect_tests(
    spec: Spec, scenes: RuleScenes, act: Act, done: Found | None, case_id: str, ref: str
) -> tuple[list[SceneTest], list[str]]:
    """The three tests of the transition's effects on other rows, and what was not found."""
    assert act.transition is not None
    if not any(effect.reference for effect in act.transition.effects):
        return [], []
    name = f"test_{case_id.replace('-', '_')}"
    found: list[SceneTest] = []
    missing: list[str] = []
    changing = scenes.changing_other_rows(act, done.scene if done else None)
    if changing is None:
        missing.append(f"{case_id}: no rows were found where its effects change other rows")
    else:
        doc = "The transition's effects land on the rows its references point to."
        test_name = f"{name}_changes_the_rows_it_references"
        landed = scenes.as_found(changing, act)
        targets = {(key, n) for key, n in _targets(act, changing)}
        landed = Found(act, changing, False, (), landed.read | targets)
        found.append(_test(spec, scenes, landed, test_name, doc, 200, ref))
    refusals: tuple[tuple[Literal["access", "rules"], str, int, str], ...] = (
        (
            "access",
            "is_refused_without_update_access_to_the_referenced_row",
            403,
            "The actor may not update a row the effects change: 403, and neither row changes.",
        ),
        (
            "rules",
            "is_refused_when_the_referenced_row_breaks_a_rule",
            422,
            "A row the effects change breaks one of its Rules: 422, and neither row changes.",
        ),
    )
    for why, suffix, status, doc in refusals:
        impossible = _cannot_refuse(spec, act, why)
        if impossible:
            missing.append(f"{case_id}: only {_why(why)} could refuse it, but {impossible}")
            continue
        scene = scenes.refused_by_other_row(act, why)
        if scene is None:
            missing.append(f"{case_id}: no rows were found where only {_why(why)} refuses it")
            continue
        refused = scenes.as_found(scene, act)
        found.append(_test(spec, scenes, refused, f"{name}_{suffix}", doc, status, ref))
    return found, missing


def _cannot_refuse(spec: Spec, act: Act, why: str) -> str | None:
    """Why no scene can exist (a search that must fail costs its whole budget), or None."""
    assert act.transition is not None and act.role is not None
    entity = next(e for e in spec.entities for lc in e.lifecycles if lc is act.lifecycle)
    others: dict[str, set[str]] = {}
    for effect in act.transition.effects:
        reference = entity.field(effect.reference) if effect.reference else None
        if reference is not None and isinstance(reference.type, RefType):
            others.setdefault(reference.type.entity, set()).add(effect.field)
    reasons = []
    for name, fields in sorted(others.items()):
        other = spec.entity(name)
        assert other is not None
        if why == "access":
            rows = other.access.rows if other.access else ()
            cells = next((row for row in rows if row.role == act.role), None)
            read = effective_cell(other, cells, "read") if cells else None
            if cells is None or read is None or read.kind != "all" or cells.update.kind != "all":
                return None
            reasons.append(f"{act.role} may read and update every {title(name).lower()}")
        else:
            if any(_reads(rule.expr, fields, entity.name) for rule in other.rules if rule.expr):
                return None
            reasons.append(f"no rule of {name} reads what it changes")
    return "; ".join(reasons)


def _reads(expr: Expr, fields: set[str], subject: str) -> bool:
    """Whether a rule may change value with the effects: it reads a field they set (by name,
    anywhere), or counts rows of the entity in transition (whose state changes)."""
    for node in walk(expr):
        if isinstance(node, Path) and fields & set(node.parts):
            return True
        if isinstance(node, Aggregate) and (node.entity == subject or node.field in fields):
            return True
    return False


def _targets(act: Act, scene: Scene) -> list[tuple[int, str]]:
    """The other rows' fields the effects set: the test gives their values before."""
    assert act.transition is not None
    subject = scene.row(scene.subject)
    targets = []
    for effect in act.transition.effects:
        choice = subject.values.get(effect.reference) if effect.reference else None
        if choice is not None and choice.value is not None:
            targets.append((int(choice.value), effect.field))  # type: ignore[call-overload]
    return targets


def _why(why: str) -> str:
    return "the access to a referenced row" if why == "access" else "a referenced row's rule"


def _test(
    spec: Spec, scenes: RuleScenes, found: Found, name: str, doc: str, status: int, ref: str
) -> SceneTest:
    act = found.act
    assert act.transition is not None and act.lifecycle is not None
    code = SceneCode(spec, found)
    setup = code.setup()
    scene = found.scene
    subject = scene.row(scene.subject)
    action = code.action(snake(subject.entity))
    keys = scenes.acts.effect_rows(scene, act)
    names = [code.names[key] for key in keys]
    if status == 200:
        after = scenes.acts.after(scene, act)
        checks = [f"data.session.refresh({n})" for n in names]
        for effect in act.transition.effects:
            if effect.reference is None:
                continue
            choice = subject.values[effect.reference]
            if choice.value is None:
                continue
            key = int(choice.value)  # type: ignore[call-overload]
            entity = spec.entity(scene.row(key).entity)
            field = entity.field(effect.field) if entity else None
            if field is None:
                continue
            value = after.row(key).values[effect.field].value
            attribute = column_name(field.name, field.type)
            expected = _expected(value, isinstance(field.type, RefType), code.names)
            checks.append(f"assert {code.names[key]}.{attribute} {expected}")
        before: list[str] = []
    else:
        subject_name = code.names[subject.key]
        rows = [subject_name, *names]
        before = [f"data.session.refresh({n})" for n in rows]  # committed rows are expired
        before += [f"{n}_before = {n}.model_dump()" for n in rows]
        checks = [f"data.session.refresh({n})" for n in rows]
        checks += [f"assert {n}.model_dump() == {n}_before" for n in rows]
        if status == 422:
            _, rules = scenes.acts.other_rows(scene, act)
            messages = [message for holds, _, message, _ in rules if not holds]
            checks += [f"assert {message!r} in response.text" for message in messages[:1]]
    identifier = re.sub(r"\W+", "_", name)
    return SceneTest(identifier, doc, ref, setup, action, status, tuple(before), tuple(checks))


def _expected(value: object, reference: bool, names: dict[int, str]) -> str:
    """The comparison the effect's value must meet (times only as set: they are relative)."""
    if value is None:
        return "is None"
    if reference:
        return f"== {names[int(value)]}.id" if int(value) in names else "is not None"  # type: ignore[call-overload]
    if isinstance(value, bool):
        return f"is {value!r}"
    if isinstance(value, int | str):
        return f"== {value!r}"
    if isinstance(value, Decimal):
        return f'== Decimal("{value}")'
    return "is not None"
