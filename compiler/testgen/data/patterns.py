"""Values for `pattern` fields: drawn by hypothesis' `from_regex`, each checked with `re.fullmatch`.

A spec's pattern is a Python regular expression that the whole value must
match. The examples the generated tests use are drawn from hypothesis'
`from_regex` (a maintained generator that knows Python's regex syntax, negated
classes, anchors and look-arounds included) with a fixed seed and a pinned
hypothesis version, so a compile is reproducible; every drawn value is kept
only if `re.fullmatch` accepts it and it keeps the field's `length` and is not
blank. Printable ASCII is tried first (readable tests), then any printable
character.

What hypothesis draws depends on the state of the process it runs in (a draw
inside the compiler differed from the same draw in a fresh interpreter, and one in a
fresh interpreter that had loaded the compiler changed when the compiler's code
did), and it refuses to run inside a running hypothesis test (specc's own property
tests compile specs). So each pattern is drawn in a fresh interpreter that loads
nothing but hypothesis (`pattern_draw`, run as a script), which answers the same on
every machine with the pinned hypothesis and Python. Its answer is kept on disk
(`draw_cache`), so the next compile of the same pattern starts no interpreter.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import hypothesis

from compiler.ir.model import Field, Pattern
from compiler.testgen.data import pattern_draw
from compiler.testgen.data.draw_cache import cached_draw
from compiler.testgen.data.pattern_draw import PATTERN_EXAMPLES, keeps
from compiler.testgen.data.sample_values import DataGenerationError, lengths


def regex_of(field: Field) -> str:
    pattern = field.rule(Pattern)
    assert isinstance(pattern, Pattern), f"{field.name} has no pattern"
    return pattern.regex


def pattern_examples(field: Field, count: int = PATTERN_EXAMPLES) -> tuple[str, ...]:
    """Up to `count` distinct values of the field that match its pattern and keep its length,
    shortest first; `DataGenerationError` when there is none."""
    low, high = lengths(field)
    examples = _examples(regex_of(field), low, high)[:count]
    if not examples:
        raise DataGenerationError(
            f"{field.name}: no value matches the pattern `{regex_of(field)}`"
            + (f" within length {low}..{high}" if low is not None or high is not None else ""),
            field.span,
        )
    return examples


def numbered(field: Field, count: int) -> str | None:
    """An f-string template of `number` (`"t{number}"`) that gives `count` distinct values
    matching the field's pattern and length and none of its `pattern_examples`: for many rows
    with a unique field whose examples would run out. None if no simple template fits."""
    taken = set(pattern_examples(field))
    stems = ["t", "x", "t-", "x-", "T", "X", "", *(e[:1] for e in sorted(taken))]
    for stem in dict.fromkeys(stems):
        texts = [f"{stem}{number}" for number in range(count)]
        if taken.isdisjoint(texts) and all(_fits(field, text) for text in texts):
            return stem + "{number}"
    return None


def non_matching(field: Field, example: str) -> str:
    """A value like `example` (same length where it can be) that the pattern refuses."""
    regex = regex_of(field)
    for bad in "!~ aA0":
        for position in range(len(example)):
            text = example[:position] + bad + example[position + 1 :]
            if not re.fullmatch(regex, text):
                return text
    if not re.fullmatch(regex, example + "!"):
        return example + "!"
    raise DataGenerationError(
        f"{field.name}: every variant of {example!r} matches `{regex}`; no refused value",
        field.span,
    )


def partial_match(field: Field, example: str) -> str | None:
    """A value that contains a match of the pattern but is not one: refused only when the
    whole value must match (it tells `re.fullmatch` from `re.search`). None if the pattern
    accepts every such value (`.*`)."""
    regex = regex_of(field)
    candidates = [f"{c}{example}{c}" for c in "X0-! "] + [example + "\n", "\n" + example]
    for text in candidates:
        if re.search(regex, text) and not re.fullmatch(regex, text):
            return text
    return None


def _fits(field: Field, text: str) -> bool:
    low, high = lengths(field)
    return keeps(regex_of(field), low, high, text)


@cache
def _examples(regex: str, low: int | None, high: int | None) -> tuple[str, ...]:
    key: list[object] = [*_DRAWER, regex, low, high]
    return tuple(cached_draw(key, lambda: _draw_in_fresh_interpreter(regex, low, high)))


_DRAWER = [
    hashlib.sha256(Path(pattern_draw.__file__).read_bytes()).hexdigest(),
    hypothesis.__version__,
    "{}.{}".format(*sys.version_info[:2]),
]
"""What a draw depends on besides its arguments: the drawing script, hypothesis, Python."""


def _draw_in_fresh_interpreter(regex: str, low: int | None, high: int | None) -> list[str]:
    arguments = [regex, "" if low is None else str(low), "" if high is None else str(high)]
    result = subprocess.run(
        [sys.executable, "-P", pattern_draw.__file__, *arguments],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        timeout=120,
    )
    return json.loads(result.stdout)
