"""The facts of a spec that both generators read, resolved once: references and rule enforcement.

`spec_facts(spec)` answers, per entity: which fields point to which entities
(and which point here), who owns a row, which rules the database enforces as
CHECK constraints of the table (so no write, not even the test factory's
direct insert, can break them) and which the app checks after each write,
and the table's CHECK constraints from field rules. The app generator renders
these; the test generator's factory and scene search read the same answers
instead of deriving their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.analyse.constraints import CheckView, check_constraints
from compiler.analyse.rules import RuleCheck, rule_checks, rule_constraints
from compiler.analyse.uniques import UniqueView, unique_views
from compiler.ir.model import Entity, Rule, Spec, Unique
from compiler.ir.types import ListType, RefType


@dataclass(frozen=True, slots=True)
class Reference:
    """A field that points to rows of another (or the same) entity."""

    source: str
    field: str
    target: str
    optional: bool
    many: bool
    """A `list of` field (a link table) rather than a foreign key."""


@dataclass(frozen=True, slots=True)
class EntityFacts:
    name: str
    owner: str | None
    """The User field that decides what `own` means, if any."""
    references: tuple[Reference, ...]
    referenced_by: tuple[Reference, ...]
    unique: tuple[str, ...]
    unique_together: tuple[UniqueView, ...]
    """`unique (a, b)` rules: UNIQUE constraints or partial unique indexes of the table, so
    the database refuses every clash (the test factory's direct inserts too)."""
    rule_checks: tuple[RuleCheck, ...]
    """Every rule with an expression, compiled once to the SQL the app checks it with."""
    database_rules: tuple[Rule, ...]
    """Rules that are CHECK constraints of the table too: the database refuses any row
    that breaks them."""
    app_rules: tuple[Rule, ...]
    """Rules only the app checks (after the write, inside the transaction)."""
    field_checks: tuple[CheckView, ...]
    """CHECK constraints from field rules: enumerations, bounds, lengths, non-blank text."""
    rule_constraints: tuple[CheckView, ...]


@dataclass(frozen=True, slots=True)
class Facts:
    entities: tuple[EntityFacts, ...]

    def of(self, name: str) -> EntityFacts:
        return next(e for e in self.entities if e.name == name)


def spec_facts(spec: Spec) -> Facts:
    references = [ref for entity in spec.entities for ref in _references(entity)]
    return Facts(tuple(_entity_facts(spec, entity, references) for entity in spec.entities))


def _entity_facts(spec: Spec, entity: Entity, references: list[Reference]) -> EntityFacts:
    constraints = rule_constraints(entity)
    checks = rule_checks(spec, entity, constraints)
    rules = [rule for rule in entity.rules if rule.expr is not None]  # one check each, in order
    enforced = [rule for rule, check in zip(rules, checks, strict=True) if check.constraint]
    return EntityFacts(
        name=entity.name,
        owner=entity.owner,
        references=tuple(ref for ref in references if ref.source == entity.name),
        referenced_by=tuple(ref for ref in references if ref.target == entity.name),
        unique=tuple(f.name for f in entity.fields if f.has(Unique)),
        unique_together=unique_views(entity),
        rule_checks=checks,
        database_rules=tuple(enforced),
        app_rules=tuple(rule for rule in rules if rule not in enforced),
        field_checks=check_constraints(entity),
        rule_constraints=constraints,
    )


def _references(entity: Entity) -> list[Reference]:
    found = []
    for field in entity.fields:
        if isinstance(field.type, RefType):
            found.append(
                Reference(entity.name, field.name, field.type.entity, field.optional, False)
            )
        elif isinstance(field.type, ListType):
            found.append(Reference(entity.name, field.name, field.type.entity, True, True))
    return found
