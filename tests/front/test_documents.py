"""Document structure: documentation sections, descriptions, deeper headings, encodings."""

from __future__ import annotations

from compiler.frontend import analyse_bytes
from compiler.ir.model import DocSection
from compiler.ir.span import Span
from tests.front.helpers import analyse, build, build_entity, nospan, spec_text

GUIDE = "## How things move\n\nA thing starts **new**.\n\nThen it is done.\n"


def test_section_without_fields_table_is_documentation() -> None:
    spec = build(spec_text(preamble=GUIDE))
    assert [e.name for e in spec.entities] == ["Thing"]
    assert nospan(spec.docs) == (
        DocSection(
            "How things move", "A thing starts **new**.\n\nThen it is done.", Span(1, 1, 1, 1)
        ),
    )


def test_doc_section_span() -> None:
    text = spec_text(extra=GUIDE)
    spec = build(text)
    start = text.split("\n").index("## How things move") + 1
    assert spec.docs[0].span.line == start


def test_doc_sections_in_document_order() -> None:
    text = spec_text(preamble=GUIDE, extra="## Appendix\n\nLast words.\n")
    assert [d.title for d in build(text).docs] == ["How things move", "Appendix"]


def test_doc_section_may_contain_a_table_that_is_not_a_fields_table() -> None:
    doc = "## Opening hours\n\n| Day | Hours |\n|---|---|\n| Mon | 9-17 |\n"
    spec = build(spec_text(extra=doc))
    assert [d.title for d in spec.docs] == ["Opening hours"]
    assert [e.name for e in spec.entities] == ["Thing"]


def test_app_description_from_preamble() -> None:
    preamble = "Customers open tickets.\nAgents close them.\n\nAdmins do everything.\n"
    spec = build(spec_text(preamble=preamble))
    assert (
        spec.app.description
        == "Customers open tickets. Agents close them.\n\nAdmins do everything."
    )


def test_no_preamble_gives_empty_description() -> None:
    assert build(spec_text()).app.description == ""


def test_entity_description_from_prose() -> None:
    prose = "A company we buy from.\nMark them inactive.\n\nSecond paragraph.\n"
    entity = build_entity(prose=prose)
    assert entity.description == "A company we buy from. Mark them inactive.\n\nSecond paragraph."


def test_entity_renamed_from_in_its_heading() -> None:
    spec = build(spec_text(entity="Ticket (renamed from Issue)"))
    assert [(e.name, e.renamed_from) for e in spec.entities] == [("Ticket", "Issue")]
    assert build_entity().renamed_from is None


def test_entity_without_prose_has_empty_description() -> None:
    assert build_entity().description == ""


def test_prose_after_fields_table_is_not_the_description() -> None:
    # "The prose between the `##` heading and the fields table is the entity's description."
    entity = build_entity(prose="Before the table.\n", sections="After the table.\n")
    assert entity.description == "Before the table."


def test_doc_section_keeps_its_subsections() -> None:
    doc = "## Guide\n\nIntro.\n\n### Details\n\nMore text.\n"
    (section,) = build(spec_text(extra=doc)).docs
    assert "Intro." in section.text
    assert "More text." in section.text


def test_h4_heading_in_entity_prose_does_not_end_the_entity() -> None:
    entity = build_entity(prose="Intro.\n\n#### Details\n\nMore.\n")
    assert entity.description == "Intro.\n\nMore."
    assert [f.name for f in entity.fields] == ["name"]


def test_h4_heading_inside_rules_keeps_the_bullets() -> None:
    rules = "### Rules\n\n#### Sizes\n\n- Short names. `len(name) < 9`\n"
    entity = build_entity(sections=rules)
    assert [r.message for r in entity.rules] == ["Short names."]


def test_h4_heading_inside_a_doc_section() -> None:
    doc = "## Guide\n\nIntro.\n\n#### Detail\n\nMore.\n"
    (section,) = build(spec_text(extra=doc)).docs
    assert section.title == "Guide"
    assert "More." in section.text


def test_h4_heading_does_not_become_a_section_or_entity() -> None:
    spec = build(spec_text(extra="## Guide\n\n#### Thing2\n\nText.\n"))
    assert [e.name for e in spec.entities] == ["Thing"]
    assert [d.title for d in spec.docs] == ["Guide"]


def test_entity_may_reference_an_entity_declared_later() -> None:
    later = (
        "## Later\n\n| Field | Type | Rules |\n|---|---|---|\n| n | int | |\n\n"
        "### Access\n\n| Role | create | read | update | delete |\n|---|---|---|---|---|\n"
        "| member | no | all | no | no |\n| admin | yes | all | all | all |\n"
    )
    spec = build(spec_text("| later | Later | |", extra=later))
    assert [e.name for e in spec.entities] == ["Thing", "Later"]


TEXT = spec_text(
    "| name | text | required |\n| n | int | default 1 |",
    prose="A [thing]{note}.\n",
    preamble="The app.\n\n~~~\nTone.\n~~~\n",
    sections="### Rules\n\n- Positive. `n > 0`\n",
    extra=GUIDE,
)


def test_crlf_gives_the_same_ir_as_lf() -> None:
    assert analyse(TEXT.replace("\n", "\r\n")).spec == build(TEXT)


def test_crlf_and_bom_bytes_give_the_same_ir_as_lf() -> None:
    data = b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8")
    result = analyse_bytes(data)
    assert result.ok
    assert result.spec == build(TEXT)


def test_bom_bytes_give_the_same_ir_as_lf() -> None:
    assert analyse_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8")).spec == build(TEXT)


def test_bom_in_text_gives_the_same_ir_as_lf() -> None:
    result = analyse("\ufeff" + TEXT)
    assert result.ok
    assert result.spec == build(TEXT)
