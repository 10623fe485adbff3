"""The parser of the expression language: text to `compiler.ir.expr` nodes.

A precedence-climbing (Pratt) parser over the tokens of `expr_lexer`. From
loosest to tightest: `if … then … else …` (only where a whole expression
stands), `or`, `and`, prefix `not`, comparisons (non-associative,
including `in`, `not in` and the `is` forms), `+ -`, `* / %`, prefix `-`, and
primaries. A syntax error is reported once, at the offending token, as a
diagnostic; the entry points then return None and never raise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar, cast

from compiler.diagnostics.codes import BAD_ASSIGNMENT, EXPR_SYNTAX, SINGLE_EQUALS
from compiler.diagnostics.diagnostic import Diagnostics
from compiler.ir.expr import (
    Aggregate,
    AggregateFunc,
    Assignment,
    Binary,
    BinaryOp,
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
    UnaryOp,
)
from compiler.ir.span import Span
from compiler.parse.expr_lexer import ExprError, Token, TokenKind, TokenStream, tokenize

_OR, _AND, _NOT, _COMPARE, _ADD, _MULTIPLY, _NEGATE = range(1, 8)
_POWERS = (
    {"or": _OR, "and": _AND, "in": _COMPARE, "not": _COMPARE, "is": _COMPARE}
    | dict.fromkeys(("==", "!=", "<", "<=", ">", ">="), _COMPARE)
    | dict.fromkeys(("+", "-"), _ADD)
    | dict.fromkeys(("*", "/", "%"), _MULTIPLY)
)
"""The binding power of each infix operator and keyword (`not` as in `not in`)."""
_AGGREGATES = frozenset({"count", "sum", "min", "max", "avg"})
_SCALAR_TOO = frozenset({"min", "max"})
"""Aggregates that are also scalar functions of two or more values: `max(a, b)`."""
_IS_WORDS = frozenset({"null", "set", "empty", "own"})
_NAME_KEYWORDS = frozenset({"set", "empty", "own", "where"})
"""Keywords that look like names, so using one as a name gets a hint."""
_MAX_DEPTH = 50
_MAX_OPERATORS = 200
"""Bounds on nesting and length keep every tree walk far from Python's recursion limit."""
"""How deeply expressions may nest: far beyond real specs, well within Python's stack."""
_TRAILING_HINTS = {
    ")": "this ')' has no matching '('",
    "(": "only functions can be called, like `now()`",
    "where": "`where` belongs inside an aggregate, like `count(Entity where …)`",
    "then": "`then` belongs in `if … then … else …`",
    "else": "`else` belongs in `if … then … else …`",
}
_EXPRESSION_HINT = "an expression is expected here"
_ASSIGNMENT_HINT = "an effect reads `field = expression`"

_Result = TypeVar("_Result")


def parse_expression(text: str, origin: Span, diags: Diagnostics) -> Expr | None:
    """The expression in `text` (first character at `origin`), or None after a diagnostic."""
    return _run(_Parser.whole_expression, text, origin, diags)


def parse_assignment(text: str, origin: Span, diags: Diagnostics) -> Assignment | None:
    """The effect `field = expression` in `text`, or None after a diagnostic."""
    return _run(_Parser.whole_assignment, text, origin, diags)


def _run(
    entry: Callable[[_Parser], _Result], text: str, origin: Span, diags: Diagnostics
) -> _Result | None:
    try:
        return entry(_Parser(tokenize(text, origin)))
    except ExprError as error:
        diags.add(error.code, error.span, error.message, error.hint)
        return None


def _join(first: Span, last: Span) -> Span:
    return Span(first.line, first.col, last.end_line, last.end_col)


def _infix_power(token: Token) -> int | None:
    if token.kind in (TokenKind.OP, TokenKind.KEYWORD):
        return _POWERS.get(token.text)
    return None


def _keyword_hint(word: str) -> str:
    return f"'{word}' is a keyword and cannot be used as a name"


def _error(span: Span, message: str, hint: str | None = None) -> ExprError:
    return ExprError(EXPR_SYNTAX, span, message, hint)


