"""`expect <condition>` steps of an example, translated to Python asserts.

Conditions follow section 8.3: a condition passes only when it is *true* (null is not
true); comparisons with a null operand are null; the literal `null` turns `==`/`!=`
into a null test. The named rows are read as the database holds them *now*, with
`current(session, Model, id)`, once per `expect`; a top-level `and` becomes one `assert`
per operand, each printing the values it looked at. The translation is exact for
literals, paths (also through references), comparisons, `in`, null tests,
`and`/`or`/`not`, arithmetic and the scalar functions `len`, `lower`, `upper`, `abs`,
`coalesce`, `contains`, `starts_with`, `ends_with`, `concat`, `now`, `today`, and
`if … then … else …`; anything else (durations, date parts, …) fails with
`ExampleGenerationError`.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.examples import Expect
from compiler.ir.expr import (
    Binary,
    BoolLit,
    Call,
    Conditional,
    DecimalLit,
    Expr,
    In,
    IntLit,
    IsNull,
    NullLit,
    Path,
    StringLit,
    Unary,
)
from compiler.ir.types import USER_ENTITY, ListType, RefType
from compiler.testgen.examples.names import ExampleGenerationError, ExampleScope
from compiler.testgen.examples.text import expr_text, python_string

_COMPARISONS = {"==", "!=", "<", "<=", ">", ">="}
_NEGATED = {"==": "!=", "!=": "==", "<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_ARITHMETIC = {"+", "-", "*", "/"}
_TEXT_TESTS = frozenset({"contains", "starts_with", "ends_with"})


@dataclass(frozen=True, slots=True)
class _Value:
    source: str
    nullable: tuple[str, ...]
    """Sources of the paths that may be null and make this value null."""


class ConditionTranslator:
    """`expect <condition>`: snapshots of the named rows, then one `assert` per conjunct."""

    def __init__(self, example: ExampleScope, step: Expect) -> None:
        self.example = example
        self.step = step
        self.snapshots: dict[tuple[str, ...], str] = {}
        """Path prefix (a name, then reference hops) → variable holding that row now."""
        self.setup: list[str] = []

    def lines(self) -> list[str]:
        assert self.step.condition is not None
        asserts = []
        for conjunct in _conjuncts(self.step.condition):
            shown: list[tuple[str, str]] = []
            test = self._truth(conjunct, shown)
            message = ", ".join(f"{text} = {{{source}!r}}" for text, source in dict.fromkeys(shown))
            message = message or expr_text(conjunct)
            asserts.append(
                f'assert {test}, f"{_fstring_escape(message)}"'
                if shown
                else f"assert {test}, {python_string(message)}"
            )
        return [*self.setup, *asserts]

    def _fail(self, message: str) -> ExampleGenerationError:
        return self.example.fail(self.step, message)

    # three-valued logic: `_truth` is true exactly when the condition is true,
    # `_falsity` exactly when it is false (neither holds when it is null)

    def _truth(self, expr: Expr, shown: list[tuple[str, str]]) -> str:
        match expr:
            case Binary(op="and", left=left, right=right):
                return f"({self._truth(left, shown)} and {self._truth(right, shown)})"
            case Binary(op="or", left=left, right=right):
                return f"({self._truth(left, shown)} or {self._truth(right, shown)})"
            case Unary(op="not", operand=operand):
                return self._falsity(operand, shown)
            case Binary(op=op, left=left, right=right) if op in _COMPARISONS:
                return self._compare(op, left, right, shown)
            case In(value=value, options=options, negated=negated):
                return self._in(value, options, negated, shown)
            case IsNull(value=value, negated=negated):
                found = self._value(value, shown)
                return f"{found.source} {'is not' if negated else 'is'} None"
            case Path() | BoolLit():
                return self._compare("==", expr, BoolLit(True, expr.span), shown)
            case Call(func=func) if func in _TEXT_TESTS:
                return f"{_null_safe(self._value(expr, shown)).source} is True"
            case Conditional():
                return f"{_null_safe(self._value(expr, shown)).source} is True"
        raise self._fail(f"cannot translate the condition `{expr_text(expr)}`")

    def _falsity(self, expr: Expr, shown: list[tuple[str, str]]) -> str:
        match expr:
            case Binary(op="and", left=left, right=right):
                return f"({self._falsity(left, shown)} or {self._falsity(right, shown)})"
            case Binary(op="or", left=left, right=right):
                return f"({self._falsity(left, shown)} and {self._falsity(right, shown)})"
            case Unary(op="not", operand=operand):
                return self._truth(operand, shown)
            case Binary(op=op, left=left, right=right) if op in _COMPARISONS:
                return self._compare(_NEGATED[op], left, right, shown)
            case In(value=value, options=options, negated=negated):
                return self._in(value, options, not negated, shown)
            case IsNull(value=value, negated=negated):
                found = self._value(value, shown)
                return f"{found.source} {'is' if negated else 'is not'} None"
            case Path() | BoolLit():
                return self._compare("==", expr, BoolLit(False, expr.span), shown)
            case Call(func=func) if func in _TEXT_TESTS:
                return f"{_null_safe(self._value(expr, shown)).source} is False"
            case Conditional():
                return f"{_null_safe(self._value(expr, shown)).source} is False"
        raise self._fail(f"cannot translate the condition `{expr_text(expr)}`")

    def _compare(self, op: str, left: Expr, right: Expr, shown: list[tuple[str, str]]) -> str:
        """True exactly when `left op right` is true (null operands make it null, not true)."""
        if isinstance(left, NullLit) or isinstance(right, NullLit):
            other = left if isinstance(right, NullLit) else right
            if isinstance(other, NullLit):
                return "True" if op == "==" else "False"
            test = "is" if op == "==" else "is not"
            return f"{self._value(other, shown).source} {test} None"
        if isinstance(right, BoolLit) or isinstance(left, BoolLit):
            flag, other = (right, left) if isinstance(right, BoolLit) else (left, right)
            assert isinstance(flag, BoolLit)
            if op in ("==", "!="):
                wanted = flag.value if op == "==" else not flag.value
                return f"{self._value(other, shown).source} is {wanted}"
        a, b = self._value(left, shown), self._value(right, shown)
        test = f"{a.source} {op} {b.source}"
        guards = list(dict.fromkeys((*a.nullable, *b.nullable)))
        literal_side = _is_literal(left) or _is_literal(right)
        if op == "==" and literal_side:
            guards = []  # `None == "x"` is already false
        return " and ".join([*(f"{g} is not None" for g in guards), test])

    def _in(self, value: Expr, options: tuple[Expr, ...], negated: bool, shown) -> str:
        """`x in (a, b)` is true when some option equals x; `not in` when none may and none does."""
        found = self._value(value, shown)
        if any(isinstance(option, NullLit) for option in options):
            if negated:
                return "False"  # `x not in (…, null)` is never true
            options = tuple(o for o in options if not isinstance(o, NullLit))
        values = [self._value(option, shown) for option in options]
        items = ", ".join(v.source for v in values) + ("," if len(values) == 1 else "")
        guards = [*found.nullable, *(g for v in values for g in v.nullable)]
        if not negated and all(not v.nullable for v in values):
            guards = []  # `None in ("a", "b")` is already false
        test = f"{found.source} {'not in' if negated else 'in'} ({items})"
        return " and ".join([*(f"{g} is not None" for g in dict.fromkeys(guards)), test])

    # values

    def _value(self, expr: Expr, shown: list[tuple[str, str]]) -> _Value:
        match expr:
            case StringLit(value=text):
                return _Value(python_string(text), ())
            case IntLit(value=number):
                return _Value(str(number), ())
            case DecimalLit(value=digits):
                return _Value(f'Decimal("{digits}")', ())
            case BoolLit(value=flag):
                return _Value(str(flag), ())
            case Path():
                found = self._path(expr)
                shown.append((expr_text(expr), found.source))
                return found
            case Unary(op="-", operand=operand):
                inner = self._value(operand, shown)
                return _Value(f"-{inner.source}", inner.nullable)
            case Binary(op=op, left=left, right=right) if op in _ARITHMETIC:
                a, b = self._value(left, shown), self._value(right, shown)
                if op == "/":
                    source = f"(Decimal({a.source}) / Decimal({b.source}))"
                else:
                    source = f"({a.source} {op} {b.source})"
                return _Value(source, (*a.nullable, *b.nullable))
            case Call(func=func, args=args):
                return self._call(func, args, shown)
            case Conditional(condition=condition, then=then, otherwise=otherwise):
                return self._conditional(condition, then, otherwise, shown)
            case NullLit():
                return _Value("None", ("None",))
        raise self._fail(f"cannot translate `{expr_text(expr)}` in an `expect` condition")

    def _conditional(self, condition: Expr, then: Expr, otherwise: Expr, shown) -> _Value:
        """`if c then a else b`: a when c is true, else b; each branch is None where its own
        operands are (so it is computed only from values that are there)."""
        test = self._truth(condition, shown)
        a, b = (_null_safe(self._value(branch, shown)) for branch in (then, otherwise))
        source = f"({a.source} if {test} else {b.source})"
        return _Value(source, (source,) if a.nullable or b.nullable else ())

    def _call(self, func: str, args: tuple[Expr, ...], shown) -> _Value:
        if func == "now":
            return _Value("utc_now()", ())
        if func == "today":
            return _Value("date.today()", ())
        values = [self._value(arg, shown) for arg in args]
        nullable = tuple(g for v in values for g in v.nullable)
        match func, values:
            case "len", [text]:
                return _Value(f"len({text.source})", nullable)
            case "lower", [text]:
                return _Value(f"{text.source}.lower()", nullable)
            case "upper", [text]:
                return _Value(f"{text.source}.upper()", nullable)
            case "abs", [number]:
                return _Value(f"abs({number.source})", nullable)
            case "contains", [text, part]:
                return _Value(f"({part.source} in {text.source})", nullable)
            case "starts_with" | "ends_with", [text, part]:
                method = func.replace("_", "")
                return _Value(f"{text.source}.{method}({part.source})", nullable)
            case "concat", texts:
                return _Value("(" + " + ".join(t.source for t in texts) + ")", nullable)
            case "coalesce", [first, fallback]:
                source = f"({first.source} if {first.source} is not None else {fallback.source})"
                return _Value(source, fallback.nullable)
        raise self._fail(f"the function `{func}` is not supported in `expect` conditions")

    def _path(self, path: Path) -> _Value:
        """`T1.closed_at`, `L1.product.on_hand`: read from fresh snapshots of the rows."""
        head, *rest = path.parts
        named = self.example.names.get(head)
        if named is None:
            raise self._fail(f"'{head}' is neither a given user nor a given or created row")
        row = self._snapshot((head,), named.entity, f"{named.variable}")
        # a created row whose create failed, or a deleted row, is no row: its fields are null
        nullable_row = named.created or head in self.example.deleted
        entity_name = named.entity
        if not rest:
            source = f"{row}.id"
            return _Value(source, (source,) if nullable_row else ())
        prefix: tuple[str, ...] = (head,)
        for index, part in enumerate(rest):
            last = index == len(rest) - 1
            if entity_name == USER_ENTITY:
                if not last or part not in ("id", "email", "name", "role"):
                    raise self._fail(f"users have no field '{part}'")
                source = f"{row}.{part}"
                return _Value(source, (source,) if nullable_row else ())
            entity = self.example.spec.entity(entity_name)
            target = entity.field(part) if entity else None
            if target is None:
                if part in ("id", "created_at", "updated_at") and last:
                    source = f"{row}.{part}"
                    return _Value(source, (source,) if nullable_row else ())
                raise self._fail(f"{entity_name} has no field '{part}'")
            nullable_row = nullable_row or target.optional
            if isinstance(target.type, ListType):
                raise self._fail(f"the list field '{part}' cannot be compared in a condition")
            if isinstance(target.type, RefType):
                attribute = f"{row}.{part}_id"
                if last:
                    return _Value(attribute, (attribute,) if nullable_row else ())
                prefix = (*prefix, part)
                entity_name = target.type.entity
                row = self._snapshot(prefix, entity_name, attribute, by_id=True)
                continue
            if not last:
                raise self._fail(f"'{part}' of {entity_name} is not a reference")
            source = f"{row}.{part}"
            return _Value(source, (source,) if nullable_row else ())
        raise AssertionError("unreachable")

    def _snapshot(
        self, prefix: tuple[str, ...], entity: str, reference: str, by_id: bool = False
    ) -> str:
        """A variable holding the row at `prefix` as it is now (read once per `expect`)."""
        if prefix in self.snapshots:
            return self.snapshots[prefix]
        model = self.example.model(entity)
        head = self.example.names[prefix[0]].variable
        variable = "_".join((head, *prefix[1:], "now"))
        self.snapshots[prefix] = variable
        self.setup.append(f"{variable} = current(session, {model}, {reference})")
        return variable


def _null_safe(value: _Value) -> _Value:
    """The value, or None when one of the values it is computed from is None."""
    if not value.nullable:
        return value
    guards = " and ".join(f"{g} is not None" for g in dict.fromkeys(value.nullable))
    source = f"({value.source} if {guards} else None)"
    return _Value(source, (source,))


def _conjuncts(expr: Expr) -> list[Expr]:
    if isinstance(expr, Binary) and expr.op == "and":
        return [*_conjuncts(expr.left), *_conjuncts(expr.right)]
    return [expr]


def _is_literal(expr: Expr) -> bool:
    return isinstance(expr, StringLit | IntLit | DecimalLit | BoolLit) or (
        isinstance(expr, Unary) and expr.op == "-" and _is_literal(expr.operand)
    )


def _fstring_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')
