"""The moves of the scene search: completing a scene and the scenes one change away.

`SceneEdits.assign` gives an unassigned field its natural value; `neighbours`
yields the scenes one change away, smallest changes first: how many rows alike,
another value of a field the failing conditions read, another existing row, a
new row, one more row of a counted entity.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager

from compiler.ir.model import Computed, Field, Spec
from compiler.ir.types import USER_ENTITY, RefType
from compiler.testgen.data.conditions import user_role
from compiler.testgen.scenes.acts import Act, Acts, client_writes
from compiler.testgen.scenes.scene import Choice, Reading, Scene, referenced
from compiler.testgen.scenes.values import Literals, field_values, literals_of

MAX_COPIES = 250


class Dead(Exception):
    """The scene cannot be judged (it reads what the test cannot know)."""


class SceneEdits:
    """Changes to the scenes of one entity's searches."""

    def __init__(self, spec: Spec, acts: Acts) -> None:
        self.spec = spec
        self.acts = acts
        self.literals: Literals = literals_of([])
        """The literals of the conditions the current search is about."""
        self.pinned: set[tuple[int, str]] = set()
        """Fields the current search may not change."""
        self._number = itertools.count(1)

    @contextmanager
    def numbering_kept(self) -> Iterator[None]:
        """Runs a search without using up the numbers of later ones (values made unique with
        a number grow with it, and may outgrow a field's length)."""
        kept = self._number
        self._number = itertools.count(1)
        try:
            yield
        finally:
            self._number = kept

    def assign(self, scene: Scene, act: Act, key: int, name: str) -> None:
        row = scene.row(key)
        choices = self._choices(scene, act, key, name)
        if not choices:
            raise Dead(f"no value for {row.entity}.{name}")
        self._set(scene, key, name, choices[0])

    def _set(self, scene: Scene, key: int, name: str, choice: Choice | str) -> None:
        """Sets a value; a reference to `new` makes the referenced row (before this one)."""
        row = scene.row(key)
        if isinstance(choice, str):  # a new row of that entity
            made = scene.add(choice, {}, before=key)
            if choice == USER_ENTITY:
                role = self._user_role(row.entity, name)
                scene.row(made).values["role"] = Choice(role, repr(role))
            choice = Choice(made, "")
        row.values[name] = choice

    def _choices(self, scene: Scene, act: Act, key: int, name: str) -> list[Choice | str]:
        """The values a field may take, the current or natural one first."""
        row = scene.row(key)
        current = row.values.get(name)
        if row.entity == USER_ENTITY:
            roles = self._roles_for(scene, act, key)
            return [Choice(r, repr(r)) for r in roles]
        entity = self.spec.entity(row.entity)
        assert entity is not None
        found = entity.field(name)
        if found is None:
            return []
        if isinstance(found.type, RefType):
            return self._references(scene, row.key, found, current)
        return list(field_values(entity, found, current, self.literals, next(self._number)))

    def _roles_for(self, scene: Scene, act: Act, key: int) -> list[str]:
        if key != scene.actor:
            return [r.name for r in self.spec.app.roles]
        current = scene.row(key).values["role"].value
        allowed = self.acts.roles(act)
        ordered = [current] + [r.name for r in self.spec.app.roles if r.name in allowed]
        return list(dict.fromkeys(str(r) for r in ordered))

    def _references(
        self, scene: Scene, key: int, found: Field, current: Choice | None
    ) -> list[Choice | str]:
        assert isinstance(found.type, RefType)
        target = found.type.entity
        existing = [
            r.key for r in scene.of(target) if r.key != key and not r.by_api and r.copies == 1
        ]
        if target == USER_ENTITY:
            existing = [scene.actor] + [k for k in existing if k != scene.actor]
        options: list[Choice | str] = [Choice(k, "") for k in existing]
        options.append(target)
        if found.optional:
            options.insert(1 if current is not None else 0, Choice(None, "None"))
        if current is not None:
            options = [current] + [o for o in options if o != current]
        return options

    def _user_role(self, entity_name: str, name: str) -> str:
        entity = self.spec.entity(entity_name)
        found = entity.field(name) if entity is not None else None
        if entity is None or found is None:
            return self.spec.app.roles[0].name
        return user_role(self.spec, entity, found)

    def neighbours(self, scene: Scene, act: Act, reading: Reading) -> Iterator[Scene]:
        """Scenes one change away, the smallest changes first: how many rows alike, a value,
        another existing row, a new row, one more row of a counted entity."""
        for entity in sorted(reading.counted):
            for row in scene.of(entity):
                if row.key == scene.subject or referenced(self.spec, scene, row.key):
                    continue
                for copies in self._copy_counts(row.copies):
                    edited = scene.copy()
                    edited.row(row.key).copies = copies
                    yield edited
        fields = set(reading.fields)
        patch = scene.patch
        if patch is not None:  # what the PATCH sends may change what the rules read
            fields |= {(patch.key, name) for key, name in reading.fields if key == scene.subject}
        changes = [
            (isinstance(choice, str), key, name, choice)
            for key, name in sorted(fields)
            if self._editable(scene, act, key, name)
            for choice in self._alternatives(scene, act, key, name)
        ]
        for _, key, name, choice in sorted(changes, key=lambda change: change[0]):
            edited = scene.copy()
            self._set(edited, key, name, choice)
            yield edited
        for entity in sorted(reading.counted):
            yield self._with_row_like(scene, entity)

    def _alternatives(self, scene: Scene, act: Act, key: int, name: str) -> list[Choice | str]:
        """Other values than the current one (every value for what a PATCH does not send)."""
        choices = self._choices(scene, act, key, name)
        return choices[1:] if name in scene.row(key).values else choices

    def _editable(self, scene: Scene, act: Act, key: int, name: str) -> bool:
        if (key, name) in self.pinned:
            return False
        row = scene.row(key)
        if row.entity == USER_ENTITY:
            return name == "role"
        entity = self.spec.entity(row.entity)
        found = entity.field(name) if entity is not None else None
        if found is None or found.has(Computed):
            return False
        if row.patch or (key == scene.subject and act.kind == "create"):
            return client_writes(entity, found)
        if key == scene.subject and act.lifecycle is not None:
            return name != act.lifecycle.field
        return True

    def _copy_counts(self, current: int) -> list[int]:
        """Other numbers of rows alike: around the rule's literals, the nearest first."""
        counts = {0, 1, 2, 3}
        for number in self.literals.numbers:
            if number == int(number) and 0 < number < MAX_COPIES:
                counts |= {int(number) - 1, int(number), int(number) + 1}
        counts.discard(current)
        return sorted(counts, key=lambda count: (abs(count - current), count))

    def _with_row_like(self, scene: Scene, entity_name: str) -> Scene:
        """The scene with one more row of the entity, alike the subject where it can be: its
        values for a row of the same entity, fields of the same name otherwise."""
        edited = scene.copy()
        subject = edited.row(edited.subject)
        entity = self.spec.entity(entity_name)
        assert entity is not None
        values: dict[str, Choice] = {}
        for found in entity.fields:
            choice = subject.values.get(found.name)
            same = self.spec.entity(subject.entity)
            twin = same.field(found.name) if same is not None else None
            if choice is not None and twin is not None and twin.type == found.type:
                values[found.name] = choice
            elif (
                isinstance(found.type, RefType)
                and found.type.entity == subject.entity
                and not subject.by_api
            ):
                values[found.name] = Choice(subject.key, "")
        edited.add(entity_name, values)
        return edited
