"""Tests of the expression lexer and parser: trees, precedence, spans and errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.diagnostics.codes import (
    BAD_ASSIGNMENT,
    EXPR_SYNTAX,
    SINGLE_EQUALS,
    UNTERMINATED_STRING,
    Code,
)
from compiler.diagnostics.diagnostic import Diagnostic, Diagnostics
from compiler.ir.expr import (
    Aggregate,
    Assignment,
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
from compiler.ir.span import Span
from compiler.parse.expr_parser import parse_assignment, parse_expression

ORIGIN = Span(1, 1, 1, 2)
"""With this origin, columns are 1-based offsets into the text."""


def parse(text: str, origin: Span = ORIGIN) -> Expr:
    diags = Diagnostics()
    expr = parse_expression(text, origin, diags)
    assert [d.message for d in diags] == []
    assert expr is not None
    return expr


def assign(text: str, origin: Span = ORIGIN) -> Assignment:
    diags = Diagnostics()
    assignment = parse_assignment(text, origin, diags)
    assert [d.message for d in diags] == []
    assert assignment is not None
    return assignment


def error(text: str, *, assignment: bool = False, origin: Span = ORIGIN) -> Diagnostic:
    diags = Diagnostics()
    parser = parse_assignment if assignment else parse_expression
    assert parser(text, origin, diags) is None
    assert len(diags) == 1
    return diags.items[0]


def sexp(node: Expr) -> str:
    """A node as an s-expression, spans left out."""
    match node:
        case StringLit(value):
            return repr(value)
        case IntLit(value) | DecimalLit(value):
            return str(value)
        case BoolLit(value):
            return "true" if value else "false"
        case NullLit():
            return "null"
        case Path(parts):
            return ".".join(parts)
        case Unary(op, operand):
            return f"({op} {sexp(operand)})"
        case Binary(op, left, right):
            return f"({op} {sexp(left)} {sexp(right)})"
        case In(value, options, negated):
            return f"({'not-in' if negated else 'in'} {' '.join(map(sexp, (value, *options)))})"
        case IsNull(value, negated):
            return f"({'is-set' if negated else 'is-null'} {sexp(value)})"
        case IsOwn(value):
            return f"(is-own {sexp(value)})"
        case Call(func, args):
            return f"(call {' '.join([func, *map(sexp, args)])})"
        case Conditional(condition, then, otherwise):
            return f"(if {sexp(condition)} {sexp(then)} {sexp(otherwise)})"
        case Aggregate(func, entity, field, where):
            target = entity if field is None else f"{entity}.{field}"
            return f"({func} {target}{'' if where is None else ' ' + sexp(where)})"
    raise AssertionError(node)


def children(node: Expr) -> list[Expr]:
    match node:
        case Unary(operand=operand):
            return [operand]
        case Binary(left=left, right=right):
            return [left, right]
        case In(value=value, options=options):
            return [value, *options]
        case IsNull(value=value) | IsOwn(value=value):
            return [value]
        case Call(args=args):
            return list(args)
        case Conditional(condition=condition, then=then, otherwise=otherwise):
            return [condition, then, otherwise]
        case Aggregate(where=where):
            return [] if where is None else [where]
    return []


def walk(node: Expr) -> list[Expr]:
    return [node, *(n for child in children(node) for n in walk(child))]


# --- literals -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", IntLit(42, Span(1, 1, 1, 3))),
        ("0", IntLit(0, Span(1, 1, 1, 2))),
        ("007", IntLit(7, Span(1, 1, 1, 4))),
        ("9223372036854775807", IntLit(2**63 - 1, Span(1, 1, 1, 20))),
        ("19.90", DecimalLit("19.90", Span(1, 1, 1, 6))),
        ("0.5", DecimalLit("0.5", Span(1, 1, 1, 4))),
        ("true", BoolLit(True, Span(1, 1, 1, 5))),
        ("false", BoolLit(False, Span(1, 1, 1, 6))),
        ("null", NullLit(Span(1, 1, 1, 5))),
        ('"open"', StringLit("open", Span(1, 1, 1, 7))),
        ("'open'", StringLit("open", Span(1, 1, 1, 7))),
        ('""', StringLit("", Span(1, 1, 1, 3))),
        ('"it\'s"', StringLit("it's", Span(1, 1, 1, 7))),
        ("'say \"hi\"'", StringLit('say "hi"', Span(1, 1, 1, 11))),
        ("'é ü'", StringLit("é ü", Span(1, 1, 1, 6))),
    ],
)
def test_literals(text: str, expected: Expr) -> None:
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (r'"a\"b"', 'a"b'),
        (r"'a\'b'", "a'b"),
        (r'"a\\b"', "a\\b"),
        (r'"a\nb"', "a\nb"),
        (r'"a\tb"', "a\tb"),
        (r'"\\"', "\\"),
        (r'"\\\""', '\\"'),
    ],
)
def test_string_escapes(text: str, value: str) -> None:
    assert parse(text) == StringLit(value, Span(1, 1, 1, len(text) + 1))


# --- names, paths and calls -------------------------------------------------


def test_single_name() -> None:
    assert parse("status") == Path(("status",), Span(1, 1, 1, 7), (Span(1, 1, 1, 7),))


@pytest.mark.parametrize(
    "text", ["product.active", "self.slot", "current_user.role", "a.b.c", "_x1.y_2"]
)
def test_dotted_paths(text: str) -> None:
    path = parse(text)
    assert isinstance(path, Path)
    assert path.parts == tuple(text.split("."))
    assert path.span == Span(1, 1, 1, len(text) + 1)
    assert [text[s.col - 1 : s.end_col - 1] for s in path.part_spans] == list(path.parts)


def test_path_part_spans_with_spaces_around_dots() -> None:
    path = parse("ticket . owner")
    assert path == Path(
        ("ticket", "owner"), Span(1, 1, 1, 15), (Span(1, 1, 1, 7), Span(1, 10, 1, 15))
    )


@pytest.mark.parametrize("text", ["count", "sum.total", "where_", "settings", "own_er", "nullable"])
def test_names_near_keywords_and_aggregates_are_paths(text: str) -> None:
    assert sexp(parse(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("now()", "(call now)"),
        ("lower(name)", "(call lower name)"),
        ("days_between(created_at, now())", "(call days_between created_at (call now))"),
        ("f(a + 1, 'x', g(b), -2)", "(call f (+ a 1) 'x' (call g b) (- 2))"),
        ("f (a)", "(call f a)"),
        ("unknown_function(1, 2, 3)", "(call unknown_function 1 2 3)"),
    ],
)
def test_calls(text: str, expected: str) -> None:
    assert sexp(parse(text)) == expected


def test_call_spans() -> None:
    call = parse("days_between(a, now())")
    assert isinstance(call, Call)
    assert call.span == Span(1, 1, 1, 23)
    assert call.func_span == Span(1, 1, 1, 13)
    assert call.args[1] == Call("now", (), Span(1, 17, 1, 22), Span(1, 17, 1, 20))


# --- aggregates -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("count(Ticket)", "(count Ticket)"),
        ('count(Ticket where status == "open")', "(count Ticket (== status 'open'))"),
        ("sum(Line.amount)", "(sum Line.amount)"),
        ("sum(Line.amount where order == self)", "(sum Line.amount (== order self))"),
        ("min(Bid.price)", "(min Bid.price)"),
        ("min(Bid.price where active)", "(min Bid.price active)"),
        ("max(Bid.price)", "(max Bid.price)"),
        ("max(Bid.price where not withdrawn)", "(max Bid.price (not withdrawn))"),
        ("avg(Review.stars)", "(avg Review.stars)"),
        ("avg(Review.stars where a or b and c)", "(avg Review.stars (or a (and b c)))"),
        ("count(A where x > count(B))", "(count A (> x (count B)))"),
        ("count(Ticket) + 1 > 3", "(> (+ (count Ticket) 1) 3)"),
    ],
)
def test_aggregates(text: str, expected: str) -> None:
    assert sexp(parse(text)) == expected


def test_aggregate_spans() -> None:
    aggregate = parse("sum( Line.amount where paid )")
    assert isinstance(aggregate, Aggregate)
    assert (aggregate.func, aggregate.entity, aggregate.field) == ("sum", "Line", "amount")
    assert aggregate.span == Span(1, 1, 1, 30)
    assert aggregate.entity_span == Span(1, 6, 1, 10)
    assert aggregate.where == Path(("paid",), Span(1, 24, 1, 28), (Span(1, 24, 1, 28),))


# --- operators and precedence -----------------------------------------------


@pytest.mark.parametrize(
    "op", ["or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%"]
)
def test_every_binary_operator(op: str) -> None:
    text = f"a {op} b"
    assert parse(text) == Binary(
        op,  # type: ignore[arg-type]
        Path(("a",), Span(1, 1, 1, 2), (Span(1, 1, 1, 2),)),
        Path(("b",), Span(1, len(op) + 4, 1, len(op) + 5), (Span(1, len(op) + 4, 1, len(op) + 5),)),
        Span(1, 1, 1, len(op) + 5),
        Span(1, 3, 1, 3 + len(op)),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a or b and c", "(or a (and b c))"),
        ("a and b or c", "(or (and a b) c)"),
        ("a or b or c", "(or (or a b) c)"),
        ("a and b and c", "(and (and a b) c)"),
        ("not a and b", "(and (not a) b)"),
        ("a and not b", "(and a (not b))"),
        ("not a or not b", "(or (not a) (not b))"),
        ("not a == b", "(not (== a b))"),
        ("not not a", "(not (not a))"),
        ("not x in (1)", "(not (in x 1))"),
        ("not x is null", "(not (is-null x))"),
        ("a == b and c != d", "(and (== a b) (!= c d))"),
        ("a < b + c", "(< a (+ b c))"),
        ("a + b >= c * d", "(>= (+ a b) (* c d))"),
        ("a + b * c", "(+ a (* b c))"),
        ("a * b + c", "(+ (* a b) c)"),
        ("a - b - c", "(- (- a b) c)"),
        ("a - b + c", "(+ (- a b) c)"),
        ("a / b / c", "(/ (/ a b) c)"),
        ("a % b * c", "(* (% a b) c)"),
        ("a * b % c", "(% (* a b) c)"),
        ("-a * b", "(* (- a) b)"),
        ("a * -b", "(* a (- b))"),
        ("- -a", "(- (- a))"),
        ("a--b", "(- a (- b))"),
        ("-a.b", "(- a.b)"),
        ("-f(x)", "(- (call f x))"),
        ("a == -1", "(== a (- 1))"),
        ("(a or b) and c", "(and (or a b) c)"),
        ("a * (b + c)", "(* a (+ b c))"),
        ("((a))", "a"),
        ("a + b in (1, 2)", "(in (+ a b) 1 2)"),
        ("x is null or y is set", "(or (is-null x) (is-set y))"),
        ("(a < b) == c", "(== (< a b) c)"),
        ("a < (b < c)", "(< a (< b c))"),
    ],
)
def test_precedence_and_associativity(text: str, expected: str) -> None:
    assert sexp(parse(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('status in ("open", "pending")', "(in status 'open' 'pending')"),
        ("x in (1)", "(in x 1)"),
        ("x in (a.b, 2 + 3, f())", "(in x a.b (+ 2 3) (call f))"),
        ('status not in ("closed")', "(not-in status 'closed')"),
        ("x is null", "(is-null x)"),
        ("x is empty", "(is-null x)"),
        ("x is not null", "(is-set x)"),
        ("x is set", "(is-set x)"),
        ("ticket is own", "(is-own ticket)"),
        ("self.ticket is own", "(is-own self.ticket)"),
        ("a + 1 is null", "(is-null (+ a 1))"),
    ],
)
def test_in_and_is_forms(text: str, expected: str) -> None:
    assert sexp(parse(text)) == expected


def test_in_and_is_spans() -> None:
    assert parse('x not in ("a")').span == Span(1, 1, 1, 15)
    assert parse("x is not null").span == Span(1, 1, 1, 14)
    assert parse("x is empty").span == Span(1, 1, 1, 11)
    assert parse("x is own") == IsOwn(
        Path(("x",), Span(1, 1, 1, 2), (Span(1, 1, 1, 2),)), Span(1, 1, 1, 9)
    )


# --- spans ------------------------------------------------------------------


def test_spans_are_offset_by_the_origin() -> None:
    origin = Span(12, 30, 12, 31)
    expr = parse("price * 2 >= total", origin)
    assert isinstance(expr, Binary)
    assert expr.span == Span(12, 30, 12, 48)
    assert expr.op_span == Span(12, 40, 12, 42)
    assert isinstance(expr.left, Binary)
    assert expr.left.op_span == Span(12, 36, 12, 37)
    assert expr.left.right == IntLit(2, Span(12, 38, 12, 39))
    assert expr.right == Path(("total",), Span(12, 43, 12, 48), (Span(12, 43, 12, 48),))


def test_spans_across_lines() -> None:
    origin = Span(7, 10, 7, 11)
    expr = parse('a and\n  b.c == "x" or\n\td', origin)
    assert sexp(expr) == "(or (and a (== b.c 'x')) d)"
    assert isinstance(expr, Binary) and isinstance(expr.left, Binary)
    assert expr.span == Span(7, 10, 9, 3)
    assert expr.op_span == Span(8, 14, 8, 16)
    assert expr.left.op_span == Span(7, 12, 7, 15)
    comparison = expr.left.right
    assert isinstance(comparison, Binary)
    assert comparison.span == Span(8, 3, 8, 13)
    assert comparison.left == Path(
        ("b", "c"), Span(8, 3, 8, 6), (Span(8, 3, 8, 4), Span(8, 5, 8, 6))
    )
    assert expr.right == Path(("d",), Span(9, 2, 9, 3), (Span(9, 2, 9, 3),))


def test_unary_span() -> None:
    assert parse("  not  x").span == Span(1, 3, 1, 9)
    assert parse("-3") == Unary("-", IntLit(3, Span(1, 2, 1, 3)), Span(1, 1, 1, 3))


def test_parentheses_widen_the_span_of_their_expression() -> None:
    expr = parse("(a + b) * c")
    assert isinstance(expr, Binary) and isinstance(expr.left, Binary)
    assert expr.left.span == Span(1, 1, 1, 8)
    assert expr.left.op_span == Span(1, 4, 1, 5)
    assert expr.span == Span(1, 1, 1, 12)


# --- assignments --------------------------------------------------------------


def test_assignment() -> None:
    assignment = assign("closed_at = now()", Span(4, 20, 4, 21))
    assert assignment == Assignment(
        "closed_at",
        Call("now", (), Span(4, 32, 4, 37), Span(4, 32, 4, 35)),
        Span(4, 20, 4, 37),
        Span(4, 20, 4, 29),
    )


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("count = count + 1", "count", "(+ count 1)"),
        ("status = 'done'", "status", "'done'"),
        ("flag=a == b", "flag", "(== a b)"),
        ("owner = current_user", "owner", "current_user"),
    ],
)
def test_assignment_values(text: str, field: str, value: str) -> None:
    assignment = assign(text)
    assert (assignment.field, sexp(assignment.value)) == (field, value)
    assert assignment.reference is None


def test_assignment_to_a_referenced_row_names_the_reference_and_its_field() -> None:
    assignment = assign("copy.available = not copy.available")
    assert (assignment.reference, assignment.field) == ("copy", "available")
    assert assignment.reference_span == Span(1, 1, 1, 5)
    assert assignment.field_span == Span(1, 6, 1, 15)
    assert sexp(assignment.value) == "(not copy.available)"


@pytest.mark.parametrize(
    ("text", "code", "col", "end_col", "message"),
    [
        ("", BAD_ASSIGNMENT, 1, 1, "empty assignment"),
        ("= 1", BAD_ASSIGNMENT, 1, 2, "expected a field name"),
        ("null = 1", BAD_ASSIGNMENT, 1, 5, "expected a field name"),
        ("a.b.c = 1", BAD_ASSIGNMENT, 1, 6, "cannot assign to 'a.b.c'"),
        ("a.b == 1", BAD_ASSIGNMENT, 5, 7, "expected '=' after 'a.b'"),
        ("x == 1", BAD_ASSIGNMENT, 3, 5, "expected '=' after 'x'"),
        ("x", BAD_ASSIGNMENT, 1, 2, "expected '=' after 'x'"),
        ("x =", EXPR_SYNTAX, 3, 4, "expected an expression after '='"),
        ("x = a = b", SINGLE_EQUALS, 7, 8, "'=' is not a comparison"),
        ("x = (a", EXPR_SYNTAX, 5, 6, "unclosed '('"),
        ("x && = 1", EXPR_SYNTAX, 3, 5, "unexpected '&&'"),
    ],
)
def test_assignment_errors(text: str, code: Code, col: int, end_col: int, message: str) -> None:
    diagnostic = error(text, assignment=True)
    assert (diagnostic.code, diagnostic.message) == (code, message)
    assert diagnostic.span == Span(1, col, 1, end_col)


# --- errors -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "col", "end_col", "message", "hint"),
    [
        # empty expressions and missing operands
        ("", EXPR_SYNTAX, 1, 1, "empty expression", "an expression is expected here"),
        ("   ", EXPR_SYNTAX, 4, 4, "empty expression", "an expression is expected here"),
        ("a +", EXPR_SYNTAX, 3, 4, "expected an expression after '+'", "an expression"),
        ("a and", EXPR_SYNTAX, 3, 6, "expected an expression after 'and'", "an expression"),
        ("a and or b", EXPR_SYNTAX, 7, 9, "expected an expression after 'and'", "an expression"),
        ("not", EXPR_SYNTAX, 1, 4, "expected an expression after 'not'", "an expression"),
        ("a * )", EXPR_SYNTAX, 5, 6, "expected an expression after '*'", "an expression"),
        ("or a", EXPR_SYNTAX, 1, 3, "unexpected 'or'", "an expression is expected here"),
        ("set == 1", EXPR_SYNTAX, 1, 4, "unexpected 'set'", "'set' is a keyword"),
        ("a == own", EXPR_SYNTAX, 6, 9, "expected an expression after '=='", "'own' is a keyword"),
        # parentheses
        ("(a", EXPR_SYNTAX, 1, 2, "unclosed '('", "add the missing ')'"),
        ("((a)", EXPR_SYNTAX, 1, 2, "unclosed '('", "add the missing ')'"),
        ("a)", EXPR_SYNTAX, 2, 3, "unexpected ')'", "no matching '('"),
        (")", EXPR_SYNTAX, 1, 2, "unexpected ')'", "an expression is expected here"),
        ("()", EXPR_SYNTAX, 2, 3, "expected an expression after '('", "an expression"),
        ("(a b)", EXPR_SYNTAX, 4, 5, "expected ')', found 'b'", None),
        ("a b", EXPR_SYNTAX, 3, 4, "unexpected 'b'", "an operator is missing before it"),
        ("a 'b'", EXPR_SYNTAX, 3, 6, "unexpected ''b''", "an operator is missing before it"),
        ("1.x", EXPR_SYNTAX, 2, 3, "unexpected '.'", "an operator is missing before it"),
        ("a.b(1)", EXPR_SYNTAX, 4, 5, "unexpected '('", "only functions can be called"),
        # wrong operators from other languages
        ("a && b", EXPR_SYNTAX, 3, 5, "unexpected '&&'", "use `and`"),
        ("a || b", EXPR_SYNTAX, 3, 5, "unexpected '||'", "use `or`"),
        ("!a", EXPR_SYNTAX, 1, 2, "unexpected '!'", "use `not`"),
        ("a & b", EXPR_SYNTAX, 3, 4, "unexpected '&'", "use `and`"),
        ("a = b", SINGLE_EQUALS, 3, 4, "'=' is not a comparison", "compare with `==`"),
        ("(a = b)", SINGLE_EQUALS, 4, 5, "'=' is not a comparison", "compare with `==`"),
        ("f(x = 1)", SINGLE_EQUALS, 5, 6, "'=' is not a comparison", "compare with `==`"),
        # comparisons do not chain
        (
            "a < b < c",
            EXPR_SYNTAX,
            7,
            8,
            "comparisons cannot be chained",
            "combine comparisons with `and`",
        ),
        ("a == b != c", EXPR_SYNTAX, 8, 10, "comparisons cannot be chained", "with `and`"),
        ("a is null is null", EXPR_SYNTAX, 11, 13, "comparisons cannot be chained", "with `and`"),
        ("x in (1) == y", EXPR_SYNTAX, 10, 12, "comparisons cannot be chained", "with `and`"),
        ("a < b not in (1)", EXPR_SYNTAX, 7, 10, "comparisons cannot be chained", "with `and`"),
        ("a == not b", EXPR_SYNTAX, 6, 9, "unexpected 'not'", "put `not …` in parentheses"),
        # in / is
        ("x in 1", EXPR_SYNTAX, 6, 7, "expected '(' after 'in'", "list the options"),
        ("x in", EXPR_SYNTAX, 3, 5, "expected '(' after 'in'", "list the options"),
        ("x in ()", EXPR_SYNTAX, 7, 8, "expected an expression after '('", "an expression"),
        ("x in (1,)", EXPR_SYNTAX, 9, 10, "expected an expression after ','", "an expression"),
        ("x in (1 2)", EXPR_SYNTAX, 9, 10, "expected ',' or ')', found '2'", None),
        ("x not 1", EXPR_SYNTAX, 7, 8, "expected 'in' after 'not'", None),
        ("x is", EXPR_SYNTAX, 3, 5, "expected 'null', 'set', 'empty' or 'own' after 'is'", "`==`"),
        (
            "x is 3",
            EXPR_SYNTAX,
            6,
            7,
            "expected 'null', 'set', 'empty' or 'own' after 'is'",
            "`==`",
        ),
        ("x is not set", EXPR_SYNTAX, 10, 13, "expected 'null' after 'not'", "`is set`"),
        # paths and keywords
        ("a.", EXPR_SYNTAX, 2, 3, "expected a name after '.'", None),
        ("a.in", EXPR_SYNTAX, 3, 5, "expected a name after '.'", "'in' is a keyword"),
        ("a.1", EXPR_SYNTAX, 3, 4, "expected a name after '.'", None),
        ("a where b", EXPR_SYNTAX, 3, 8, "unexpected 'where'", "inside an aggregate"),
        ("where", EXPR_SYNTAX, 1, 6, "unexpected 'where'", "'where' is a keyword"),
        # calls and aggregates
        ("f(a b)", EXPR_SYNTAX, 5, 6, "expected ',' or ')', found 'b'", None),
        ("f(,)", EXPR_SYNTAX, 3, 4, "expected an expression after '('", "an expression"),
        ("f(a", EXPR_SYNTAX, 2, 3, "unclosed '('", "add the missing ')'"),
        ("count(T.f)", EXPR_SYNTAX, 9, 10, "count takes an entity, not a field", "`count(Entity)`"),
        ("sum(L)", EXPR_SYNTAX, 5, 6, "sum needs a field of the entity", "`sum(L.field)`"),
        ("avg(L where x)", EXPR_SYNTAX, 5, 6, "avg needs a field of the entity", "`avg(L.field)`"),
        ("count()", EXPR_SYNTAX, 7, 8, "expected an entity name after '('", None),
        ("count(1)", EXPR_SYNTAX, 7, 8, "expected an entity name after '('", None),
        ("count(", EXPR_SYNTAX, 6, 7, "expected an entity name after '('", None),
        ("sum(L.)", EXPR_SYNTAX, 7, 8, "expected a field name after '.'", None),
        ("sum(L.in)", EXPR_SYNTAX, 7, 9, "expected a field name after '.'", "'in' is a keyword"),
        ("count(T", EXPR_SYNTAX, 6, 7, "unclosed '('", "add the missing ')'"),
        ("count(T x)", EXPR_SYNTAX, 9, 10, "expected 'where' or ')', found 'x'", None),
        ("sum(L.a.b)", EXPR_SYNTAX, 8, 9, "expected 'where' or ')', found '.'", None),
        ("count(T where)", EXPR_SYNTAX, 14, 15, "expected an expression after 'where'", None),
        ("count(T where x y)", EXPR_SYNTAX, 17, 18, "expected ')', found 'y'", None),
        # strings
        ('"abc', UNTERMINATED_STRING, 1, 5, "unterminated string", 'close the string with "'),
        ("a == 'abc\"", UNTERMINATED_STRING, 6, 11, "unterminated string", "with '"),
        ('"abc\\"', UNTERMINATED_STRING, 1, 7, "unterminated string", None),
        ('"ab\ncd"', UNTERMINATED_STRING, 1, 4, "unterminated string", None),
        ('"ab\\', UNTERMINATED_STRING, 1, 5, "unterminated string", None),
        ('"a\\qb"', EXPR_SYNTAX, 3, 5, "unknown escape '\\q'", "the escapes are"),
        # other characters and numbers
        ("a # b", EXPR_SYNTAX, 3, 4, "unexpected character '#'", None),
        ("a;", EXPR_SYNTAX, 2, 3, "unexpected character ';'", None),
        ("x == \u201cyes\u201d", EXPR_SYNTAX, 6, 7, "unexpected '\u201c'", "straight quotes"),
        ("a \x00", EXPR_SYNTAX, 3, 4, "unexpected character U+0000", None),
        ("caf\u00e9", EXPR_SYNTAX, 4, 5, "unexpected character '\u00e9'", None),
        ("12abc", EXPR_SYNTAX, 1, 6, "invalid number '12abc'", "names cannot start with a digit"),
        ("1.5x", EXPR_SYNTAX, 1, 5, "invalid number '1.5x'", None),
        ("9223372036854775808", EXPR_SYNTAX, 1, 20, "integer is too large", None),
        ("1" + "0" * 5000, EXPR_SYNTAX, 1, 5002, "integer is too large", None),
        # nesting
        ("(" * 60 + "a" + ")" * 60, EXPR_SYNTAX, 51, 52, "expression is nested too deeply", None),
        ("f(" * 1000, EXPR_SYNTAX, 101, 102, "expression is nested too deeply", None),
        ("-" * 1000 + "a", EXPR_SYNTAX, 51, 52, "expression is nested too deeply", None),
        ("not " * 60 + "a", EXPR_SYNTAX, 201, 204, "expression is nested too deeply", None),
    ],
)
def test_errors(
    text: str, code: Code, col: int, end_col: int, message: str, hint: str | None
) -> None:
    diagnostic = error(text)
    assert (diagnostic.code, diagnostic.message) == (code, message)
    assert diagnostic.span == Span(1, col, 1, end_col)
    if hint is not None:
        assert diagnostic.hint is not None and hint in diagnostic.hint


def test_the_first_error_wins_over_a_later_bad_character() -> None:
    assert error(") &&").message == "unexpected ')'"
    assert error("a + &&").message == "unexpected '&&'"


def test_errors_point_into_the_spec() -> None:
    diagnostic = error('a ==\n   b ==\n "x', origin=Span(20, 9, 20, 10))
    assert diagnostic.message == "comparisons cannot be chained"
    assert diagnostic.span == Span(21, 6, 21, 8)
    diagnostic = error('a ==\n "x', origin=Span(20, 9, 20, 10))
    assert diagnostic.code == UNTERMINATED_STRING
    assert diagnostic.span == Span(21, 2, 21, 4)


def test_nesting_up_to_the_limit_parses() -> None:
    assert sexp(parse("(" * 49 + "a" + ")" * 49)) == "a"
    assert sexp(parse("f(" * 49 + ")" * 49)).count("call") == 49


def test_leading_zeros_do_not_count_towards_the_integer_limit() -> None:
    assert parse("0" * 5000 + "12") == IntLit(12, Span(1, 1, 1, 5003))


# --- fuzzing ----------------------------------------------------------------

VOCABULARY = [
    "a",
    "b.c",
    "self",
    "count",
    "sum",
    "f",
    "T",
    "1",
    "2.5",
    '"s"',
    "'t'",
    "true",
    "null",
    "(",
    ")",
    ",",
    ".",
    "+",
    "-",
    "*",
    "/",
    "%",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "=",
    "and",
    "or",
    "not",
    "in",
    "is",
    "set",
    "empty",
    "own",
    "where",
    "&&",
    "!",
    "\n",
    '"',
]
origins = st.builds(
    lambda line, col: Span(line, col, line, col + 1),
    st.integers(min_value=1, max_value=50),
    st.integers(min_value=1, max_value=80),
)
texts = st.text(max_size=60) | st.lists(st.sampled_from(VOCABULARY), max_size=25).map(" ".join)


def text_area(text: str, origin: Span) -> tuple[tuple[int, int], tuple[int, int]]:
    """The first and the just-past-last positions of `text` in the spec."""
    lines = text.split("\n")
    if len(lines) == 1:
        return (origin.line, origin.col), (origin.line, origin.col + len(text))
    return (origin.line, origin.col), (origin.line + len(lines) - 1, len(lines[-1]) + 1)


def inside(span: Span, area: tuple[tuple[int, int], tuple[int, int]]) -> bool:
    start, end = (span.line, span.col), (span.end_line, span.end_col)
    return area[0] <= start <= end <= area[1]


@settings(max_examples=400, deadline=None)
@given(text=texts, origin=origins, assignment=st.booleans())
def test_fuzz_never_raises_and_stays_inside_the_text(
    text: str, origin: Span, assignment: bool
) -> None:
    diags = Diagnostics()
    parser = parse_assignment if assignment else parse_expression
    result = parser(text, origin, diags)
    area = text_area(text, origin)
    if result is None:
        assert len(diags) == 1
        assert inside(diags.items[0].span, area)
        return
    assert len(diags) == 0
    root = result.value if isinstance(result, Assignment) else result
    for node in walk(root):
        assert inside(node.span, area)
        if isinstance(node, Path) and "\n" not in text:
            for part, span in zip(node.parts, node.part_spans, strict=True):
                offset = span.col - origin.col
                assert text[offset : offset + len(part)] == part
