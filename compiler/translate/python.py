"""Compiles spec expressions into plain Python source that evaluates them on a row object.

The SQL translation (`compiler.translate.sql`) filters and checks rows inside the
database. This second translation evaluates the same expression on a row held in
memory: the computed values of an unsaved form, a lifecycle guard shown in the UI,
a rule checked before a round trip. Both translations must give the same value on
the same data; `tests/translate/test_expr_agreement.py` checks that property against
SQLite.

API (mirrors `SqlCompiler`)
---------------------------

`PyCompiler(spec, entity).compile(expr) -> Compiled(source, prelude, needs, entities)`

- `source` is one Python *expression*. It reads the row in scope from the variable
  `row` (`row_var=` changes the name).
- `prelude` holds statements to run before it, in order: the request-time bindings
  `now = utc_now()` and `today = date.today()`, each only if the expression uses it
  (exactly as `SqlCompiler` binds them; the enclosing code imports `utc_now` and
  `date`, or binds `now` / `today` itself and skips the prelude).
- `needs` names what the enclosing code must provide, besides `row`:

  | name    | what it is                                                                |
  |---------|---------------------------------------------------------------------------|
  | `px`    | the runtime helpers: `python_runtime`, loaded by `runtime()`       |
  | `load`  | `load(EntityClass, id) -> row | None`: the row of that entity with that   |
  |         | id; None when `id` is None or no such row exists                          |
  | `rows`  | `rows(EntityClass) -> iterable of rows`: every row of the entity, as the  |
  |         | database holds it (for a rule: as it will be after the write)             |
  | `user`  | the acting user: an object with `id`, `role`, `email`, `name`             |
  | `now`   | the current time, an aware datetime, bound once per request               |
  | `today` | the current date, bound once per request                                  |
  | `Decimal` | `decimal.Decimal` (decimal literals)                                    |

- `entities` names the model classes the source passes to `load` / `rows` (`User`
  for the built-in accounts); the enclosing code imports them.

A row is any object with one attribute per column, named like the model's: `row.id`,
`row.title`, `row.product_id` for a reference field `product`, `row.created_at`.
Computed fields are not read from the row: their expression is inlined, as in SQL.
The generated app backs `load` with `session.get` and `rows` with
`session.exec(select(EntityClass))`; tests provide in-memory versions.

Null semantics (SQL's, spelled out)
-----------------------------------

`null` is "unknown". Every construct gives the same value as the SQL translation:

- **Conditions have three values**: true, false and null (unknown). `and`, `or` and
  `not` follow Kleene logic: `false and null` is false, `true and null` is null,
  `true or null` is true, `false or null` is null, `not null` is null. Wherever a
  condition decides something (a rule, a guard, an access check, an aggregate's
  `where`), null counts as *not satisfied*.
- **Comparisons** (`==`, `!=`, `<`, `<=`, `>`, `>=`) with a null operand give null,
  so `x != 3` is null, not true, when `x` is null; `not (x == 3)` is null too.
- **The literal `null`** is the exception: `x == null` means `x is null` and
  `x != null` means `x is not null` (true or false, never null), on either side, and
  `null == null` is true.
- **`x in (a, b)`** is `x == a or x == b` with the rules above: true if any option
  equals x; otherwise null if x or any option is null; otherwise false.
  `x not in (…)` is `not (x in (…))`, so it is null whenever `in` is.
- **`x is null` / `x is empty`** and **`x is not null` / `x is set`** are always
  true or false.
- **Arithmetic** (`+ - * / %`, unary `-`) and every function but `coalesce` give null
  when an argument is null (scalar `max(a, b)` too, as SQLite's, unlike PostgreSQL's
  `GREATEST`). `coalesce(a, b)` is a unless a is null, else b.
- **`if c then a else b`** is a when c is true, b when c is false or null.
- **Reading through an empty reference** gives null (`product.active` when
  `product` is null); so does a reference to a row that does not exist.
- **`x is own`** is null when x is null; otherwise whether the referenced row's
  owner field (section 7) holds the current user.
- **Aggregates** skip rows whose `where` is false or null. `count` counts the
  remaining rows (0 over none). `sum`, `min`, `max` and `avg` ignore null values;
  `sum` over no (non-null) values is 0; `min`, `max` and `avg` over none are null.

Values
------

- `int` with `int` gives `int` for `+ - * %`; `/` always gives a decimal
  (`7 / 2` is 3.5); anything with a decimal operand is a `Decimal`.
- `/` and `%` by zero give null (SQLite's behaviour; PostgreSQL raises an error).
- `%` is SQL's `mod`: the remainder has the sign of the dividend (`-7 % 2` is -1).
- Texts compare by code point (SQL's binary collation); `+` joins two texts.
- `lower` / `upper` convert case by Unicode rules (SQLite's own functions convert
  only ASCII letters).
- `round(x, n)` rounds half away from zero to n places and gives a decimal.
- `days_between(a, b)` is whole calendar days from a's date to b's date;
  `add_days(d, n)` moves d by n days and keeps its type (date or datetime).
- Durations (`hours(n)`, `minutes(n)`, `days(n)`, a datetime minus a datetime) are
  `timedelta`s; SQL holds them as seconds, and on SQLite keeps milliseconds only.
- `year`, `month`, `day` and `weekday` (ISO: Monday 1 … Sunday 7) of a datetime are
  its UTC date's.
- `contains`, `starts_with` and `ends_with` are case sensitive; `slug(t)` turns every
  run of characters other than ASCII letters and digits into one `-`, drops them at the
  ends and lowers the letters.
- A date compared with a datetime stands for the start of that day (UTC); a
  datetime without a zone (as SQLite hands them back) is taken as UTC.
"""

