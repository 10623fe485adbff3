"""The upgrade check's comparison: renames followed, drops excused only when allowed,
rewrites and conversions honoured, each loss at the change responsible."""

from __future__ import annotations

from compiler.gate.upgrade_compare import Expected, Place, Rewrite, losses
from compiler.ir.span import Span

BEFORE = {
    "label": [{"id": 1, "title": "a"}],
    "product": [
        {"id": 1, "note": "x", "kind": "toy", "price": 5},
        {"id": 2, "note": None, "kind": "food", "price": 7},
    ],
    "product_tags": [{"product_id": 1, "label_id": 1}],
}
FIELD, ENTITY = Span.point(12, 3), Span.point(9, 1)
PLACES = (Place("product", "remark", FIELD), Place("tagging", None, ENTITY))


def test_renamed_tables_and_columns_are_followed() -> None:
    after = {
        "tagging": [{"id": 1, "title": "a"}],
        "product": [
            {"id": 1, "remark": "x", "kind": "toy", "price": "5.00"},
            {"id": 2, "remark": None, "kind": "food", "price": 7},
        ],
        "product_tags": [{"product_id": 1, "tagging_id": 1}],
    }
    expected = Expected(
        tables={"label": "tagging"},
        columns={("product", "note"): "remark", ("product_tags", "label_id"): "tagging_id"},
    )
    assert losses(BEFORE, after, expected) == []
    # Without the rename list, the same tables lose data: the comparison can fail.
    found = {(loss.table, loss.column) for loss in losses(BEFORE, after, Expected())}
    assert found == {("label", None), ("product", "note"), ("product_tags", None)}


def test_a_dropped_column_is_excused_only_when_allowed() -> None:
    after = {
        **BEFORE,
        "product": [{k: v for k, v in r.items() if k != "note"} for r in BEFORE["product"]],
    }
    assert losses(BEFORE, after, Expected(dropped=frozenset({("product", "note")}))) == []
    [loss] = losses(BEFORE, after, Expected())
    assert (loss.table, loss.column, loss.count) == ("product", "note", 2)


def test_a_changed_value_is_located_at_its_column_and_counted() -> None:
    after = {**BEFORE, "product": [{**r, "note": "lost"} for r in BEFORE["product"]]}
    expected = Expected(columns={("product", "note"): "remark"}, places=PLACES)
    after["product"] = [
        {"id": r["id"], "remark": "lost", "kind": r["kind"], "price": r["price"]}
        for r in BEFORE["product"]
    ]
    [loss] = losses(BEFORE, after, expected)
    assert (loss.column, loss.count) == ("remark", 2) and "'x' became 'lost'" in loss.example
    assert expected.locate(loss.table, loss.column) == FIELD
    assert expected.locate("tagging", "title") == ENTITY


def test_removed_enum_values_and_filled_nulls_follow_the_plan() -> None:
    after = {
        **BEFORE,
        "product": [{**r, "kind": "tool", "note": r["note"] or "-"} for r in BEFORE["product"]],
    }
    rewrites = {
        ("product", "kind"): Rewrite(replaced={"toy": "tool", "food": "tool"}),
        ("product", "note"): Rewrite(filled=True),
    }
    assert losses(BEFORE, after, Expected(rewritten=rewrites)) == []
    wrong = {**rewrites, ("product", "kind"): Rewrite(replaced={"toy": "food", "food": "food"})}
    [loss] = losses(BEFORE, after, Expected(rewritten=wrong))
    assert loss.column == "kind"


def test_a_missing_row_is_a_loss() -> None:
    after = {**BEFORE, "product": BEFORE["product"][:1]}
    [loss] = losses(BEFORE, after, Expected())
    assert (loss.table, loss.column) == ("product", None) and "row 2" in loss.example
