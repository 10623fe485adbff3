"""The text of an example's steps and conditions, and Python string literals.

`step_text` and `expr_text` give back the spec text of a step or an expression (for the
comment above each step's statements and for the messages of generated asserts);
`python_string` quotes a text as a double-quoted Python literal.
"""

from __future__ import annotations

from compiler.ir.examples import (
    ActAs,
    Create,
    Delete,
    Expect,
    FieldValue,
    GivenRow,
    GivenUser,
    ListRows,
    Read,
    Step,
    Update,
)
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


def python_string(text: str) -> str:
    """A double-quoted Python string literal."""
    body = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{body}"'


def expr_text(expr: Expr) -> str:
    """The spec text of a condition, for comments and messages."""
    match expr:
        case StringLit(value=text):
            return python_string(text)
        case IntLit(value=number):
            return str(number)
        case DecimalLit(value=digits):
            return digits
        case BoolLit(value=flag):
            return "true" if flag else "false"
        case NullLit():
            return "null"
        case Path(parts=parts):
            return ".".join(parts)
        case Unary(op="not", operand=operand):
            return f"not {expr_text(operand)}"
        case Unary(operand=operand):
            return f"-{expr_text(operand)}"
        case Binary(op=op, left=left, right=right):
            text = f"{expr_text(left)} {op} {expr_text(right)}"
            return f"({text})" if op == "or" else text
        case In(value=value, options=options, negated=negated):
            items = ", ".join(expr_text(o) for o in options)
            return f"{expr_text(value)} {'not in' if negated else 'in'} ({items})"
        case IsNull(value=value, negated=negated):
            return f"{expr_text(value)} {'is set' if negated else 'is empty'}"
        case Call(func=func, args=args):
            return f"{func}({', '.join(expr_text(a) for a in args)})"
        case IsOwn(value=value):
            return f"{expr_text(value)} is own"
        case Conditional(condition=condition, then=then, otherwise=otherwise):
            parts = (expr_text(condition), expr_text(then), expr_text(otherwise))
            return "(if {} then {} else {})".format(*parts)
        case Aggregate(func=func, entity=entity, field=name, where=where):
            subject = f"{entity}.{name}" if name else entity
            return f"{func}({subject}{f' where {expr_text(where)}' if where else ''})"
    return "…"


_UNIT_LETTERS = {"days": "d", "hours": "h", "minutes": "m"}


def _value_text(value: Expr) -> str:
    """A step's value as the example writes it: `today+3` and `now-2h`, not the calls."""
    match value:
        case Call(func="today" | "now" as base, args=()):
            return base
        case Binary(
            op=op, left=Call(func=base), right=Call(func=unit, args=(IntLit(value=count),))
        ):
            letter = "" if base == "today" else _UNIT_LETTERS[unit]
            return f"{base}{op}{count}{letter}"
    return expr_text(value)


def _values_text(values: tuple[FieldValue, ...]) -> str:
    return "".join(f" {v.field}={_value_text(v.value)}" for v in values)


def step_text(step: Step) -> str:
    match step:
        case GivenUser(role=role, name=name):
            return f"given {role} {name}"
        case GivenRow(entity=entity, name=name, values=values):
            return f"given {entity} {name}{_values_text(values)}"
        case ActAs(kind="anonymous"):
            return "as anonymous"
        case ActAs(kind="owner", name=name):
            return f"as owner of {name}"
        case ActAs(name=name):
            return f"as {name}"
        case Create(entity=entity, name=name, values=values):
            return f"create {entity}{f' {name}' if name else ''}{_values_text(values)}"
        case Read(target=target):
            return f"read {target}"
        case Update(target=target, values=values):
            return f"update {target}{_values_text(values)}"
        case Delete(target=target):
            return f"delete {target}"
        case ListRows(entity=entity):
            return f"list {entity}"
        case Expect(kind="error", message=message):
            return f"expect error {python_string(message or '')}"
        case Expect(kind="field_error", field=field):
            return f"expect error on {field}"
        case Expect(kind="count", count=count):
            return f"expect count {count}"
        case Expect(kind="condition", condition=condition) if condition is not None:
            return f"expect {expr_text(condition)}"
        case Expect(kind=kind):
            return f"expect {kind.replace('_', ' ')}"
    return type(step).__name__
