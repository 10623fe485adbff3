"""Random spec models that cover every construct of the language.

Pass 1 makes the entities and their stored fields (references point only to
entities made before, so rows can always be created); pass 2 adds computed
fields; pass 3 adds Rules, lifecycles, Access tables and examples, which may
read everything.
"""

from __future__ import annotations

import re

from compiler.check.initial_state import truth_on_create
from compiler.check.rule_conflicts import contradict
from compiler.check.rules import row_paths
from compiler.diagnostics import Diagnostics
from compiler.ir.expr import Expr
from compiler.ir.span import Span
from compiler.parse.expr_parser import parse_expression
from tests.specgen.choice import Choice
from tests.specgen.exprs import Exprs, Scope
from tests.specgen.model import Entity, Example, Field, Lifecycle, Rule, SpecModel, Transition
from tests.specgen.patterns import pattern

ENTITY_NAMES = ["Site", "Item", "Entry", "Batch", "Visit", "Parcel"]
ROLE_POOL = ["reader", "clerk", "chief", "guest"]
STATES = ["draft", "open", "held", "done", "lost"]
PREFIX = {
    "text": "label",
    "long text": "notes",
    "int": "qty",
    "decimal": "rate",
    "money": "price",
    "bool": "flag",
    "date": "day",
    "datetime": "moment",
    "email": "mail",
    "url": "link",
    "enum": "kind",
    "user": "person",
}
KINDS = [*PREFIX, "ref", "list"]
_NOW_ON_CREATE = "set to now on create"
COLUMNS = ("create", "read", "update", "delete")


KNOWN = {
    "a": "patterns the hand-written value generator gets wrong (negated class, length, no anchors)",
    "b": "unique on a reference field",
    "c": "rules the factory's values break (CHECK constraints, now() / today()): rules are"
    " then guarded by an optional field the factory leaves empty",
    "f": "rules that read current_user (access and field tests ignore them)",
}
"""Classes of known compiler bugs (issue 9) a run may leave out with `avoid`."""
_avoid: frozenset[str] = frozenset()


def spec_model(
    c: Choice, *, max_entities: int = 4, max_fields: int = 7, avoid: frozenset[str] = frozenset()
) -> SpecModel:
    """A random valid model; `avoid` leaves out the constructs of known bug classes (KNOWN)."""
    global _avoid
    _avoid = avoid
    roles = ROLE_POOL[: c.int(1, 3)]
    model = SpecModel(
        app="fuzzapp",
        roles=list(roles),
        signup=c.pick(roles) if c.chance(40) else None,
        entities=[],
        timezone=c.pick(["Europe/Berlin", "America/New_York", "UTC"]) if c.chance(30) else None,
    )
    names = ENTITY_NAMES[: c.int(1, max_entities)]
    for name in names:
        entity = Entity(name)
        model.entities.append(entity)
        for _ in range(c.int(1, max_fields)):
            _add_field(c, model, entity)
        if c.chance(40):
            _add_status(c, entity)
    exprs = Exprs(c, model)
    for entity in model.entities:
        for _ in range(c.int(0, 2) if c.chance(50) else 0):
            _add_computed(c, exprs, entity)
    for entity in model.entities:
        _add_only_where(c, exprs, model, entity)
        _add_rules(c, exprs, entity)
        if entity.field("status") is not None:
            _add_lifecycle(c, exprs, model, entity)
        _add_access(c, exprs, model, entity)
        _add_examples(c, model, entity)
    for entity in model.entities:  # last, so the choices before are those of older builds
        for transition in entity.lifecycle.transitions if entity.lifecycle else ():
            if c.chance(25):
                _add_other_row_effect(c, model, entity, transition)
    for entity in model.entities:  # last too: seeds keep the specs they made before
        if c.chance(20):
            _add_anyone(c, exprs, entity)
    for entity in model.entities:
        if c.chance(15):
            _add_viewer_field(c, entity)
    for entity in model.entities:  # after every other choice, so older seeds keep their specs
        _add_unique_together(c, model, entity)
        _add_on_delete(c, entity)
    return model


# -- fields ---------------------------------------------------------------------


def _fresh(entity: Entity, base: str) -> str:
    n = 1
    while entity.field(f"{base}{n}") is not None:
        n += 1
    return f"{base}{n}"


