"""The tokenizer of the expression language.

`tokenize` turns the text of one expression into tokens, each with its real
span in the spec. It never raises: at the first bad character it stops and
keeps the error in the returned `TokenStream`, which raises it only when the
parser reaches that point (so an earlier syntax error is reported first).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from enum import Enum

from compiler.diagnostics.codes import EXPR_SYNTAX, UNTERMINATED_STRING, Code
from compiler.ir.span import Span

KEYWORDS = frozenset(
    {"and", "or", "not", "in", "is", "null", "true", "false", "where", "set", "empty", "own"}
    | {"if", "then", "else"}
)
"""Words that cannot be used as names."""

INT_MAX = 2**63 - 1
"""The largest integer literal (the range of a 64-bit integer column)."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_WORD = re.compile(r"[A-Za-z0-9_]*")
_WHITESPACE = re.compile(r"[ \t\r\n]*")
_OPERATORS = ("==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "(", ")", ",", ".", "=")
"""Operators and punctuation, longest first so that `<=` is not read as `<`."""
_MISTAKES = (
    ("&&", "use `and`"),
    ("||", "use `or`"),
    ("&", "use `and`"),
    ("|", "use `or`"),
    ("!", "use `not`"),
    *((quote, "use straight quotes: \" or '") for quote in "\u201c\u201d\u2018\u2019"),
)
"""Characters from other languages or word processors, with what to write instead."""
_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "t": "\t"}
_ESCAPE_HINT = "the escapes are \\\" \\' \\\\ \\n and \\t"


