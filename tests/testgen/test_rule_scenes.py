"""The derived rule tests: scenes that break and keep each rule, found by search.

The example specs' generated tests run in the gate (and on PostgreSQL), so the
scenes are checked against the real app there; these tests pin down the search
itself on small specs, each about one way a rule can be reached.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from textwrap import dedent

import pytest

from compiler.analyse.facts import spec_facts
from compiler.analyse.views import app_view
from compiler.frontend import analyse_file, analyse_text
from compiler.gate import build
from compiler.generate import generate
from compiler.ir.model import Spec
from compiler.testgen.lifecycles import lifecycle_tests
from compiler.testgen.scenes.acts import Act
from compiler.testgen.scenes.factory import FactoryModel
from compiler.testgen.scenes.scene import Choice, Evaluator, Opaque, Reading, Scene, Unassigned
from compiler.testgen.scenes.search import Found, RuleScenes
from compiler.testgen.scenes.values import field_values, literals_of

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ["helpdesk", "inventory", "bookings"]

FRONT = """\
---
app: shop
title: Shop
auth:
  roles: [clerk, manager]
---

"""


def _spec(body: str) -> Spec:
    result = analyse_text(FRONT + dedent(body))
    errors = [d.message for d in result.diagnostics if d.severity == "error"]
    assert result.spec is not None and not errors, errors
    return result.spec


def _scenes(spec: Spec, entity: str) -> RuleScenes:
    found = spec.entity(entity)
    assert found is not None
    return RuleScenes(spec, found, Evaluator(spec), FactoryModel(spec, spec_facts(spec)))


def _rows(found: Found, entity: str) -> list:
    return [r for r in found.scene.rows if r.entity == entity and not r.patch]


@pytest.mark.parametrize("app", EXAMPLES)
def test_every_rule_of_the_examples_is_broken_and_kept(app: str) -> None:
    path = f"specs/{app}/spec.md"
    spec = analyse_file(ROOT / path, path).spec
    for entity in spec.entities:
        scenes = _scenes(spec, entity.name)
        for rule in entity.rules:
            broken = scenes.broken(rule)
            kept = scenes.kept(rule, broken)
            assert broken is not None and rule.message in broken.messages, rule.message
            assert kept is not None and not kept.messages, rule.message


SHOP = """\
## Tag

| Field | Type | Rules                           |
|-------|------|---------------------------------|
| name  | text | required; unique; length 2..20  |

### Rules

- At most three tags. `count(Tag) <= 3`

### Access

| Role    | create | read | update | delete |
|---------|--------|------|--------|--------|
| clerk   | yes    | all  | no     | no     |
| manager | yes    | all  | all    | all    |

## Item

| Field | Type                     | Rules                 |
|-------|--------------------------|-----------------------|
| name  | text                     | required; length 2..40 |
| price | money                    | min 0                 |
| cost  | money                    | min 0                 |
| state | one of: draft, sold      | default draft         |
| sold_at | datetime?              | read-only             |

### Rules

- Price covers cost. `price >= cost`
- A sold item records when. `state != "sold" or sold_at is not null`
- Long names are never used. `len(name) >= 0`

### Lifecycle of state

- draft → sold, by manager: sets `sold_at = now()`

### Access