class _Parser:
    def __init__(self, tokens: TokenStream) -> None:
        self._tokens = tokens
        self._depth = 0
        self._operators = 0

    def whole_expression(self) -> Expr:
        expr = self._expr(_OR)
        self._expect_end()
        return expr

    def whole_assignment(self) -> Assignment:
        field = self._tokens.peek()
        if field.kind is not TokenKind.NAME:
            message = "empty assignment" if field.kind is TokenKind.END else "expected a field name"
            raise ExprError(BAD_ASSIGNMENT, field.span, message, _ASSIGNMENT_HINT)
        self._tokens.advance()
        target = self._path(field)
        if len(target.parts) > 2:
            message = f"cannot assign to '{'.'.join(target.parts)}'"
            hint = "an effect sets a field of the row or of a row it references: `ref.field`"
            raise ExprError(BAD_ASSIGNMENT, target.span, message, hint)
        if self._tokens.accept("=") is None:
            span = self._tokens.locate(self._tokens.peek())
            message = f"expected '=' after '{'.'.join(target.parts)}'"
            raise ExprError(BAD_ASSIGNMENT, span, message, _ASSIGNMENT_HINT)
        value = self._expr(_OR)
        self._expect_end()
        span = _join(field.span, value.span)
        if len(target.parts) == 1:
            return Assignment(field.text, value, span, field.span)
        reference, name = target.parts
        return Assignment(name, value, span, target.part_spans[1], reference, field.span)

    def _expr(self, min_power: int) -> Expr:
        """An expression of operators binding at least as tightly as `min_power`."""
        self._depth += 1
        if self._depth > _MAX_DEPTH:
            raise _error(self._tokens.peek().span, "expression is nested too deeply")
        left = self._prefix(min_power)
        after_comparison = False
        while (power := _infix_power(self._tokens.peek())) is not None and power >= min_power:
            if power == _COMPARE and after_comparison:
                message = "comparisons cannot be chained"
                raise _error(self._tokens.peek().span, message, "combine comparisons with `and`")
            self._operators += 1
            if self._operators > _MAX_OPERATORS:
                message = f"expression is too long (more than {_MAX_OPERATORS} operators)"
                raise _error(self._tokens.peek().span, message, "split it into several rules")
            left = self._infix(left, self._tokens.advance(), power)
            after_comparison = power == _COMPARE
        if self._tokens.peek().is_op("="):
            span = self._tokens.peek().span
            raise ExprError(SINGLE_EQUALS, span, "'=' is not a comparison", "compare with `==`")
        self._depth -= 1
        return left

    def _prefix(self, min_power: int) -> Expr:
        op = self._tokens.peek()
        if op.is_keyword("if"):
            if min_power > _OR:
                raise _error(op.span, "unexpected 'if'", "put `if … then … else …` in parentheses")
            return self._conditional(self._tokens.advance())
        if op.is_keyword("not") and min_power > _NOT:
            raise _error(op.span, "unexpected 'not'", "put `not …` in parentheses")
        if not (op.is_keyword("not") or op.is_op("-")):
            return self._primary()
        self._tokens.advance()
        operand = self._expr(_NOT if op.text == "not" else _NEGATE)
        return Unary(cast(UnaryOp, op.text), operand, _join(op.span, operand.span))

    def _conditional(self, if_: Token) -> Conditional:
        hint = "write `if condition then value else other`"
        condition = self._expr(_OR)
        then = self._expect("then", self._tokens.previous or if_, hint)
        value = self._expr(_OR)
        self._expect("else", self._tokens.previous or then, hint)
        otherwise = self._expr(_OR)
        return Conditional(condition, value, otherwise, _join(if_.span, otherwise.span))

    def _infix(self, left: Expr, op: Token, power: int) -> Expr:
        if op.is_keyword("not"):
            return self._in(left, self._expect("in", op), negated=True)
        if op.is_keyword("in"):
            return self._in(left, op, negated=False)
        if op.is_keyword("is"):
            return self._is(left)
        right = self._expr(power + 1)
        return Binary(cast(BinaryOp, op.text), left, right, _join(left.span, right.span), op.span)

    def _in(self, value: Expr, op: Token, negated: bool) -> In:
        opener = self._expect("(", op, "list the options in parentheses: `x in (1, 2)`")
        options, close = self._list(opener, allow_empty=False)
        return In(value, options, negated, _join(value.span, close.span))

    def _is(self, value: Expr) -> Expr:
        if not_ := self._tokens.accept("not"):
            null = self._expect("null", not_, "write `is not null`, `is set` or `is empty`")
            return IsNull(value, True, _join(value.span, null.span))
        word = self._tokens.peek()
        if word.kind is not TokenKind.KEYWORD or word.text not in _IS_WORDS:
            message = "expected 'null', 'set', 'empty' or 'own' after 'is'"
            raise _error(self._tokens.locate(word), message, "compare values with `==`")
        self._tokens.advance()
        span = _join(value.span, word.span)
        return IsOwn(value, span) if word.text == "own" else IsNull(value, word.text == "set", span)

    def _primary(self) -> Expr:
        token = self._tokens.peek()
        if token.kind is TokenKind.NAME:
            return self._name(self._tokens.advance())
        if token.is_op("("):
            return self._group(self._tokens.advance())
        literal = _literal(token)
        if literal is None:
            raise self._missing_operand(token)
        self._tokens.advance()
        return literal

    def _name(self, name: Token) -> Expr:
        opener = self._tokens.accept("(")
        if opener is None:
            return self._path(name)
        if name.text in _AGGREGATES and not (
            name.text in _SCALAR_TOO and self._tokens.lists_several()
        ):
            return self._aggregate(name, opener)
        args, close = self._list(opener, allow_empty=True)
        return Call(name.text, args, _join(name.span, close.span), name.span)

    def _path(self, first: Token) -> Path:
        names = [first]
        while dot := self._tokens.accept("."):
            names.append(self._expect_name("a name", dot))
        spans = tuple(name.span for name in names)
        return Path(tuple(name.text for name in names), _join(spans[0], spans[-1]), spans)

    def _group(self, opener: Token) -> Expr:
        inner = self._expr(_OR)
        close = self._expect_close(opener, "')'")
        return replace(inner, span=_join(opener.span, close.span))

    def _aggregate(self, name: Token, opener: Token) -> Aggregate:
        func = cast(AggregateFunc, name.text)
        entity = self._expect_name("an entity name", opener)
        dot = self._tokens.accept(".")
        field = self._expect_name("a field name", dot) if dot else None
        if func == "count" and field is not None:
            hint = "write `count(Entity)` or `count(Entity where …)`"
            raise _error(field.span, "count takes an entity, not a field", hint)
        if func != "count" and field is None:
            hint = f"write `{func}({entity.text}.field)`"
            if func in _SCALAR_TOO:
                hint = f"write `{func}(Entity.field)` over rows, or `{func}(a, b)` of two values"
            raise _error(entity.span, f"{func} needs a field of the entity", hint)
        where = self._expr(_OR) if self._tokens.accept("where") else None
        close = self._expect_close(opener, "'where' or ')'" if where is None else "')'")
        span = _join(name.span, close.span)
        return Aggregate(func, entity.text, field.text if field else None, where, span, entity.span)

    def _list(self, opener: Token, allow_empty: bool) -> tuple[tuple[Expr, ...], Token]:
        items: list[Expr] = []
        if not (allow_empty and self._tokens.peek().is_op(")")):
            items.append(self._expr(_OR))
            while self._tokens.accept(","):
                items.append(self._expr(_OR))
        return tuple(items), self._expect_close(opener, "',' or ')'")

    def _expect(self, text: str, after: Token, hint: str | None = None) -> Token:
        """The next token, which must be the operator or keyword `text`."""
        if token := self._tokens.accept(text):
            return token
        span = self._tokens.locate(self._tokens.peek())
        raise _error(span, f"expected '{text}' after '{after.text}'", hint)

    def _expect_name(self, what: str, after: Token) -> Token:
        token = self._tokens.peek()
        if token.kind is TokenKind.NAME:
            return self._tokens.advance()
        message = f"expected {what} after '{after.text}'"
        hint = _keyword_hint(token.text) if token.kind is TokenKind.KEYWORD else None
        raise _error(self._tokens.locate(token), message, hint)

    def _expect_close(self, opener: Token, expected: str) -> Token:
        if close := self._tokens.accept(")"):
            return close
        token = self._tokens.peek()
        if token.kind is TokenKind.END:
            raise _error(opener.span, "unclosed '('", "add the missing ')'")
        raise _error(token.span, f"expected {expected}, found '{token.text}'")

    def _expect_end(self) -> None:
        token = self._tokens.peek()
        if token.kind is not TokenKind.END:
            hint = _TRAILING_HINTS.get(token.text, "an operator is missing before it")
            raise _error(token.span, f"unexpected '{token.text}'", hint)

    def _missing_operand(self, token: Token) -> ExprError:
        """The error for `token` where an operand should start."""
        hint = _keyword_hint(token.text) if token.text in _NAME_KEYWORDS else _EXPRESSION_HINT
        previous = self._tokens.previous
        if previous is not None:
            message = f"expected an expression after '{previous.text}'"
            return _error(self._tokens.locate(token), message, hint)
        message = (
            "empty expression" if token.kind is TokenKind.END else f"unexpected '{token.text}'"
        )
        return _error(token.span, message, hint)


def _literal(token: Token) -> Expr | None:
    match token.kind, token.text:
        case TokenKind.STRING, _:
            return StringLit(token.value, token.span)
        case TokenKind.INT, _:
            return IntLit(int(token.value), token.span)
        case TokenKind.DECIMAL, _:
            return DecimalLit(token.text, token.span)
        case TokenKind.KEYWORD, "true" | "false":
            return BoolLit(token.text == "true", token.span)
        case TokenKind.KEYWORD, "null":
            return NullLit(token.span)
    return None