from __future__ import annotations

import importlib.util
import pathlib
import types

from compiler.ir.expr import (
    Aggregate,
    Binary,
    BoolLit,
    Call,
    Conditional,
    DecimalLit,
    Expr,
    In,
    IntLit,
    IsNull,
    IsOwn,
    NullLit,
    Path,
    StringLit,
    Unary,
)
from compiler.ir.model import Computed, Entity, Spec
from compiler.ir.types import USER_ENTITY, RefType
from compiler.translate.compiled import (
    USER_COLUMNS,
    Compiled,
    ScopeRow,
    reference_entity,
    request_bindings,
)
from compiler.translate.names import column_name

RUNTIME = "px"
"""The name the compiled source uses for the runtime helpers."""

_OPERATORS = {
    "==": "eq",
    "!=": "ne",
    "<": "lt",
    "<=": "le",
    ">": "gt",
    ">=": "ge",
    "+": "add",
    "-": "sub",
    "*": "mul",
    "/": "div",
    "%": "mod",
    "and": "and_",
    "or": "or_",
}
_FUNCTIONS = {
    "len": "length",
    "lower": "lower",
    "upper": "upper",
    "abs": "abs_",
    "round": "round_",
    "coalesce": "coalesce",
    "days_between": "days_between",
    "add_days": "add_days",
    "max": "greatest",
    "min": "least",
    "concat": "concat",
    "contains": "contains",
    "starts_with": "starts_with",
    "ends_with": "ends_with",
    "slug": "slug",
    "year": "year",
    "month": "month",
    "day": "day",
    "weekday": "weekday",
    "hours": "hours",
    "minutes": "minutes",
    "days": "days",
}
_AGGREGATES = {"count": "count", "sum": "sum_", "min": "min_", "max": "max_", "avg": "avg"}


_RUNTIME_FILE = pathlib.Path(__file__).with_name("python_runtime.py")
"""The helpers compiled source calls as `px.<name>`."""


