"""MSFM annotations → `Note`s attached to the app, entities, fields, rules and transitions."""

from __future__ import annotations

from compiler.ir.model import Note
from compiler.ir.span import Span
from tests.front.helpers import S, analyse, build, build_entity, codes_of, nospan, spec_text

FIELDS = "| status | one of: a, b | |\n| n | int | |"


def notes(found: tuple[Note, ...]) -> list[tuple[str, str | None]]:
    return [(n.text, n.pointer) for n in found]


def test_block_after_app_description_attaches_to_app() -> None:
    spec = build(spec_text(preamble="What the app does.\n\n~~~\nApp tone.\n~~~\n"))
    assert spec.app.description == "What the app does."
    assert notes(spec.app.notes) == [("App tone.", None)]
    assert spec.entities[0].notes == ()


def test_block_after_entity_prose_attaches_to_entity() -> None:
    entity = build_entity(FIELDS, prose="A thing.\n\n~~~\nAbout things.\n~~~\n")
    assert notes(entity.notes) == [("About things.", None)]
    assert entity.description == "A thing."


def test_block_after_fields_table_attaches_to_entity() -> None:
    table = "| Field | Type | Rules |\n|---|---|---|\n| n | int | |\n\n~~~\nAfter table.\n~~~\n"
    entity = build_entity(table)
    assert notes(entity.notes) == [("After table.", None)]
    assert entity.fields[0].notes == ()


def test_block_text_keeps_its_lines() -> None:
    entity = build_entity(FIELDS, prose="A thing.\n\n~~~\nLine one.\nLine two.\n~~~\n")
    assert entity.notes[0].text == "Line one.\nLine two."


def test_block_after_rules_list_attaches_to_last_rule() -> None:
    rules = "### Rules\n\n- One. `n > 0`\n- Two. `n < 9`\n\n~~~\nAbout the list.\n~~~\n"
    first, second = build_entity(FIELDS, sections=rules).rules
    assert first.notes == ()
    assert notes(second.notes) == [("About the list.", None)]


def test_nested_block_in_rule_item_attaches_to_that_rule() -> None:
    rules = "### Rules\n\n- One. `n > 0`\n  ~~~\n  Nested.\n  ~~~\n- Two. `n < 9`\n"
    first, second = build_entity(FIELDS, sections=rules).rules
    assert notes(first.notes) == [("Nested.", None)]
    assert second.notes == ()


def test_nested_block_in_transition_attaches_to_that_transition() -> None:
    lifecycle = (
        "### Lifecycle of status\n\n- a -> b, by member\n  ~~~\n  Nested.\n  ~~~\n"
        "- b -> a, by admin\n"
    )
    first, second = build_entity(FIELDS, sections=lifecycle).lifecycles[0].transitions
    assert notes(first.notes) == [("Nested.", None)]
    assert second.notes == ()


def test_block_after_lifecycle_list_attaches_to_last_transition() -> None:
    lifecycle = (
        "### Lifecycle of status\n\n- a -> b, by member\n- b -> a, by admin\n\n~~~\nLast.\n~~~\n"
    )
    first, second = build_entity(FIELDS, sections=lifecycle).lifecycles[0].transitions
    assert first.notes == ()
    assert notes(second.notes) == [("Last.", None)]


def test_inline_note_in_app_description() -> None:
    spec = build(spec_text(preamble="The [app]{about the app} description.\n"))
    assert spec.app.description == "The app description."
    assert notes(spec.app.notes) == [("about the app", None)]


def test_inline_note_in_entity_prose() -> None:
    prose = (
        "A product that is no longer\n[active]{Retired products stay in the database.}\n"
        "is kept for history.\n"
    )
    entity = build_entity(FIELDS, prose=prose)
    assert entity.description == "A product that is no longer active is kept for history."
    assert notes(entity.notes) == [("Retired products stay in the database.", None)]
    # line 13 is the annotation line; the note spans the 48 characters of `[…]{…}`
    assert entity.notes[0].span == Span(13, 1, 13, 49)


def test_inline_note_in_field_description() -> None:
    table = (
        "| Field | Type | Rules | Description |\n|---|---|---|---|\n"
        "| n | int | | The [count]{of items} here. |\n"
    )
    (field,) = build_entity(table).fields
    assert field.description == "The count here."
    assert notes(field.notes) == [("of items", None)]


def test_inline_note_in_rule_message() -> None:
    rules = "### Rules\n\n- A [small]{under ten} count. `n < 10`\n"
    (rule,) = build_entity(FIELDS, sections=rules).rules
    assert rule.message == "A small count."
    assert notes(rule.notes) == [("under ten", None)]


