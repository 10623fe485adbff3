"""`api.json`: the surface of the generated JSON API, for `specc diff` to compare.

For each resource (`/api/tickets`): its operations, the fields a response
carries, the inputs a create and an update accept (with their types and whether
a create requires them) and the list's filters. It is derived from the spec
like every other file, committed with the output, and is what `specc diff`
reads on both sides to report breaking changes (`compiler/gate/api_diff.py`),
so it needs no earlier spec or IR snapshot.
"""

from __future__ import annotations

import json

from compiler.analyse.fields import FieldView
from compiler.analyse.views import AppView, EntityView
from compiler.output.tree import API_SURFACE, GeneratedFile

OPERATIONS = ("create", "delete", "list", "read", "update")


def api_surface_file(app: AppView) -> GeneratedFile:
    resources = {f"/api/{entity.url}": _resource(entity) for entity in app.entities}
    text = json.dumps({"resources": resources}, indent=2, sort_keys=True) + "\n"
    return GeneratedFile(API_SURFACE, text)


def _resource(entity: EntityView) -> dict[str, object]:
    lifecycle_fields = {lc.field for lc in entity.lifecycles}
    updatable = [f for f in entity.fields if f.writable or f.name in lifecycle_fields]
    return {
        "operations": list(OPERATIONS),
        "output": {f.attribute: _type(f) for f in entity.fields},
        "create": {
            f.attribute: {**_type(f), "required": f.required_on_create}
            for f in entity.fields
            if f.writable
        },
        "update": {f.attribute: _type(f) for f in updatable},
        "filters": sorted(f.filter_param for f in entity.fields if f.filterable),
    }


def _type(field: FieldView) -> dict[str, object]:
    annotation = field.annotation.removesuffix(" | None")
    described: dict[str, object] = {"type": annotation, "nullable": field.optional}
    if field.enum_values:
        described["type"] = "enum"
        described["values"] = list(field.enum_values)
    return described