def runtime() -> types.ModuleType:
    """A fresh copy of `python_runtime`, ready to bind as `px`."""
    spec = importlib.util.spec_from_file_location("px_runtime", _RUNTIME_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class PyCompiler:
    """Compiles the expressions of one entity into Python evaluated on `row_var`."""

    def __init__(
        self, spec: Spec, entity: Entity, user_var: str = "user", row_var: str = "row"
    ) -> None:
        self.spec = spec
        self.entity = entity
        self.user = user_var
        self.row = row_var
        self._out = Compiled("")
        self._counter = 0

    def compile(self, expr: Expr) -> Compiled:
        self._out = Compiled("")
        self._counter = 0
        row = ScopeRow(self.entity, self.row)
        self._out.source = self._expr(expr, row, row)
        self._out.prelude = request_bindings(self._out.needs)
        return self._out

    # expressions

    def _expr(self, expr: Expr, row: ScopeRow, outer: ScopeRow) -> str:
        match expr:
            case StringLit(value=value):
                return repr(value)
            case IntLit(value=value):
                return repr(value)
            case DecimalLit(value=value):
                self._out.needs.add("Decimal")
                return f'Decimal("{value}")'
            case BoolLit(value=value):
                return repr(value)
            case NullLit():
                return "None"
            case Path():
                return self._path(expr, row, outer)
            case Unary(op="not", operand=operand):
                return self._helper("not_", self._expr(operand, row, outer))
            case Unary(operand=operand):
                return self._helper("neg", self._expr(operand, row, outer))
            case Binary(op=op, left=left, right=right):
                return self._binary(op, left, right, row, outer)
            case In(value=value, options=options, negated=negated):
                items = "".join(f"{self._expr(o, row, outer)}, " for o in options)
                found = self._helper("in_", self._expr(value, row, outer), f"({items.rstrip()})")
                return self._helper("not_", found) if negated else found
            case IsNull(value=value, negated=negated):
                return self._null_test(value, negated, row, outer)
            case IsOwn(value=value):
                return self._is_own(value, row, outer)
            case Call():
                return self._call(expr, row, outer)
            case Conditional(condition=condition, then=then, otherwise=otherwise):
                # A null condition (None), like a false one, gives the else branch.
                return (
                    f"({self._expr(then, row, outer)} if {self._expr(condition, row, outer)} "
                    f"else {self._expr(otherwise, row, outer)})"
                )
            case Aggregate():
                return self._aggregate(expr, row, outer)
        raise AssertionError(f"unexpected expression node {expr!r}")

    def _binary(self, op: str, left: Expr, right: Expr, row: ScopeRow, outer: ScopeRow) -> str:
        if op in ("==", "!=") and (isinstance(left, NullLit) or isinstance(right, NullLit)):
            # The literal `null` turns a comparison into a null test (SQL: `IS [NOT] NULL`).
            other = left if isinstance(right, NullLit) else right
            return self._null_test(other, op == "!=", row, outer)
        return self._helper(
            _OPERATORS[op], self._expr(left, row, outer), self._expr(right, row, outer)
        )

    def _null_test(self, value: Expr, negated: bool, row: ScopeRow, outer: ScopeRow) -> str:
        """`value is [not] None`; a literal's answer is known (and Python warns about `is`
        with a literal)."""
        if isinstance(value, NullLit):
            return repr(not negated)
        if isinstance(value, StringLit | IntLit | DecimalLit | BoolLit):
            return repr(negated)
        test = "is not" if negated else "is"
        return f"({self._expr(value, row, outer)} {test} None)"

    def _helper(self, name: str, *args: str) -> str:
        self._out.needs.add(RUNTIME)
        return f"{RUNTIME}.{name}({', '.join(args)})"

    # names and paths

    def _path(self, path: Path, row: ScopeRow, outer: ScopeRow) -> str:
        head, *rest = path.parts
        if head == "current_user":
            return self._current_user(rest)
        current, parts = (outer, rest) if head == "self" else (row, [head, *rest])
        if not parts:
            return f"{current.name}.id"
        return self._walk(current, parts)

    def _walk(self, current: ScopeRow, parts: list[str]) -> str:
        """`a.b.c` from `current`: load each referenced row, None once one is missing."""
        if len(parts) == 1:
            return self._column(current, parts[0])
        part, *rest = parts
        target = current.entity.field(part) if current.entity else None
        assert target is not None and isinstance(target.type, RefType), f"unchecked path {part}"
        hop = ScopeRow(self.spec.entity(target.type.entity), self._variable())
        reference = f"{current.name}.{column_name(target.name, target.type)}"
        loaded = self._load(target.type.entity, reference)
        return self._helper("then", loaded, f"lambda {hop.name}: {self._walk(hop, rest)}")

    def _column(self, row: ScopeRow, name: str) -> str:
        if row.entity is None:  # the built-in User
            return f"{row.name}.{name}"
        target = row.entity.field(name)
        if target is not None and isinstance(rule := target.rule(Computed), Computed):
            return self._expr(rule.expr, row, row)
        if target is not None:
            return f"{row.name}.{column_name(target.name, target.type)}"
        return f"{row.name}.{name}"

    def _current_user(self, rest: list[str]) -> str:
        self._out.needs.add("user")
        if not rest:
            return f"{self.user}.id"
        if rest[0] in USER_COLUMNS:
            return f"{self.user}.{rest[0]}"
        raise AssertionError(f"unchecked current_user.{rest[0]}")

    def _is_own(self, value: Expr, row: ScopeRow, outer: ScopeRow) -> str:
        self._out.needs.add("user")
        user_id = f"{self.user}.id"
        target = reference_entity(self.spec, value, row, outer)
        if target is None:  # a User reference: is it the current user?
            return self._helper("eq", self._expr(value, row, outer), user_id)
        owner = column_name(target.owner or "", RefType(USER_ENTITY))
        if isinstance(value, Path) and value.parts == ("self",):
            # The row itself is at hand (perhaps not saved yet): read its owner directly.
            return self._helper("eq", f"{outer.name}.{owner}", user_id)
        variable = self._variable()
        loaded = self._load(target.name, self._expr(value, row, outer))
        owner_id = self._helper("then", loaded, f"lambda {variable}: {variable}.{owner}")
        return self._helper("eq", owner_id, user_id)

    # calls and aggregates

    def _call(self, call: Call, row: ScopeRow, outer: ScopeRow) -> str:
        if call.func in ("now", "today"):
            self._out.needs.add(call.func)
            return call.func
        return self._helper(_FUNCTIONS[call.func], *(self._expr(a, row, outer) for a in call.args))

    def _aggregate(self, agg: Aggregate, row: ScopeRow, outer: ScopeRow) -> str:
        inner = ScopeRow(self.spec.entity(agg.entity), self._variable())
        self._out.needs.add("rows")
        self._out.entities.add(agg.entity)
        args = [f"rows({agg.entity})"]
        if agg.func != "count":
            args.append(f"lambda {inner.name}: {self._column(inner, agg.field or '')}")
        if agg.where is not None:
            args.append(f"lambda {inner.name}: {self._expr(agg.where, inner, outer)}")
        return self._helper(_AGGREGATES[agg.func], *args)

    def _load(self, entity_name: str, reference: str) -> str:
        self._out.needs.add("load")
        self._out.entities.add(entity_name)
        return f"load({entity_name}, {reference})"

    def _variable(self) -> str:
        self._counter += 1
        return f"r{self._counter}"
