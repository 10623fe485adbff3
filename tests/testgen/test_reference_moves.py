"""References the example specs do not exercise: a `list of` field whose target's update cell
is `own`, a writable owner field, a `list of` field to rows a role may not read all of.

`shelves.spec.md` has them all. The generated access tests move an album under another
curator's shelf (403), hand an album or a shelf to another user (403), and point a
visitor's album at a private shelf (the same 422 as a missing shelf); the app passes them
through its gate, and taking the after-image check of list fields out fails exactly the
list test.
"""

from __future__ import annotations

import re
from pathlib import Path

from compiler.frontend import analyse_file
from compiler.gate import GeneratedTree, build
from compiler.generate import generate
from compiler.ir.model import Spec

SPEC = Path(__file__).with_name("shelves.spec.md")
_LIST_AFTER_IMAGE = re.compile(
    r"    added = set\(.*?raise Forbidden\(\"You may not put this album under that shelf\"\)\n",
    re.DOTALL,
)


def _spec() -> Spec:
    result = analyse_file(SPEC, "shelves.spec.md")
    assert result.spec is not None and result.ok, result.diagnostics
    return result.spec


def _failed(built) -> set[str]:
    return {
        f"{match.group(1)}.{match.group(2)}"
        for d in built.diagnostics
        if d.code.id == "G001"
        for match in [re.search(r"(test_\w+_access)\.(test_\w+?)(\[[^\]]*\])? failed", d.message)]
        if match
    }


def test_the_reference_tests_are_derived() -> None:
    files = {f.path: f.content for f in generate(_spec())}
    album = files["tests/test_album_access.py"]
    shelf = files["tests/test_shelf_access.py"]
    assert "def test_curator_may_not_move_shelves_to_a_row_it_may_not_write(" in album
    assert 'json={"shelves": [target.id]}' in album
    assert "def test_may_not_hand_its_row_to_another_user(" in album  # both roles
    assert "def test_curator_may_not_hand_its_row_to_another_user(" in shelf
    assert "def test_visitor_shelves_to_a_row_it_may_not_read_looks_missing(" in album
    assert 'looks_missing(client, "POST", URL, body, "shelves", headers)' in album
    assert "looks_missing" not in shelf  # no reference: no helper


def _without_list_after_image(spec: Spec) -> GeneratedTree:
    def cut(path: str, content: str) -> str:
        if path != "app/services/album.py":
            return content
        assert _LIST_AFTER_IMAGE.search(content), "the list check is not where it was"
        return _LIST_AFTER_IMAGE.sub("", content)

    return tuple(
        f.__class__(f.path, cut(f.path, f.content), f.keep_existing) for f in generate(spec)
    )


def test_the_app_passes_them_and_fails_without_the_list_check(tmp_path: Path) -> None:
    spec = _spec()
    built = build(spec, SPEC, tmp_path / "good", generate)
    assert built.ok, [d.message for d in built.diagnostics]
    broken = build(spec, SPEC, tmp_path / "broken", _without_list_after_image)
    assert not broken.ok
    assert _failed(broken) == {
        "test_album_access.test_curator_may_not_move_shelves_to_a_row_it_may_not_write"
    }, [d.message for d in broken.diagnostics]