def _add_field(c: Choice, model: SpecModel, entity: Entity) -> None:
    earlier = [e.name for e in model.entities if e is not entity]
    kinds = [k for k in KINDS if k not in ("ref", "list") or earlier]
    kind = c.pick(kinds)
    optional = kind != "list" and c.chance(35)
    if kind in ("ref", "list"):
        target = c.pick(earlier)
        f = Field(_fresh(entity, target.lower() + ("s" if kind == "list" else "")), kind)
        f.target = target
        f.optional = optional
    else:
        f = Field(_fresh(entity, PREFIX[kind]), kind, optional)
    RULE_MAKERS[kind](c, f)
    if c.chance(10) and f.kind not in ("list",) and (f.optional or f.has_default or f.automatic):
        f.rules.append("read-only")
        f.read_only = True
    entity.fields.append(f)
    current = [g for g in entity.fields if "set to current user" in g.rules]
    if len(current) > 1 and not [g for g in entity.fields if g.owner]:
        f.rules.append("owner")  # two fields set to the current user: say which one owns (E223)
        f.owner = True
    if f.kind == "user" and not [g for g in entity.fields if g.owner] and c.chance(25):
        f.rules.append("owner")
        f.owner = True


def _required(c: Choice, f: Field) -> None:
    if not f.optional and c.chance(40):
        f.rules.append("required")


def _unique(c: Choice, f: Field, percent: int = 15) -> None:
    if c.chance(percent):
        f.rules.append("unique")
        f.unique = True


def _text_rules(c: Choice, f: Field) -> None:
    _required(c, f)
    if f.kind == "text":
        _unique(c, f)
    lo, hi = 0, None
    if f.kind in ("text", "long text") and c.chance(30):
        regex, lo, hi = pattern(c, anchored=c.chance(90) or "a" in _avoid)
        if "a" not in _avoid or "[^" not in regex:
            f.rules.append(f"pattern `{regex}`")
    if c.chance(35) and not ("a" in _avoid and any(r.startswith("pattern") for r in f.rules)):
        a = c.int(max(lo, 1), max(lo, 1) + 4) if c.chance(70) else None
        top = hi if hi is not None else (a or 1) + 60
        b = c.int(max(a or 1, 1), max(top, a or 1)) if c.chance(70) else None
        if hi is not None and a is not None and a > hi:
            a = None
        if f.kind in ("email", "url"):
            a, b = None, 200
        if a is not None and b is not None:
            f.rules.append(f"length {a}" if a == b and c.chance(50) else f"length {a}..{b}")
        elif a is not None:
            f.rules.append(f"length {a}..")
        elif b is not None:
            f.rules.append(f"length ..{b}")
    if f.kind == "text" and not f.rules and c.chance(25):
        f.rules.append(f'default "{c.pick(["abc", "Hello", "n/a"])}"')
        f.has_default = True


def _int_rules(c: Choice, f: Field) -> None:
    _unique(c, f)
    lo, hi = c.int(-20, 5), c.int(6, 500)
    form = c.int(0, 4)
    if form == 0:
        f.rules.append(f"range {lo}..{hi}")
        f.lo, f.hi = lo, hi
    elif form == 1:
        f.rules.append(f"min {lo}")
        f.lo = lo
    elif form == 2:
        f.rules.append(f"max {hi}")
        f.hi = hi
    if not f.unique and c.chance(30):
        f.rules.append(f"default {max(f.lo or 0, min(f.hi if f.hi is not None else 7, 7))}")
        f.has_default = True


def _decimal_rules(c: Choice, f: Field) -> None:
    if f.kind == "decimal" and c.chance(50):
        p = c.int(4, 10)
        f.precision = (p, c.int(0, min(3, p - 2)))
    form = c.int(0, 3)
    if form == 0:
        f.rules.append("min 0")
        f.lo = 0
    elif form == 1:
        f.rules.append("range 0..99")
        f.lo, f.hi = 0, 99
    elif form == 2:
        f.rules.append("min 0.01")
        f.lo = 1
    if c.chance(25):
        f.rules.append("default 1")
        f.has_default = True


def _bool_rules(c: Choice, f: Field) -> None:
    if c.chance(50):
        f.rules.append(f"default {c.pick(['true', 'false'])}")
        f.has_default = True


def _date_rules(c: Choice, f: Field) -> None:
    form = c.int(0, 6)
    bound = [
        'after "2020-01-01"',
        "before today",
        'range "2020-01-01"..today',
        "after today",
        'min "2021-06-01"',
        "max today",
        None,
    ][form]
    if bound:
        f.rules.append(bound)
    if form in (0, 2, 4, 5, 6) and c.chance(30):
        f.rules.append("default today")
        f.has_default = True


