"""One pattern's draw, run as a script in a fresh interpreter by `patterns`:
`python -P pattern_draw.py REGEX LOW HIGH` prints the values as a JSON list.

It imports nothing but the standard library and hypothesis. A draw made through
`python -m compiler.testgen.data.patterns` (which loaded the compiler's modules) changed
when other modules of the compiler changed, though hypothesis was seeded; drawn here, the
values depend only on this file, hypothesis and Python, which is what the cache of draws
(`draw_cache`) is keyed by, and a compiler upgrade leaves generated tests as they were.
"""

from __future__ import annotations

import json
import random
import re
import sys

from hypothesis import HealthCheck, Phase, Verbosity, find, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

PATTERN_EXAMPLES = 24
"""Distinct examples generated per pattern: enough rows of one test never share a value."""
DRAWS = 400
"""Values drawn per alphabet before giving up on more examples."""

_ALPHABETS = (
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")),
)
_SETTINGS = settings(
    database=None,
    max_examples=DRAWS,
    phases=[Phase.generate],
    deadline=None,
    verbosity=Verbosity.quiet,
    suppress_health_check=list(HealthCheck),
)


def keeps(regex: str, low: int | None, high: int | None, text: str) -> bool:
    """Whether `text` is a value of the field: it matches all of the regex, is not blank,
    and keeps the length bounds."""
    return (
        re.fullmatch(regex, text) is not None
        and bool(text.strip())
        and (low is None or len(text) >= low)
        and (high is None or len(text) <= high)
    )


def draw(regex: str, low: int | None, high: int | None) -> tuple[str, ...]:
    """Up to `PATTERN_EXAMPLES` values, shortest first: printable ASCII first (readable
    tests), any printable character if ASCII gives none."""
    found: dict[str, None] = {}
    for alphabet in _ALPHABETS:

        def keep(text: str) -> bool:
            if keeps(regex, low, high, text):
                found[text] = None
            return len(found) >= PATTERN_EXAMPLES

        try:
            strategy = st.from_regex(regex, fullmatch=True, alphabet=alphabet)
            find(strategy, keep, settings=_SETTINGS, random=random.Random(0))
        except HypothesisException:  # none left to find, or a regex hypothesis cannot draw from
            pass
        if found:
            break
    return tuple(sorted(found, key=lambda text: (len(text), text)))


if __name__ == "__main__":  # one draw in a fresh interpreter: `regex low high` → JSON list
    regex, low, high = sys.argv[1:4]
    print(json.dumps(draw(regex, int(low) if low else None, int(high) if high else None)))
