"""Inline markup the lower stage reads inside a piece of text.

Code spans hold expressions and regexes; `[text]{note}` and `{#id}` are MSFM
inline annotations. Every finder returns exact spans, also for a `Text` that
runs over several lines (see `joined`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt

from compiler.ir.span import Span
from compiler.parse.tree import Text

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_INLINE_NOTE = re.compile(r"\[([^\[\]]*)\]\{(?!#)([^{}]*)\}")
_POINTER = re.compile(r"\{#([A-Za-z0-9_.:-]+)\}")
_OPAQUE = '`"'
"""Characters that open a region separators do not split: code spans and quoted strings."""
_INLINE_MARKDOWN = MarkdownIt("commonmark")


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


def joined(lines: tuple[Text, ...]) -> Text:
    """The lines of a list item as one `Text`.

    Continuation lines are indented with spaces up to their real column, so an
    offset in the joined text maps back to the exact line and column.
    """
    first, *rest = lines
    text = first.text + "".join("\n" + " " * (line.span.col - 1) + line.text for line in rest)
    last = lines[-1].span
    return Text(text, Span(first.span.line, first.span.col, last.end_line, last.end_col))


def code_spans(text: Text) -> list[CodeSpan]:
    """The code spans in `text`, in order (an unclosed backtick opens none)."""
    spans = []
    for match in _CODE_SPAN.finditer(text.text):
        content = match.group(2)
        inner = content.strip() or content
        start = match.start(2) + content.index(inner)
        spans.append(CodeSpan(inner, _sub_span(text, start, start + len(inner))))
    return spans


def without_code_spans(text: str) -> str:
    """The text with its code spans removed and spaces tidied."""
    return " ".join(_CODE_SPAN.sub(" ", text).split())


def without_annotations(text: Text) -> Text:
    """`text` with MSFM inline annotations blanked, every other character in place.

    `[member]{note}` reads ` member       ` and `{#id}` reads as spaces, so the
    rest of the text can be parsed with its columns unchanged.
    """
    blanked = _INLINE_NOTE.sub(
        lambda m: " " + m.group(1) + " " * (len(m.group(0)) - len(m.group(1)) - 1), text.text
    )
    return Text(_POINTER.sub(lambda m: " " * len(m.group(0)), blanked), text.span)


def inline_notes(text: Text) -> list[InlineNote]:
    """MSFM inline annotations in `text`: `[text]{note}` and `{#id}` pointers.

    Code spans are never scanned: `^[A-Z]{3}$` is a regex, not a note.
    """
    found = []
    prose = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text.text)
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


def message_text(text: str) -> str:
    """A user-facing message: annotations, code spans and inline markdown removed.

    `**Urgent** tickets need _someone_.` reads `Urgent tickets need someone.`
    """
    prose = plain_text(without_code_spans(text))
    tokens = _INLINE_MARKDOWN.parseInline(prose)
    children = tokens[0].children if tokens and tokens[0].children else []
    words = "".join(
        " " if t.type in ("softbreak", "hardbreak") else t.content
        for t in children
        if t.type in ("text", "code_inline", "softbreak", "hardbreak", "html_inline")
    )
    return " ".join(words.split())


def split_outside_code(text: Text, separator: str) -> list[Text]:
    """The non-empty pieces of `text` between separators, stripped.

    A separator inside a code span or a "quoted string" does not split.
    """
    pieces: list[Text] = []
    start = 0
    opener = ""
    source = text.text + separator
    index = 0
    while index < len(source):
        char = source[index]
        if opener and char == opener:
            opener = ""
        elif not opener and char in _OPAQUE:
            opener = char
        elif not opener and source.startswith(separator, index):
            if source[start:index].strip():
                pieces.append(sub_text(text, start, index))
            start = index + len(separator)
            index = start
            continue
        index += 1
    return pieces


def find_outside_code(text: str, needles: tuple[str, ...]) -> tuple[int, str] | None:
    """The first offset where one of `needles` occurs outside code spans and quotes."""
    opener = ""
    for index, char in enumerate(text):
        if opener and char == opener:
            opener = ""
        elif not opener and char in _OPAQUE:
            opener = char
        elif not opener:
            for needle in needles:
                if text.startswith(needle, index):
                    return index, needle
    return None


def sub_text(text: Text, start: int, end: int) -> Text:
    """The stripped piece `text.text[start:end]` with its own span."""
    raw = text.text[start:end]
    offset = start + len(raw) - len(raw.lstrip())
    content = raw.strip()
    return Text(content, _sub_span(text, offset, offset + max(len(content), 1)))


def _plain_prose(text: str) -> str:
    return _POINTER.sub("", _INLINE_NOTE.sub(lambda m: m.group(1), text))


def _sub_span(text: Text, start: int, end: int) -> Span:
    line, col = _position(text, start)
    end_line, end_col = _position(text, end)
    return Span(line, col, end_line, end_col)


def _position(text: Text, offset: int) -> tuple[int, int]:
    """Line and column of an offset into `text` (which may run over several lines)."""
    newline = text.text.rfind("\n", 0, offset)
    if newline < 0:
        return text.span.line, text.span.col + offset
    return text.span.line + text.text.count("\n", 0, offset), offset - newline