def _datetime_rules(c: Choice, f: Field) -> None:
    form = c.int(0, 6)
    if form == 0:
        f.rules.append("max now")
        if c.chance(40):
            f.rules.append("default now")
            f.has_default = True
    elif form == 1:
        f.rules.append("after now")
    elif form == 2:
        f.rules.append(_NOW_ON_CREATE)
        f.automatic = True
    elif form == 3:
        f.optional = True
        f.rules.append("set to now on update")
        f.automatic = True
    elif form == 4:
        f.rules.append('after "2020-01-01T00:00:00"')
    elif form == 5:
        f.rules.append("default now")
        f.has_default = True


def _enum_rules(c: Choice, f: Field) -> None:
    f.values = tuple(["low", "mid", "high", "top"][: c.int(2, 4)])
    if c.chance(40):
        f.rules.append(f"default {c.pick(f.values)}")
        f.has_default = True


def _ref_rules(c: Choice, f: Field) -> None:
    if "b" not in _avoid:
        _unique(c, f, 8)


def _user_rules(c: Choice, f: Field) -> None:
    if c.chance(45):
        f.rules.append("set to current user")
        f.automatic = True
    if c.chance(20):
        f.rules.append("only users with role {role}")
    elif c.chance(15):
        f.rules.append("only users with roles {roles}")


def _list_rules(c: Choice, f: Field) -> None:
    return None


RULE_MAKERS = {
    "text": _text_rules,
    "long text": _text_rules,
    "email": _text_rules,
    "url": _text_rules,
    "int": _int_rules,
    "decimal": _decimal_rules,
    "money": _decimal_rules,
    "bool": _bool_rules,
    "date": _date_rules,
    "datetime": _datetime_rules,
    "enum": _enum_rules,
    "ref": _ref_rules,
    "user": _user_rules,
    "list": _list_rules,
}


def _add_status(c: Choice, entity: Entity) -> None:
    values = tuple(STATES[: c.int(2, 5)])
    f = Field("status", "enum", values=values, lifecycle=True)
    if c.chance(50):
        f.rules.append("changes by lifecycle only")
    if c.chance(30):
        f.rules.append(f"default {c.pick(values)}")
        f.has_default = True
    entity.fields.append(f)


def _add_computed(c: Choice, exprs: Exprs, entity: Entity) -> None:
    scope = Scope(entity, current_user=False, computed=False)
    kind = c.pick(["int", "decimal", "money", "bool", "text", "date", "datetime"])
    typ = {"decimal": "dec", "money": "dec"}.get(kind, kind)
    made = exprs.value(scope, typ)
    if made is None:
        return
    text, nullable = made
    f = Field(_fresh(entity, "calc"), kind, optional=nullable or c.chance(20))
    f.computed = text
    f.rules.append(f"computed: `{text}`")
    entity.fields.append(f)


def _add_viewer_field(c: Choice, entity: Entity) -> None:
    """A per-viewer computed field: whether a User field of the row is the reader."""
    users = [f for f in entity.fields if f.kind == "user" and f.computed is None]
    if not users:
        return
    text = f"{c.pick(users).name} == current_user"
    f = Field(_fresh(entity, "mine"), "bool", optional=c.chance(50))
    f.computed = text
    f.rules.append(f"computed: `{text}`")
    entity.fields.append(f)


def _add_only_where(c: Choice, exprs: Exprs, model: SpecModel, entity: Entity) -> None:
    for f in entity.fields:
        if f.kind != "ref" or not f.target or not c.chance(30):
            continue
        target = model.entity(f.target)
        scope = Scope(target, current_user=True, aggregates=False, prefix=f"{f.name}.")
        cond = exprs.condition(scope, 0)
        if f"{f.name}.created_at" in cond or f"{f.name}.id" in cond:
            continue
        f.rules.append(f"only where `{cond}`")
    for f in entity.fields:
        for i, rule in enumerate(f.rules):
            if rule == "only users with role {role}" or len(model.roles) < 2:
                f.rules[i] = rule.replace("roles {roles}", "role {role}")
                f.rules[i] = f.rules[i].replace("{role}", c.pick(model.roles))
            else:
                f.rules[i] = rule.replace("{roles}", ", ".join(model.roles[:2]))


# -- rules, lifecycles, access -----------------------------------------------------


