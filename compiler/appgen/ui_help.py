"""The generated UI's help page: the spec's prose sections (`DocSection`s), as plain text.

Every prose section is help for the app's users ("How a ticket moves"), except one
about the spec's examples ("About the examples"): those are tests of the spec, not
something a user of the app sees. Developer notes (`~~~` blocks, `[text]{note}`)
are kept apart from the prose by the parser (`DocSection.notes`), so they never
reach this page.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.appgen.ui_text import literal, plain
from compiler.ir.model import DocSection


@dataclass(frozen=True, slots=True)
class UiHelpBlock:
    """A paragraph, or a bullet list when every line of it starts with `- `."""

    items: tuple[str, ...]
    """Python literals: the paragraph's text, or the list's items."""
    bullets: bool


@dataclass(frozen=True, slots=True)
class UiHelpSection:
    title: str
    """A Python literal."""
    anchor: str
    """The section's HTML id: `how-a-ticket-moves`."""
    blocks: tuple[UiHelpBlock, ...]


def help_sections(docs: tuple[DocSection, ...]) -> tuple[UiHelpSection, ...]:
    return tuple(
        UiHelpSection(literal(doc.title), _anchor(doc.title), _blocks(doc.text))
        for doc in docs
        if "example" not in doc.title.lower()
    )


def _blocks(text: str) -> tuple[UiHelpBlock, ...]:
    blocks = []
    for paragraph in (p.strip() for p in text.split("\n\n")):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(("- ", "* ")) for line in lines):
            items = tuple(literal(plain(line[2:].strip())) for line in lines)
            blocks.append(UiHelpBlock(items, bullets=True))
        else:
            blocks.append(UiHelpBlock((literal(plain(" ".join(lines))),), bullets=False))
    return tuple(blocks)


def _anchor(title: str) -> str:
    words = "".join(c if c.isalnum() else " " for c in title.lower()).split()
    return "-".join(["help", *words])
