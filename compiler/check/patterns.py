"""A field's `pattern`: a valid Python regex that the generated app's regex engine can check.

The spec's patterns are Python regular expressions (the test generator draws
and checks values with Python's `re`); the app checks them with pydantic,
whose engine (Rust's `regex`) lacks look-arounds and back-references, so
those are refused here rather than at the app's start-up.
"""

from __future__ import annotations

import re

from pydantic_core import SchemaError, SchemaValidator, core_schema

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import Pattern
from compiler.ir.span import Span


def check_pattern(rule: Pattern, regex: str, diags: Diagnostics) -> None:
    try:
        re.compile(regex)
    except re.error as error:
        col = rule.span.col + (error.pos or 0)
        diags.add(
            codes.BAD_PATTERN,
            Span.point(rule.span.line, min(col, rule.span.end_col - 1)),
            f"invalid regular expression: {error.msg}",
        )
        return
    try:
        SchemaValidator(core_schema.str_schema(pattern=regex))
    except SchemaError as error:
        reason = next(
            (
                line.strip()[7:]
                for line in str(error).splitlines()
                if line.strip().startswith("error: ")
            ),
            "unsupported syntax",
        )
        diags.add(
            codes.PATTERN_NOT_PORTABLE,
            rule.span,
            f"the app's regex engine cannot check this pattern: {reason}",
            hint="write it without look-arounds and back-references",
        )
