"""The migration planner: each kind of spec change → its diagnostics and operations (golden).

`base.md` is compiled once; each case of `edits.EDITS` changes one thing, and
`golden/<case>.txt` holds what the planner makes of it: the diagnostics at the
spec lines, then the body of the new revision's `upgrade()`. Run
`pytest tests/evolve --update-golden` after an intended change and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.evolve.edits import BASE, EDITS
from tests.evolve.support import planned

GOLDEN = Path(__file__).parent / "golden"


def _upgrade(revision: str) -> str:
    start = revision.index("def upgrade() -> None:")
    return revision[start : revision.index("\n\ndef downgrade")].rstrip() + "\n"


@pytest.mark.parametrize("case", sorted(EDITS))
def test_planned_revision(case: str, update_golden: bool) -> None:
    diagnostics, revision = planned(BASE, EDITS[case])
    text = "".join(f"{line}\n" for line in diagnostics) + "---\n"
    text += _upgrade(revision) if revision else "(no revision)\n"
    golden = GOLDEN / f"{case}.txt"
    if update_golden:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_an_unchanged_spec_plans_nothing() -> None:
    assert planned(BASE, BASE) == ([], "")


def test_a_new_revision_chains_onto_the_previous_head() -> None:
    _, revision = planned(BASE, EDITS["field_added_optional"])
    assert 'revision = "0002"' in revision and 'down_revision = "0001"' in revision


def test_data_loss_is_a_warning_once_allowed() -> None:
    refused, _ = planned(BASE, EDITS["field_removed"])
    allowed, revision = planned(BASE, EDITS["field_removed"], allow_data_loss=True)
    assert [line.split()[1] for line in refused] == ["E901"]
    assert [line.split()[1] for line in allowed] == ["W903"]
    assert 'batch_op.drop_column("note")' in revision


def test_planned_sql_quotes_reserved_words() -> None:
    before = BASE.replace(
        "| tags     |",
        "| order    | one of: x, y            |                         |\n| tags     |",
    )
    after = before.replace("one of: x, y ", "one of: x    ")
    _, revision = planned(before, after, allow_data_loss=True)
    assert "UPDATE product SET \\\"order\\\" = 'x' WHERE \\\"order\\\" IN ('y')" in revision
    assert '"ck_product_order_values", "\\"order\\" IN (\'x\')"' in revision
