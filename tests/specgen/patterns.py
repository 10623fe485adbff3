"""Random regular expressions for `pattern` rules, with the lengths of the texts they match.

Classes, negated classes, escapes, literals, quantifiers (`{n}`, `{a,b}`, `?`,
`+`, `*`), groups with alternation and (mostly) the anchors `^…$`.
"""

from __future__ import annotations

from tests.specgen.choice import Choice

CLASSES = ["[A-Z]", "[a-z]", "[0-9]", "[A-Za-z0-9]", "[a-f0-9]", "[^0-9]", "[^ ,]", "[^a-z]", r"\d"]
LITERALS = ["-", "_", "x", "K", r"\.", "/", "#"]

Unbounded = None


def _atom(c: Choice, depth: int) -> tuple[str, int, int | None]:
    if depth > 0 and c.chance(15):
        alternatives = [_sequence(c, depth - 1, 1, 3) for _ in range(c.int(2, 3))]
        text = "(" + "|".join(a[0] for a in alternatives) + ")"
        lo = min(a[1] for a in alternatives)
        his = [a[2] for a in alternatives]
        hi = None if any(h is None for h in his) else max(h for h in his if h is not None)
        return text, lo, hi
    if c.chance(25):
        return c.pick(LITERALS), 1, 1
    return c.pick(CLASSES), 1, 1


def _quantified(c: Choice, depth: int) -> tuple[str, int, int | None]:
    text, lo, hi = _atom(c, depth)
    form = c.int(0, 9)
    if form <= 3:
        return text, lo, hi
    if form == 4:
        n = c.int(1, 5)
        return f"{text}{{{n}}}", lo * n, None if hi is None else hi * n
    if form == 5:
        a = c.int(0, 3)
        b = c.int(a + 1, a + 6)
        return f"{text}{{{a},{b}}}", lo * a, None if hi is None else hi * b
    if form == 6:
        return f"{text}?", 0, hi
    if form == 7:
        return f"{text}+", lo, None
    if form == 8:
        return f"{text}*", 0, None
    return f"{text}{{2,}}", lo * 2, None


def _sequence(c: Choice, depth: int, least: int, most: int) -> tuple[str, int, int | None]:
    parts = [_quantified(c, depth) for _ in range(c.int(least, most))]
    text = "".join(p[0] for p in parts)
    lo = sum(p[1] for p in parts)
    his = [p[2] for p in parts]
    hi = None if any(h is None for h in his) else sum(h for h in his if h is not None)
    return text, lo, hi


def pattern(c: Choice, anchored: bool = True) -> tuple[str, int, int | None]:
    """(regex, shortest match, longest match or None). Never matches only the empty text."""
    while True:
        text, lo, hi = _sequence(c, 1, 1, 4)
        if hi is None or hi > 0:
            break
    if anchored:
        text = f"^{text}$"
    return text, lo, hi
