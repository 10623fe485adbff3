"""Property: for any rule the checker accepts, the scene search ends without an error, and
what it finds is a test that compiles and keeps its promise.

Hypothesis draws a well-typed condition over the agreement test's spec
(`agreement/strategies.py`), adds it as a rule of Item, and asks the search for a
write that breaks it and one that keeps it. A found broken scene must report the
rule; a found kept one must report nothing; both print as valid Python. A rule the
search finds nothing for is allowed (it becomes a comment in the generated module),
never a crash.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import compiler.testgen.scenes.search as rule_scenes
from compiler.analyse.facts import spec_facts
from compiler.frontend import analyse_text
from compiler.testgen.scenes.code import SceneCode
from compiler.testgen.scenes.factory import FactoryModel
from compiler.testgen.scenes.scene import Evaluator
from compiler.testgen.scenes.search import RuleScenes
from tests.translate.agreement.schema import SPEC
from tests.translate.agreement.strategies import Ctx, expression

ITEM_ACCESS = "### Access\n\n| Role  | create | read | update | delete |"


def _spec_with_rule(condition: str):
    """The agreement spec with `condition` as the one rule of Item."""
    head, item = SPEC.split("## Item", 1)
    rules = f"### Rules\n\n- The rule under test. `{condition}`\n\n"
    return analyse_text(head + "## Item" + item.replace(ITEM_ACCESS, rules + ITEM_ACCESS, 1))


@pytest.fixture(autouse=True)
def _small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rule_scenes, "BUDGET", 300)  # a property run, not a full search


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.data())
def test_any_rule_gets_scenes_that_keep_their_promise_or_none(data: st.DataObject) -> None:
    condition = data.draw(expression("bool", Ctx("Item", "Item"), depth=3))
    result = _spec_with_rule(condition)
    if not result.ok:  # the strategies also draw what the checker refuses for rules
        return
    spec = result.spec
    assert spec is not None
    item = spec.entity("Item")
    rule = item.rules[0]
    scenes = RuleScenes(spec, item, Evaluator(spec), FactoryModel(spec, spec_facts(spec)))
    broken = scenes.broken(rule)
    kept = scenes.kept(rule, broken)
    if broken is not None:
        assert rule.message in broken.messages, condition
    if kept is not None:
        assert kept.messages == (), condition
    for found in (broken, kept):
        if found is not None:
            code = SceneCode(spec, found)
            body = "\n".join((*code.setup(), f"response = {code.action('item')}"))
            compile(body, "<derived test>", "exec")
