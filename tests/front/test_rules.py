"""`### Rules` bullets → `Rule(message, expr, notes)`."""

from __future__ import annotations

from compiler.ir.expr import Binary, IntLit, IsNull, Path, StringLit
from compiler.ir.model import Note
from tests.front.helpers import S, analyse, build_entity, codes_of, nospan, spec_text

FIELDS = "| n | int | |\n| who | User? | |\n| priority | one of: low, urgent | default low |"


def rules_of(bullets: str) -> tuple:
    return build_entity(FIELDS, sections="### Rules\n\n" + bullets).rules


def n() -> Path:
    return Path(("n",), S, (S,))


def test_message_and_expression_are_split() -> None:
    (rule,) = rules_of('- Urgent needs someone. `priority != "urgent" or who is set`\n')
    assert rule.message == "Urgent needs someone."
    assert nospan(rule.expr) == Binary(
        "or",
        Binary("!=", Path(("priority",), S, (S,)), StringLit("urgent", S), S, S),
        IsNull(Path(("who",), S, (S,)), True, S),
        S,
        S,
    )


def test_code_span_in_the_middle_is_removed_from_the_message() -> None:
    (rule,) = rules_of("- The count `n > 0` must be positive.\n")
    assert rule.message == "The count must be positive."
    assert nospan(rule.expr) == Binary(">", n(), IntLit(0, S), S, S)


def test_several_rules_keep_their_order() -> None:
    rules = rules_of("- Positive. `n > 0`\n- Small. `n < 10`\n")
    assert [r.message for r in rules] == ["Positive.", "Small."]
    assert [nospan(r.expr).op for r in rules] == [">", "<"]


def test_prose_rule_has_no_expression_and_warns_w602() -> None:
    text = spec_text(FIELDS, sections="### Rules\n\n- Be nice to customers.\n")
    result = analyse(text)
    assert result.ok
    (rule,) = result.spec.entities[0].rules  # type: ignore[union-attr]
    assert rule.message == "Be nice to customers."
    assert rule.expr is None
    assert "W602" in codes_of(result)


def test_two_code_spans_is_e604() -> None:
    text = spec_text(FIELDS, sections="### Rules\n\n- Bounded. `n > 0` and `n < 9`\n")
    assert "E604" in codes_of(analyse(text))


def test_rule_without_message_is_an_error() -> None:
    result = analyse(spec_text(FIELDS, sections="### Rules\n\n- `n > 0`\n"))
    assert not result.ok


def test_inline_note_is_kept_and_removed_from_message() -> None:
    (rule,) = rules_of("- A [small]{under ten} count. `n < 10`\n")
    assert rule.message == "A small count."
    assert nospan(rule.notes) == (Note("under ten", S),)


def test_block_note_inside_the_bullet() -> None:
    (rule,) = rules_of("- Small. `n < 10`\n  ~~~\n  Ten is plenty.\n  ~~~\n")
    assert nospan(rule.notes) == (Note("Ten is plenty.", S),)


def test_rule_without_notes() -> None:
    (rule,) = rules_of("- Small. `n < 10`\n")
    assert rule.notes == ()


def test_message_continues_on_the_next_line() -> None:
    (rule,) = rules_of("- The count must stay\n  below ten. `n < 10`\n")
    assert rule.message == "The count must stay below ten."
    assert nospan(rule.expr) == Binary("<", n(), IntLit(10, S), S, S)


def test_expression_on_the_continuation_line() -> None:
    (rule,) = rules_of("- The count must stay below ten,\n  always. `n < 10`\n")
    assert nospan(rule.expr) == Binary("<", n(), IntLit(10, S), S, S)


def test_inline_markdown_is_removed_from_the_message() -> None:
    # "Inline markdown and MSFM notes in it are removed from the message." (section 9)
    (rule,) = rules_of("- **Urgent** tickets need _someone_. `who is set`\n")
    assert rule.message == "Urgent tickets need someone."


def test_code_span_wrapped_over_two_lines() -> None:
    (rule,) = rules_of("- Bounded count, checked on every write. `n > 0 and\n  n < 10`\n")
    assert rule.message == "Bounded count, checked on every write."
    assert nospan(rule.expr) == Binary(
        "and",
        Binary(">", n(), IntLit(0, S), S, S),
        Binary("<", n(), IntLit(10, S), S, S),
        S,
        S,
    )
