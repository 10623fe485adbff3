"""Minimal inputs that make the front end raise, found by fuzzing.

Each test is `xfail(strict=True)`: when the compiler is fixed the test passes,
strict xfail turns that into a failure, and the marker should be removed so the
test guards against regressions.
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


@pytest.mark.xfail(
    strict=True,
    raises=RecursionError,
    reason="the expression type checker (compiler/check/expr_types.py type_of/_binary) "
    "recurses once per operand of a flat operator chain; ~500 operands exceed the "
    "recursion limit (the parser's nesting limit only counts parentheses)",
)
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
@pytest.mark.xfail(
    strict=True,
    raises=ValueError,
    reason="int(text) on a number literal longer than sys.get_int_max_str_digits() raises "
    "ValueError (compiler/lower/literals.py parse_literal, compiler/lower/field_rules.py "
    "_length); the expression lexer reports 'integer is too large' instead",
)
@pytest.mark.parametrize(
    "rules",
    ["default {n}", "length {n}", "length 1..{n}", "min {n}", "max {n}", "range 1..{n}"],
)
def test_huge_integer_in_field_rule(rules: str) -> None:
    analyse_text_checked(spec(rules=rules.format(n=BIG)))


@needs_int_limit
@pytest.mark.xfail(
    strict=True,
    raises=ValueError,
    reason="huge integers in example steps: `expect count N` (compiler/lower/examples.py, "
    "int(args[1].text)) and `field=N` values (compiler/lower/literals.py parse_literal)",
)
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
@pytest.mark.xfail(strict=True, raises=ValueError, reason="same as test_huge_integer_in_field_rule")
def test_huge_integer_through_analyse_bytes() -> None:
    analyse_bytes_checked(spec(rules=f"default {BIG}").encode())


@pytest.mark.xfail(
    strict=True,
    raises=ValueError,
    reason="str.isdigit() is true for superscript digits such as '²', which int() refuses: "
    "compiler/lower/field_rules.py (_is_count / _length) and compiler/lower/examples.py "
    "(`expect count`); str.isdecimal() or a [0-9] regex would be right",
)
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
