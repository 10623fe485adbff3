"""The parse stage: spec text → `Document` (front matter, sections, blocks).

Markdown itself never fails to parse, so this stage reports nothing; every
problem of meaning is found by the lower and check stages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from compiler.ir.span import Span
from compiler.parse.blocks import BlockBuilder
from compiler.parse.front_matter import split_front_matter
from compiler.parse.tree import Block, Document, Section, Text

_CLOSING = {
    "table_open": "table_close",
    "bullet_list_open": "bullet_list_close",
    "ordered_list_open": "ordered_list_close",
}


_MARKDOWN = MarkdownIt("commonmark").enable("table").disable("inline")
"""Block structure only: inline markup is read by the lower stage where it matters."""


def parse_document(source: str) -> Document:
    """Parse spec text (newlines already normalised to `\\n`)."""
    lines = source.split("\n")
    front_matter, body_lines = split_front_matter(lines)
    tokens = _MARKDOWN.parse("\n".join(body_lines))
    outline = _Outline()
    builder = BlockBuilder(body_lines)
    for kind, payload in _top_level(tokens):
        if kind == "heading":
            heading, title = payload
            outline.heading(int(heading.tag[1]), _heading_text(body_lines, heading, title))
        else:
            outline.block(_build(builder, payload))
    return Document(
        front_matter=front_matter,
        title=outline.title,
        preamble=tuple(outline.preamble),
        sections=outline.finish(len(lines)),
        line_count=len(lines),
    )


def _top_level(tokens: list[Token]):
    """Yield ("heading", (open, inline)) or ("block", tokens) for each level-0 construct."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.level != 0:
            index += 1
        elif token.type == "heading_open":
            yield "heading", (token, tokens[index + 1])
            index += 3
        elif token.type in _CLOSING:
            end = _find_close(tokens, index, _CLOSING[token.type])
            yield "block", tokens[index : end + 1]
            index = end + 1
        elif token.type in ("paragraph_open", "fence"):
            yield "block", [token]
            index += 1
        else:
            index += 1


def _find_close(tokens: list[Token], start: int, closing: str) -> int:
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == closing and tokens[index].level == tokens[start].level:
            return index
    return len(tokens) - 1


def _build(builder: BlockBuilder, tokens: list[Token]) -> Block:
    first = tokens[0]
    if first.type == "table_open":
        return builder.table(tokens)
    if first.type == "fence":
        return builder.fence(first)
    if first.type == "paragraph_open":
        return builder.paragraph(first)
    return builder.bullet_list(tokens)


def _heading_text(lines: list[str], heading: Token, inline: Token) -> Text:
    line_index = heading.map[0] if heading.map else 0
    line = lines[line_index]
    content = inline.content
    col = line.find(content) if content else -1
    if col < 0:
        col = len(line) - len(line.lstrip("# \t"))
    span = Span(line_index + 1, col + 1, line_index + 1, col + len(content) + 1)
    return Text(content.strip(), span)


@dataclass
class _OpenSection:
    level: int
    title: Text
    blocks: list[Block] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)


class _Outline:
    """Groups blocks under the headings that precede them (## sections, ### subsections)."""

    def __init__(self) -> None:
        self.title: Text | None = None
        self.preamble: list[Block] = []
        self.sections: list[Section] = []
        self.stack: list[_OpenSection] = []
        self.last_line = 0

    def heading(self, level: int, title: Text) -> None:
        if level == 1 and self.title is None and not self.sections and not self.stack:
            self.title = title
            return
        if level > 3:
            return  # deeper headings are prose inside the current subsection
        while self.stack and self.stack[-1].level >= level:
            self._close(title.span.line - 1)
        self.stack.append(_OpenSection(level, title))

    def block(self, block: Block) -> None:
        (self.stack[-1].blocks if self.stack else self.preamble).append(block)

    def finish(self, line_count: int) -> tuple[Section, ...]:
        while self.stack:
            self._close(line_count)
        return tuple(self.sections)

    def _close(self, end_line: int) -> None:
        current = self.stack.pop()
        start = current.title.span.line
        section = Section(
            level=current.level,
            title=current.title,
            blocks=tuple(current.blocks),
            subsections=tuple(current.children),
            span=Span(start, 1, max(end_line, start), 1),
        )
        (self.stack[-1].children if self.stack else self.sections).append(section)
