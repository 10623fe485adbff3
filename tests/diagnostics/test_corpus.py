"""The diagnostics corpus: broken specs with the exact diagnostics they must produce.

Each `cases/<name>.md` is a small spec with one or a few mistakes; beside it,
`cases/<name>.expected` lists one `LINE:COL CODE` per diagnostic, sorted by
position. The expectations were written from the spec text and the meaning of
each code, not copied from the checker's output. Cases where the checker is
known to be wrong are listed in `KNOWN_WRONG` and run as strict xfails: the
`.expected` file says what the checker *should* report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.diagnostics import render_all
from compiler.frontend import analyse_bytes, analyse_file
from compiler.llm import Options, Provider, resolve

CASES = Path(__file__).parent / "cases"

_FM_ROLES = "front-matter error discards the valid auth.roles: E218 for every Access row"
_RULE_W602 = "a rule whose expression does not parse also gets W602 'has no expression'"
_E207 = "a bad fields-table header gives E208 'no fields table' instead of E207"
_E107 = "an entity with an invalid name also reports E107 'spec declares no entities'"
_STEP_COL = "example diagnostic spans the whole step instead of the offending name"

KNOWN_WRONG: dict[str, str] = {}


def _case_names() -> list[str]:
    return sorted(p.stem for p in CASES.glob("*.md"))


def _read_expected(name: str) -> list[tuple[int, int, str]]:
    triples = []
    for raw in (CASES / f"{name}.expected").read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        position, code = raw.split()
        line, col = position.split(":")
        triples.append((int(line), int(col), code))
    return triples


def _params() -> list[object]:
    params: list[object] = []
    for name in _case_names():
        marks = []
        if name in KNOWN_WRONG:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_WRONG[name]))
        params.append(pytest.param(name, id=name, marks=marks))
    return params


@pytest.mark.parametrize("name", _params())
def test_case_produces_exactly_the_expected_diagnostics(name: str) -> None:
    result = analyse_file(CASES / f"{name}.md", f"{name}.md")
    diagnostics = list(result.diagnostics)
    if name.startswith("llm_") and result.ok and result.spec is not None:
        # The LLM stage's cases run it as `specc compile` without a key does (`<name>.lock`).
        offline = Options(offline=True)
        diagnostics += resolve(
            result.spec, CASES / f"{name}.md", Provider(None, None), offline
        ).diagnostics
    diagnostics.sort(key=lambda d: d.sort_key())
    got = [(d.span.line, d.span.col, d.code.id) for d in diagnostics]
    expected = _read_expected(name)
    rendered = render_all(diagnostics, f"{name}.md", list(result.source_lines))
    assert got == expected, (
        f"\nexpected: {expected}\ngot:      {got}\n\n{rendered or '(no diagnostics)'}"
    )


def test_every_case_has_an_expected_file_and_vice_versa() -> None:
    specs = {p.stem for p in CASES.glob("*.md")}
    expectations = {p.stem for p in CASES.glob("*.expected")}
    assert specs - expectations == set(), "specs without .expected"
    assert expectations - specs == set(), ".expected without a spec"


def test_expected_files_are_sorted_and_well_formed() -> None:
    for name in _case_names():
        triples = _read_expected(name)
        assert triples == sorted(triples), f"{name}.expected is not sorted by position"
        for _, _, code in triples:
            assert code[0] in "EW" and code[1:].isdigit(), f"{name}: bad code {code!r}"


def test_known_wrong_names_exist() -> None:
    assert set(KNOWN_WRONG) <= set(_case_names())


def test_corpus_covers_at_least_40_codes() -> None:
    codes = {
        code
        for name in _case_names()
        if name not in KNOWN_WRONG
        for _, _, code in _read_expected(name)
    }
    assert len(codes) >= 40, sorted(codes)


# Input-level cases: bytes that cannot be committed as a readable spec.

_VALID_HEAD = b"---\napp: shop\ntitle: Shop\nauth:\n  roles: [customer]\n---\n\n# Shop\n"


def _codes(result) -> list[tuple[int, int, str]]:
    return [(d.span.line, d.span.col, d.code.id) for d in result.diagnostics]


def test_invalid_utf8_is_reported_at_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.md"
    path.write_bytes(_VALID_HEAD + b"\nA caf\xe9 that sells things.\n")
    result = analyse_file(path)
    assert _codes(result) == [(10, 6, "E002")]
    assert result.spec is None


def test_binary_file_is_refused() -> None:
    result = analyse_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "logo.md")
    assert _codes(result) == [(1, 1, "E002")]


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    result = analyse_file(tmp_path / "nope.md")
    assert _codes(result) == [(1, 1, "E001")]
