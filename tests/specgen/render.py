"""A spec model as markdown (the language of docs/spec-language.md)."""

from __future__ import annotations

from tests.specgen.model import Entity, SpecModel, Transition


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(x) for x in row) + " |" for row in rows]
    return lines


def _transition(t: Transition) -> str:
    actors = ", ".join(f"by {role}{' (own)' if own else ''}" for role, own in t.actors)
    line = f"- {', '.join(t.sources)} → {t.target}, {actors}"
    if t.guard:
        line += f", when `{t.guard}`"
    if t.label:
        line += f', as "{t.label}"'
    if t.effects:
        line += ": sets " + ", ".join(f"`{name} = {value}`" for name, value in t.effects)
    return line


def render_entity(entity: Entity) -> list[str]:
    lines = [f"## {entity.name}", "", f"A generated entity, {entity.name}.", ""]
    rows = [[f.name, f.type_text, "; ".join(f.rules)] for f in entity.fields]
    lines += [*_table(["Field", "Type", "Rules"], rows), ""]
    if entity.rules or entity.uniques:
        lines += ["### Rules", ""]
        lines += [f"- {r.sentence} `{r.expr}`" for r in (*entity.rules, *entity.uniques)]
        lines.append("")
    if entity.lifecycle:
        lines += [f"### Lifecycle of {entity.lifecycle.field}", ""]
        lines += [_transition(t) for t in entity.lifecycle.transitions]
        lines.append("")
    lines += ["### Access", ""]
    columns = ["create", "read", "update", "delete"]
    rows = [[role, *(cells[c] for c in columns)] for role, cells in entity.access.items()]
    lines += [*_table(["Role", *columns], rows), ""]
    if entity.examples:
        lines += ["### Examples", ""]
        for example in entity.examples:
            lines += ["```example", example.title, *example.steps, "```", ""]
    return lines


ZONE_CURRENCIES = {"Europe/Berlin": "EUR", "America/New_York": "USD"}
"""The currency a spec in that zone declares (the web UI shows money with it)."""


def render(model: SpecModel) -> str:
    lines = ["---", f"app: {model.app}", "title: Fuzz", "auth:"]
    lines.append(f"  roles: [{', '.join(model.roles)}]")
    if model.signup:
        lines.append(f"  signup: {model.signup}")
    if model.timezone:
        lines += ["settings:", f"  timezone: {model.timezone}"]
        # The zone's currency, without a draw of its own (seeds keep their specs).
        currency = ZONE_CURRENCIES.get(model.timezone)
        if currency:
            lines.append(f"  currency: {currency}")
    lines += ["---", "", "# Fuzz", "", "A spec made by the random spec generator.", ""]
    for entity in model.entities:
        lines += render_entity(entity)
    return "\n".join(lines).rstrip("\n") + "\n"
