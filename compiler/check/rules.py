"""Checks of `### Rules`: each expression is a condition that some new row can keep and
that does not read the row's own `id` (E640, which the database assigns); prose rules are
flagged."""

from __future__ import annotations

from compiler.check.expr_types import ExprTyper, Scope
from compiler.check.initial_state import (
    empty_on_create,
    initial_states,
    now_on_create,
    truth_on_create,
)
from compiler.check.rule_conflicts import check_rule_conflicts
from compiler.diagnostics import Diagnostics, codes
from compiler.ir.expr import Aggregate, Expr, IsNull, Path, children, walk
from compiler.ir.model import Computed, Entity, Rule


def check_rules(entity: Entity, typer: ExprTyper, diags: Diagnostics) -> None:
    for rule in entity.rules:
        if rule.expr is None:
            if rule.message:
                diags.add(
                    codes.PROSE_RULE,
                    rule.span,
                    f"rule '{rule.message}' has no expression",
                    hint="`specc compile` asks a model for it and pins the answer in spec.lock "
                    f"(docs/llm.md); or add it in backticks: `count({entity.name} where …) <= 5`",
                )
            continue
        typer.condition(rule.expr, Scope(entity, entity), "a rule")
        if _report_own_id(entity, rule, diags):
            continue
        known, empty, now = initial_states(entity), empty_on_create(entity), now_on_create(entity)
        if truth_on_create(rule.expr, known, empty, now) is False:
            _report_no_new_row_keeps(entity, rule, known, empty, now, diags)
    check_rule_conflicts(entity, diags)


def own_id_reads(entity: Entity, expr: Expr) -> list[tuple[Path, str | None]]:
    """Where `expr`, about a row of `entity`, reads that row's own `id`: each path (`id`,
    `self.id`, or a computed field of the row that reads it) and the computed field it goes
    through (None: directly). Inside an aggregate's `where` bare names are the aggregated
    row's, and a referenced row's id (`site.id`) is the row the client picked: neither counts."""
    found: list[tuple[Path, str | None]] = []
    for path in row_paths(expr):
        name = path.parts[-1]
        if name == "id":
            found.append((path, None))
            continue
        computed = entity.field(name)
        rule = computed.rule(Computed) if computed is not None else None
        if isinstance(rule, Computed) and _reads_id(entity, rule.expr, {name}):
            found.append((path, name))
    return found


def row_paths(expr: Expr, inside: bool = False) -> list[Path]:
    """The paths in `expr` that name a field of the row itself (`x`, `self.x`)."""
    match expr:
        case Path(parts=(_,)) if not inside:
            return [expr]
        case Path(parts=("self", _)):
            return [expr]
        case Aggregate():
            return [p for child in children(expr) for p in row_paths(child, inside=True)]
    return [p for child in children(expr) for p in row_paths(child, inside)]


def _reads_id(entity: Entity, expr: Expr, seen: set[str]) -> bool:
    """Whether a computed field's expression reads the row's `id`, directly or through
    other computed fields (each followed once)."""
    for path in row_paths(expr):
        name = path.parts[-1]
        if name == "id":
            return True
        field = entity.field(name)
        rule = field.rule(Computed) if field is not None and name not in seen else None
        if isinstance(rule, Computed) and _reads_id(entity, rule.expr, seen | {name}):
            return True
    return False


def _report_own_id(entity: Entity, rule: Rule, diags: Diagnostics) -> bool:
    """E640 at each read of the row's own id; whether there was one."""
    reads = own_id_reads(entity, rule.expr) if rule.expr is not None else []
    for path, through in reads:
        how = f" (through computed field `{through}`)" if through else ""
        diags.add(
            codes.RULE_READS_OWN_ID,
            path.span,
            f"rule '{rule.message}' reads the {entity.name}'s own `id`{how}, which the "
            "database assigns on create: no client can make a row keep or break it",
            hint="state the rule over fields clients write (or a referenced row's id, "
            "`site.id`); to number rows in order, add an `int` field the rule can read",
        )
    return bool(reads)


def _report_no_new_row_keeps(
    entity: Entity,
    rule: Rule,
    known: dict[str, str],
    empty: frozenset[str],
    now: frozenset[str],
    diags: Diagnostics,
) -> None:
    """E611, with the reason: the fields set to now on create, the rows that cannot refer to
    a new row yet, the read-only fields nothing sets, else the states."""
    message, span = rule.message, rule.span
    if rule.expr is not None and truth_on_create(rule.expr, known, empty) is None:
        read = {node.parts[-1] for node in walk(rule.expr) if isinstance(node, Path)}
        names = sorted(now & read)
        what = (
            f"{', '.join(f'`{n}`' for n in names)} {'is' if len(names) == 1 else 'are'} set to "
            "now on create, and the rule is false at that moment"
            if names
            else "the rule is false at every moment"
        )
        diags.add(
            codes.RULE_NO_NEW_ROW_KEEPS,
            span,
            f"rule '{message}' is false for every new {entity.name}: {what}, so no "
            f"{entity.name} could ever be created",
            hint="a field `set to now on create` equals `now()` when the row is made: compare "
            "it with a time clients write, or say when the rule applies (`… or …`)",
        )
        return
    if (
        rule.expr is not None
        and truth_on_create(rule.expr, {}) is None
        and truth_on_create(rule.expr, {}, empty) is False
    ):
        tested = {
            node.value.parts[-1]
            for node in walk(rule.expr)
            if isinstance(node, IsNull) and isinstance(node.value, Path)
        }
        names = ", ".join(f"`{name}`" for name in sorted(empty & tested))
        diags.add(
            codes.RULE_NO_NEW_ROW_KEEPS,
            span,
            f"rule '{message}' is false for every new {entity.name}: {names} is read-only "
            f"and nothing sets it on create, so no {entity.name} could ever be created",
            hint="give the field a `default` or a `set to …`, or let clients write it "
            "(drop `read-only`)",
        )
        return
    if rule.expr is not None and truth_on_create(rule.expr, {}) is False:
        diags.add(
            codes.RULE_NO_NEW_ROW_KEEPS,
            span,
            f"rule '{message}' is false for every new {entity.name}: no other row can refer "
            f"to a {entity.name} before it is created, so no {entity.name} could ever be created",
            hint="count such rows where the rule is about later changes, e.g. in a lifecycle "
            "`when` guard, or state the rule on the referring entity",
        )
        return
    states = ", ".join(f"{field} {state!r}" for field, state in known.items())
    field, state = next(iter(known.items()))
    diags.add(
        codes.RULE_NO_NEW_ROW_KEEPS,
        span,
        f"rule '{message}' is false for every new {entity.name}, which starts "
        f"with {states}: no {entity.name} could ever be created",
        hint="say in which states the rule applies, e.g. "
        f'`{field} == "{state}" or (…)`, or start the lifecycle in another state',
    )
