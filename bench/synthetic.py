"""Synthetic, valid specs of any size, for benchmarks and tests.

`synthetic_spec(entities, fields_per_entity)` writes a spec that looks like a
real one: front matter with three roles, and per entity a paragraph of prose, a
fields table that mixes every kind of type and field rule, a `### Rules`
bullet, a `### Lifecycle of status` with three transitions (one with a guard
and an effect), an `### Access` table with `own` and a ``where `…` `` cell, and
an `example` block on every 10th entity. Every entity after the first refers
to the one before it. The result checks with zero diagnostics.
"""

from __future__ import annotations

ROLES = ("viewer", "editor", "curator")
"""Three roles; the editor owns the rows it creates."""

_NOUNS = (
    "Asset",
    "Invoice",
    "Shipment",
    "Contract",
    "Project",
    "Vehicle",
    "Course",
    "Patient",
    "Recipe",
    "Venue",
    "Campaign",
    "Parcel",
    "Lease",
    "Ledger",
    "Permit",
    "Sensor",
)

_FILLER_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("code", "text", "required; unique; pattern `^[A-Z]{3}-[0-9]{4}$`", "Internal reference."),
    ("price", "money", "min 0.01", "Price per unit, excluding VAT."),
    ("due_on", "date?", "after today", "Leave empty when there is no deadline."),
    ("notes", "long text?", "length ..4000", ""),
    ("rating", "int?", "range 1..5", "One to five stars."),
    ("weight", "decimal(8, 3)", "default 0; min 0", "In kilograms."),
    ("contact", "email", "required", "Who to ask about it."),
    ("homepage", "url?", "", ""),
    ("priority", "one of: low, normal, high", "default normal", ""),
    ("starts_at", "datetime?", 'after "2020-01-01T00:00:00"', ""),
    ("label", "text?", "length 3", ""),
    ("checked", "bool", "default false", ""),
)
"""Fields added after the core fields to reach `fields_per_entity`."""


def entity_name(index: int) -> str:
    """The name of the `index`-th entity (0-based): a noun and a number."""
    return f"{_NOUNS[index % len(_NOUNS)]}{index + 1}"


def _fields(index: int, count: int) -> list[tuple[str, str, str, str]]:
    rows = [
        ("name", "text", "required; unique; length 2..80", "Shown in lists."),
        ("status", "one of: draft, review, done", "default draft; changes by lifecycle only", ""),
        ("owned_by", "User", "set to current user; read-only", "Who created it."),
        ("quantity", "int", "default 0; range 0..10000", ""),
        ("active", "bool", "default true", "Inactive rows cannot be referred to."),
        ("closed_at", "datetime?", "read-only", "When it was marked done."),
    ]
    if index > 0:
        previous = entity_name(index - 1)
        rows.append(("parent", f"{previous}?", "only where `parent.active`", ""))
    used = {row[0] for row in rows}
    round_ = 1
    while len(rows) < count:
        for name, type_, rules, description in _FILLER_ROWS:
            if len(rows) >= count:
                break
            unique_name = name if round_ == 1 else f"{name}_{round_}"
            if unique_name in used:
                continue
            used.add(unique_name)
            rows.append((unique_name, type_, rules, description))
        round_ += 1
    return rows


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return [line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"] + [
        line(r) for r in rows
    ]


def _entity(index: int, fields_per_entity: int) -> list[str]:
    name = entity_name(index)
    viewer, editor, curator = ROLES
    out = [
        f"## {name}",
        "",
        f"A {name.lower()} is one of the things the team tracks. An {editor} drafts it,",
        f"sends it for review and a {curator} marks it done once it has been checked.",
        f"Rows that are no longer [active]{{Kept for history; nothing new may point to "
        f"them.}} stay readable for every {viewer}.",
        "",
    ]
    fields = _fields(index, fields_per_entity)
    out += _table(["Field", "Type", "Rules", "Description"], [list(f) for f in fields])
    out += [
        "",
        "### Rules",
        "",
        '- A finished record says when it was finished. `status != "done" or closed_at is set`',
        "",
        "### Lifecycle of status",
        "",
        f"- draft → review, by {editor} (own), by {curator}",
        f"- review → draft, by {editor} (own), by {curator}",
        f"- review → done, by {curator}, when `quantity >= 0`: sets `closed_at = now()`",
        "",
        "### Access",
        "",
    ]
    out += _table(
        ["Role", "create", "read", "update", "delete"],
        [
            [viewer, "no", "all", "no", "no"],
            [editor, "yes", "all", "own", 'where `status == "draft"`'],
            [curator, "yes", "all", "all", "where `not active`"],
        ],
    )
    out.append("")
    if index % 10 == 9:
        out += [
            "### Examples",
            "",
            "```example",
            f"A {curator} finishes {name} and the time is recorded",
            f"given {editor} ann",
            f"given {name} R1 status=review owned_by=ann quantity=3",
            f"as {curator}",
            "update R1 status=done",
            "expect ok",
            "expect R1.closed_at is set",
            f"as {viewer}",
            f"list {name}",
            "expect count 1",
            "```",
            "",
        ]
    return out


def synthetic_spec(entities: int, fields_per_entity: int = 10) -> str:
    """A valid spec with `entities` entities of `fields_per_entity` fields each.

    Every entity has at least its 6 core fields (7 with the reference to the
    previous entity), which the rules, lifecycle and access table use.
    """
    if entities < 1:
        raise ValueError("a spec needs at least one entity")
    roles = ", ".join(ROLES)
    lines = [
        "---",
        "app: synthetic",
        f"title: Synthetic ({entities} entities)",
        "summary: A generated spec for benchmarks and tests.",
        "auth:",
        f"  roles: [{roles}]",
        f"  signup: {ROLES[0]}",
        "settings:",
        "  page_size: 25",
        "  currency: EUR",
        "  timezone: Europe/Amsterdam",
        "---",
        "",
        "# Synthetic",
        "",
        "A generated application. Every section below has the same shape, so the",
        "cost of compiling it grows with the number of entities only.",
        "",
        "## How records move",
        "",
        "A record starts as a **draft**, goes to **review** and ends **done**.",
        "",
    ]
    for index in range(entities):
        lines += _entity(index, fields_per_entity)
    return "\n".join(lines)
