"""MSFM annotations: `~~~` blocks, `[text]{note}` and `{#id}` pointers become `Note`s.

A `~~~` block (no info string) attaches to the element just above it; a
`~~~#id` block is a pointer target and attaches wherever `{#id}` is written.
"""

from __future__ import annotations

from collections.abc import Iterable

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import Note
from compiler.lower.inline import inline_notes
from compiler.parse.tree import Block, BulletList, Document, Fence, Section, Text


def is_annotation(block: Block) -> bool:
    """A `~~~` fence that is not a pointer target and not an example."""
    return isinstance(block, Fence) and block.marker == "~~~" and not block.info


def fence_note(fence: Fence) -> Note:
    return Note("\n".join(line.text for line in fence.body).strip(), fence.span)


class Annotations:
    """The spec's pointer targets, and which of them were used."""

    def __init__(self, document: Document, diags: Diagnostics) -> None:
        self.diags = diags
        self.targets: dict[str, Fence] = {}
        self.used: set[str] = set()
        for fence in _pointer_fences(document):
            pointer = fence.info[1:].strip()
            if pointer in self.targets:
                diags.add(
                    codes.DUPLICATE_POINTER, fence.span, f"annotation id '{pointer}' is used twice"
                )
            else:
                self.targets[pointer] = fence

    def notes_in(self, texts: Iterable[Text]) -> tuple[Note, ...]:
        """The inline notes and resolved pointers found in `texts`."""
        notes = []
        for text in texts:
            for found in inline_notes(text):
                if found.pointer is None:
                    notes.append(Note(found.text, found.span))
                elif found.pointer in self.targets:
                    self.used.add(found.pointer)
                    target = fence_note(self.targets[found.pointer])
                    notes.append(Note(target.text, found.span, found.pointer))
                else:
                    self.diags.add(
                        codes.UNKNOWN_POINTER,
                        found.span,
                        f"no annotation block '~~~#{found.pointer}'",
                    )
        return tuple(notes)

    def report_unused(self) -> None:
        for pointer, fence in sorted(self.targets.items()):
            if pointer not in self.used:
                self.diags.add(
                    codes.UNUSED_POINTER_BLOCK,
                    fence.span,
                    f"annotation block '#{pointer}' is never pointed to",
                    hint=f"write {{#{pointer}}} in the element it is about, or remove the block",
                )


def _pointer_fences(document: Document) -> list[Fence]:
    fences = []
    for block in _all_blocks(document.preamble, document.sections):
        candidates = [block] if isinstance(block, Fence) else []
        if isinstance(block, BulletList):
            candidates = [f for item in block.items for f in item.fences]
        fences.extend(f for f in candidates if f.marker == "~~~" and f.info.startswith("#"))
    return fences


def _all_blocks(blocks: Iterable[Block], sections: Iterable[Section]) -> list[Block]:
    found = list(blocks)
    for section in sections:
        found.extend(_all_blocks(section.blocks, section.subsections))
    return found
