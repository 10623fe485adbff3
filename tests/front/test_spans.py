"""Exact source spans of IR nodes, computed by hand from the text of each test.

Spans are 1-based; `end_col` is exclusive.
"""

from __future__ import annotations

import pytest

from compiler.ir.examples import ActAs, Create, Expect, GivenUser
from compiler.ir.expr import Binary, Path
from compiler.ir.model import Entity, Length, Maximum, Minimum, Pattern, Spec, Unique
from compiler.ir.span import Span
from tests.front.helpers import build, build_entity, build_field, spec_text

TEXT = """\
---
app: demo
title: Demo
auth:
  roles: [member, admin]
---

# Demo

## Order

| Field  | Type                | Rules               |
|--------|---------------------|---------------------|
| status | one of: draft, sent | default draft       |
| qty    | int                 | range 1..10         |
| total  | int                 | computed: `qty * 2` |
| maker  | User                | set to current user |

### Rules

- Quantity must be even. `qty % 2 == 0`
- Quantity is small. `qty < 10`

### Lifecycle of status

- draft -> sent, by member (own)

### Access

| Role   | create | read            | update | delete |
|--------|--------|-----------------|--------|--------|
| member | yes    | where `qty > 1` | own    | no     |
| admin  | yes    | all             | all    | all    |

### Examples

```example
Sending
  given member ann
as ann
create Order O1 qty=2
expect O1.total == 4
```
"""


@pytest.fixture(scope="module")
def spec() -> Spec:
    return build(TEXT)


@pytest.fixture(scope="module")
def order(spec: Spec) -> Entity:
    return spec.entities[0]


def test_the_text_is_laid_out_as_assumed() -> None:
    lines = TEXT.split("\n")
    assert lines[13].startswith("| status")
    assert lines[20].startswith("- Quantity must")
    assert lines[31].startswith("| member")
    assert lines[38] == "  given member ann"


def test_entity_name(order: Entity) -> None:
    assert order.name_span == Span(10, 4, 10, 9)


def test_field_name_and_row(order: Entity) -> None:
    status = order.fields[0]
    assert status.name_span == Span(14, 3, 14, 9)
    assert status.span == Span(14, 1, 14, 55)  # the row is 54 characters


def test_type_cell(order: Entity) -> None:
    # "| status | " is 11 characters; "one of: draft, sent" is 19
    assert order.fields[0].type_span == Span(14, 12, 14, 31)
    assert order.fields[1].type_span == Span(15, 12, 15, 15)


def test_field_rule_item(order: Entity) -> None:
    # "| status | one of: draft, sent | " is 33 characters; "default draft" is 13
    assert order.fields[0].rules[0].span == Span(14, 34, 14, 47)


def test_expression_in_a_table_cell(order: Entity) -> None:
    # "| total  | int                 | computed: `" is 44 characters
    expr = order.fields[2].rules[0].expr  # type: ignore[union-attr]
    assert isinstance(expr, Binary)
    assert expr.span == Span(16, 45, 16, 52)
    assert expr.op_span == Span(16, 49, 16, 50)
    assert expr.left == Path(("qty",), Span(16, 45, 16, 48), (Span(16, 45, 16, 48),))
    assert expr.right.span == Span(16, 51, 16, 52)


def test_rule_item(order: Entity) -> None:
    assert order.rules[0].span == Span(21, 1, 21, 40)


def test_expression_in_a_bullet(order: Entity) -> None:
    # "- Quantity must be even. `" is 26 characters; "qty % 2 == 0" is 12
    expr = order.rules[0].expr
    assert isinstance(expr, Binary)
    assert expr.span == Span(21, 27, 21, 39)
    assert expr.op_span == Span(21, 35, 21, 37)
    assert expr.left.span == Span(21, 27, 21, 34)
    assert expr.right.span == Span(21, 38, 21, 39)


def test_last_rule_item(order: Entity) -> None:
    # "- Quantity is small. `qty < 10`" is 31 characters
    assert order.rules[1].span == Span(22, 1, 22, 32)