def _add_rules(c: Choice, exprs: Exprs, entity: Entity) -> None:
    optional = [f for f in entity.fields if f.optional and f.computed is None and f.kind != "list"]
    for k in range(c.int(0, 3)):
        cond = exprs.condition(Scope(entity, current_user="f" not in _avoid), 1)
        if "created_at" in cond:
            continue  # `created_at > now()` and the like cannot hold when a row is made
        if "c" in _avoid:
            if not optional or "now()" in cond or "today()" in cond:
                continue
            cond = f"{c.pick(optional).name} is null or ({cond})"
        if _false_for_new_rows(entity, cond) or _contradicts_a_rule(entity, cond):
            continue  # E611, E612: no row could ever be created
        if _reads_own_id(entity, _parsed(cond)):
            continue  # E640: the database assigns `id`, no client can keep the rule
        entity.rules.append(Rule(f"{entity.name} rule {k + 1} holds.", cond))


def _add_on_delete(c: Choice, entity: Entity) -> None:
    """Now and then `on delete cascade` on a reference, or `set null` on an optional one."""
    for f in entity.fields:
        if f.kind == "ref" and c.chance(25):
            f.rules.append(
                "on delete set null" if f.optional and c.chance(50) else "on delete cascade"
            )


_UNIQUE_KINDS = ("text", "email", "url", "int", "date", "datetime", "enum", "ref", "bool")


def _add_unique_together(c: Choice, model: SpecModel, entity: Entity) -> None:
    """Now and then `unique (a, b)`, over a field every factory row numbers (plain text,
    e-mail, url) and another stored one, sometimes only where a bool or optional field is
    set; not on
    entities the examples make rows of (their values are the example's, and may repeat)."""
    if any(entity.name in step for e in model.entities for x in e.examples for step in x.steps):
        return

    def storable(f: Field) -> bool:
        return f.computed is None and not f.automatic and not f.lifecycle and not f.unique

    numbered = [
        f
        for f in entity.fields
        if f.kind in ("text", "email", "url") and storable(f) and not f.optional
        if not any(r.startswith(("pattern", "length")) for r in f.rules)
    ]
    if not numbered or not c.chance(30):
        return
    first = c.pick(numbered)
    others = [
        f for f in entity.fields if f is not first and f.kind in _UNIQUE_KINDS and storable(f)
    ]
    if not others:
        return
    second = c.pick(others)
    code = f"unique ({first.name}, {second.name})"
    conditions = [f.name for f in entity.fields if f.kind == "bool" and f.computed is None]
    conditions += [
        f"{f.name} is set" for f in entity.fields if f.optional and storable(f) and f.kind != "list"
    ]
    if conditions and c.chance(50):
        code += f" where {c.pick(conditions)}"
    entity.uniques.append(Rule(f"One {entity.name} per {first.name} and {second.name}.", code))


def _contradicts_a_rule(entity: Entity, cond: str) -> bool:
    """Whether `cond` asks the opposite of an earlier rule of the entity about one field."""
    expr = _parsed(cond)
    return any(contradict(entity, _parsed(rule.expr), expr) for rule in entity.rules)  # type: ignore[arg-type]


def _parsed(cond: str):
    return parse_expression(cond, Span.point(1, 1), Diagnostics())


def _parsed(text: str) -> Expr | None:
    return parse_expression(text, Span.point(1, 1), Diagnostics())


def _reads_own_id(entity: Entity, expr: Expr | None, seen: frozenset[str] = frozenset()) -> bool:
    """Whether a rule reads the row's own `id`, directly or through a computed field (the
    checker's E640)."""
    for path in row_paths(expr) if expr is not None else []:
        name = path.parts[-1]
        f = entity.field(name)
        if name == "id" or (
            f is not None
            and f.computed is not None
            and name not in seen
            and _reads_own_id(entity, _parsed(f.computed), seen | {name})
        ):
            return True
    return False


def _false_for_new_rows(entity: Entity, cond: str) -> bool:
    """Whether a new row, which starts in the lifecycle's initial state, which no row refers
    to yet, whose read-only fields without a default are empty and whose fields set to now
    on create hold the moment of the create, breaks `cond`."""
    known = {}
    if (status := entity.field("status")) is not None:
        defaults = [r.split()[1] for r in status.rules if r.startswith("default ")]
        known["status"] = defaults[0] if defaults else status.values[0]
    empty = frozenset(
        f.name
        for f in entity.fields
        if f.read_only and not f.has_default and not f.automatic and f.computed is None
    )
    now = frozenset({"created_at"} | {f.name for f in entity.fields if _NOW_ON_CREATE in f.rules})
    expr = parse_expression(cond, Span.point(1, 1), Diagnostics())
    return expr is not None and truth_on_create(expr, known, empty, now) is False


