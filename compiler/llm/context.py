"""The context of a prose rule, as the text of the prompt's user message.

Everything the model may rely on is here, built from the IR alone: the entity's
fields (types, optionality, field rules, descriptions), the entities it refers
to, the roles, the rule's and the entity's MSFM notes, and the spec's examples
that involve the entity. Nothing here depends on line numbers, so moving a rule
in the file leaves its prompt (and its lock key) unchanged; other prose rules
are left out, so changing one re-asks only that one.
"""

from __future__ import annotations

from compiler.ir.examples import (
    ActAs,
    Create,
    Delete,
    Example,
    Expect,
    FieldValue,
    GivenRow,
    GivenUser,
    ListRows,
    Read,
    Step,
    Update,
)
from compiler.ir.model import (
    Default,
    Entity,
    Field,
    Length,
    Maximum,
    Minimum,
    Pattern,
    Rule,
    SetAutomatically,
    Spec,
)
from compiler.ir.types import ListType, RefType, describe
from compiler.llm.english import spec_text


def rule_context(spec: Spec, entity: Entity, rule: Rule) -> str:
    """The user message asking for `rule` of `entity`."""
    parts = [
        f"Entity: {entity.name}",
        *(_quoted("Its description", entity.description) if entity.description else []),
        "Its fields (bare names in the expression):",
        *(_field(f) for f in entity.fields),
        *_references(spec, entity),
        "Roles: " + ", ".join(r.name for r in spec.app.roles),
        *_notes("Notes on the entity", [n.text for n in entity.notes]),
        *_examples(spec, entity),
        "The rule to translate (an error message shown when a write breaks it):",
        _block(rule.message),
        *_notes("Notes on the rule", [n.text for n in rule.notes]),
    ]
    return "\n".join(parts) + "\n"


def _field(field: Field) -> str:
    kind = describe(field.type) + ("?" if field.optional else "")
    rules = "; ".join(filter(None, (_field_rule(r) for r in field.rules)))
    text = f"- {field.name}: {kind}"
    if isinstance(field.type, RefType):
        text += f" (a reference to one {field.type.entity})"
    if rules:
        text += f"; {rules}"
    if field.description:
        text += f" — {field.description}"
    return text


def _field_rule(rule) -> str | None:
    match rule:
        case Default(value=value):
            return f"default {spec_text(value)}"
        case Length(min=low, max=high):
            return f"length {'' if low is None else low}..{'' if high is None else high}"
        case Minimum(value=value, exclusive=exclusive):
            return f"{'after' if exclusive else 'min'} {spec_text(value)}"
        case Maximum(value=value, exclusive=exclusive):
            return f"{'before' if exclusive else 'max'} {spec_text(value)}"
        case Pattern(regex=regex):
            return f"pattern {regex}"
        case SetAutomatically(value=value, on=on):
            return f"set to {value.replace('_', ' ')} on {on}"
    name = type(rule).__name__
    return {"Required": "required", "Unique": "unique", "ReadOnly": "read-only"}.get(name)


def _references(spec: Spec, entity: Entity) -> list[str]:
    names = sorted(
        {f.type.entity for f in entity.fields if isinstance(f.type, RefType | ListType)}
        - {entity.name}
    )
    lines: list[str] = []
    for name in names:
        target = spec.entity(name)
        if target is None:
            lines.append(f"{name}: the built-in user account (fields id, email, name, role)")
            continue
        lines.append(f"Fields of {name} (reach them through the reference, like `ref.field`):")
        lines.extend(_field(f) for f in target.fields)
    return lines


def _notes(title: str, texts: list[str]) -> list[str]:
    return [f"{title}:", *(_block(t) for t in texts)] if texts else []


def _examples(spec: Spec, entity: Entity) -> list[str]:
    lines: list[str] = []
    for example in spec.examples:
        if involves(example, entity.name):
            lines += [f"Example “{example.title}”:", *(f"    {_step(s)}" for s in example.steps)]
    return (["Worked examples the rule must agree with:", *lines]) if lines else []


def involves(example: Example, entity: str) -> bool:
    """Whether an example writes a row of `entity` (so a rule of it can decide a step)."""
    named = {s.name: s.entity for s in example.steps if isinstance(s, GivenRow | Create) and s.name}
    for step in example.steps:
        if isinstance(step, Create) and step.entity == entity:
            return True
        if isinstance(step, Update) and named.get(step.target) == entity:
            return True
    return False


def _step(step: Step) -> str:
    match step:
        case GivenUser(role=role, name=name):
            return f"given {role} {name}"
        case GivenRow(entity=entity, name=name, values=values):
            return f"given {entity} {name}{_values(values)}"
        case ActAs(kind=kind, name=name):
            return {"anonymous": "as anonymous", "owner": f"as owner of {name}"}.get(
                kind, f"as {name}"
            )
        case Create(entity=entity, name=name, values=values):
            return f"create {entity}{f' {name}' if name else ''}{_values(values)}"
        case Update(target=target, values=values):
            return f"update {target}{_values(values)}"
        case Read(target=target):
            return f"read {target}"
        case Delete(target=target):
            return f"delete {target}"
        case ListRows(entity=entity):
            return f"list {entity}"
        case Expect():
            return _expect(step)
    raise AssertionError(f"unexpected step {step!r}")


def _expect(step: Expect) -> str:
    if step.kind == "error":
        return f'expect error "{step.message}"'
    if step.kind == "count":
        return f"expect count {step.count}"
    if step.kind == "condition" and step.condition is not None:
        return f"expect {spec_text(step.condition)}"
    return "expect " + step.kind.replace("_", " ")


def _values(values: tuple[FieldValue, ...]) -> str:
    return "".join(f" {v.field}={spec_text(v.value)}" for v in values)


def _quoted(title: str, text: str) -> list[str]:
    return [f"{title}:", _block(text)]


def _block(text: str) -> str:
    """Spec text set off as quoted data, one `> ` per line."""
    return "\n".join(f"> {line}" for line in text.strip().splitlines() or [""])
