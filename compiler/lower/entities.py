"""Lowers one `##` entity section: description, fields, and its `###` subsections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.expr import Path
from compiler.ir.model import (
    Access,
    Default,
    Entity,
    Field,
    Lifecycle,
    Note,
    Owner,
    Rule,
    SetAutomatically,
)
from compiler.ir.span import Span
from compiler.ir.types import USER_ENTITY, EnumType, RefType
from compiler.lower.access import lower_access
from compiler.lower.annotations import Annotations, fence_note, is_annotation
from compiler.lower.fields import is_fields_table, lower_fields
from compiler.lower.inline import plain_text
from compiler.lower.lifecycle import lower_lifecycle
from compiler.lower.names import ENTITY_NAME, RESERVED_ENTITY_NAMES, did_you_mean
from compiler.lower.rules import lower_rules
from compiler.parse.tree import Paragraph, Section, Table, Text

_LIFECYCLE = re.compile(r"^lifecycle\s+of\s+`?([^`\s]*)`?\s*$", re.IGNORECASE)
SUBSECTIONS = ("Rules", "Access", "Lifecycle of <field>", "Examples")


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
    access: Access | None = None
    lifecycles: list[Lifecycle] = field(default_factory=list)


def lower_entity(
    section: Section, entity_names: set[str], annotations: Annotations, diags: Diagnostics
) -> Entity | None:
    name = section.title.text.strip()
    if not _valid_name(name, section.title, diags):
        return None
    fields, notes = _body(section, entity_names, annotations, diags)
    parts = _subsections(section, annotations, diags)
    lifecycles = tuple(_with_initial(lc, fields) for lc in parts.lifecycles)
    return Entity(
        name=name,
        description=_description(section),
        fields=fields,
        rules=parts.rules,
        access=parts.access,
        lifecycles=lifecycles,
        owner=_owner(fields),
        notes=(*annotations.notes_in([section.title]), *notes),
        span=section.span,
        name_span=section.title.span,
    )


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
        diags.add(
            codes.RESERVED_NAME,
            title.span,
            f"'{name}' is a built-in entity",
            hint="the built-in User has email, name and role; reference it as a field type",
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
    if not seen_table:
        diags.add(
            codes.NO_FIELDS,
            section.title.span,
            f"entity '{section.title.text}' has no fields table",
            hint="add a table with the header `| Field | Type | Rules |`",
        )
    return fields, tuple(notes)


def _subsections(section: Section, annotations: Annotations, diags: Diagnostics) -> _Parts:
    parts = _Parts()
    seen: dict[str, Span] = {}
    for sub in section.subsections:
        kind = _kind(sub.title.text)
        if kind in ("rules", "access", "examples") and kind in seen:
            diags.add(codes.DUPLICATE_SUBSECTION, sub.title.span, f"second `### {sub.title.text}`")
            continue
        if kind == "rules":
            parts.rules = lower_rules(sub, annotations, diags)
        elif kind == "access":
            parts.access = lower_access(sub, diags)
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
    if lowered in ("rules", "access", "examples"):
        return lowered
    return "lifecycle" if _LIFECYCLE.match(title.strip()) else None


def _lifecycle_field(title: Text) -> Text:
    match = _LIFECYCLE.match(title.text.strip())
    name = match.group(1) if match else ""
    offset = title.text.rfind(name) if name else len(title.text)
    return Text(name, Span.point(title.span.line, title.span.col + offset, len(name)))


def _description(section: Section) -> str:
    paragraphs = [b for b in section.blocks if isinstance(b, Paragraph)]
    return "\n\n".join(plain_text(" ".join(line.text for line in p.lines)) for p in paragraphs)


def _owner(fields: tuple[Field, ...]) -> str | None:
    """The explicit `owner` field, else the single User field set to the current user."""
    users = [f for f in fields if isinstance(f.type, RefType) and f.type.entity == USER_ENTITY]
    marked = [f for f in users if f.has(Owner)]
    if marked:
        return marked[0].name
    automatic = [f for f in users if _set_to_current_user(f)]
    return automatic[0].name if len(automatic) == 1 else None


def _set_to_current_user(f: Field) -> bool:
    rule = f.rule(SetAutomatically)
    return isinstance(rule, SetAutomatically) and rule.value == "current_user"


def _with_initial(lifecycle: Lifecycle, fields: tuple[Field, ...]) -> Lifecycle:
    target = next((f for f in fields if f.name == lifecycle.field), None)
    if target is None or not isinstance(target.type, EnumType):
        return lifecycle
    default = target.rule(Default)
    if isinstance(default, Default) and isinstance(default.value, Path):
        return replace(lifecycle, initial=default.value.parts[0])
    return replace(lifecycle, initial=target.type.values[0])
