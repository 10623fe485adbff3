"""Candidate texts for the factory's text fields that the rules read (`rule_values` picks).

A factory row's text is `Label 7` (`n` is the row counter, so unique fields differ).
Rules over text — `starts_with(notes, "a") and len(notes) > 3`, `label == upper(label)`,
`code < name` — need other texts; each candidate here is Python source over `n` built
from the factory's own text, its upper and lower case, the counter alone (zero-padded to
the lengths the rules name), with the rules' string literals (and `A`, `z`, which sort
first and last) before or after it, or a literal alone (not for a unique field). The
factory's own text is first, so a field the rules do not need changed keeps it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from compiler.ir.expr import Expr, IntLit, StringLit, walk
from compiler.ir.model import Entity, Field, Pattern, Unique
from compiler.testgen.data.sample_values import kind_of, lengths, text_value

COUNTERS = (1, 42, 999)
"""Row counters a chosen text is checked at: the rules must hold for each."""
_SORTING = ("A", "z")
_TEXT_KINDS = ("text", "long_text")


def is_searched_text(field: Field) -> bool:
    """Whether the search reads the field's text: any without a pattern (an e-mail address
    or a URL keeps the factory's, which the rules may compare with other texts)."""
    return kind_of(field) in (*_TEXT_KINDS, "email", "url") and not field.has(Pattern)


def text_at(source: str, n: int) -> str:
    """The text a candidate's source gives for row counter `n`."""
    return str(eval(source, {"n": n}))  # source made here or by `text_value`


def text_candidates(entity: Entity, field: Field, exprs: Iterable[Expr]) -> list[str]:
    """Sources of texts to try for the field, the factory's own first; each valid for the
    field's lengths at every counter of `COUNTERS`."""
    natural = text_value(entity, field)
    if kind_of(field) not in _TEXT_KINDS:
        return [natural]
    exprs = list(exprs)
    words = list(dict.fromkeys(n.value for e in exprs for n in walk(e) if isinstance(n, StringLit)))
    sizes = {n.value for e in exprs for n in walk(e) if isinstance(n, IntLit) and n.value > 0}
    cores = [natural, f"({natural}).upper()", f"({natural}).lower()", 'f"{n}"']
    cores += [
        f'f"{{n:0{w}d}}"' for w in sorted({s + d for s in sizes for d in (-1, 0, 1)}) if w > 0
    ]
    affixes = ["", *(json.dumps(w) for w in words if w), *(json.dumps(s) for s in _SORTING)]
    found = [natural]
    for core in cores:
        for before in affixes:
            for after in affixes:
                found.append(" + ".join(part for part in (before, core, after) if part))
    if not field.has(Unique):
        found += [json.dumps(w) for w in words]
    return [s for s in dict.fromkeys(found) if _valid(field, s)]


def _valid(field: Field, source: str) -> bool:
    low, high = lengths(field)
    for n in COUNTERS:
        text = text_at(source, n)
        if not text.strip() or (low is not None and len(text) < low):
            return False
        if high is not None and len(text) > high:
            return False
    return True
