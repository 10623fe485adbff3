"""Spec edits of the planner's golden cases: each is one kind of schema change of `base.md`."""

from __future__ import annotations

from pathlib import Path

BASE = (Path(__file__).parent / "base.md").read_text(encoding="utf-8")
_SUPPLIER = """## Supplier

| Field | Type  | Rules    |
|-------|-------|----------|
| name  | text  | required |
| email | email |          |

### Access

| Role  | create | read | update | delete |
|-------|--------|------|--------|--------|
| clerk | no     | all  | no     | no     |
| admin | yes    | all  | all    | all    |

"""


def _row(name: str, type_: str, rules: str) -> str:
    return f"| {name:<8} | {type_:<23} | {rules:<23} |"


def _replace(old: str, new: str) -> str:
    assert BASE.count(old) == 1, old
    return BASE.replace(old, new)


NOTE = _row("note", "text?", "")
NAME = _row("name", "text", "required; length 2..60")
PRICE = _row("price", "int", "min 0")
KIND = _row("kind", "one of: food, tool, toy", "default tool")
_TAGS_END = _row("tags", "list of Label", "") + "\n\n"

EDITS: dict[str, str] = {
    "entity_added": _replace("## Label", _SUPPLIER + "## Label"),
    "entity_removed": _replace(_row("tags", "list of Label", ""), "").replace(
        BASE[BASE.index("## Label") :], ""
    ),
    "field_added_optional": _replace(NOTE, NOTE + "\n" + _row("size", "int?", "")),
    "field_added_with_default": _replace(NOTE, NOTE + "\n" + _row("stock", "int", "default 5")),
    "field_added_required": _replace(NOTE, NOTE + "\n" + _row("sku", "text", "required")),
    "field_added_derived": _replace(
        NOTE, NOTE + "\n" + _row("slug", "text", "set to `slug(name)` on create and update")
    ),
    "field_added_reference": _replace(NOTE, NOTE + "\n" + _row("maker", "Label", "")),
    "field_added_optional_reference": _replace(NOTE, NOTE + "\n" + _row("maker", "Label?", "")),
    "field_added_unique": _replace(NOTE, NOTE + "\n" + _row("code", "text?", "unique")),
    "field_removed": _replace(NOTE + "\n", ""),
    "field_renamed": _replace(NOTE, _row("remark", "text?", "renamed from note")),
    "field_renamed_and_widened": _replace(
        NAME, _row("title", "text", "required; length 2..90; renamed from name")
    ),
    "type_changed": _replace(PRICE, _row("price", "text", "")),
    "became_required": _replace(NOTE, _row("note", "text", "required")),
    "became_optional": _replace(PRICE, _row("price", "int?", "min 0")),
    "bound_tightened": _replace(PRICE, _row("price", "int", "min 1")),
    "length_widened": _replace(NAME, _row("name", "text", "required; length 2..90")),
    "length_narrowed": _replace(NAME, _row("name", "text", "required; length 2..40")),
    "enum_value_added": _replace(
        KIND, _row("kind", "one of: food, tool, toy, game", "default tool")
    ),
    "enum_value_removed": _replace(KIND, _row("kind", "one of: food, tool", "default tool")),
    "unique_added": _replace(NAME, _row("name", "text", "required; unique; length 2..60")),
    "unique_together_added": _replace(
        _TAGS_END, _TAGS_END + "### Rules\n\n- One per name and kind. `unique (name, kind)`\n\n"
    ),
    "unique_together_where_added": _replace(
        _TAGS_END,
        _TAGS_END + "### Rules\n\n- One priced per name. `unique (name, kind) where price > 0`\n\n",
    ),
    "field_added_reference_set_null": _replace(
        _row("note", "text?", ""),
        _row("note", "text?", "") + "\n" + _row("label", "Label?", "on delete set null"),
    ),
    "link_removed": _replace(_row("tags", "list of Label", "") + "\n", ""),
    "role_added": _replace("roles: [clerk, admin]", "roles: [clerk, admin, auditor]"),
    "entity_renamed": BASE.replace("## Label", "## Tagging (renamed from Label)").replace(
        "list of Label", "list of Tagging"
    ),
    "rename_stale": _replace(NOTE, _row("remark", "text?", "renamed from memo")),
}
"""Case name → the edited spec."""
