"""Walks markdown-it's block tokens and builds syntax-tree blocks with positions.

markdown-it gives line ranges (`token.map`) but no columns; columns come from
the source lines themselves.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from compiler.ir.span import Span
from compiler.parse.table_rows import split_row
from compiler.parse.tree import BulletList, Fence, ListItem, Paragraph, Table, Text

_LIST_MARKER = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])(?:\s+|$)")


class BlockBuilder:
    """Turns the tokens of one block (from `*_open` to its `*_close`) into a `Block`."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines

    def paragraph(self, token: Token) -> Paragraph:
        start, end = _map(token)
        return Paragraph(self._text_lines(start, end), self._span(start, end))

    def table(self, tokens: list[Token]) -> Table:
        rows = [
            split_row(self.lines[_map(t)[0]], _map(t)[0] + 1) for t in tokens if t.type == "tr_open"
        ]
        start, end = _map(tokens[0])
        return Table(header=rows[0], rows=tuple(rows[1:]), span=self._span(start, end))

    def fence(self, token: Token) -> Fence:
        start, end = _map(token)
        closed = end - start >= 2 and self.lines[end - 1].strip().startswith(token.markup)
        body_end = end - 1 if closed else end
        marker = token.markup[:1] * 3
        return Fence(
            marker,
            token.info.strip(),
            self._text_lines(start + 1, body_end),
            self._span(start, end),
        )

    def bullet_list(self, tokens: list[Token]) -> BulletList:
        items: list[ListItem] = []
        item_level = tokens[0].level + 1
        for index, token in enumerate(tokens):
            if token.type == "list_item_open" and token.level == item_level:
                items.append(self._list_item(token, tokens[index + 1 :], item_level))
        start, end = _map(tokens[0])
        return BulletList(tuple(items), self._span(start, end))

    def _list_item(self, opening: Token, rest: list[Token], level: int) -> ListItem:
        lines: list[Text] = []
        fences: list[Fence] = []
        for token in rest:
            if token.type == "list_item_close" and token.level == level:
                break
            if token.type == "paragraph_open" and token.level == level + 1:
                start, end = _map(token)
                lines.extend(self._text_lines(start, end, list_marker=start == _map(opening)[0]))
            elif token.type == "fence" and token.level == level + 1:
                fences.append(self.fence(token))
        if not lines:
            start = _map(opening)[0]
            lines = list(self._text_lines(start, start + 1, list_marker=True))
        start = _map(opening)[0]
        last = max(
            [lines[-1].span, *(f.span for f in fences)], key=lambda s: (s.end_line, s.end_col)
        )
        return ListItem(
            tuple(lines), tuple(fences), Span(start + 1, 1, last.end_line, last.end_col)
        )

    def _text_lines(self, start: int, end: int, *, list_marker: bool = False) -> tuple[Text, ...]:
        texts = []
        for index in range(start, min(end, len(self.lines))):
            line = self.lines[index]
            marker = _LIST_MARKER.match(line) if list_marker and index == start else None
            offset = marker.end() if marker else len(line) - len(line.lstrip())
            text = line[offset:].rstrip()
            span = Span(index + 1, offset + 1, index + 1, offset + len(text) + 1)
            texts.append(Text(text, span))
        return tuple(texts)

    def _span(self, start: int, end: int) -> Span:
        last = max(min(end, len(self.lines)) - 1, start)
        width = len(self.lines[last]) if last < len(self.lines) else 0
        return Span(start + 1, 1, last + 1, width + 1)


def _map(token: Token) -> tuple[int, int]:
    assert token.map is not None, f"markdown-it token {token.type} has no line map"
    return token.map[0], token.map[1]
