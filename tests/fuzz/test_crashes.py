"""Minimal inputs that make the front end raise, found by fuzzing.

Each was a crash (an exception escaping the front end) until it was fixed; the
tests now guard against regressions: every input must end in diagnostics.
"""

from __future__ import annotations

import sys

import pytest

from tests.fuzz._support import analyse_bytes_checked, analyse_text_checked

SPEC = """---
app: a
title: A
auth:
  roles: [agent]
---

## Thing

| Field | Type | Rules |
|---|---|---|
| n | int | {rules} |

### Rules

- A rule. `{expr}`

### Access

| Role | create | read | update | delete |
|---|---|---|---|---|
| agent | yes | all | all | all |
{extra}"""


def spec(rules: str = "", expr: str = "n >= 0", extra: str = "") -> str:
    return SPEC.replace("{rules}", rules).replace("{expr}", expr).replace("{extra}", extra)


def test_the_template_is_valid() -> None:
    assert analyse_text_checked(spec()).diagnostics == ()


@pytest.mark.parametrize("op", ["+", "and"])
def test_long_flat_operator_chain(op: str) -> None:
    operand = "n" if op == "+" else "n > 0"
    expr = f" {op} ".join([operand] * 1000) + (" > 0" if op == "+" else "")
    analyse_text_checked(spec(expr=expr))


INT_LIMIT = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
BIG = "1" + "0" * INT_LIMIT
"""An integer one digit longer than `int()` accepts by default (4,300 digits)."""

needs_int_limit = pytest.mark.skipif(INT_LIMIT == 0, reason="no int string conversion limit")


@needs_int_limit
@pytest.mark.parametrize(
    "rules",
    ["default {n}", "length {n}", "length 1..{n}", "min {n}", "max {n}", "range 1..{n}"],
)
def test_huge_integer_in_field_rule(rules: str) -> None:
    analyse_text_checked(spec(rules=rules.format(n=BIG)))


@needs_int_limit
@pytest.mark.parametrize(
    "steps",
    [
        "list Thing\nexpect count {n}",
        "given Thing T1 n={n}\nlist Thing\nexpect ok",
    ],
    ids=["expect-count", "given-value"],
)
def test_huge_integer_in_example(steps: str) -> None:
    block = "\n```example\nHuge\n" + steps.format(n=BIG) + "\n```\n"
    analyse_text_checked(spec(extra=block))


@needs_int_limit
def test_huge_integer_through_analyse_bytes() -> None:
    analyse_bytes_checked(spec(rules=f"default {BIG}").encode())


@pytest.mark.parametrize(
    "where",
    ["length ²", "length ²..3", "length 1..²", "expect count ²"],
)
def test_superscript_digit(where: str) -> None:
    if where.startswith("expect"):
        text = spec(extra=f"\n```example\nSuperscript\nlist Thing\n{where}\n```\n")
    else:
        text = spec(rules=where)
    analyse_text_checked(text)
