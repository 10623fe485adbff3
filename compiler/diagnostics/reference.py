"""Renders the diagnostic code registry as the markdown page `docs/diagnostics.md`."""

from __future__ import annotations

from compiler.diagnostics.codes import CODES

_RANGES = [
    ("0", "Input file"),
    ("1", "Document and front matter"),
    ("2", "Entities, fields and types"),
    ("3", "Expressions"),
    ("4", "Access"),
    ("5", "Lifecycles"),
    ("6", "Rules"),
    ("7", "Examples"),
    ("8", "MSFM annotations"),
    ("9", "Evolving the database of the previous build"),
]
_GATE_TITLE = "The gate stage: generated code, generated tests, the output directory (G0xx)"

_INTRO = """\
# Diagnostic codes

<!-- Generated from compiler/diagnostics/codes.py by `specc codes`; do not edit. -->

Every problem specc finds in a spec is reported as

    spec.md:10:16: error[E203]: unknown type 'txt'
        10 | | name | txt | required |
           |        ^^^
      hint: did you mean 'text'?

Codes are stable: a code keeps its meaning forever, and a retired code is never
reused. `E` codes are errors (the spec is not compiled; `specc check` exits 1);
`W` codes are warnings (reported, but the spec compiles). All diagnostics of a
spec are reported in one run, sorted by position.
"""


def diagnostics_reference() -> str:
    parts = [_INTRO]
    for digit, title in _RANGES:
        codes = [c for c in CODES.values() if c.id[0] in "EW" and c.id[1] == digit]
        parts.append(f"\n## {title} ({_range_label(digit)})\n\n| Code | Meaning | Explanation |\n")
        parts.append("|------|---------|-------------|\n")
        parts.extend(f"| {c.id} | {_cell(c.title)} | {_cell(c.explanation)} |\n" for c in codes)
    gate = [c for c in CODES.values() if c.id.startswith("G")]
    parts.append(f"\n## {_GATE_TITLE}\n\n| Code | Meaning | Explanation |\n")
    parts.append("|------|---------|-------------|\n")
    parts.extend(f"| {c.id} | {_cell(c.title)} | {_cell(c.explanation)} |\n" for c in gate)
    return "".join(parts)


def _range_label(digit: str) -> str:
    return f"E{digit}xx / W{digit}xx"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