def _effect(c: Choice, exprs: Exprs, entity: Entity, f: Field) -> str | None:
    if f.optional and c.chance(40):
        return "null"
    if f.kind == "datetime":
        return "now()"
    if f.kind == "date":
        return "today()"
    if f.kind == "int":
        return f"{f.name} + 1" if not f.optional else f"coalesce({f.name}, 0) + 1"
    if f.kind == "bool":
        return c.pick(["true", "false"])
    if f.kind == "user":
        return "current_user"
    if f.kind == "enum":
        return f'"{c.pick(f.values)}"'
    return None


def _add_lifecycle(c: Choice, exprs: Exprs, model: SpecModel, entity: Entity) -> None:
    status = entity.field("status")
    assert status is not None
    pairs = [(a, b) for a in status.values for b in status.values if a != b]
    defaults = [r.split()[1] for r in status.rules if r.startswith("default ")]
    initial = defaults[0] if defaults else status.values[0]
    chosen: list[tuple[str, str]] = [(initial, c.pick([v for v in status.values if v != initial]))]
    for _ in range(c.int(0, 3)):
        pair = c.pick(pairs)
        if pair not in chosen:
            chosen.append(pair)
    transitions: list[Transition] = []
    for source, target in chosen:
        same = next((t for t in transitions if t.target == target and c.chance(50)), None)
        if same is not None:
            same.sources.append(source)
            continue
        actors: list[tuple[str, bool]] = []
        for role in model.roles:
            if c.chance(60) or (not actors and role == model.roles[-1]):
                actors.append((role, entity.owner is not None and c.chance(25)))
        t = Transition([source], target, actors)
        if c.chance(30):
            t.guard = exprs.condition(Scope(entity), 1)
        settable = [
            f
            for f in entity.fields
            if f.computed is None and not f.lifecycle and not f.unique and f.kind not in ("list",)
        ]
        for f in settable:
            if c.chance(15):
                value = _effect(c, exprs, entity, f)
                if value is not None and f.name not in [e[0] for e in t.effects]:
                    t.effects.append((f.name, value))
        if c.chance(25):
            t.label = f"Move to {target}"  # one label per target: never two alike from a state
        transitions.append(t)
    entity.lifecycle = Lifecycle("status", transitions)


def _add_other_row_effect(c: Choice, model: SpecModel, entity: Entity, t: Transition) -> None:
    """`ref.field = value` on the row a reference points to, when every role of the transition
    may read and update that entity at all (E513) and one of its fields takes a value that keeps its
    field rules (plain ints count up; bounded ones are left alone)."""
    candidates = []
    for ref in entity.fields:
        other = model.entity(ref.target) if ref.kind == "ref" and ref.target else None
        if other is None or other is entity or not other.access:
            continue
        cells = [other.access.get(role, {}) for role, _ in t.actors]
        if any("no" in (cell.get("read", "no"), cell.get("update", "no")) for cell in cells):
            continue
        for f in other.fields:
            settable = f.computed is None and not (f.lifecycle or f.unique or f.automatic)
            if settable and _other_value(ref, f) is not None:
                candidates.append((ref, f))
    if candidates:
        ref, f = c.pick(candidates)
        value = _other_value(ref, f)
        assert value is not None
        t.effects.append((f"{ref.name}.{f.name}", value))


def _other_value(ref: Field, f: Field) -> str | None:
    if f.kind == "bool":
        return "true"
    if f.kind == "datetime":
        return "now()"
    if f.kind == "user":
        return "current_user"
    if f.kind == "int" and not f.rules and not f.optional:
        return f"{ref.name}.{f.name} + 1"
    return None


def _cell(c: Choice, exprs: Exprs, entity: Entity, column: str) -> str:
    options = ["yes", "all", "all", "no"]
    if column != "create" and entity.owner is not None:
        options.append("own")
    if c.chance(20):
        return f"where `{exprs.condition(Scope(entity), 1)}`"
    cell = c.pick(options)
    return "yes" if cell == "all" and column == "create" else cell


def _add_access(c: Choice, exprs: Exprs, model: SpecModel, entity: Entity) -> None:
    for i, role in enumerate(model.roles):
        if i > 0 and c.chance(8):
            continue  # a role without a row gets nothing (W406)
        entity.access[role] = {col: _cell(c, exprs, entity, col) for col in COLUMNS}


