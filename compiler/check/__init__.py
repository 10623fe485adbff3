"""Check stage: validates a whole IR and reports every problem as a diagnostic.

Each module checks one construct (fields, access, lifecycles and actions, rules, examples,
computed fields and values derived on write, where per-viewer computed fields are
read); `expr_types` types the expressions they all contain.
"""

from __future__ import annotations

from compiler.check.access import check_access
from compiler.check.computed import check_computed_cycles, check_derived
from compiler.check.examples import check_examples
from compiler.check.expr_types import ExprTyper
from compiler.check.fields import check_entities
from compiler.check.lifecycles import check_actions, check_lifecycles
from compiler.check.on_delete import check_on_delete
from compiler.check.rules import check_rules
from compiler.check.settings import check_settings
from compiler.check.uniques import check_uniques
from compiler.check.viewer import check_viewer_fields
from compiler.diagnostics import Diagnostics
from compiler.ir.model import Spec

__all__ = ["check"]


def check(spec: Spec, diags: Diagnostics) -> None:
    check_settings(spec, diags)
    typer = ExprTyper(spec, diags)
    check_entities(spec, typer, diags)
    for entity in _unique(spec):
        check_access(spec, entity, typer, diags)
        check_rules(entity, typer, diags)
        check_uniques(entity, typer, diags)
        check_on_delete(entity, diags)
        check_lifecycles(spec, entity, typer, diags)
        check_actions(spec, entity, typer, diags)
        check_computed_cycles(entity, diags)
        check_derived(entity, typer, diags)
    check_viewer_fields(spec, diags)
    check_examples(spec, typer, diags)


def _unique(spec: Spec):
    seen: set[str] = set()
    for entity in spec.entities:
        if entity.name not in seen:
            seen.add(entity.name)
            yield entity
