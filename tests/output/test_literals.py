"""The renderer's literal filters write Python that reads back as the same value, whatever
the text holds (fuzz seed 6003: a pattern value with a double quote broke factories.py)."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from compiler.output.render import environment

TEXT = st.text(st.characters(exclude_categories=("Cs",)))


@given(TEXT)
def test_pystr_reads_back_as_the_text(text: str) -> None:
    literal = environment().filters["pystr"](text)
    assert literal.startswith('"') and ast.literal_eval(literal) == text


@given(st.lists(TEXT, max_size=4).map(tuple))
def test_pytuple_reads_back_as_the_tuple(items: tuple[str, ...]) -> None:
    assert ast.literal_eval(environment().filters["pytuple"](items)) == items


def test_quotes_and_backslashes_are_escaped() -> None:
    assert environment().filters["pytuple"](('"xx::', "a\\b")) == '("\\"xx::", "a\\\\b")'
