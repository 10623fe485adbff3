"""The factory's dates, times and numbers, chosen so that its rows keep the entity's rules.

A factory row's dates and datetimes are relative to the moment the test runs
(`date.today() + timedelta(days=1)`), its numbers natural ones (1, 10.00). A
rule over the row's own columns — `due_on > loaned_on`, `starts_at > now()`,
`price == 41.25` — is broken by such a row, and when it is a CHECK constraint
every test that makes one fails. `rule_values` chooses, for each required
date, datetime and number the rules read, a value within the field's bounds:
an offset from now (days for dates, minutes for datetimes, nearest first) or
a number (the natural one first, then the rules' literals and their
neighbours), such that every rule that reads only the row's own columns
holds. Each rule is compiled to Python (`translate.python`) and evaluated on
the row, with the factory's literal values for its other fields. A rule's
`now()` is taken a few minutes after the row was made, as the app sees it.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import CodeType

from compiler.ir.derived import SetOnWrite
from compiler.ir.expr import DecimalLit, Expr, IntLit, Path, walk
from compiler.ir.model import Computed, Default, Entity, Field, ReadOnly, Spec
from compiler.ir.types import ScalarType
from compiler.testgen.data.rule_completions import conjuncts
from compiler.testgen.data.rule_eval import APP_DELAY, EVALUABLE, NOW, Open, Row
from compiler.testgen.data.rule_literals import known_literals
from compiler.testgen.data.rule_texts import COUNTERS, is_searched_text, text_at, text_candidates
from compiler.testgen.data.sample_values import bounds, step, within
from compiler.translate.names import column_name
from compiler.translate.python import PyCompiler, runtime

DAYS = (0, 1, -1, 2, -2, 7, -7, 30, -30)
MINUTES = (0, 60, -60, 120, -120, 1440, -1440, 43200, -43200)
MAX_ASSIGNMENTS = 20000


def rule_values(spec: Spec, entity: Entity) -> dict[str, int | Decimal | str]:
    """Field name → the offset (days or minutes: an int) of a time field, the value (a
    Decimal) of a number field, or the source of a text field's text (`rule_texts`), where
    it differs from the factory's own choice; {} when the rules read none or no values keep
    them all (the factory's defaults then). Each `and` part of a rule is a rule of its own
    here: a part over other rows (`count(…) < 3 and days_between(day, today()) >= 2`) does
    not keep the search from the part it can meet."""
    exprs = [part for r in entity.rules if r.expr is not None for part in conjuncts(r.expr)]
    read = {node.parts[0] for expr in exprs for node in walk(expr) if isinstance(node, Path)}
    fields = [
        f
        for f in entity.fields
        if f.name in read
        and (_is_time(f) or _is_number(f) or is_searched_text(f))
        and _made_by_factory(f)
    ]
    compiler = PyCompiler(spec, entity)
    compiled = [compiler.compile(expr) for expr in exprs]
    parts = [(e, c) for e, c in zip(exprs, compiled, strict=True) if c.needs <= EVALUABLE]
    if not fields or not parts:
        return {}
    known = known_literals(spec, entity)
    literals = {
        column_name(f.name, f.type): known[f.name] for f in entity.fields if f.name in known
    }
    numbers = _rule_numbers(exprs)
    candidates = {f.name: _candidates(entity, f, known.get(f.name), numbers, exprs) for f in fields}
    fields = [f for f in fields if candidates[f.name]]
    rules = [(_names(expr), compile(c.source, "<rule>", "eval")) for expr, c in parts]
    chosen: dict[str, int | Decimal | str] = {}
    for group in _groups(fields, [names for names, _ in rules]):
        codes = [code for names, code in rules if names & {f.name for f in group}]
        chosen |= _search(group, [candidates[f.name] for f in group], codes, literals)
    return chosen


def _names(expr: Expr) -> set[str]:
    return {node.parts[0] for node in walk(expr) if isinstance(node, Path)}


def _groups(fields: list[Field], reads: list[set[str]]) -> list[list[Field]]:
    """The fields in groups that no rule part spans: each group is searched on its own, so
    a rule no values keep, or many fields, do not keep the others from being placed."""
    group_of = {f.name: i for i, f in enumerate(fields)}
    for names in reads:
        ids = {group_of[n] for n in names if n in group_of}
        if ids:
            first = min(ids)
            group_of = {n: first if g in ids else g for n, g in group_of.items()}
    groups: dict[int, list[Field]] = {}
    for f in fields:
        groups.setdefault(group_of[f.name], []).append(f)
    return list(groups.values())


def _search(
    fields: list[Field], choices: list[list], rules: list[CodeType], literals: dict[str, object]
) -> dict[str, int | Decimal | str]:
    """The first values of the fields, nearest to the factory's own first, that keep every
    rule at each row counter; {} when none does within `MAX_ASSIGNMENTS`."""
    helpers = runtime()
    for count, keys in enumerate(_nearest_first(choices)):
        if count == MAX_ASSIGNMENTS:
            break
        if all(
            _holds(rule, Row(_row(literals, fields, keys, n)), helpers)
            for n in COUNTERS
            for rule in rules
        ):
            return {
                f.name: k
                for f, k, first in zip(fields, keys, (c[0] for c in choices), strict=True)
                if k != first or (_is_time(f) and k)
            }
    return {}


def _row(
    literals: dict[str, object], fields: list[Field], keys: tuple, n: int
) -> dict[str, object]:
    """The row's columns with the fields' candidate values, texts at row counter `n`."""
    return literals | {
        "created_at": NOW,
        "updated_at": NOW,
        **{column_name(f.name, f.type): _value(f, k, n) for f, k in zip(fields, keys, strict=True)},
    }


def _holds(rule: CodeType, row: Row, helpers: object) -> bool:
    scope = {"px": helpers, "row": row, "now": NOW + APP_DELAY, "today": NOW.date()}
    try:
        return eval(rule, {"Decimal": Decimal}, scope) is not False  # null keeps a rule
    except Open:
        return True  # not decided by the times: left to the other completions


def _nearest_first(choices: list[list]) -> list[tuple]:
    """Every combination of the fields' candidates, those nearest to now first."""
    while len(choices) > 1 and _size(choices) > MAX_ASSIGNMENTS * 10:
        choices = [c[: max(2, len(c) - 1)] for c in choices]  # fewer, nearer candidates
    indexed = itertools.product(*(range(len(c)) for c in choices))
    ordered = sorted(indexed, key=lambda picks: (sum(picks), picks))
    return [tuple(c[i] for c, i in zip(choices, picks, strict=True)) for picks in ordered]


def _size(choices: list[list]) -> int:
    size = 1
    for candidates in choices:
        size *= len(candidates)
    return size


def _candidates(
    entity: Entity, field: Field, natural: object, numbers: list[Decimal], exprs: list[Expr]
) -> list:
    """The field's values to try, the factory's own first: offsets for times, numbers
    (the natural one, then the rules' literals and one step either side) for numbers,
    texts (`rule_texts`) for text."""
    if is_searched_text(field):
        return text_candidates(entity, field, exprs)
    lower, upper = bounds(field)
    if _is_time(field):
        keys: list = list(DAYS if _is_date(field) else MINUTES)
    else:
        unit = step(field)
        keys = [Decimal(str(natural))] if isinstance(natural, (int, Decimal)) else []
        keys += [n + d for n in numbers for d in (0, unit, -unit)]
        keys = [k for k in dict.fromkeys(keys) if _is_int(field) is False or k == int(k)]
    return [k for k in keys if within(_value(field, k, 1), lower, upper, today=NOW.date(), now=NOW)]


def _rule_numbers(exprs: list) -> list[Decimal]:
    found = [
        Decimal(str(node.value))
        for expr in exprs
        for node in walk(expr)
        if isinstance(node, IntLit | DecimalLit)
    ]
    return list(dict.fromkeys(found))


def _value(field: Field, key: object, n: int) -> object:
    if isinstance(key, str):
        return text_at(key, n)
    if _is_number(field):
        return int(key) if _is_int(field) else key  # type: ignore[call-overload]
    assert isinstance(key, int)
    return _moment(field, key)


def _moment(field: Field, offset: int) -> date | datetime:
    if _is_date(field):
        return NOW.date() + timedelta(days=offset)
    return NOW + timedelta(minutes=offset)


def _is_date(field: Field) -> bool:
    return isinstance(field.type, ScalarType) and field.type.kind == "date"


def _is_number(field: Field) -> bool:
    return isinstance(field.type, ScalarType) and field.type.kind in ("int", "decimal", "money")


def _is_int(field: Field) -> bool:
    return isinstance(field.type, ScalarType) and field.type.kind == "int"


def _is_time(field: Field) -> bool:
    return isinstance(field.type, ScalarType) and field.type.kind in ("date", "datetime")


def _made_by_factory(field: Field) -> bool:
    """Required stored fields the factory may set: a default the rules break (`moment
    default now` under `add_days(moment, 1) <= now()`) is overridden, unless clients
    cannot write the field."""
    if field.optional or field.has(Computed) or field.has(SetOnWrite):
        return False  # a derived value is the app's, from the fields it reads
    return not field.has(Default) or not field.has(ReadOnly)
