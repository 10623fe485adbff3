"""Inline markup the lower stage reads inside a piece of text.

Code spans hold expressions and regexes; `[text]{note}` and `{#id}` are MSFM
inline annotations. Every finder returns exact spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from compiler.ir.span import Span
from compiler.parse.tree import Text

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_INLINE_NOTE = re.compile(r"\[([^\[\]]*)\]\{(?!#)([^{}]*)\}")
_POINTER = re.compile(r"\{#([A-Za-z0-9_.:-]+)\}")


@dataclass(frozen=True, slots=True)
class CodeSpan:
    """A backtick code span: its content (as between the backticks) and where that sits."""

    content: str
    span: Span


@dataclass(frozen=True, slots=True)
class InlineNote:
    """`[text]{note}` (pointer None) or `{#id}` (text empty, pointer set)."""

    text: str
    pointer: str | None
    span: Span


def code_spans(text: Text) -> list[CodeSpan]:
    """The code spans in `text`, in order (an unclosed backtick opens none)."""
    spans = []
    for match in _CODE_SPAN.finditer(text.text):
        content = match.group(2)
        inner = content.strip(" ") or content
        lead = content.index(inner)
        start = text.span.col + match.start(2) + lead
        spans.append(
            CodeSpan(inner, Span(text.span.line, start, text.span.line, start + len(inner)))
        )
    return spans


def without_code_spans(text: str) -> str:
    """The text with its code spans removed and spaces tidied."""
    return " ".join(_CODE_SPAN.sub(" ", text).split())


def inline_notes(text: Text) -> list[InlineNote]:
    """MSFM inline annotations in `text`: `[text]{note}` and `{#id}` pointers.

    Code spans are never scanned: `^[A-Z]{3}$` is a regex, not a note.
    """
    found = []
    prose = _blank_code_spans(text.text)
    for match in _INLINE_NOTE.finditer(prose):
        span = _sub_span(text, match.start(), match.end())
        found.append(InlineNote(match.group(2).strip(), None, span))
    for match in _POINTER.finditer(prose):
        span = _sub_span(text, match.start(), match.end())
        found.append(InlineNote("", match.group(1), span))
    return found


def plain_text(text: str) -> str:
    """Prose with MSFM inline annotations reduced to what a reader sees (code spans kept)."""
    pieces = []
    last = 0
    for match in _CODE_SPAN.finditer(text):
        pieces.append(_plain_prose(text[last : match.start()]))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(_plain_prose(text[last:]))
    return " ".join("".join(pieces).split())


def _plain_prose(text: str) -> str:
    return _POINTER.sub("", _INLINE_NOTE.sub(lambda m: m.group(1), text))


def _blank_code_spans(text: str) -> str:
    """`text` with every code span replaced by spaces, so offsets stay the same."""
    return _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)


def _sub_span(text: Text, start: int, end: int) -> Span:
    return Span(text.span.line, text.span.col + start, text.span.line, text.span.col + end)


def split_outside_code(text: Text, separator: str) -> list[Text]:
    """The non-empty pieces of `text` between separators outside backticks, stripped."""
    pieces: list[Text] = []
    start = 0
    in_code = False
    source = text.text + separator
    index = 0
    while index < len(source):
        if source[index] == "`":
            in_code = not in_code
        elif not in_code and source.startswith(separator, index):
            raw = source[start:index]
            if raw.strip():
                offset = start + len(raw) - len(raw.lstrip())
                pieces.append(_piece(text, offset, raw.strip()))
            start = index + len(separator)
            index = start
            continue
        index += 1
    return pieces


def find_outside_code(text: str, needles: tuple[str, ...]) -> tuple[int, str] | None:
    """The first offset where one of `needles` occurs outside backticks."""
    in_code = False
    for index, char in enumerate(text):
        if char == "`":
            in_code = not in_code
        elif not in_code:
            for needle in needles:
                if text.startswith(needle, index):
                    return index, needle
    return None


def sub_text(text: Text, start: int, end: int) -> Text:
    """The stripped piece `text.text[start:end]` with its own span."""
    raw = text.text[start:end]
    offset = start + len(raw) - len(raw.lstrip())
    return _piece(text, offset, raw.strip())


def _piece(text: Text, offset: int, content: str) -> Text:
    col = text.span.col + offset
    return Text(content, Span(text.span.line, col, text.span.line, col + max(len(content), 1)))
