"""Mutations of the example specs: the front end never raises and locations stay valid."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.frontend import analyse_file
from tests.fuzz._support import EXAMPLE_SPECS, analyse_bytes_checked, analyse_text_checked

FUZZ = settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SOURCES = {path.parent.name: path.read_text(encoding="utf-8") for path in EXAMPLE_SPECS}
INSERTS = ["|", "\\|", "`", "``", "```", "→", "->", "{#x}", "{#reopen-policy}", "[a]{b}", "~~~"]
TOKENS = [
    "yes",
    "no",
    "own",
    "all",
    "where",
    "by",
    "when",
    "sets",
    "text",
    "int",
    "User",
    "list of",
    "one of:",
    "?",
    "required",
    "default",
    "==",
    "=",
    "and",
    "(",
    ")",
    '"',
    "self",
    "expect",
    "given",
    "---",
    "## ",
    "### ",
    "",
]


def test_example_specs_exist() -> None:
    assert {"helpdesk", "inventory", "bookings"} <= set(SOURCES)


@pytest.mark.parametrize("path", EXAMPLE_SPECS, ids=lambda p: p.parent.name)
def test_unmutated_examples_check_without_errors(path) -> None:
    result = analyse_file(path)
    assert result.ok
    assert [d for d in result.diagnostics if d.is_error] == []


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """An example spec with 1 to 4 random edits."""
    lines = SOURCES[draw(st.sampled_from(sorted(SOURCES)))].split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        kind = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "char", "token", "insert", "truncate", "move"]
            )
        )
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        col = draw(st.integers(0, len(line)))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "move":
            j = draw(st.integers(0, len(lines) - 1))
            lines.insert(j, lines.pop(i))
        elif kind == "char":
            char = draw(st.one_of(st.characters(codec="utf-8"), st.sampled_from("|`→{}[]#-~ \t")))
            lines[i] = line[:col] + char + line[col + 1 :]
        elif kind == "token":
            words = line.split(" ")
            k = draw(st.integers(0, len(words) - 1))
            words[k] = draw(st.sampled_from(TOKENS))
            lines[i] = " ".join(words)
        elif kind == "insert":
            lines[i] = line[:col] + draw(st.sampled_from(INSERTS)) + line[col:]
        else:  # truncate the whole text at a random point of line i
            lines = [*lines[:i], line[:col]]
    return "\n".join(lines)


@settings(FUZZ, max_examples=300)
@given(mutated())
def test_mutated_examples_never_raise(text: str) -> None:
    analyse_text_checked(text)


@settings(FUZZ, max_examples=60)
@given(mutated())
def test_mutated_examples_as_bytes(text: str) -> None:
    analyse_bytes_checked(text.encode("utf-8", "surrogatepass"))


@settings(FUZZ, max_examples=100)
@given(st.sampled_from(sorted(SOURCES)), st.floats(min_value=0, max_value=1))
def test_truncated_examples(name: str, fraction: float) -> None:
    text = SOURCES[name]
    analyse_text_checked(text[: int(len(text) * fraction)])
