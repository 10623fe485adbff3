"""Compiles spec expressions into SQLAlchemy expressions, as Python source text.

The generated app filters rows with them (Access `where` cells, `own`) and
checks writes with them (`only where`, `where` on create), always inside the
database, so one translation serves lists, single reads and checks alike.

Semantics (documented in docs/spec-language.md): a path through a reference is
a correlated scalar subquery; an aggregate is a correlated subquery over an
alias of its entity; `sum` over no rows is 0; `now()`/`today()` are taken once
per request in Python; `current_user` is the acting user, bound as parameters;
a computed field is replaced by its own compiled expression. SQL's three-valued
logic applies: a condition that is null is not satisfied.
"""

from __future__ import annotations

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
from compiler.translate.names import column_name, snake
from compiler.translate.sql_calls import SqlCalls
from compiler.translate.time_kinds import TimeKind, time_kind

_TEXT_RESULT = ", type_=sa.String()"
"""`lower`/`upper` return text: typed, so `+` concatenates instead of adding."""
_SQL_FUNCTIONS = {
    "len": "sa.func.length",
    "lower": "sa.func.lower",
    "upper": "sa.func.upper",
    "abs": "sa.func.abs",
    "round": "sa.func.round",
    "coalesce": "sa.func.coalesce",
    "days_between": "days_between",
    "add_days": "add_days",
}
_ARITHMETIC = {"+", "-", "*", "/", "%"}


