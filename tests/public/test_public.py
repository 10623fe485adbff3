"""Public access (`anyone` rows) and per-viewer computed fields in a generated app.

`journal.md` lets anyone read published articles and their remarks. Its build must pass
its gate with the derived tests of the `anyone` rows (visitors read and list exactly the
readable rows, in the API and the web pages; every write is 401), and each broken app
must fail exactly the derived tests that guard what it broke. `desk.md` has tickets
that are `mine` (`opened_by == current_user`) and `starred` (an aggregate over the
reader's stars): two users see different values, a visitor null or false, and an app
that computes them for the wrong reader fails the derived test.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.frontend import analyse_file
from compiler.gate import GeneratedTree, build
from compiler.generate import generate
from compiler.ir.model import Spec

SPEC = Path(__file__).parent / "journal.md"
ARTICLE_READ = "test_anyone_reads_and_lists_only_rows_where_allowed"


def _spec() -> Spec:
    result = analyse_file(SPEC, "journal.md")
    assert result.spec is not None and result.ok, result.diagnostics
    return result.spec


def _replaced(path: str, old: str, new: str) -> Callable[[Spec], GeneratedTree]:
    def generate_mutant(spec: Spec) -> GeneratedTree:
        files = generate(spec)
        content = next(f.content for f in files if f.path == path)
        assert old in content, f"{old!r} is not in {path}"
        content = content.replace(old, new)
        return tuple(
            f.__class__(f.path, content, f.keep_existing) if f.path == path else f for f in files
        )

    return generate_mutant


def _failed(built) -> set[tuple[str, str]]:
    """(module, test) of every failed generated test."""
    return {
        (match.group(1), match.group(2))
        for d in built.diagnostics
        if d.code.id == "G001"
        for match in [re.search(r"tests\.(\w+)\.(test_\w+?)(\[[^\]]*\])? failed", d.message)]
        if match
    }


def test_the_journal_passes_its_gate_with_the_anyone_tests(tmp_path: Path) -> None:
    files = {f.path: f.content for f in generate(_spec())}
    tests = files["tests/test_article_access.py"]
    assert f"def {ARTICLE_READ}(" in tests
    assert "def test_anyone_may_not_create_update_or_delete(" in tests
    assert "allowed = data.article(published=True)" in tests
    remarks = files["tests/test_remark_access.py"]
    assert "data.remark(article=data.article(published=True))" in remarks
    assert "OptionalUser" in files["app/api/routes/article.py"]
    built = build(_spec(), SPEC, tmp_path / "journal", generate)
    assert built.ok, [d.message for d in built.diagnostics]


MUTANTS = {
    "anonymous read filter dropped": (
        "app/access/article.py",
        "    if user is None:\n        return Article.published",
        "    if user is None:\n        return sa.true()",
        {("test_article_access", ARTICLE_READ)},
    ),
    "list ignores the anonymous filter": (
        "app/services/article.py",
        "    condition = access.read_filter(user)\n",
        "    condition = access.read_filter(user) if user is not None else sa.true()\n",
        {("test_article_access", ARTICLE_READ)},
    ),
    "a remark's anonymous filter dropped": (
        "app/access/remark.py",
        "    if user is None:\n",
        "    if user is None:\n        return sa.true()\n",
        {("test_remark_access", ARTICLE_READ)},
    ),
}


@pytest.mark.parametrize("name", sorted(MUTANTS))
def test_a_broken_public_read_fails_exactly_its_tests(name: str, tmp_path: Path) -> None:
    path, old, new, expected = MUTANTS[name]
    built = build(_spec(), SPEC, tmp_path / "journal", _replaced(path, old, new))
    assert not built.ok
    assert _failed(built) == expected, [d.message for d in built.diagnostics]


DESK = Path(__file__).parent / "desk.md"
MINE = ("test_ticket_access", "test_agent_mine_differs_between_two_readers")


def _desk() -> Spec:
    result = analyse_file(DESK, "desk.md")
    assert result.spec is not None and result.ok, result.diagnostics
    return result.spec


def test_the_desk_computes_per_viewer_fields_in_one_query(tmp_path: Path) -> None:
    files = {f.path: f.content for f in generate(_desk())}
    service = files["app/services/ticket.py"]
    assert "def _viewer_columns(user: User | None)" in service
    assert "(star_1.by_id == sa.literal(viewer.id))" in service
    assert '"starred", "-starred"' not in files["app/api/routes/ticket.py"]  # not sortable
    assert f"def {MINE[1]}(" in files["tests/test_ticket_access.py"]
    built = build(_desk(), DESK, tmp_path / "desk", generate)
    assert built.ok, [d.message for d in built.diagnostics]


VIEWER_MUTANTS = {
    "every reader computed as a visitor": (
        "    viewer = user if user is not None else User()",
        "    viewer = User()",
    ),
    "the list computes for nobody": (
        "data=public_rows(session, rows, user)",
        "data=public_rows(session, rows, None)",
    ),
}


@pytest.mark.parametrize("name", sorted(VIEWER_MUTANTS))
def test_a_per_viewer_field_for_the_wrong_reader_fails_its_test(name: str, tmp_path: Path) -> None:
    old, new = VIEWER_MUTANTS[name]
    mutant = _replaced("app/services/ticket.py", old, new)
    built = build(_desk(), DESK, tmp_path / "desk", mutant)
    assert not built.ok
    assert MINE in _failed(built), [d.message for d in built.diagnostics]
