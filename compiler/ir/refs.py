"""Stable references to the constructs of a spec: what generated code names instead of lines.

A reference is a dotted path through the IR from the `Spec`, e.g.
`entities.Ticket.rules.2` (the second rule of Ticket),
`entities.Ticket.fields.title.rules.Length` or
`entities.Ticket.access.rows.agent.update`. A step into a tuple names its
element by `name`, `role` or `field` when that is unique in the tuple, an
example by its title in lower case with `_` between words
(`examples.a_title_needs_at_least_five_characters`; titles are unique, E709),
a field rule by its class, and by its 1-based position otherwise; a step to a
`Span` attribute other than `span` names the attribute (`….name_span`).

References do not depend on line numbers, so inserting prose into a spec leaves
every generated test name and marker as it was; the gate turns a failing
test's reference back into a line with `SpecRefs.locate` when it reports.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import typing
from collections import deque

from compiler.ir.model import FieldRule, Spec
from compiler.ir.span import NOWHERE, Span

_KEYS = ("name", "role", "field")
_FIELD_RULES = typing.get_args(FieldRule)


class SpecRefs:
    """Both directions between a spec's spans and their references, built in one walk.

    The walk is breadth-first, so a span shared by several nodes (an entity and
    its heading, say) gets the shortest reference, which resolves to the same span."""

    def __init__(self, spec: Spec) -> None:
        self._spans: dict[str, Span] = {}
        self._refs: dict[Span, str] = {}
        queue: deque[tuple[str, object]] = deque([("", spec)])
        while queue:
            prefix, node = queue.popleft()
            for ref, child in _children(prefix, node):
                if isinstance(child, Span):
                    self._spans.setdefault(ref, child)
                    self._refs.setdefault(child, ref)
                else:
                    queue.append((ref, child))

    def of(self, span: Span) -> str:
        """The reference of the construct at `span` (`app` if no construct has it)."""
        return self._refs.get(span, "app")

    def locate(self, ref: str) -> Span:
        """The span a reference names (the start of the file for an unknown one)."""
        return self._spans.get(ref, NOWHERE)


_cached: tuple[Spec, SpecRefs] | None = None


def spec_refs(spec: Spec) -> SpecRefs:
    """The references of `spec`, computed once for the spec being generated.

    The cache holds the spec itself, so the identity test cannot be fooled by a
    reused object id."""
    global _cached
    if _cached is None or _cached[0] is not spec:
        _cached = (spec, SpecRefs(spec))
    return _cached[1]


def _children(prefix: str, node: object) -> list[tuple[str, object]]:
    """The (reference, child) pairs one step below `node`: its spans first."""
    if isinstance(node, tuple):
        return [(_join(prefix, step), item) for step, item in zip(_steps(node), node, strict=True)]
    if not dataclasses.is_dataclass(node):
        return []
    values = [(f.name, getattr(node, f.name)) for f in dataclasses.fields(node)]
    spans = [
        (prefix or "app" if name == "span" else _join(prefix, name), value)
        for name, value in values
        if isinstance(value, Span)
    ]
    nodes = [
        (_join(prefix, name), value)
        for name, value in values
        if isinstance(value, tuple)
        or (dataclasses.is_dataclass(value) and not isinstance(value, Span))
    ]
    return spans + nodes


def _steps(items: tuple) -> list[str]:
    """How a reference names each element of a tuple of IR nodes."""
    for key in _KEYS:
        names = [getattr(item, key, None) for item in items]
        named = all(isinstance(n, str) and n.isidentifier() for n in names)
        if named and len(set(names)) == len(names):
            return names
    titles = [_slug(getattr(item, "title", None)) for item in items]
    if all(titles) and len(set(titles)) == len(titles):
        return titles
    if items and all(isinstance(item, _FIELD_RULES) for item in items):
        return _by_kind(items)
    return [str(position) for position in range(1, len(items) + 1)]


def _slug(title: object) -> str:
    """`A title needs five characters` → `a_title_needs_five_characters` ('' if none)."""
    if not isinstance(title, str):
        return ""
    return "_".join(re.findall(r"[a-z0-9]+", title.lower()))


def _by_kind(items: tuple) -> list[str]:
    """A field's rules by kind (`Length`), a repeated kind numbered (`OnlyWhere-2`)."""
    seen: dict[str, int] = {}
    steps = []
    for item in items:
        kind = type(item).__name__
        seen[kind] = seen.get(kind, 0) + 1
        steps.append(kind if seen[kind] == 1 else f"{kind}-{seen[kind]}")
    return steps


def _join(prefix: str, step: str) -> str:
    return f"{prefix}.{step}" if prefix else step


def fingerprints(spec: Spec) -> dict[str, str]:
    """A digest of what each construct says (spans left out), by reference: the app,
    each entity, field, rule, Access row, transition and example. Comparing two
    specs' fingerprints names what changed between them, whatever moved."""
    found = {"app": _digest(spec.app)}
    for step, example in zip(_steps(spec.examples), spec.examples, strict=True):
        found[f"examples.{step}"] = _digest(example)
    for entity in spec.entities:
        base = f"entities.{entity.name}"
        found[base] = _digest((entity.description, entity.owner, entity.notes))
        found |= {f"{base}.fields.{f.name}": _digest(f) for f in entity.fields}
        found |= {f"{base}.rules.{n}": _digest(r) for n, r in enumerate(entity.rules, 1)}
        for row in entity.access.rows if entity.access else ():
            found[f"{base}.access.rows.{row.role}"] = _digest(row)
        for lifecycle in entity.lifecycles:
            prefix = f"{base}.lifecycles.{lifecycle.field}"
            found[prefix] = _digest(lifecycle.initial)
            for number, transition in enumerate(lifecycle.transitions, 1):
                found[f"{prefix}.transitions.{number}"] = _digest(transition)
    return found


def _digest(node: object) -> str:
    text = json.dumps(_plain(node), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _plain(value: object) -> object:
    """`value` as JSON data without its spans."""
    if isinstance(value, Span):
        return None
    if dataclasses.is_dataclass(value):
        fields = dataclasses.fields(value)
        data = {f.name: _plain(getattr(value, f.name)) for f in fields}
        return {"node": type(value).__name__} | {k: v for k, v in data.items() if v is not None}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value