def test_lifecycle_field(order: Entity) -> None:
    assert order.lifecycles[0].field_span == Span(24, 18, 24, 24)


def test_transition_parts(order: Entity) -> None:
    transition = order.lifecycles[0].transitions[0]
    assert transition.sources_span == Span(26, 3, 26, 8)
    assert transition.target_span == Span(26, 12, 26, 16)
    assert transition.actors[0].span == Span(26, 21, 26, 27)  # the role name


def test_access_cells(order: Entity) -> None:
    member = order.access.rows[0]  # type: ignore[union-attr]
    assert member.span == Span(32, 1, 32, 56)  # the row is 55 characters
    assert member.role_span == Span(32, 3, 32, 9)
    assert member.create.span == Span(32, 12, 32, 15)
    # "| member | yes    | " is 20 characters; "where `qty > 1`" is 15
    assert member.read.span == Span(32, 21, 32, 36)
    assert member.read.condition.span == Span(32, 28, 32, 35)  # type: ignore[union-attr]
    assert member.update.span == Span(32, 39, 32, 42)
    assert member.delete.span == Span(32, 48, 32, 50)


def test_example_steps(spec: Spec) -> None:
    example = spec.examples[0]
    assert example.span == Span(37, 1, 43, 4)
    given, act, create, expect = example.steps
    assert isinstance(given, GivenUser) and given.span == Span(39, 9, 39, 19)
    assert isinstance(act, ActAs) and act.span == Span(40, 1, 40, 7)
    assert isinstance(create, Create) and create.span == Span(41, 1, 41, 22)
    assert create.values[0].span == Span(41, 17, 41, 22)
    assert create.values[0].value.span == Span(41, 21, 41, 22)
    assert isinstance(expect, Expect) and expect.span == Span(42, 1, 42, 21)
    condition = expect.condition
    assert isinstance(condition, Binary)
    assert condition.span == Span(42, 8, 42, 21)
    assert condition.left == Path(
        ("O1", "total"), Span(42, 8, 42, 16), (Span(42, 8, 42, 10), Span(42, 11, 42, 16))
    )


def test_range_bound_literals(order: Entity) -> None:
    low, high = order.fields[1].rules
    assert isinstance(low, Minimum) and isinstance(high, Maximum)
    # "| qty    | int                 | range " is 39 characters
    assert low.value.span == Span(15, 40, 15, 41)
    assert high.value.span == Span(15, 43, 15, 45)


def test_bound_literal() -> None:
    # line 14: "| f | int | min 5 |"
    rule = build_field("| f | int | min 5 |").rules[0]
    assert isinstance(rule, Minimum)
    assert rule.span == Span(14, 13, 14, 18)
    assert rule.value.span == Span(14, 17, 14, 18)


def test_length_item() -> None:
    rule = build_field("| f | text | length 2..8 |").rules[0]
    assert isinstance(rule, Length)
    assert rule.span == Span(14, 14, 14, 25)


def test_spans_after_an_escaped_pipe() -> None:
    # line 14: | code | text | pattern `^(a\|b)$`; unique |
    # the regex's source text `^(a\|b)$` is at columns 26..33, `unique` at 37..42
    pattern, unique = build_field("| code | text | pattern `^(a\\|b)$`; unique |").rules
    assert isinstance(pattern, Pattern) and isinstance(unique, Unique)
    assert pattern.span == Span(14, 26, 14, 34)
    assert unique.span == Span(14, 37, 14, 43)


def test_guard_on_a_continuation_line() -> None:
    lifecycle = (
        '### Lifecycle of status\n\n- draft -> sent, by member,\n  when `status == "draft"`\n'
    )
    text = spec_text("| status | one of: draft, sent | |", sections=lifecycle)
    assert text.split("\n")[18] == '  when `status == "draft"`'
    entity = build_entity("| status | one of: draft, sent | |", sections=lifecycle)
    guard = entity.lifecycles[0].transitions[0].guard
    # line 19, after "  when `" (8 characters); `status == "draft"` is 17 characters
    assert guard is not None
    assert guard.span == Span(19, 9, 19, 26)
