"""The `anyone` row of Access tables: visitors who are not signed in (spec-language 11.1)."""

from __future__ import annotations

from compiler.ir.anyone import anyone_reads, anyone_row, effective_cell, role_rows
from compiler.ir.expr import Binary, IsOwn, Path
from tests.front.helpers import analyse, build_entity, codes_of, spec_text

FIELDS = "| n | int | |\n| shown | bool | |\n| maker | User | set to current user |"
HEADER = "| Role | create | read | update | delete |"


def access_table(header: str, *rows: str) -> str:
    return "### Access\n\n" + header + "\n" + "|---" * 5 + "|\n" + "\n".join(rows) + "\n"


def _entity(*rows: str):
    return build_entity(FIELDS, access=access_table(HEADER, *rows))


def test_anyone_is_a_row_but_not_a_role() -> None:
    entity = _entity(
        "| anyone | no | where `shown` | no | no |",
        "| member | yes | own | own | no |",
        "| admin | yes | all | all | all |",
    )
    assert anyone_reads(entity)
    row = anyone_row(entity.access)
    assert row is not None and row.read.kind == "where"
    assert [r.role for r in role_rows(entity.access)] == ["member", "admin"]


def test_a_role_reads_its_own_rows_or_anyones() -> None:
    entity = _entity(
        "| anyone | no | where `shown` | no | no |",
        "| member | yes | own | own | no |",
        "| admin | yes | all | all | all |",
    )
    member, admin = role_rows(entity.access)
    read = effective_cell(entity, member, "read")
    assert read.kind == "where" and isinstance(read.condition, Binary)
    assert read.condition.op == "or"
    assert isinstance(read.condition.left, IsOwn)
    assert isinstance(read.condition.left.value, Path) and read.condition.left.value.parts == (
        "maker",
    )
    assert effective_cell(entity, admin, "read").kind == "all"
    assert effective_cell(entity, member, "update") == member.update  # reads only


def test_a_role_without_read_reads_what_anyone_reads() -> None:
    entity = _entity(
        "| anyone | no | all | no | no |",
        "| member | yes | no | no | no |",
        "| admin | yes | all | all | all |",
    )
    member = role_rows(entity.access)[0]
    assert effective_cell(entity, member, "read").kind == "all"


def test_without_anyone_nothing_changes() -> None:
    entity = _entity("| member | yes | own | own | no |", "| admin | yes | all | all | all |")
    assert not anyone_reads(entity)
    member = role_rows(entity.access)[0]
    assert effective_cell(entity, member, "read") == member.read


def _codes(*rows: str, roles: str = "") -> list[str]:
    text = spec_text(FIELDS, access=access_table(HEADER, *rows))
    if roles:
        text = text.replace("roles: [member, admin]", roles)
    return codes_of(analyse(text))


ROLES = ("| member | yes | own | own | no |", "| admin | yes | all | all | all |")


def test_anyone_needs_no_row_and_gets_no_w406() -> None:
    assert _codes("| anyone | no | all | no | no |", *ROLES) == []


def test_anyone_may_not_write_e409() -> None:
    assert _codes("| anyone | yes | all | no | no |", *ROLES) == ["E409"]
    assert _codes("| anyone | no | all | own | all |", *ROLES) == ["E409", "E409"]


def test_anyone_owns_nothing_e410() -> None:
    assert _codes("| anyone | no | own | no | no |", *ROLES) == ["E410"]


def test_anyone_has_no_current_user_e411() -> None:
    assert _codes("| anyone | no | where `maker == current_user` | no | no |", *ROLES) == ["E411"]
    assert _codes("| anyone | no | where `maker is own` | no | no |", *ROLES) == ["E411"]


def test_anyone_is_reserved_as_a_role_e408() -> None:
    assert "E408" in _codes(*ROLES, roles="roles: [member, admin, anyone]")


def test_a_misspelt_anyone_gets_a_suggestion() -> None:
    result = analyse(
        spec_text(FIELDS, access=access_table(HEADER, "| anyon | no | all | no | no |", *ROLES))
    )
    assert [d.hint for d in result.diagnostics if d.code.id == "E218"] == ["did you mean 'anyone'?"]