def test_note_text_is_stripped() -> None:
    entity = build_entity(FIELDS, prose="A [thing]{  spaced note  }.\n")
    assert notes(entity.notes) == [("spaced note", None)]


def test_code_span_in_description_is_not_an_annotation() -> None:
    table = (
        "| Field | Type | Rules | Description |\n|---|---|---|---|\n"
        "| code | text | | Three letters, `[A-Z]{3}`. |\n"
    )
    (field,) = build_entity(table).fields
    assert field.notes == ()
    assert field.description == "Three letters, `[A-Z]{3}`."


POINTERS = """## Appendix

~~~#why-thing
Thing why.
~~~

~~~#why-n
N why.
~~~

~~~#why-rule
Rule why.
~~~
"""


def test_pointer_in_entity_prose() -> None:
    entity = build_entity(
        FIELDS, prose="A thing. {#why-thing}\n", extra=POINTERS.split("~~~#why-n")[0]
    )
    assert notes(entity.notes) == [("Thing why.", "why-thing")]
    assert entity.description == "A thing."
    # `{#why-thing}` is at columns 10..21 of line 12
    assert entity.notes[0].span == Span(12, 10, 12, 22)


def test_pointers_in_field_description_and_rule() -> None:
    table = (
        "| Field | Type | Rules | Description |\n|---|---|---|---|\n"
        "| n | int | | The count. {#why-n} |\n"
    )
    rules = "### Rules\n\n- Positive. `n > 0` {#why-rule}\n"
    spec = build(spec_text(table, prose="A thing. {#why-thing}\n", sections=rules, extra=POINTERS))
    entity = spec.entities[0]
    assert notes(entity.fields[0].notes) == [("N why.", "why-n")]
    assert entity.fields[0].description == "The count."
    assert notes(entity.rules[0].notes) == [("Rule why.", "why-rule")]
    assert entity.rules[0].message == "Positive."


def test_pointer_in_app_description() -> None:
    text = spec_text(
        preamble="The app. {#why-app}\n", extra="## Appendix\n\n~~~#why-app\nApp why.\n~~~\n"
    )
    spec = build(text)
    assert nospan(spec.app.notes) == (Note("App why.", S, "why-app"),)
    assert spec.app.description == "The app."


def test_pointer_block_inside_the_preamble() -> None:
    text = spec_text(preamble="The app. {#why-app}\n\n~~~#why-app\nApp why.\n~~~\n")
    assert notes(build(text).app.notes) == [("App why.", "why-app")]


def test_pointer_to_missing_block_is_e801() -> None:
    assert "E801" in codes_of(analyse(spec_text(prose="A thing. {#nowhere}\n")))


def test_two_blocks_with_one_id_is_e802() -> None:
    extra = "## Appendix\n\n~~~#x\nOne.\n~~~\n\n~~~#x\nTwo.\n~~~\n"
    assert "E802" in codes_of(analyse(spec_text(prose="A thing. {#x}\n", extra=extra)))


def test_unused_block_is_w803() -> None:
    result = analyse(spec_text(extra="## Appendix\n\n~~~#lonely\nNobody.\n~~~\n"))
    assert result.ok
    assert "W803" in codes_of(result)


def test_pointer_in_transition() -> None:
    lifecycle = "### Lifecycle of status\n\n- a -> b, by member {#why-t}\n- b -> a, by admin\n"
    extra = "## Appendix\n\n~~~#why-t\nT why.\n~~~\n"
    entity = build_entity(FIELDS, sections=lifecycle, extra=extra)
    first = entity.lifecycles[0].transitions[0]
    assert [a.role for a in first.actors] == ["member"]
    assert notes(first.notes) == [("T why.", "why-t")]


def test_inline_note_in_transition() -> None:
    lifecycle = (
        "### Lifecycle of status\n\n- a -> b, by [member]{members only}\n- b -> a, by admin\n"
    )
    first = build_entity(FIELDS, sections=lifecycle).lifecycles[0].transitions[0]
    assert [a.role for a in first.actors] == ["member"]
    assert notes(first.notes) == [("members only", None)]


def test_pointer_in_entity_heading() -> None:
    extra = "## Appendix\n\n~~~#why\nBecause.\n~~~\n"
    entity = build_entity(FIELDS, entity="Thing {#why}", extra=extra)
    assert entity.name == "Thing"
    assert notes(entity.notes) == [("Because.", "why")]
