"""Per-viewer computed fields (spec-language 8.6): which they are, and where they may be read."""

from __future__ import annotations

from compiler.ir.viewer import viewer_fields
from tests.front.helpers import analyse, build_entity, codes_of, spec_text

FIELDS = """| n | int | |
| maker | User | set to current user |
| mine | bool | computed: `maker == current_user` |
| mine_and_big | bool | computed: `mine and n > 10` |
| big | bool | computed: `n > 10` |"""


def test_a_computed_field_reading_current_user_is_per_viewer_and_so_are_its_readers() -> None:
    entity = build_entity(FIELDS)
    assert viewer_fields(entity) == {"mine", "mine_and_big"}


def test_is_own_makes_a_field_per_viewer() -> None:
    entity = build_entity(
        "| maker | User | set to current user |\n| own | bool | computed: `maker is own` |"
    )
    assert viewer_fields(entity) == {"own"}


def _codes(sections: str = "", access: str | None = None) -> list[str]:
    kwargs = {"sections": sections} if access is None else {"sections": sections, "access": access}
    return codes_of(analyse(spec_text(FIELDS, **kwargs)))


def test_current_user_in_computed_is_allowed() -> None:
    assert _codes() == []


def test_a_rule_may_not_read_a_per_viewer_field() -> None:
    assert _codes("### Rules\n\n- Big ones are yours. `not mine_and_big or n < 100`\n") == ["E315"]


def test_an_access_condition_may_not_read_a_per_viewer_field() -> None:
    access = (
        "### Access\n\n| Role | create | read | update | delete |\n|---|---|---|---|---|\n"
        "| member | yes | where `mine` | no | no |\n| admin | yes | all | all | all |\n"
    )
    assert _codes(access=access) == ["E315"]