def _add_anyone(c: Choice, exprs: Exprs, entity: Entity) -> None:
    """An `anyone` row: visitors read every row, or where a condition on the row holds (no
    current user), and write nothing. Examples that expect an anonymous 401 or a role to
    see nothing no longer hold, so such entities get none."""
    if any(e.title.endswith(_NOT_PUBLIC) for e in entity.examples):
        return
    read = "all"
    if c.chance(60):
        read = f"where `{exprs.condition(Scope(entity, current_user=False), 1)}`"
    entity.access[ANYONE] = {"create": "no", "read": read, "update": "no", "delete": "no"}
    if read == "all" and c.chance(50):
        steps = [f"given {entity.name} X1", "as anonymous", f"list {entity.name}", "expect count 1"]
        entity.examples.append(Example(f"{entity.name}: visitors list every row", steps))


# -- examples ----------------------------------------------------------------------

ANYONE = "anyone"
_NOT_PUBLIC = (": anonymous users are refused", ": a role without read access sees nothing")


def _mentioned(entity: Entity, name: str) -> bool:
    word = re.compile(rf"\b{re.escape(name)}\b")
    texts = [r.expr for r in entity.rules] + [f.computed or "" for f in entity.fields]
    return any(word.search(t) for t in texts)


def _given_values(c: Choice, entity: Entity) -> list[tuple[Field, str]]:
    out: list[tuple[Field, str]] = []
    for f in entity.fields:
        if not f.plain or f.computed is not None or _mentioned(entity, f.name) or not c.chance(60):
            continue
        if f.kind == "int":
            out.append((f, str(c.int(-3, 40))))
        elif f.kind == "bool":
            out.append((f, c.pick(["true", "false"])))
        elif f.kind == "text":
            out.append((f, '"hello"'))
        elif f.kind == "enum":
            out.append((f, c.pick(f.values)))
    return out


def _quoted(f: Field, value: str) -> str:
    return f'"{value}"' if f.kind == "enum" else value


def _readers(entity: Entity, *cells: str) -> list[str]:
    return [r for r, row in entity.access.items() if row["read"] in cells and r != ANYONE]


def _add_examples(c: Choice, model: SpecModel, entity: Entity) -> None:
    name = entity.name
    if c.chance(25):
        steps = ["as anonymous", f"list {name}", "expect unauthorized"]
        entity.examples.append(Example(f"{name}: anonymous users are refused", steps))
    readers = _readers(entity, "all", "yes")
    if readers and c.chance(35):
        given = _given_values(c, entity)
        fields = " ".join(f"{f.name}={v}" for f, v in given)
        steps = [f"given {name} X1 {fields}".rstrip(), f"as {c.pick(readers)}", f"read {name} X1"]
        steps.append("expect ok")
        checks = [f"X1.{f.name} == {_quoted(f, v)}" for f, v in given]
        if checks:
            steps.append("expect " + " and ".join(checks))
        entity.examples.append(Example(f"{name}: a given row can be read", steps))
    if readers and c.chance(25):
        steps = [f"given {name} X1", f"given {name} X2", f"as {c.pick(readers)}", f"list {name}"]
        steps.append("expect count 2")
        entity.examples.append(Example(f"{name}: both rows are listed", steps))
    blind = _readers(entity, "no")
    if blind and c.chance(35):
        steps = [f"given {name} X1", f"as {c.pick(blind)}", f"read {name} X1", "expect not found"]
        entity.examples.append(Example(f"{name}: a role without read access sees nothing", steps))
    lifecycle = entity.lifecycle
    if lifecycle is not None and c.chance(40):
        status = entity.field("status")
        assert status is not None
        listed = {(s, t.target) for t in lifecycle.transitions for s in t.sources}
        missing = [(a, b) for a in status.values for b in status.values if a != b]
        missing = [p for p in missing if p not in listed]
        updaters = [
            r
            for r, row in entity.access.items()
            if row["update"] in ("all", "yes") and row["read"] in ("all", "yes")
        ]
        if missing and updaters:
            a, b = c.pick(missing)
            steps = [f"given {name} X1 status={a}", f"as {c.pick(updaters)}"]
            steps += [f"update X1 status={b}", "expect conflict"]
            entity.examples.append(Example(f"{name}: {a} to {b} is not a transition", steps))
