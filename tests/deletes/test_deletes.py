"""`on delete cascade | set null | refuse` in a generated app: `shelves.md`.

Its build passes its gate with the derived delete tests (a cascade deletes the books, set
null empties the notes' book, a note about a shelf refuses the shelf's delete, and roles
that may delete a shelf or a book but not what the delete does to the referring rows get
403). Without the service's access check of the cascade, exactly those 403 tests fail:
the database alone would delete (or change) the rows.
"""

from __future__ import annotations

import re
from pathlib import Path

from compiler.frontend import analyse_file
from compiler.gate import GeneratedTree, build
from compiler.generate import generate
from compiler.ir.model import Spec

SPEC = Path(__file__).parent / "shelves.md"
BARRED = {
    "test_a_staff_may_not_delete_a_shelf_whose_book_shelf_rows_it_may_not_delete",
    "test_a_clerk_may_not_delete_a_book_whose_note_book_rows_it_may_not_change",
}
_CHECK = re.compile(
    r"sa\.not_\(sa\.func\.coalesce\(\w+\.(?:delete|update)_filter\(user\), False\)\)"
)


def _spec() -> Spec:
    result = analyse_file(SPEC, "shelves.md")
    assert result.spec is not None and result.ok, result.diagnostics
    return result.spec


def _failed(built) -> set[str]:
    return {
        match.group(1)
        for d in built.diagnostics
        if d.code.id == "G001"
        for match in [re.search(r"\.(test_\w+?)(\[[^\]]*\])? failed", d.message)]
        if match
    }


def without_the_cascade_access_check(spec: Spec) -> GeneratedTree:
    files = generate(spec)
    mutated = tuple(
        f.__class__(f.path, _CHECK.sub("sa.false()", f.content), f.keep_existing) for f in files
    )
    assert sum(a.content != b.content for a, b in zip(files, mutated, strict=True)) == 2
    return mutated


def test_the_shelves_compile_through_their_gate_with_the_delete_tests(tmp_path: Path) -> None:
    built = build(_spec(), SPEC, tmp_path / "out", generate)
    assert built.ok, [d.message for d in built.diagnostics]
    tests = "".join(p.read_text() for p in (tmp_path / "out" / "tests").glob("test_*_deletes.py"))
    for name in (
        *BARRED,
        "test_deleting_a_shelf_deletes_its_book_shelf_rows",
        "test_deleting_a_book_empties_note_book",
        "test_deleting_a_shelf_that_a_note_shelf_refers_to_is_refused",
    ):
        assert f"def {name}(" in tests, name


def test_without_the_access_check_of_a_cascade_exactly_the_403_tests_fail(tmp_path: Path) -> None:
    built = build(_spec(), SPEC, tmp_path / "out", without_the_cascade_access_check)
    assert not built.ok
    assert _failed(built) == BARRED
