"""Markdown-shaped random specs: the front end never raises and locations stay in the file."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from tests.fuzz._support import analyse_bytes_checked, analyse_text_checked
from tests.fuzz.strategies import entity_section, example_block, markdown_spec

FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(FUZZ)
@given(markdown_spec())
def test_markdown_specs_never_raise(text: str) -> None:
    analyse_text_checked(text)


@settings(FUZZ, max_examples=50)
@given(markdown_spec())
def test_markdown_specs_as_crlf_bytes(text: str) -> None:
    analyse_bytes_checked(text.replace("\n", "\r\n").encode("utf-8", "surrogatepass"))


VALID_HEAD = """---
app: helpdesk
title: Helpdesk
auth:
  roles: [customer, agent, admin]
  signup: customer
---

# Helpdesk

"""


@settings(FUZZ, max_examples=100)
@given(entity_section(), entity_section())
def test_entities_after_valid_front_matter(first: str, second: str) -> None:
    analyse_text_checked(VALID_HEAD + first + "\n\n" + second + "\n")


@settings(FUZZ, max_examples=75)
@given(example_block())
def test_example_blocks_in_a_valid_spec(block: str) -> None:
    analyse_text_checked(VALID_HEAD + block + "\n")
