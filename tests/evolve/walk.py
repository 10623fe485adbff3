"""A random walk of valid spec edits (a small spec model, rendered to markdown).

`Walk(seed)` holds a spec of a few entities whose fields carry only rules a
migration has to respect (types, optional/required, lengths, bounds, defaults,
enumeration values, references, uniques on new fields); `step()` applies one
random edit and says what it did: whether it loses data (and so needs
`--allow-data-loss`), which columns it renames and which values it rewrites.
Rules and examples that name fields are left out on purpose: every edit of
this model yields a valid spec.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

_WORDS = ("amount", "label", "size", "colour", "rank", "weight", "code", "stage", "memo", "score")
_ENTITIES = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel", "India")
_VALUES = ("red", "green", "blue", "cyan", "pink", "grey", "gold")
_ACCESS = """### Access

| Role  | create | read | update | delete |
|-------|--------|------|--------|--------|
| clerk | yes    | all  | all    | no     |
| admin | yes    | all  | all    | all    |
"""


@dataclass
class Column:
    name: str
    kind: str
    """text, int, bool, date, enum or ref."""
    optional: bool
    length: int | None = None
    values: tuple[str, ...] = ()
    target: str | None = None
    default: str | None = None
    unique: bool = False
    renamed_from: str | None = None

    def row(self) -> str:
        kind = {"enum": f"one of: {', '.join(self.values)}", "ref": self.target}.get(
            self.kind, self.kind
        )
        rules = [] if self.optional or self.default else ["required"]
        rules += [f"length 1..{self.length}"] if self.length else []
        rules += ["min 0"] if self.kind == "int" else []
        rules += [f"default {self.default}"] if self.default else []
        rules += ["unique"] if self.unique else []
        rules += [f"renamed from {self.renamed_from}"] if self.renamed_from else []
        return f"| {self.name} | {kind}{'?' if self.optional else ''} | {'; '.join(rules)} |"

    def column(self) -> str:
        return f"{self.name}_id" if self.kind == "ref" else self.name


@dataclass
class Entity:
    name: str
    columns: list[Column] = field(default_factory=list)
    renamed_from: str | None = None

    @property
    def table(self) -> str:
        return self.name.lower()

    def render(self) -> str:
        rows = "\n".join(c.row() for c in self.columns)
        heading = (
            f"{self.name} (renamed from {self.renamed_from})" if self.renamed_from else self.name
        )
        return f"## {heading}\n\n| Field | Type | Rules |\n|---|---|---|\n{rows}\n\n{_ACCESS}"


@dataclass
class Edit:
    name: str
    allow_data_loss: bool = False
    renames: dict[str, str] = field(default_factory=dict)
    """`table.old_column` → new column name."""
    changed: frozenset[str] = frozenset()
    """`table.column` whose stored values the edit rewrites."""
    tables: dict[str, str] = field(default_factory=dict)
    """Renamed tables, old → new."""


class Walk:
    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)
        self.numbers = itertools.count(1)
        self.entities: list[Entity] = []
        for _ in range(2):
            self.entities.append(self._entity())

    def render(self) -> str:
        head = (
            "---\napp: walk\ntitle: Walk\nsummary: A spec that evolves.\n"
            "auth:\n  roles: [clerk, admin]\n  signup: clerk\n---\n\n# Walk\n\n"
        )
        return head + "\n".join(e.render() for e in self.entities)

    def step(self) -> Edit:
        """Apply one random edit that is possible now."""
        for column in (c for e in self.entities for c in e.columns):
            column.renamed_from = None  # compiled already: the annotation can go
        for entity in self.entities:
            entity.renamed_from = None
        while True:
            edit = self.random.choice(_EDITS)(self)
            if edit is not None:
                return edit

    def _name(self) -> str:
        return f"{self.random.choice(_WORDS)}{next(self.numbers)}"

    def _entity(self) -> Entity:
        taken = {e.name for e in self.entities}
        name = next(n for n in _ENTITIES if n not in taken)
        return Entity(name, [Column("title", "text", False, length=80)])

    def _column(self, *, optional: bool) -> Column:
        kind = self.random.choice(("text", "int", "bool", "date", "enum", "ref"))
        name = self._name()
        if kind == "ref":
            return Column(name, kind, True, target=self.random.choice(self.entities).name)
        if kind == "enum":
            values = tuple(self.random.sample(_VALUES, 3))
            return Column(
                name, kind, optional, values=values, default=None if optional else values[0]
            )
        default = None if optional or self.random.random() < 0.5 else _DEFAULTS.get(kind)
        length = self.random.choice((None, 40, 120)) if kind == "text" else None
        return Column(name, kind, optional or kind == "date", length=length, default=default)

    def _pick(self, test) -> tuple[Entity, Column] | None:
        found = [(e, c) for e in self.entities for c in e.columns if c.name != "title" and test(c)]
        return self.random.choice(found) if found else None


_DEFAULTS = {"text": '"none"', "int": "0", "bool": "false"}


def _add_optional(walk: Walk) -> Edit:
    entity = walk.random.choice(walk.entities)
    column = walk._column(optional=True)
    column.unique = column.kind in ("text", "int") and walk.random.random() < 0.3
    entity.columns.append(column)
    return Edit(f"add {entity.name}.{column.name} ({column.kind}, optional)")


def _add_required(walk: Walk) -> Edit | None:
    entity = walk.random.choice(walk.entities)
    column = walk._column(optional=False)
    if column.kind == "ref" or column.optional:
        return None
    entity.columns.append(column)
    return Edit(f"add {entity.name}.{column.name} ({column.kind}, required)")


def _rename(walk: Walk) -> Edit | None:
    found = walk._pick(lambda c: c.kind != "ref")
    if found is None:
        return None
    entity, column = found
    old, column.name, column.renamed_from = column.name, walk._name(), column.name
    return Edit(
        f"rename {entity.name}.{old} to {column.name}",
        renames={f"{entity.table}.{old}": column.name},
    )


def _remove(walk: Walk) -> Edit | None:
    found = walk._pick(lambda c: True)
    if found is None:
        return None
    entity, column = found
    entity.columns.remove(column)
    return Edit(f"remove {entity.name}.{column.name}", allow_data_loss=True)


def _widen(walk: Walk) -> Edit | None:
    found = walk._pick(lambda c: c.length is not None)
    if found is None:
        return None
    entity, column = found
    column.length = (column.length or 0) * 2
    return Edit(f"widen {entity.name}.{column.name} to {column.length}")


def _add_value(walk: Walk) -> Edit | None:
    found = walk._pick(lambda c: c.kind == "enum" and len(c.values) < len(_VALUES))
    if found is None:
        return None
    entity, column = found
    column.values += (next(v for v in _VALUES if v not in column.values),)
    return Edit(f"add a value to {entity.name}.{column.name}")


def _remove_value(walk: Walk) -> Edit | None:
    found = walk._pick(lambda c: c.kind == "enum" and len(c.values) > 2)
    if found is None:
        return None
    entity, column = found
    column.values = column.values[:-1]
    if column.default not in column.values:
        column.default = None if column.optional else column.values[0]
    changed = frozenset({f"{entity.table}.{column.column()}"})
    return Edit(
        f"remove a value of {entity.name}.{column.name}", allow_data_loss=True, changed=changed
    )


def _optional(walk: Walk) -> Edit | None:
    found = walk._pick(lambda c: not c.optional)
    if found is None:
        return None
    entity, column = found
    column.optional, column.default = True, None
    return Edit(f"make {entity.name}.{column.name} optional")


def _required(walk: Walk) -> Edit | None:
    found = walk._pick(
        lambda c: c.optional and c.kind in ("text", "int", "bool", "enum") and not c.unique
    )
    if found is None:
        return None
    entity, column = found
    column.optional = False
    changed = frozenset({f"{entity.table}.{column.column()}"})
    return Edit(f"make {entity.name}.{column.name} required", changed=changed)


def _add_entity(walk: Walk) -> Edit | None:
    if len(walk.entities) >= len(_ENTITIES) - 1:
        return None
    walk.entities.append(walk._entity())
    return Edit(f"add entity {walk.entities[-1].name}")


def _rename_entity(walk: Walk) -> Edit | None:
    taken = {e.name for e in walk.entities}
    free = [name for name in _ENTITIES if name not in taken]
    if not free:
        return None
    entity = walk.random.choice(walk.entities)
    old, entity.name, entity.renamed_from = entity.name, walk.random.choice(free), entity.name
    for column in (c for e in walk.entities for c in e.columns if c.target == old):
        column.target = entity.name
    return Edit(f"rename entity {old} to {entity.name}", tables={old.lower(): entity.table})


def _remove_entity(walk: Walk) -> Edit | None:
    referenced = {c.target for e in walk.entities for c in e.columns if c.kind == "ref"}
    free = [e for e in walk.entities if e.name not in referenced]
    if len(walk.entities) <= 2 or not free:
        return None
    entity = walk.random.choice(free)
    walk.entities.remove(entity)
    return Edit(f"remove entity {entity.name}", allow_data_loss=True)


_EDITS = (
    _add_optional,
    _add_optional,
    _add_required,
    _rename,
    _remove,
    _widen,
    _add_value,
    _remove_value,
    _optional,
    _required,
    _add_entity,
    _rename_entity,
    _remove_entity,
)