class SqlCompiler(SqlCalls):
    """Compiles the expressions of one entity; the row in scope is the model class (e.g.
    `Ticket`), or `row_name` when given: the columns of a subquery holding the values of a row
    not written yet (`written.c`, as for a value derived on write)."""

    def __init__(
        self, spec: Spec, entity: Entity, user_var: str = "user", row_name: str | None = None
    ) -> None:
        self.spec = spec
        self.entity = entity
        self.user = user_var
        self.row_name = row_name or entity.name
        self._out = Compiled("")
        self._counter = 0

    def compile(self, expr: Expr) -> Compiled:
        self._out = Compiled("")
        self._counter = 0
        row = ScopeRow(self.entity, self.row_name)
        self._out.source = self._expr(expr, row, row)
        self._out.prelude[:0] = request_bindings(self._out.needs)
        return self._out

    # expressions

    def _expr(self, expr: Expr, row: ScopeRow, outer: ScopeRow) -> str:
        match expr:
            case StringLit(value=value):
                return f"sa.literal({value!r})"
            case IntLit(value=value):
                return f"sa.literal({value})"
            case DecimalLit(value=value):
                return f'sa.literal(Decimal("{value}"))'
            case BoolLit(value=value):
                return "sa.true()" if value else "sa.false()"
            case NullLit():
                return "sa.null()"
            case Path():
                return self._path(expr, row, outer)
            case Unary(op="not", operand=operand):
                return f"sa.not_({self._expr(operand, row, outer)})"
            case Unary(operand=operand):
                return f"(-{self._expr(operand, row, outer)})"
            case Binary(op="and" | "or", left=left, right=right):
                function = "sa.and_" if expr.op == "and" else "sa.or_"
                return (
                    f"{function}({self._expr(left, row, outer)}, {self._expr(right, row, outer)})"
                )
            case Binary(op=op, left=left, right=right):
                return self._binary(op, left, right, row, outer)
            case In(value=value, options=options, negated=negated):
                items = ", ".join(self._expr(o, row, outer) for o in options)
                method = "not_in" if negated else "in_"
                return f"{self._expr(value, row, outer)}.{method}([{items}])"
            case IsNull(value=value, negated=negated):
                method = "is_not" if negated else "is_"
                return f"{self._expr(value, row, outer)}.{method}(None)"
            case IsOwn(value=value):
                return self._is_own(value, row, outer)
            case Call():
                return self._call(expr, row, outer)
            case Conditional(condition=condition, then=then, otherwise=otherwise):
                # CASE WHEN: a null condition, like a false one, gives the else branch.
                return (
                    f"sa.case(({self._expr(condition, row, outer)}, "
                    f"{self._expr(then, row, outer)}), else_={self._expr(otherwise, row, outer)})"
                )
            case Aggregate():
                return self._aggregate(expr, row, outer)
        raise AssertionError(f"unexpected expression node {expr!r}")

    def _binary(self, op: str, left: Expr, right: Expr, row: ScopeRow, outer: ScopeRow) -> str:
        if op in ("==", "!=") and (isinstance(left, NullLit) or isinstance(right, NullLit)):
            return self._null_comparison(op, left, right, row, outer)
        if moved := self._date_by_days(op, left, right, row, outer):
            return moved
        left_source = self._expr(left, row, outer)
        right_source = self._expr(right, row, outer)
        if op == "%":
            return f"sa.func.mod({left_source}, {right_source})"
        kinds = self._time_kind(left, row, outer), self._time_kind(right, row, outer)
        if op in ("+", "-") and ("duration" in kinds or kinds == ("datetime", "datetime")):
            return self._time_arithmetic(op, kinds, left_source, right_source)
        if op not in _ARITHMETIC and set(kinds) == {"date", "datetime"}:
            # A date compared with a datetime stands for the start of that day (UTC).
            if kinds[0] == "date":
                left_source = self._sql_helper("start_of_day", left_source)
            else:
                right_source = self._sql_helper("start_of_day", right_source)
        return f"({left_source} {op} {right_source})"

    def _date_by_days(
        self, op: str, left: Expr, right: Expr, row: ScopeRow, outer: ScopeRow
    ) -> str | None:
        """`day ± days(n)` (or `days(n) + day`) as `add_days(day, ±n)`: a date stays a date."""
        if op not in ("+", "-"):
            return None
        pairs = [(left, right), (right, left)] if op == "+" else [(left, right)]
        for moment, days in pairs:
            if not (isinstance(days, Call) and days.func == "days"):
                continue
            if self._time_kind(moment, row, outer) != "date":
                continue
            count = self._expr(days.args[0], row, outer)
            count = f"(-{count})" if op == "-" else count
            return self._sql_helper("add_days", self._expr(moment, row, outer), count)
        return None

    def _null_comparison(
        self, op: str, left: Expr, right: Expr, row: ScopeRow, outer: ScopeRow
    ) -> str:
        """`x == null` is `x is null`, with the literal on either side (never SQL's `= NULL`)."""
        other = right if isinstance(left, NullLit) else left
        if isinstance(other, NullLit):
            return "sa.true()" if op == "==" else "sa.false()"
        method = "is_" if op == "==" else "is_not"
        return f"{self._expr(other, row, outer)}.{method}(None)"

    # names and paths

    def _path(self, path: Path, row: ScopeRow, outer: ScopeRow) -> str:
        """A field read through references: one subquery joining every hop of the path."""
        head, *rest = path.parts
        if head == "current_user":
            return self._current_user(rest)
        current, parts = (outer, rest) if head == "self" else (row, [head, *rest])
        if not parts:
            return f"{current.name}.id"
        conditions = []
        for part in parts[:-1]:
            target = self._field_type(current, part)
            assert isinstance(target, RefType), f"unchecked path through {part}"
            alias = self._alias(target.entity)
            conditions.append(f"{alias}.id == {current.name}.{part}_id")
            current = ScopeRow(self.spec.entity(target.entity), alias)
        value = self._column(current, parts[-1])
        if not conditions:
            return value
        aliases = ", ".join(condition.split(".")[0] for condition in conditions)
        return (
            f"sa.select({value}).where({', '.join(conditions)})"
            f".correlate_except({aliases}).scalar_subquery()"
        )

    def _field_type(self, row: ScopeRow, name: str) -> object:
        target = row.entity.field(name) if row.entity else None
        return target.type if target else None

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
        if not rest:
            return f"sa.literal({self.user}.id)"
        if rest[0] in USER_COLUMNS:
            return f"sa.literal({self.user}.{rest[0]})"
        raise AssertionError(f"unchecked current_user.{rest[0]}")

    def _is_own(self, value: Expr, row: ScopeRow, outer: ScopeRow) -> str:
        ref_id = self._expr(value, row, outer)
        target = reference_entity(self.spec, value, row, outer)
        if target is None:
            return f"({ref_id} == sa.literal({self.user}.id))"
        alias = self._alias(target.name)
        owner = column_name(target.owner or "", RefType(USER_ENTITY))
        subquery = (
            f"sa.select({alias}.{owner}).where({alias}.id == {ref_id})"
            f".correlate_except({alias}).scalar_subquery()"
        )
        return f"({subquery} == sa.literal({self.user}.id))"

    # calls and aggregates

    def _call(self, call: Call, row: ScopeRow, outer: ScopeRow) -> str:
        if call.func in ("now", "today"):
            self._out.needs.add(call.func)
            return f"sa.literal({call.func})"
        args = [self._expr(arg, row, outer) for arg in call.args]
        if call.func not in _SQL_FUNCTIONS:
            return self._scalar_call(call, args, self._time_kind(call.args[0], row, outer))
        function = _SQL_FUNCTIONS[call.func]
        if call.func == "add_days" and self._time_kind(call.args[0], row, outer) == "datetime":
            function = "add_days_to_datetime"
        if call.func in ("days_between", "add_days"):
            return self._sql_helper(function, *args)
        typed = _TEXT_RESULT if call.func in ("lower", "upper") else ""
        return f"{function}({', '.join(args)}{typed})"

    def _time_kind(self, expr: Expr, row: ScopeRow, outer: ScopeRow) -> TimeKind:
        return time_kind(self.spec, expr, row, outer)

    def _aggregate(self, agg: Aggregate, row: ScopeRow, outer: ScopeRow) -> str:
        entity = self.spec.entity(agg.entity)
        alias = self._alias(agg.entity)
        inner = ScopeRow(entity, alias)
        where = f".where({self._expr(agg.where, inner, outer)})" if agg.where else ""
        if agg.func == "count":
            return f"sa.select(sa.func.count()).select_from({alias}){where}.scalar_subquery()"
        value = self._column(inner, agg.field or "")
        selected = f"sa.func.{agg.func}({value})"
        if agg.func == "sum":
            selected = f"sa.func.coalesce({selected}, 0)"
        return f"sa.select({selected}).select_from({alias}){where}.scalar_subquery()"

    def _alias(self, entity_name: str) -> str:
        self._counter += 1
        name = f"{snake(entity_name)}_{self._counter}"
        self._out.prelude.append(f'{name} = aliased({entity_name}, name="{name}")')
        self._out.entities.add(entity_name)
        return name
