"""Expressions rendered as text, deterministically: in spec syntax, and in plain English.

The plain-English reading is what the validator compares with the author's
prose, so it must say what the compiled condition does and nothing the model
wrote: it is made from the parsed expression alone. The spec-syntax form prints
examples and field rules into prompts.
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

_PHRASES = {
    "==": "is",
    "!=": "is not",
    "<": "is less than",
    "<=": "is at most",
    ">": "is more than",
    ">=": "is at least",
    "+": "plus",
    "-": "minus",
    "*": "times",
    "/": "divided by",
    "%": "modulo",
}
_FUNCTIONS = {
    "now": "the current time",
    "today": "today's date",
    "days_between": "the number of days from {0} to {1}",
    "add_days": "{0} moved by {1} days",
    "len": "the length of {0}",
    "lower": "{0} in lower case",
    "upper": "{0} in capitals",
    "abs": "the absolute value of {0}",
    "round": "{0} rounded to {1} decimal places",
    "coalesce": "{0}, or {1} when that is empty",
    "contains": "{0} contains {1}",
    "starts_with": "{0} starts with {1}",
    "ends_with": "{0} ends with {1}",
    "slug": "{0} as a slug",
    "year": "the year of {0}",
    "month": "the month of {0}",
    "day": "the day of the month of {0}",
    "weekday": "the weekday number of {0} (Monday is 1)",
    "hours": "{0} hours",
    "minutes": "{0} minutes",
    "days": "{0} days",
}
_MANY = {"max": "the largest of ", "min": "the smallest of ", "concat": "the text "}
"""Functions of any number of arguments: the words before the list of them."""
_AGGREGATES = {
    "sum": "the total",
    "min": "the smallest",
    "max": "the largest",
    "avg": "the average",
}


def spec_text(expr: Expr) -> str:
    """The expression in the spec's own syntax (fully parenthesised where nested)."""
    match expr:
        case StringLit(value=value):
            return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        case IntLit(value=value):
            return str(value)
        case DecimalLit(value=value):
            return value
        case BoolLit(value=value):
            return "true" if value else "false"
        case NullLit():
            return "null"
        case Path(parts=parts):
            return ".".join(parts)
        case Unary(op=op, operand=operand):
            return f"not {_nested(operand)}" if op == "not" else f"-{_nested(operand)}"
        case Binary(op=op, left=left, right=right):
            return f"{_nested(left)} {op} {_nested(right)}"
        case In(value=value, options=options, negated=negated):
            items = ", ".join(spec_text(o) for o in options)
            return f"{_nested(value)} {'not in' if negated else 'in'} ({items})"
        case IsNull(value=value, negated=negated):
            return f"{_nested(value)} is {'not null' if negated else 'null'}"
        case IsOwn(value=value):
            return f"{_nested(value)} is own"
        case Call(func=func, args=args):
            return f"{func}({', '.join(spec_text(a) for a in args)})"
        case Conditional(condition=condition, then=then, otherwise=otherwise):
            return f"if {spec_text(condition)} then {spec_text(then)} else {spec_text(otherwise)}"
        case Aggregate(func=func, entity=entity, field=field, where=where):
            target = f"{entity}.{field}" if field else entity
            return f"{func}({target}{f' where {spec_text(where)}' if where else ''})"
    raise AssertionError(f"unexpected expression node {expr!r}")


def _nested(expr: Expr) -> str:
    text = spec_text(expr)
    nested = Binary | In | IsNull | IsOwn | Unary | Conditional
    return f"({text})" if isinstance(expr, nested) else text


def english(expr: Expr) -> str:
    """A plain-English sentence saying what the condition requires of a row."""
    return f"A row is valid only if {_say(expr)}."


def _say(expr: Expr) -> str:
    match expr:
        case StringLit() | IntLit() | DecimalLit():
            return spec_text(expr)
        case BoolLit(value=value):
            return "always true" if value else "never true"
        case NullLit():
            return "empty"
        case Path(parts=parts):
            return _path(parts)
        case Unary(op="not", operand=operand):
            return f"it is not the case that ({_say(operand)})"
        case Unary(operand=operand):
            return f"minus {_say(operand)}"
        case Binary(op="and" | "or", left=left, right=right):
            return f"({_say(left)}) {expr.op} ({_say(right)})"
        case Binary(op=op, left=left, right=right):
            return f"{_say(left)} {_PHRASES[op]} {_say(right)}"
        case In(value=value, options=options, negated=negated):
            items = ", ".join(_say(o) for o in options)
            return f"{_say(value)} is {'none' if negated else 'one'} of ({items})"
        case IsNull(value=value, negated=negated):
            return f"{_say(value)} is {'filled in' if negated else 'empty'}"
        case IsOwn(value=value):
            return f"{_say(value)} belongs to the current user"
        case Call(func=func, args=args) if func in _MANY:
            joiner = " followed by " if func == "concat" else ", "
            return _MANY[func] + joiner.join(_say(a) for a in args)
        case Call(func=func, args=args):
            return _FUNCTIONS[func].format(*(_say(a) for a in args))
        case Conditional(condition=condition, then=then, otherwise=otherwise):
            return f"{_say(then)} if {_say(condition)}, otherwise {_say(otherwise)}"
        case Aggregate(func=func, entity=entity, field=field, where=where):
            rows = f"{entity} records" + (f" for which {_say(where)}" if where else "")
            if func == "count":
                return f"the number of {rows}"
            return f"{_AGGREGATES[func]} {field} of the {rows}"
    raise AssertionError(f"unexpected expression node {expr!r}")


def _path(parts: tuple[str, ...]) -> str:
    if parts[0] == "self":
        return "this row" if len(parts) == 1 else "this row's " + "'s ".join(parts[1:])
    if parts[0] == "current_user":
        return "the current user" + "".join(f"'s {p}" for p in parts[1:])
    return "'s ".join(parts)