class TokenKind(Enum):
    """What a token is."""

    NAME = "name"
    KEYWORD = "keyword"
    INT = "integer"
    DECIMAL = "decimal"
    STRING = "string"
    OP = "operator"
    END = "end of expression"


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, source text, value and span."""

    kind: TokenKind
    text: str
    """The exact source text (empty for END)."""
    value: str
    """The decoded content of a string, the digits of an integer (no leading zeros); else text."""
    span: Span

    def is_op(self, text: str) -> bool:
        return self.kind is TokenKind.OP and self.text == text

    def is_keyword(self, text: str) -> bool:
        return self.kind is TokenKind.KEYWORD and self.text == text


class ExprError(Exception):
    """A syntax error in an expression, raised inside the parser and reported at its entry."""

    def __init__(self, code: Code, span: Span, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.span = span
        self.message = message
        self.hint = hint


class TokenStream:
    """The tokens of a text, read in order; a lexing error is raised where it occurred."""

    def __init__(self, tokens: list[Token], error: ExprError | None) -> None:
        self._tokens = tokens
        self._error = error
        self._pos = 0
        self.previous: Token | None = None
        """The last token read, if any."""

    def peek(self) -> Token:
        """The next token (END, once at the end); raises the lexing error when reaching it."""
        if self._pos < len(self._tokens):
            return self._tokens[self._pos]
        if self._error is not None:
            raise self._error
        return self._tokens[-1]

    def advance(self) -> Token:
        """Read the next token."""
        self.previous = self.peek()
        self._pos += 1
        return self.previous

    def accept(self, text: str) -> Token | None:
        """Read the next token if it is the operator or keyword `text`."""
        token = self.peek()
        return self.advance() if token.is_op(text) or token.is_keyword(text) else None

    def lists_several(self) -> bool:
        """Whether a `,` follows at this nesting level before the `)` that closes it: whether
        `max(` starts the scalar `max(a, b)` rather than the aggregate `max(Entity.field)`."""
        depth = 0
        for token in self._tokens[self._pos :]:
            if token.is_op("("):
                depth += 1
            elif token.is_op(")"):
                if depth == 0:
                    return False
                depth -= 1
            elif token.is_op(",") and depth == 0:
                return True
        return False

    def locate(self, token: Token) -> Span:
        """Where to point for `token`: itself, or the last token read when the text has ended."""
        if token.kind is TokenKind.END and self.previous is not None:
            return self.previous.span
        return token.span


class Locator:
    """Maps offsets in the expression text to spans in the spec."""

    def __init__(self, text: str, origin: Span) -> None:
        self._origin = origin
        self._line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]

    def span(self, start: int, end: int) -> Span:
        """The span of `text[start:end]`."""
        return Span(*self._position(start), *self._position(end))

    def _position(self, offset: int) -> tuple[int, int]:
        index = bisect_right(self._line_starts, offset) - 1
        if index == 0:
            return self._origin.line, self._origin.col + offset
        return self._origin.line + index, offset - self._line_starts[index] + 1


def tokenize(text: str, origin: Span) -> TokenStream:
    """The tokens of `text`, whose first character sits at `origin` in the spec."""
    lexer = _Lexer(text, Locator(text, origin))
    try:
        lexer.run()
    except ExprError as error:
        return TokenStream(lexer.tokens, error)
    return TokenStream(lexer.tokens, None)


class _Lexer:
    def __init__(self, text: str, locator: Locator) -> None:
        self._text = text
        self._locator = locator
        self._pos = 0
        self.tokens: list[Token] = []

    def run(self) -> None:
        """Read every token into `tokens`, ending with END; raises at the first error."""
        while True:
            self._pos = _WHITESPACE.match(self._text, self._pos).end()
            if self._pos == len(self._text):
                end = self._locator.span(self._pos, self._pos)
                self.tokens.append(Token(TokenKind.END, "", "", end))
                return
            self.tokens.append(self._token())

    def _token(self) -> Token:
        char = self._text[self._pos]
        if _NAME.match(char):
            return self._name()
        if char.isascii() and char.isdigit():
            return self._number()
        if char in "\"'":
            return self._string(char)
        return self._operator()

    def _name(self) -> Token:
        text = _NAME.match(self._text, self._pos).group()
        kind = TokenKind.KEYWORD if text in KEYWORDS else TokenKind.NAME
        return self._emit(kind, len(text))

    def _number(self) -> Token:
        digits = _NUMBER.match(self._text, self._pos).group()
        end = _WORD.match(self._text, self._pos + len(digits)).end()
        if end > self._pos + len(digits):
            message = f"invalid number '{self._text[self._pos : end]}'"
            raise self._error(self._pos, end, message, "names cannot start with a digit")
        if "." in digits:
            return self._emit(TokenKind.DECIMAL, len(digits))
        significant = digits.lstrip("0") or "0"
        if len(significant) > len(str(INT_MAX)) or int(significant) > INT_MAX:
            raise self._error(self._pos, end, "integer is too large", f"the largest is {INT_MAX}")
        return self._emit(TokenKind.INT, len(digits), significant)

    def _string(self, quote: str) -> Token:
        chars: list[str] = []
        end = self._pos + 1
        while end < len(self._text) and self._text[end] not in (quote, "\n"):
            if self._text[end] == "\\":
                escape = self._text[end + 1 : end + 2]
                if escape in ("", "\n"):
                    end += 1
                    break
                if escape not in _ESCAPES:
                    message = "unknown escape " + _show("\\" + escape)
                    raise self._error(end, end + 2, message, _ESCAPE_HINT)
                chars.append(_ESCAPES[escape])
                end += 2
            else:
                chars.append(self._text[end])
                end += 1
        if end == len(self._text) or self._text[end] != quote:
            raise ExprError(
                UNTERMINATED_STRING,
                self._locator.span(self._pos, end),
                "unterminated string",
                f"close the string with {quote}",
            )
        return self._emit(TokenKind.STRING, end + 1 - self._pos, "".join(chars))

    def _operator(self) -> Token:
        for operator in _OPERATORS:
            if self._text.startswith(operator, self._pos):
                return self._emit(TokenKind.OP, len(operator))
        for mistake, hint in _MISTAKES:
            if self._text.startswith(mistake, self._pos):
                raise self._error(
                    self._pos, self._pos + len(mistake), f"unexpected '{mistake}'", hint
                )
        char = self._text[self._pos]
        raise self._error(self._pos, self._pos + 1, f"unexpected character {_show(char)}")

    def _emit(self, kind: TokenKind, length: int, value: str | None = None) -> Token:
        start, self._pos = self._pos, self._pos + length
        text = self._text[start : self._pos]
        span = self._locator.span(start, self._pos)
        return Token(kind, text, text if value is None else value, span)

    def _error(self, start: int, end: int, message: str, hint: str | None = None) -> ExprError:
        return ExprError(EXPR_SYNTAX, self._locator.span(start, end), message, hint)


def _show(text: str) -> str:
    """Source text for a message: quoted if printable, else as code points."""
    if text.isprintable():
        return f"'{text}'"
    return " ".join(f"U+{ord(char):04X}" for char in text)