| Role    | create | read | update | delete |
|---------|--------|------|--------|--------|
| clerk   | no     | all  | all    | no     |
| manager | yes    | all  | all    | all    |
"""


def test_a_count_is_broken_by_rows_alike_and_kept_one_short() -> None:
    spec = _spec(SHOP)
    scenes = _scenes(spec, "Tag")
    rule = spec.entity("Tag").rules[0]
    broken = scenes.broken(rule)
    kept = scenes.kept(rule, broken)
    assert broken is not None and broken.act.kind == "create"
    assert sum(r.copies for r in _rows(broken, "Tag") if not r.by_api) == 3
    assert kept is not None and sum(r.copies for r in _rows(kept, "Tag") if not r.by_api) == 2


def test_a_comparison_is_broken_and_kept_by_one_value() -> None:
    spec = _spec(SHOP)
    scenes = _scenes(spec, "Item")
    rule = spec.entity("Item").rules[0]
    broken = scenes.broken(rule)
    kept = scenes.kept(rule, broken)
    assert broken is not None and broken.act.kind == "create"
    assert broken.messages == ("Price covers cost.",)
    sent = broken.scene.row(broken.scene.subject).values
    assert sent["price"].value < sent["cost"].value
    assert kept is not None
    changed = {
        name
        for name, choice in kept.scene.row(kept.scene.subject).values.items()
        if sent.get(name) != choice
    }
    assert changed in ({"price"}, {"cost"})  # the kept write is one value away


def test_a_rule_only_lifecycle_effects_touch_is_tested_in_the_database() -> None:
    spec = _spec(SHOP)
    scenes = _scenes(spec, "Item")
    rule = spec.entity("Item").rules[1]
    broken = scenes.broken(rule)
    assert broken is not None and broken.act.kind == "insert"
    (item,) = [r for r in _rows(broken, "Item") if r.key == broken.scene.subject]
    assert item.values["state"].value == "sold" and item.values["sold_at"].value is None


def test_a_rule_nothing_breaks_has_no_broken_scene() -> None:
    spec = _spec(SHOP)
    scenes = _scenes(spec, "Item")
    rule = spec.entity("Item").rules[2]
    assert scenes.broken(rule) is None
    assert scenes.kept(rule, None) is not None


def test_the_clerk_breaks_by_changing_what_only_managers_create() -> None:
    manager_may = '`price >= cost or current_user.role == "manager"`'
    spec = _spec(SHOP.replace("`price >= cost`", manager_may))
    scenes = _scenes(spec, "Item")
    rule = spec.entity("Item").rules[0]
    broken = scenes.broken(rule)
    assert broken is not None and broken.act.kind == "update"
    actor = broken.scene.row(broken.scene.actor)
    assert actor.values["role"].value == "clerk"
    patch = broken.scene.patch
    assert patch is not None and set(patch.values) <= {"name", "price", "cost"}


# --- the evaluator ---------------------------------------------------------------------


def test_reading_an_unchosen_field_asks_for_it_and_reads_are_recorded() -> None:
    spec = _spec(SHOP)
    item = spec.entity("Item")
    rule = item.rules[0]
    assert rule.expr is not None
    scene = Scene()
    scene.actor = scene.add("User", {"role": Choice("clerk", "'clerk'")})
    scene.subject = scene.add("Item", {"price": Choice(Decimal("1.00"), "")})
    evaluator = Evaluator(spec)
    with pytest.raises(Unassigned) as missing:
        evaluator.evaluate(scene, item, rule.expr, scene.subject)
    assert missing.value.name == "cost"
    scene.row(scene.subject).values["cost"] = Choice(Decimal("2.00"), "")
    value, reading = evaluator.evaluate(scene, item, rule.expr, scene.subject)
    assert value is False
    assert reading.fields == {(scene.subject, "price"), (scene.subject, "cost")}


def test_counting_users_is_opaque() -> None:
    spec = _spec(SHOP.replace("`count(Tag) <= 3`", "`count(User) <= 3`"))
    tag = spec.entity("Tag")
    scene = Scene()
    scene.actor = scene.add("User", {"role": Choice("clerk", "'clerk'")})
    scene.subject = scene.add("Tag", {"name": Choice("ab", "'ab'")})
    with pytest.raises(Opaque):
        Evaluator(spec).value(scene, tag, tag.rules[0].expr, scene.subject, Reading())


# --- candidate values ------------------------------------------------------------------


def test_values_include_the_rules_boundaries_and_respect_field_bounds() -> None:
    spec = _spec(SHOP)
    item = spec.entity("Item")
    price = item.field("price")
    literals = literals_of([item.rules[0].expr])
    values = [c.value for c in field_values(item, price, None, literals, 1)]
    assert values[0] == Decimal("10.00")  # the natural value first
    assert Decimal("0.00") in values and all(v >= 0 for v in values)


def test_values_around_a_literal_bound_of_the_rule_are_offered() -> None:
    path = "specs/inventory/spec.md"
    move = analyse_file(ROOT / path, path).spec.entity("StockMove")
    rule = move.rules[2]  # kind != "write_off" or quantity >= -50 or len(…) >= 20
    quantity = move.field("quantity")
    values = [c.value for c in field_values(move, quantity, None, literals_of([rule.expr]), 1)]
    assert {-50, -51, -49} <= set(values)
    assert all(-10000 <= v <= 10000 for v in values)


def test_a_guard_over_other_rows_gets_rows_where_it_holds_and_where_only_it_fails() -> None:
    path = "specs/inventory/spec.md"
    spec = analyse_file(ROOT / path, path).spec
    order = spec.entity("SalesOrder")
    lifecycle = order.lifecycles[0]
    submit = lifecycle.transitions[0]  # draft → submitted, when no line exceeds the stock
    act = Act("transition", lifecycle, submit, "draft", "manager")
    done, stopped = _scenes(spec, "SalesOrder").transition(act)
    assert done is not None and stopped is not None
    for found in (done, stopped):
        assert found.scene.row(found.scene.actor).values["role"].value == "manager"
        assert [r for r in found.scene.rows if r.entity == "OrderLine"]
    # Only the stock differs: with none, the line asks for more than is available.
    assert [r for r in done.scene.of("StockMove")]
    assert not [r for r in stopped.scene.of("StockMove")]  # (the row alike is made 0 times)


def test_a_role_that_updates_only_where_a_condition_holds_gets_a_searched_transition() -> None:
    manager = "| manager | yes    | all  | all    | all    |"
    head, _, tail = SHOP.rpartition(manager)  # the last one: Item's Access table
    spec = _spec(head + "| manager | yes    | all  | where `cost >= 1` | all    |" + tail)
    item = spec.entity("Item")
    view = next(v for v in app_view(spec).entities if v.name == "Item")
    (tests,) = lifecycle_tests(spec, item, view, _scenes(spec, "Item"))
    (case,) = tests.searched
    assert case.name == "test_draft_to_sold_by_manager_succeeds" and case.status == 200
    assert case.doc == "The transition goes through on a row the manager may update."
    assert any("cost=" in line for line in case.setup)  # the row meets the `where`


def test_the_derived_tests_of_a_spec_that_needs_every_kind_of_write_pass_in_its_app(
    tmp_path: Path,
) -> None:
    """A count (rows alike), a rule only a clerk's PATCH breaks, one only the database can
    refuse, a rule nothing breaks, and a transition for a role limited by a `where`:
    compiled, and the derived tests run against the real app in the gate."""
    manager_may = '`price >= cost or current_user.role == "manager"`'
    text = SHOP.replace("`price >= cost`", manager_may)
    head, _, tail = text.rpartition("| manager | yes    | all  | all    | all    |")
    text = head + "| manager | yes    | all  | where `cost >= 1` | all    |" + tail
    path = tmp_path / "spec.md"
    path.write_text(FRONT + dedent(text))
    result = analyse_file(path, "spec.md")
    assert result.spec is not None and result.ok
    built = build(result.spec, path, tmp_path / "out", generate)
    assert built.ok, [d.message for d in built.diagnostics]
    rules = (tmp_path / "out" / "tests" / "test_item_rules.py").read_text()
    assert "Broken when a clerk changes an item: 422." in rules
    assert "with pytest.raises(IntegrityError):" in rules
    assert 'Rule 3, "Long names are never used.": no write' in rules
    lifecycle = (tmp_path / "out" / "tests" / "test_item_state_lifecycle.py").read_text()
    assert "def test_draft_to_sold_by_manager_succeeds(" in lifecycle


def test_a_role_missing_from_the_access_table_may_do_nothing() -> None:
    """W406 allows a role without a row: it can neither act nor crash the search."""
    item_clerk = "| clerk   | no     | all  | all    | no     |\n"
    assert item_clerk in SHOP
    spec = _spec(SHOP.replace(item_clerk, ""))
    item = spec.entity("Item")
    scenes = _scenes(spec, "Item")
    inserted = scenes.broken(item.rules[1])  # by the factory, "as" the first role: clerk
    assert inserted is not None and inserted.act.kind == "insert"
    created = scenes.broken(item.rules[0])
    assert created is not None
    assert created.scene.row(created.scene.actor).values["role"].value == "manager"
