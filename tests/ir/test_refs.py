"""Stable references: every construct's reference names its span, and survives inserted prose."""

from __future__ import annotations

from pathlib import Path

from compiler.frontend import analyse_text
from compiler.ir.refs import SpecRefs, spec_refs
from compiler.ir.span import NOWHERE

ROOT = Path(__file__).resolve().parents[2]
TEXT = (ROOT / "specs" / "helpdesk" / "spec.md").read_text(encoding="utf-8")


def _spec(text: str):
    result = analyse_text(text)
    assert result.ok and result.spec is not None
    return result.spec


def test_each_construct_is_named_and_located() -> None:
    spec = _spec(TEXT)
    refs = SpecRefs(spec)
    ticket = spec.entity("Ticket")
    assert ticket is not None and ticket.access is not None
    title = ticket.field("title")
    assert title is not None
    named = {
        "entities.Ticket": ticket.span,
        "entities.Ticket.rules.2": ticket.rules[1].span,
        "entities.Ticket.fields.title.type_span": title.type_span,
        "entities.Ticket.fields.title.rules.Required": title.rules[0].span,
        "entities.Ticket.access.rows.agent.update": ticket.access.rows[1].update.span,
        "entities.Ticket.lifecycles.status.transitions.1": ticket.lifecycles[0].transitions[0].span,
        "examples.urgent_ticket_without_an_assignee_is_refused": spec.examples[0].span,
    }
    for ref, span in named.items():
        assert refs.of(span) == ref
        assert refs.locate(ref) == span
    assert refs.locate("entities.Nothing.rules.1") == NOWHERE


def test_references_do_not_move_with_the_lines() -> None:
    end = TEXT.index("\n---\n", 4) + 5
    moved = _spec(TEXT[:end] + "\nOne more line of prose.\n\nAnd another.\n" + TEXT[end:])
    spec = _spec(TEXT)
    before, after = SpecRefs(spec), SpecRefs(moved)
    for old, new in zip(spec.entities, moved.entities, strict=True):
        for rule_before, rule_after in zip(old.rules, new.rules, strict=True):
            assert rule_after.span.line == rule_before.span.line + 4
            assert before.of(rule_before.span) == after.of(rule_after.span)


def test_an_inserted_example_renames_no_other_example() -> None:
    """Examples are named by their titles, not their places: a new example first in the
    spec leaves every other example's reference (a generated test's marker) as it was."""
    steps = "given customer ann\nas ann\nlist Ticket\nexpect ok"
    block = f"```example\nA new first example\n{steps}\n```\n\n"
    at = TEXT.index("```example")
    spec, inserted = _spec(TEXT), _spec(TEXT[:at] + block + TEXT[at:])
    before, after = SpecRefs(spec), SpecRefs(inserted)
    assert after.of(inserted.examples[0].span) == "examples.a_new_first_example"
    for old, new in zip(spec.examples, inserted.examples[1:], strict=True):
        assert before.of(old.span) == after.of(new.span)


def test_the_cache_holds_one_spec() -> None:
    spec = _spec(TEXT)
    assert spec_refs(spec) is spec_refs(spec)
    assert spec_refs(_spec(TEXT)) is not spec_refs(spec)
