"""The lower stage: syntax tree (`Document`) → IR (`Spec`), reporting what it cannot read.

Lowering gives meaning to markdown: sections become entities or documentation,
tables become fields and access grants, code spans become expressions. It
resolves only what needs no cross-checking (entity names, owners, initial
states); the check stage validates the whole IR afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.model import IR_VERSION, App, DocSection, Entity, Note, Spec
from compiler.ir.span import NOWHERE, Span
from compiler.lower.annotations import Annotations, fence_note, is_annotation
from compiler.lower.entities import entity_name, is_entity_section, lower_entity
from compiler.lower.examples import Names, lower_example
from compiler.lower.front_matter import lower_front_matter
from compiler.lower.inline import plain_text
from compiler.parse.tree import Block, BulletList, Document, Fence, Paragraph, Section


def lower(document: Document, source: str, diags: Diagnostics) -> Spec:
    header = lower_front_matter(document.front_matter, diags)
    annotations = Annotations(document, diags)
    entity_sections = [s for s in document.sections if s.level == 2 and is_entity_section(s)]
    if not entity_sections:
        diags.add(
            codes.NO_ENTITIES,
            Span.point(1, 1),
            "spec declares no entities",
            hint="add a `## Name` section with a `| Field | Type | Rules |` table",
        )
    entity_names = {entity_name(s) for s in entity_sections}
    entities: list[Entity] = []
    for section in entity_sections:
        entity = lower_entity(section, entity_names, annotations, diags)
        if entity is not None:
            entities.append(entity)
    names = Names(
        roles=frozenset(r.name for r in header.roles),
        entities={e.name.lower(): e.name for e in entities},
    )
    examples = [
        lower_example(fence, section, names, diags) for fence, section in _example_fences(document)
    ]
    app = App(
        name=header.name,
        title=header.title,
        summary=header.summary,
        description=_prose(document.preamble),
        roles=header.roles,
        signup_role=header.signup_role,
        settings=header.settings,
        notes=_preamble_notes(document, annotations),
        span=document.front_matter.span if document.front_matter else NOWHERE,
    )
    docs = [
        DocSection(
            plain_text(s.title.text), _section_prose(s), s.span, _section_notes(s, annotations)
        )
        for s in document.sections
        if s not in entity_sections
    ]
    annotations.report_unused()
    return Spec(IR_VERSION, source, app, tuple(entities), tuple(examples), tuple(docs))


def _prose(blocks: tuple[Block, ...]) -> str:
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    return "\n\n".join(plain_text(" ".join(line.text for line in p.lines)) for p in paragraphs)


def _section_prose(section: Section) -> str:
    """A documentation section's prose, its `###` subsections kept under their headings."""
    parts = [_prose(section.blocks)]
    for sub in section.subsections:
        parts.append(f"{'#' * sub.level} {plain_text(sub.title.text)}\n\n{_section_prose(sub)}")
    return "\n\n".join(part for part in parts if part.strip())


def _preamble_notes(document: Document, annotations: Annotations) -> tuple[Note, ...]:
    notes: list[Note] = []
    for block in document.preamble:
        if is_annotation(block):
            notes.append(fence_note(block))  # type: ignore[arg-type]
        elif isinstance(block, Paragraph):
            notes.extend(annotations.notes_in(block.lines))
    if document.title is not None:
        notes.extend(annotations.notes_in([document.title]))
    return tuple(notes)


def _section_notes(section: Section, annotations: Annotations) -> tuple[Note, ...]:
    """The annotations of a documentation section's prose, its subsections' included."""
    notes: list[Note] = [*annotations.notes_in([section.title])]
    for block in section.blocks:
        if is_annotation(block):
            notes.append(fence_note(block))  # type: ignore[arg-type]
        elif isinstance(block, Paragraph):
            notes.extend(annotations.notes_in(block.lines))
        elif isinstance(block, BulletList):
            for item in block.items:
                notes.extend(annotations.notes_in(item.lines))
                notes.extend(fence_note(f) for f in item.fences if is_annotation(f))
    for sub in section.subsections:
        notes.extend(_section_notes(sub, annotations))
    return tuple(notes)


def _example_fences(document: Document) -> Iterator[tuple[Fence, str | None]]:
    """Every `example` fence in document order, with the entity section it sits in."""
    yield from _fences_in(document.preamble, None)
    for section in document.sections:
        context = entity_name(section) if is_entity_section(section) else None
        yield from _section_fences(section, context)


def _section_fences(section: Section, context: str | None) -> Iterator[tuple[Fence, str | None]]:
    yield from _fences_in(section.blocks, context)
    for sub in section.subsections:
        yield from _section_fences(sub, context)


def _fences_in(
    blocks: tuple[Block, ...], context: str | None
) -> Iterator[tuple[Fence, str | None]]:
    for block in blocks:
        if isinstance(block, Fence) and block.info.split()[:1] == ["example"]:
            yield block, context


__all__ = ["lower"]
