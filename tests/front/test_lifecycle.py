"""`### Lifecycle of <field>` → `Lifecycle` with its transitions and initial state."""

from __future__ import annotations

import pytest

from compiler.ir.expr import Assignment, Binary, Call, IntLit, NullLit, Path
from compiler.ir.model import Actor, Lifecycle
from tests.front.helpers import S, analyse, build_entity, codes_of, nospan, spec_text

FIELDS = (
    "| status | one of: open, pending, closed | |\n"
    "| reopened | int | default 0 |\n"
    "| closed_at | datetime? | read-only |\n"
    "| opened_by | User | set to current user |"
)
ROLES = "### Access\n\n| Role | create | read | update | delete |\n|---|---|---|---|---|\n"
ACCESS = ROLES + "| member | yes | all | own | no |\n| admin | yes | all | all | all |\n"


def lifecycle(bullets: str, fields: str = FIELDS) -> Lifecycle:
    entity = build_entity(fields, sections="### Lifecycle of status\n\n" + bullets, access=ACCESS)
    (found,) = entity.lifecycles
    return found


BASIC = "- open → pending, by admin\n- pending -> closed, by admin\n"


def test_field_name() -> None:
    assert lifecycle(BASIC).field == "status"


def test_arrow_forms() -> None:
    first, second = lifecycle(BASIC).transitions
    assert (first.sources, first.target) == (("open",), "pending")
    assert (second.sources, second.target) == (("pending",), "closed")


def test_several_sources() -> None:
    (transition,) = lifecycle("- open, pending → closed, by admin\n").transitions
    assert transition.sources == ("open", "pending")
    assert transition.target == "closed"


def test_actors_with_own() -> None:
    (transition,) = lifecycle(
        "- open → closed, by member (own), by admin\n- closed -> pending, by admin\n"
    ).transitions[:1]
    assert nospan(transition.actors) == (Actor("member", True, S), Actor("admin", False, S))


def test_when_guard() -> None:
    (transition,) = lifecycle(
        "- open → closed, by admin, when `reopened < 3`\n- closed -> pending, by admin\n"
    ).transitions[:1]
    assert nospan(transition.guard) == Binary("<", Path(("reopened",), S, (S,)), IntLit(3, S), S, S)
    assert transition.effects == ()


def test_label_after_guard_and_before_effects() -> None:
    (transition,) = lifecycle(
        '- open → closed, by admin, when `reopened < 3`, as "Close it": sets `closed_at = now()`\n'
        "- closed -> pending, by admin\n"
    ).transitions[:1]
    assert transition.label == "Close it"
    assert transition.guard is not None and len(transition.effects) == 1
    assert lifecycle(BASIC).transitions[0].label is None


def test_no_guard_no_effects() -> None:
    transition = lifecycle(BASIC).transitions[0]
    assert transition.guard is None
    assert transition.effects == ()
    assert transition.notes == ()


def test_multiple_effects() -> None:
    (transition,) = lifecycle(
        "- open → closed, by member (own), when `reopened < 3`: "
        "sets `reopened = reopened + 1`, `closed_at = null`\n"
        "- closed -> pending, by admin\n"
    ).transitions[:1]
    assert nospan(transition.effects) == (
        Assignment("reopened", Binary("+", Path(("reopened",), S, (S,)), IntLit(1, S), S, S), S, S),
        Assignment("closed_at", NullLit(S), S, S),
    )
    assert transition.guard is not None


def test_single_effect_without_guard() -> None:
    (transition,) = lifecycle(
        "- open → closed, by admin: sets `closed_at = now()`\n- closed -> pending, by admin\n"
    ).transitions[:1]
    assert nospan(transition.effects) == (Assignment("closed_at", Call("now", (), S, S), S, S),)


def test_initial_state_is_first_value_without_default() -> None:
    assert lifecycle(BASIC).initial == "open"


def test_initial_state_is_the_default() -> None:
    fields = FIELDS.replace(
        "| status | one of: open, pending, closed | |",
        "| status | one of: open, pending, closed | default pending |",
    )
    found = lifecycle("- pending → open, by admin\n- open -> closed, by admin\n", fields)
    assert found.initial == "pending"


def test_initial_state_is_a_quoted_default() -> None:
    fields = FIELDS.replace(
        "| status | one of: open, pending, closed | |",
        '| status | one of: open, pending, closed | default "pending" |',
    )
    found = lifecycle("- pending → open, by admin\n- open -> closed, by admin\n", fields)
    assert found.initial == "pending"


def test_changes_by_lifecycle_only_without_lifecycle_is_e508() -> None:
    text = spec_text("| status | one of: a, b | changes by lifecycle only |")
    assert "E508" in codes_of(analyse(text))


@pytest.mark.parametrize(
    ("bullets", "code"),
    [
        ("- open → shut, by admin\n", "E502"),
        ("- open → open, by admin\n", "E507"),
        ("- open → closed, by admin\n- open -> closed, by member\n", "E504"),
        ("- open closed, by admin\n", "E503"),
        ('- open → closed, by admin, as ""\n', "E503"),
        ('- open → closed, by admin, as "A", as "B"\n', "E503"),
        ('- open → closed, by admin, as "Done"\n- open → pending, by admin, as "done"\n', "E514"),
    ],
)
def test_lifecycle_errors(bullets: str, code: str) -> None:
    text = spec_text(FIELDS, sections="### Lifecycle of status\n\n" + bullets, access=ACCESS)
    assert code in codes_of(analyse(text))


def test_lifecycle_of_a_non_enum_field_is_e501() -> None:
    text = spec_text(
        FIELDS, sections="### Lifecycle of reopened\n\n- open → closed, by admin\n", access=ACCESS
    )
    assert "E501" in codes_of(analyse(text))


def test_unreachable_state_is_w505() -> None:
    result = analyse(
        spec_text(
            FIELDS, sections="### Lifecycle of status\n\n- open → closed, by admin\n", access=ACCESS
        )
    )
    assert result.ok
    assert "W505" in codes_of(result)


def test_an_effect_on_a_referenced_row_names_the_reference() -> None:
    """`parent.visits = …` lowers like any effect, with the reference kept apart."""
    fields = FIELDS + "\n| parent | Thing? | |\n| visits | int | default 0 |"
    (transition,) = lifecycle(
        "- open → closed, by admin: sets `parent.visits = parent.visits + 1`, `reopened = 0`\n"
        "- closed -> pending, by admin\n",
        fields,
    ).transitions[:1]
    visits = Path(("parent", "visits"), S, (S, S))
    assert nospan(transition.effects) == (
        Assignment("visits", Binary("+", visits, IntLit(1, S), S, S), S, S, "parent", S),
        Assignment("reopened", IntLit(0, S), S, S),
    )
    (effect, _) = transition.effects
    assert effect.reference_span is not None and effect.field_span.col > effect.reference_span.col
