"""Values for `pattern` fields: every one fully matches, keeps the field's length, and is stable."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from compiler.ir.model import Field
from compiler.testgen.data.patterns import non_matching, numbered, partial_match, pattern_examples
from compiler.testgen.data.sample_values import DataGenerationError
from tests.front.helpers import build_field

PATTERNS = [
    r"^[A-Z]{3}$",
    r"^([A-Z]{3}-[0-9]{4}|[0-9]{8})$",
    r"^[a-z0-9-]{1,30}$",
    r"^\+?[0-9 ]{6,20}$",
    r"97[89]\d{10}",  # not anchored: the whole value must match all the same
    r"[^@\s]+@[^@\s]+",  # negated classes
    r"(?i)[a-f]{2}",
    r"[a-z]+(-[a-z]+)*",
    r"\d{3}(?:-\d{2})?",  # an optional group
    r"(?:ab|cd)+e?$",  # alternation under repetition, one anchor
]


def pattern_field(regex: str, length: str = "") -> Field:
    cell = regex.replace("|", r"\|")  # a pipe inside a table cell is written `\|`
    rules = f"pattern `{cell}`" + (f"; length {length}" if length else "")
    return build_field(f"| code | text | {rules} |")


@pytest.mark.parametrize("regex", PATTERNS)
def test_examples_match_the_whole_pattern_and_the_refused_values_do_not(regex: str) -> None:
    field = pattern_field(regex)
    examples = pattern_examples(field)
    assert len(set(examples)) == len(examples) >= 1
    assert all(re.fullmatch(regex, example) and example.strip() for example in examples)
    assert not re.fullmatch(regex, non_matching(field, examples[0]))
    inside = partial_match(field, examples[0])
    assert inside is not None and re.search(regex, inside) and not re.fullmatch(regex, inside)


def test_a_pattern_and_a_length_are_both_kept() -> None:
    field = pattern_field(r"\w+", "5..8")
    examples = pattern_examples(field)
    assert len(examples) > 10
    assert all(5 <= len(e) <= 8 and re.fullmatch(r"\w+", e) for e in examples)


def test_a_pattern_no_value_of_the_length_can_match_is_a_compile_time_error() -> None:
    with pytest.raises(DataGenerationError, match="no value matches"):
        pattern_examples(pattern_field(r"[A-Z]{3}", "5..8"))


def test_a_pattern_that_accepts_anything_around_a_match_has_no_partial_value() -> None:
    field = pattern_field(r"(?s).*x.*")  # `.` takes newlines too
    assert partial_match(field, pattern_examples(field)[0]) is None


def test_numbered_values_keep_many_unique_rows_apart() -> None:
    assert numbered(pattern_field("^[a-z0-9-]{1,30}$"), 200) == "t{number}"
    assert numbered(pattern_field("^[A-Z]{2}$"), 200) is None
    assert numbered(pattern_field("^[a-z0-9-]{1,30}$", "3..30"), 200) == "t-{number}"


def test_examples_are_the_same_in_every_process() -> None:
    """Generated tests quote these values: a recompile must reproduce them byte for byte.
    Both processes draw afresh (no cache); this process may answer from the cache, so the
    cached answers are checked against fresh draws too."""
    program = (
        "from tests.testgen.test_patterns import PATTERNS, pattern_field\n"
        "from compiler.testgen.data.patterns import pattern_examples\n"
        "print([pattern_examples(pattern_field(r)) for r in PATTERNS])\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "SPECC_NO_CACHE": "1"},
        )
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout
    in_process = [pattern_examples(pattern_field(r)) for r in PATTERNS]
    assert runs[0].stdout.strip() == repr(in_process)
