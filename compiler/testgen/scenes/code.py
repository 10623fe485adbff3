"""Prints a scene found by `search` as the body of a generated test.

The acting user comes first (`user, headers = data.actor("clerk")`), then every
row in an order where referenced rows come before the rows that point to them:
one factory call each, giving the values the search's conditions read and every
reference; rows alike are made in a loop. Then the act: a POST of a body, a
PATCH of the subject, or the factory insert the database must refuse.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass

from compiler.ir.model import Pattern, Spec, Unique
from compiler.ir.types import USER_ENTITY
from compiler.testgen.data.patterns import numbered
from compiler.testgen.scenes.acts import client_writes
from compiler.testgen.scenes.scene import Choice, Scene, SceneRow, is_reference, referenced
from compiler.testgen.scenes.search import Found
from compiler.translate.names import snake


@dataclass(frozen=True, slots=True)
class SceneTest:
    """A generated test made of a found scene: the rows, the request, the status it gets
    (printed by the `scene_test` macro of `templates/app/tests/_scene_test.j2`)."""

    name: str
    doc: str
    spec_ref: str
    """The construct of the spec it tests (`compiler.ir.refs`)."""
    setup: tuple[str, ...]
    action: str
    status: int
    before: tuple[str, ...] = ()
    """Statements between the rows and the request (what the checks compare with)."""
    checks: tuple[str, ...] = ()
    """Statements after the status is checked (the rows as the request left them)."""


def scene_test(spec: Spec, found: Found, name: str, doc: str, status: int, ref: str) -> SceneTest:
    code = SceneCode(spec, found)
    setup = code.setup()
    action = code.action(snake(found.scene.row(found.scene.subject).entity))
    identifier = re.sub(r"\W+", "_", name.replace("--", "-minus-"))  # quantity-min--10000
    return SceneTest(identifier, doc, ref, setup, action, status)


_TAKEN = frozenset({"data", "client", "headers", "response", "user", "number", "URL"})
"""Names the generated test already uses."""


class SceneCode:
    """Prints a found scene as test code: one variable per row, in the order they are made."""

    def __init__(self, spec: Spec, found: Found) -> None:
        self.spec = spec
        self.found = found
        self.scene: Scene = found.scene
        self.names: dict[int, str] = {}
        actor = self.scene.row(self.scene.actor)
        self.role = str(actor.values["role"].value)
        self.names[actor.key] = "user"

    def setup(self) -> tuple[str, ...]:
        """Statements that make the users and rows (a loop's body indented by four spaces)."""
        inserted = self.scene.subject if self.found.act.kind == "insert" else None
        if inserted is None:
            lines = [f'user, headers = data.actor("{self.role}")']
        elif referenced(self.spec, self.scene, self.scene.actor):
            lines = [f'user = data.user("{self.role}")']
        else:
            lines = []
        for row in self._in_order():
            if row.key in (self.scene.actor, inserted) or row.patch or row.by_api or not row.copies:
                continue
            if row.entity == USER_ENTITY:
                role = str(row.values["role"].value)
                if not referenced(self.spec, self.scene, row.key):
                    lines.append(f'data.user("{role}")')  # a user no row points to: no name
                    continue
                name = self._name(row, role)
                lines.append(f'{name} = data.user("{role}")')
                continue
            call = f"data.{snake(row.entity)}({self._arguments(row)})"
            if row.copies > 1:
                numbered = self._numbered(row)
                loop = "number" if numbered else "_"
                call = f"data.{snake(row.entity)}({self._arguments(row, numbered)})"
                lines += [f"for {loop} in range({row.copies}):", f"    {call}"]
            elif self._needs_name(row):
                lines.append(f"{self._name(row, snake(row.entity))} = {call}")
            else:
                lines.append(call)
        return tuple(lines)

    def _in_order(self) -> list[SceneRow]:
        """The scene's rows, each after the rows it references (else in the scene's order)."""
        placed: dict[int, SceneRow] = {}

        def place(row: SceneRow) -> None:
            if row.key in placed:
                return
            placed[row.key] = row  # before its references: a cycle cannot recurse forever
            for name, choice in row.values.items():
                if is_reference(self.spec, row, name) and choice.value is not None:
                    place(self.scene.row(int(choice.value)))  # type: ignore[call-overload]
            del placed[row.key]
            placed[row.key] = row

        for row in self.scene.rows:
            place(row)
        return list(placed.values())

    def action(self, module: str) -> str:
        """The request (or, for an insert, the factory call that must fail)."""
        act = self.found.act
        subject = self.scene.row(self.scene.subject)
        if act.kind == "create":
            body = f"data.{module}_body({self._arguments(subject)})"
            return f"client.post(URL, json={body}, headers=headers)"
        if act.kind == "insert":
            return f"data.{snake(subject.entity)}({self._arguments(subject)})"
        url = f'f"{{URL}}/{{{self.names[subject.key]}.id}}"'
        if act.kind == "transition":
            assert act.lifecycle is not None and act.transition is not None
            body = f'{{"{act.lifecycle.field}": "{act.transition.target}"}}'
        else:
            patch = self.scene.patch
            assert patch is not None
            body = f"as_json({{{self._pairs(patch, as_dict=True)}}})"
        return f"client.patch({url}, json={body}, headers=headers)"

    def _needs_name(self, row: SceneRow) -> bool:
        return row.key == self.scene.subject or referenced(self.spec, self.scene, row.key)

    def _name(self, row: SceneRow, stem: str) -> str:
        """A variable for the row: its entity or role, numbered when taken."""
        stem = f"{stem}_row" if keyword.iskeyword(stem) or stem in _TAKEN else stem
        name = stem
        taken = set(self.names.values()) | _TAKEN
        number = 2
        while name in taken:
            name = f"{stem}_{number}"
            number += 1
        self.names[row.key] = name
        return name

    def _numbered(self, row: SceneRow) -> dict[str, str]:
        """Values that keep the unique fields of many rows alike distinct, where the factory's
        own examples of a pattern would run out."""
        entity = self.spec.entity(row.entity)
        assert entity is not None
        found = {}
        for field in entity.fields:
            pattern = field.rule(Pattern)
            if field.has(Unique) and isinstance(pattern, Pattern) and field.name not in row.values:
                template = numbered(field, row.copies)
                assert template is not None, "the search keeps such rows within the examples"
                found[field.name] = f'f"{template}"'
        return found

    def _arguments(self, row: SceneRow, extra: dict[str, str] | None = None) -> str:
        pairs = [self._pairs(row, as_dict=False)]
        pairs += [f"{name}={value}" for name, value in (extra or {}).items()]
        return ", ".join(p for p in pairs if p)

    def _pairs(self, row: SceneRow, *, as_dict: bool) -> str:
        """The values to give: what a request sends, else what the conditions read (and every
        reference, so the rows hang together as they did in the search)."""
        pairs = []
        for name, choice in row.values.items():
            reference = is_reference(self.spec, row, name)
            if row.by_api or row.patch:
                if not self._sent(row, name):
                    continue
            elif (
                not reference
                and (row.key, name) not in self.found.read
                and not self._source_state(row, name)
            ):
                continue
            value = self._value(choice, reference)
            key = f"{name}_id" if reference else name  # the API names a reference by its column
            pairs.append(f'"{key}": {value}' if as_dict else f"{name}={value}")
        return ", ".join(pairs)

    def _source_state(self, row: SceneRow, name: str) -> bool:
        """The state a transition starts from: the app reads it even when no condition does."""
        act = self.found.act
        return (
            act.kind == "transition"
            and act.lifecycle is not None
            and row.key == self.scene.subject
            and name == act.lifecycle.field
        )

    def _sent(self, row: SceneRow, name: str) -> bool:
        entity = self.spec.entity(row.entity)
        found = entity.field(name) if entity is not None else None
        return entity is not None and found is not None and client_writes(entity, found)

    def _value(self, choice: Choice, reference: bool) -> str:
        if reference:
            return "None" if choice.value is None else self.names[int(choice.value)]  # type: ignore[call-overload]
        assert choice.source, f"no source for {choice!r}"
        return choice.source
