"""Mutation check of `on delete cascade`: helpdesk's `Comment.ticket` (deleting a ticket
deletes its comments).

With the foreign key's `ON DELETE CASCADE` dropped from the model and the migration (the
service's access check is unchanged), exactly the generated cascade test fails: the
database refuses the delete.
"""

from __future__ import annotations

import re
from pathlib import Path

from compiler.frontend import analyse_file
from compiler.gate import GeneratedTree, build
from compiler.generate import generate
from compiler.ir.model import Spec
from tests.test_examples import ROOT

_MODEL = re.compile(r'(foreign_key="ticket\.id", index=True), ondelete="CASCADE"')
_MIGRATION = re.compile(r'(name="fk_comment_ticket_id_ticket"), ondelete="CASCADE"')


def without_the_cascade(spec: Spec) -> GeneratedTree:
    tree = generate(spec)
    mutated = []
    for file in tree:
        content = file.content
        if file.path == "app/models/comment.py":
            content = _MODEL.sub(r"\1", content)
        elif file.path.startswith("migrations/versions/"):
            content = _MIGRATION.sub(r"\1", content)
        mutated.append(file.__class__(file.path, content, file.keep_existing))
    assert sum(a.content != b.content for a, b in zip(tree, mutated, strict=True)) == 2
    return tuple(mutated)


def test_without_on_delete_cascade_the_cascade_test_fails(tmp_path: Path) -> None:
    spec_path = ROOT / "specs" / "helpdesk" / "spec.md"
    result = analyse_file(spec_path, "specs/helpdesk/spec.md")
    assert result.spec is not None and result.ok
    built = build(result.spec, spec_path, tmp_path / "helpdesk", without_the_cascade)
    failed = {
        match.group(1)
        for d in built.diagnostics
        if d.code.id == "G001"
        for match in [re.search(r"\.(test_\w+?)(\[[^\]]*\])? failed", d.message)]
        if match
    }
    assert not built.ok
    assert failed == {"test_deleting_a_ticket_deletes_its_comment_ticket_rows"}, failed
