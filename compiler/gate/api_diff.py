"""Breaking changes of the JSON API between OUT and the tree a compile would make.

Both sides are read from the `api.json` each build generates (see
`compiler/appgen/api_surface.py`): OUT's is the API clients use today. The
categories follow `buf breaking`:

- `ENDPOINT_REMOVED`: a resource or one of its operations is gone;
- `FIELD_REMOVED`: a response no longer carries a field;
- `FIELD_TYPE_CHANGED`: a field's type changed (in a response or an input);
- `ENUM_VALUE_REMOVED`: a choice a client may send or receive is gone;
- `FIELD_NOW_NULLABLE`: a response field may now be null;
- `INPUT_REMOVED`: a create or an update no longer accepts a field;
- `INPUT_NOW_REQUIRED`: a create requires a field it did not (new or optional before);
- `FILTER_REMOVED`: a list's query parameter is gone.

Additions that old clients do not notice (a new optional input, a new response
field, a new resource) are not breaking.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from compiler.output.tree import API_SURFACE


@dataclass(frozen=True, slots=True, order=True)
class BreakingChange:
    resource: str
    category: str
    detail: str

    def __str__(self) -> str:
        return f"{self.category} {self.resource}: {self.detail}"


def breaking_changes(old_root: Path, new_root: Path) -> list[BreakingChange]:
    """The breaking changes from OUT's API to the new one; none when OUT has no `api.json`."""
    old, new = _read(old_root / API_SURFACE), _read(new_root / API_SURFACE)
    if old is None or new is None:
        return []
    found: list[BreakingChange] = []
    for resource, before in old.items():
        after = new.get(resource)
        if after is None:
            found.append(BreakingChange(resource, "ENDPOINT_REMOVED", "the resource is gone"))
            continue
        found += _resource_changes(resource, before, after)
    return sorted(found)


def _resource_changes(resource: str, before: dict, after: dict) -> list[BreakingChange]:
    found = [
        BreakingChange(resource, "ENDPOINT_REMOVED", f"the {operation} operation is gone")
        for operation in before.get("operations", [])
        if operation not in after.get("operations", [])
    ]
    for name, old in before.get("output", {}).items():
        new = after.get("output", {}).get(name)
        if new is None:
            found.append(BreakingChange(resource, "FIELD_REMOVED", f"responses lose `{name}`"))
            continue
        found += _type_changes(resource, f"response field `{name}`", old, new)
        if new.get("nullable") and not old.get("nullable"):
            found.append(BreakingChange(resource, "FIELD_NOW_NULLABLE", f"`{name}` may be null"))
    for kind in ("create", "update"):
        for name, old in before.get(kind, {}).items():
            new = after.get(kind, {}).get(name)
            if new is None:
                found.append(BreakingChange(resource, "INPUT_REMOVED", f"{kind} drops `{name}`"))
            else:
                found += _type_changes(resource, f"{kind} input `{name}`", old, new)
    for name, new in after.get("create", {}).items():
        old = before.get("create", {}).get(name)
        if new.get("required") and not (old and old.get("required")):
            found.append(BreakingChange(resource, "INPUT_NOW_REQUIRED", f"create needs `{name}`"))
    for name in before.get("filters", []):
        if name not in after.get("filters", []):
            found.append(BreakingChange(resource, "FILTER_REMOVED", f"the list filter `{name}`"))
    return found


def _type_changes(resource: str, what: str, old: dict, new: dict) -> list[BreakingChange]:
    if old.get("type") != new.get("type"):
        detail = f"{what}: {old.get('type')} → {new.get('type')}"
        return [BreakingChange(resource, "FIELD_TYPE_CHANGED", detail)]
    gone = [v for v in old.get("values", []) if v not in new.get("values", [])]
    return [BreakingChange(resource, "ENUM_VALUE_REMOVED", f"{what}: `{value}`") for value in gone]


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    resources = data.get("resources") if isinstance(data, dict) else None
    return resources if isinstance(resources, dict) else None
