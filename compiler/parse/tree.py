"""The syntax tree: a spec's markdown structure with exact source positions.

The parse stage only finds blocks (headings, paragraphs, tables, lists, fences)
and where every piece of text sits; it gives no meaning to anything. The lower
stage reads this tree and builds the IR.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.span import Span


@dataclass(frozen=True, slots=True)
class Text:
    """A run of source text on one line, with its span."""

    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph (or other prose block), one `Text` per source line."""

    lines: tuple[Text, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a pipe table; each cell's text is stripped, its span exact."""

    cells: tuple[Text, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Table:
    """A pipe table: its header row and its body rows."""

    header: TableRow
    rows: tuple[TableRow, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Fence:
    """A fenced block: ``` or ~~~, its info string and its body lines."""

    marker: str
    info: str
    body: tuple[Text, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class ListItem:
    """A list item: its text lines (marker and indentation removed) and nested fences."""

    lines: tuple[Text, ...]
    fences: tuple[Fence, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class BulletList:
    """A bullet or ordered list of items."""

    items: tuple[ListItem, ...]
    span: Span


Block = Paragraph | Table | Fence | BulletList


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and what follows it up to the next heading of the same or higher level."""

    level: int
    title: Text
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The raw YAML between the opening and closing `---` lines."""

    text: str
    span: Span
    first_line: int
    """Line number of the YAML's first line, to map YAML error marks into the spec."""
    closed: bool


@dataclass(frozen=True, slots=True)
class Document:
    """A whole spec: front matter, the text before the first section, the sections."""

    front_matter: FrontMatter | None
    title: Text | None
    """The `#` heading, if any."""
    preamble: tuple[Block, ...]
    sections: tuple[Section, ...]
    line_count: int
