"""Lowers one `##` entity section: description, fields, and its `###` subsections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.actions import Action
from compiler.ir.expr import Path, StringLit
from compiler.ir.model import (
    Access,
    Default,
    Entity,
    Field,
    Lifecycle,
    Note,
    Rule,
)
from compiler.ir.span import Span
from compiler.ir.types import EnumType
from compiler.ir.uniques import UniqueTogether
from compiler.lower.access import lower_access
from compiler.lower.actions import lower_actions
from compiler.lower.annotations import Annotations, fence_note, is_annotation
from compiler.lower.fields import is_fields_table, lower_fields
from compiler.lower.inline import plain_text, without_annotations
from compiler.lower.lifecycle import lower_lifecycle
from compiler.lower.names import ENTITY_NAME, RESERVED_ENTITY_NAMES, did_you_mean
from compiler.lower.rules import lower_rules
from compiler.parse.tree import Block, Paragraph, Section, Table, Text

_LIFECYCLE = re.compile(r"^lifecycle\s+of\s+`?([^`\s]*)`?\s*$", re.IGNORECASE)
_RENAMED = re.compile(r"^(.*?)\s*\(renamed from\s+([A-Za-z][A-Za-z0-9]*)\)$")
SUBSECTIONS = ("Rules", "Access", "Lifecycle of <field>", "Actions", "Examples")


def is_entity_section(section: Section) -> bool:
    """A `##` section is an entity if it has a fields table or annotated subsections."""
    if any(isinstance(b, Table) and is_fields_table(b) for b in section.blocks):
        return True
    return any(
        _kind(sub.title.text) in ("rules", "access", "lifecycle") for sub in section.subsections
    )


@dataclass
class _Parts:
    rules: tuple[Rule, ...] = ()
    uniques: tuple[UniqueTogether, ...] = ()
    access: Access | None = None
    lifecycles: list[Lifecycle] = field(default_factory=list)
    actions: tuple[Action, ...] = ()


def lower_entity(
    section: Section, entity_names: set[str], annotations: Annotations, diags: Diagnostics
) -> Entity | None:
    name = entity_name(section)
    if not _valid_name(name, section.title, diags):
        return None
    fields, notes = _body(section, entity_names, annotations, diags)
    parts = _subsections(section, annotations, diags)
    lifecycles = tuple(_with_initial(lc, fields) for lc in parts.lifecycles)
    entity = Entity(
        name=name,
        description=_description(section),
        fields=fields,
        rules=parts.rules,
        uniques=parts.uniques,
        access=parts.access,
        lifecycles=lifecycles,
        owner=None,
        notes=(*annotations.notes_in([section.title]), *notes),
        span=section.span,
        name_span=section.title.span,
        renamed_from=renamed_from(section),
        actions=parts.actions,
    )
    candidates = entity.owner_candidates()
    return replace(entity, owner=candidates[0].name) if len(candidates) == 1 else entity


def entity_name(section: Section) -> str:
    """The entity's name: the heading without MSFM annotations (`## Ticket {#why}`) and
    without a `(renamed from Issue)`."""
    heading = without_annotations(section.title).text.strip()
    renamed = _RENAMED.match(heading)
    return renamed.group(1) if renamed else heading


def renamed_from(section: Section) -> str | None:
    """`Issue` of `## Ticket (renamed from Issue)`."""
    renamed = _RENAMED.match(without_annotations(section.title).text.strip())
    return renamed.group(2) if renamed else None


def _valid_name(name: str, title: Text, diags: Diagnostics) -> bool:
    if not ENTITY_NAME.match(name):
        suggestion = "".join(w.capitalize() for w in re.split(r"[\W_]+", name) if w) or "Thing"
        diags.add(
            codes.BAD_ENTITY_NAME,
            title.span,
            f"invalid entity name '{name}'",
            hint=f"entity names are CapitalisedIdentifiers, e.g. '{suggestion}'",
        )
        return False
    if name in RESERVED_ENTITY_NAMES:
        builtin = name == "User"
        diags.add(
            codes.RESERVED_NAME,
            title.span,
            f"'{name}' is a built-in entity" if builtin else f"'{name}' is a reserved name",
            hint="the built-in User has email, name and role; reference it as a field type"
            if builtin
            else "the generated code uses this name itself; choose another",
        )
        return False
    return True


def _body(
    section: Section, entity_names: set[str], annotations: Annotations, diags: Diagnostics
) -> tuple[tuple[Field, ...], tuple[Note, ...]]:
    fields: tuple[Field, ...] = ()
    notes: list[Note] = []
    seen_table = False
    for block in section.blocks:
        if isinstance(block, Table) and is_fields_table(block) and not seen_table:
            fields = lower_fields(block, entity_names, annotations, diags)
            seen_table = True
        elif is_annotation(block):
            notes.append(fence_note(block))  # type: ignore[arg-type]
        elif isinstance(block, Paragraph):
            notes.extend(annotations.notes_in(block.lines))
    broken = next((b for b in section.blocks if _looks_like_fields_table(b)), None)
    if not seen_table and broken is not None:
        diags.add(
            codes.BAD_FIELDS_TABLE,
            broken.span,
            "fields table is not read as a table: the `|---|` row and the header differ in cells",
            hint="give the header and the `|---|` row the same number of cells: "
            "`| Field | Type | Rules |`",
        )
    elif not seen_table:
        diags.add(
            codes.NO_FIELDS,
            section.title.span,
            f"entity '{section.title.text}' has no fields table",
            hint="add a table with the header `| Field | Type | Rules |`",
        )
    return fields, tuple(notes)


def _looks_like_fields_table(block: Block) -> bool:
    """A paragraph that starts like a pipe table with a Field column: a table markdown refused."""
    if not isinstance(block, Paragraph) or len(block.lines) < 2:
        return False
    first = block.lines[0].text
    return first.startswith("|") and first.strip("| ").lower().startswith(("field", "name"))


def _subsections(section: Section, annotations: Annotations, diags: Diagnostics) -> _Parts:
    parts = _Parts()
    seen: dict[str, Span] = {}
    for sub in section.subsections:
        kind = _kind(sub.title.text)
        if kind in ("rules", "access", "actions", "examples") and kind in seen:
            diags.add(codes.DUPLICATE_SUBSECTION, sub.title.span, f"second `### {sub.title.text}`")
            continue
        if kind == "rules":
            parts.rules, parts.uniques = lower_rules(sub, annotations, diags)
        elif kind == "access":
            parts.access = lower_access(sub, diags)
        elif kind == "actions":
            parts.actions = lower_actions(sub, diags)
        elif kind == "lifecycle":
            parts.lifecycles.append(
                lower_lifecycle(sub, _lifecycle_field(sub.title), annotations, diags)
            )
        elif kind is None and (hint := did_you_mean(sub.title.text, SUBSECTIONS)):
            diags.add(
                codes.UNKNOWN_SUBSECTION,
                sub.title.span,
                f"unknown subsection '{sub.title.text}'",
                hint=hint,
            )
        if kind:
            seen[kind] = sub.title.span
    return parts


def _kind(title: str) -> str | None:
    lowered = title.strip().lower()
    if lowered in ("rules", "access", "actions", "examples"):
        return lowered
    return "lifecycle" if _LIFECYCLE.match(title.strip()) else None


def _lifecycle_field(title: Text) -> Text:
    match = _LIFECYCLE.match(title.text.strip())
    name = match.group(1) if match else ""
    offset = title.text.rfind(name) if name else len(title.text)
    return Text(name, Span.point(title.span.line, title.span.col + offset, len(name)))


def _description(section: Section) -> str:
    """The prose between the heading and the fields table."""
    paragraphs = []
    for block in section.blocks:
        if isinstance(block, Table):
            break
        if isinstance(block, Paragraph):
            paragraphs.append(block)
    return "\n\n".join(plain_text(" ".join(line.text for line in p.lines)) for p in paragraphs)


def _with_initial(lifecycle: Lifecycle, fields: tuple[Field, ...]) -> Lifecycle:
    target = next((f for f in fields if f.name == lifecycle.field), None)
    if target is None or not isinstance(target.type, EnumType):
        return lifecycle
    default = target.rule(Default)
    if default is None:
        return replace(lifecycle, initial=target.type.values[0])
    value = default.value if isinstance(default, Default) else None
    state = None
    if isinstance(value, Path) and len(value.parts) == 1:
        state = value.parts[0]
    elif isinstance(value, StringLit):
        state = value.value
    return replace(lifecycle, initial=state if state in target.type.values else None)
