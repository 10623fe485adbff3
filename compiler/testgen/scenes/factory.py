"""What the generated test factory (`tests/factories.py`) does on its own, as a scene must know.

A derived test gives the factory only the values its conditions read; the
factory fills in the rest. The scene search must still know every row the test
makes, and that each row can be made:

- `checks` are the CHECK constraints of a table: a row the factory inserts must
  keep them, or the insert fails;
- `forced` names the references a test must give itself: left to the factory, it
  would make rows of an entity some condition counts (a referenced row, a row
  that supplies stock, a row that follows an order), which the scene would not
  know about;
- `unique` checks that unique values (and `unique (a, b)` tuples) differ between the
  scene's rows, and that the factory can number as many rows alike as the scene has.
"""

from __future__ import annotations

from compiler.analyse.facts import Facts
from compiler.ir.expr import Expr
from compiler.ir.model import Pattern, Spec, Unique
from compiler.ir.types import USER_ENTITY, EnumType, RefType, ScalarType
from compiler.testgen.data.patterns import numbered
from compiler.testgen.data.rule_data import RuleData, rule_data
from compiler.testgen.scenes.scene import Opaque, Reading, Scene, SceneRow
from compiler.translate.names import snake


class FactoryModel:
    def __init__(self, spec: Spec, facts: Facts) -> None:
        self.spec = spec
        self.facts = facts
        self.rule_data = rule_data(spec)
        by_snake = {snake(e.name): e.name for e in spec.entities}
        self._checks = {
            e.name: [r.expr for r in facts.of(e.name).database_rules if r.expr is not None]
            for e in spec.entities
        }
        self._supplied = {
            e.name: {s.field: by_snake[s.factory] for s in self.rule_data[e.name].supplies}
            for e in spec.entities
        }
        self._follow_ups = {
            e.name: [(f.guard, by_snake[f.factory]) for f in self.rule_data[e.name].follow_ups]
            for e in spec.entities
        }
        self._made_with = _made_with(spec, self.rule_data, by_snake)
        self._unique = {e.name: [f for f in e.fields if f.has(Unique)] for e in spec.entities}
        self._together = {e.name: e.uniques for e in spec.entities}

    def checks(self, entity: str) -> list[Expr]:
        return self._checks[entity]

    def forced(self, scene: Scene, counted: set[str]) -> list[tuple[int, str]]:
        """References the test must give, because the factory would make counted rows for
        them. Raises Opaque when a row's values make the factory add a counted row itself."""
        forced = []
        for row in scene.rows:
            if row.entity == USER_ENTITY or row.patch:
                continue
            entity = self.spec.entity(row.entity)
            assert entity is not None
            supplied = self._supplied[entity.name]
            for found in entity.fields:
                if found.name in row.values or not isinstance(found.type, RefType):
                    continue
                makes = self._makes(found.type.entity)
                if found.name in supplied:
                    makes |= self._makes(supplied[found.name])
                if found.type.entity != USER_ENTITY and makes & counted:
                    forced.append((row.key, found.name))
            if not row.by_api and self._follows(row, counted):
                raise Opaque(f"the factory adds counted rows to a {row.entity}")
        return forced

    def _makes(self, entity: str) -> set[str]:
        return {entity} | self._made_with.get(entity, set())

    def _follows(self, row: SceneRow, counted: set[str]) -> bool:
        complete = {name: choice.value for name, choice in row.values.items()}
        return any(
            self._makes(other) & counted and eval(guard, {"complete": complete})
            for guard, other in self._follow_ups[row.entity]
        )

    def unique(self, scene: Scene) -> tuple[bool, Reading]:
        """Whether unique values differ between the rows (with what clashes)."""
        reading = Reading()
        for name in dict.fromkeys(r.entity for r in scene.rows if r.entity != USER_ENTITY):
            for found in self._unique[name]:
                pattern = found.rule(Pattern)
                many = [r.copies for r in scene.of(name) if r.copies > 1]
                if isinstance(pattern, Pattern) and any(
                    numbered(found, copies) is None for copies in many
                ):
                    return False, Reading()  # more rows than the pattern has examples
                seen: dict[object, int] = {}
                for row in scene.of(name):
                    choice = row.values.get(found.name)
                    if choice is None or choice.value is None:
                        continue
                    if choice.value in seen or row.copies > 1:
                        other = seen.get(choice.value, row.key)
                        reading.fields |= {(row.key, found.name), (other, found.name)}
                    seen[choice.value] = row.key
            for together in self._together[name]:
                self._clashes_together(scene.of(name), together.fields, reading)
        return not reading.fields, reading

    def _clashes_together(
        self, rows: list[SceneRow], fields: tuple[str, ...], reading: Reading
    ) -> None:
        """Rows that would share every value of a `unique (…)` rule: given alike, or both
        left to the factory where it gives every row the same value (enumerations, bools)."""

        def key(row: SceneRow) -> tuple[object, ...] | None:
            values = []
            for name in fields:
                choice = row.values.get(name)
                if choice is None and not self._constant_in_factory(row.entity, name):
                    return None
                values.append(None if choice is None else choice.value)
            return tuple(values)

        seen: dict[tuple[object, ...], int] = {}
        for row in rows:
            found = key(row)
            if found is None:
                continue
            if found in seen or row.copies > 1:
                other = seen.get(found, row.key)
                reading.fields |= {(k, name) for k in (row.key, other) for name in fields}
            seen[found] = row.key

    def _constant_in_factory(self, entity_name: str, name: str) -> bool:
        entity = self.spec.entity(entity_name)
        field = entity.field(name) if entity else None
        return field is not None and (
            isinstance(field.type, EnumType)
            or (isinstance(field.type, ScalarType) and field.type.kind == "bool")
        )


def _made_with(
    spec: Spec, data: dict[str, RuleData], by_snake: dict[str, str]
) -> dict[str, set[str]]:
    """Entity → the entities a factory call for it may make besides the row: references it
    makes itself, rows that supply or follow it, and theirs in turn."""
    direct: dict[str, set[str]] = {}
    for entity in spec.entities:
        made = {
            f.type.entity
            for f in entity.fields
            if isinstance(f.type, RefType) and not f.optional and f.type.entity != USER_ENTITY
        }
        made |= {by_snake[s.factory] for s in data[entity.name].supplies}
        made |= {by_snake[f.factory] for f in data[entity.name].follow_ups}
        direct[entity.name] = made
    closure: dict[str, set[str]] = {}
    for name, first in direct.items():
        seen: set[str] = set()
        stack = list(first)
        while stack:
            other = stack.pop()
            if other not in seen:
                seen.add(other)
                stack += direct.get(other, set())
        closure[name] = seen
    return closure
