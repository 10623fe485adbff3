"""Breaking API changes from two `api.json` surfaces, one category at a time."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from compiler.gate.api_diff import breaking_changes

RESOURCE = {
    "operations": ["create", "delete", "list", "read", "update"],
    "output": {
        "title": {"type": "str", "nullable": False},
        "state": {"type": "enum", "values": ["open", "closed"], "nullable": False},
        "size": {"type": "int", "nullable": False},
    },
    "create": {
        "title": {"type": "str", "nullable": False, "required": True},
        "size": {"type": "int", "nullable": False, "required": False},
    },
    "update": {"title": {"type": "str", "nullable": False}},
    "filters": ["size", "state"],
}


def _changes(tmp_path: Path, edit) -> list[str]:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir(exist_ok=True)
    new.mkdir(exist_ok=True)
    after = copy.deepcopy(RESOURCE)
    edit(after)
    (old / "api.json").write_text(json.dumps({"resources": {"/api/things": RESOURCE}}))
    (new / "api.json").write_text(json.dumps({"resources": {"/api/things": after}}))
    return [change.category for change in breaking_changes(old, new)]


def test_each_category(tmp_path: Path) -> None:
    cases = {
        "ENDPOINT_REMOVED": lambda r: r["operations"].remove("delete"),
        "FIELD_REMOVED": lambda r: r["output"].pop("size"),
        "FIELD_TYPE_CHANGED": lambda r: r["output"]["size"].update(type="str"),
        "ENUM_VALUE_REMOVED": lambda r: r["output"]["state"].update(values=["open"]),
        "FIELD_NOW_NULLABLE": lambda r: r["output"]["title"].update(nullable=True),
        "INPUT_REMOVED": lambda r: r["update"].pop("title"),
        "INPUT_NOW_REQUIRED": lambda r: r["create"]["size"].update(required=True),
        "FILTER_REMOVED": lambda r: r["filters"].remove("state"),
    }
    for category, edit in cases.items():
        assert _changes(tmp_path, edit) == [category], category


def test_additions_are_not_breaking(tmp_path: Path) -> None:
    def add(resource: dict) -> None:
        resource["output"]["new"] = {"type": "str", "nullable": True}
        resource["create"]["new"] = {"type": "str", "nullable": True, "required": False}
        resource["output"]["state"]["values"].append("archived")
        resource["filters"].append("new")

    assert _changes(tmp_path, add) == []


def test_no_previous_surface_means_nothing_to_compare(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "api.json").write_text(json.dumps({"resources": {}}))
    assert breaking_changes(tmp_path / "missing", tmp_path / "new") == []
