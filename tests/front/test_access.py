"""`### Access` tables → `AccessRow`s of `AccessCell`s, and the entity's owner."""

from __future__ import annotations

from compiler.ir.expr import Binary, IntLit, IsOwn, Path
from compiler.ir.model import AccessCell
from tests.front.helpers import S, analyse, build_entity, codes_of, nospan, spec_text

FIELDS = "| n | int | |\n| maker | User | set to current user |"


def access_table(header: str, *rows: str) -> str:
    width = header.count("|") - 1
    return "### Access\n\n" + header + "\n" + "|---" * width + "|\n" + "\n".join(rows) + "\n"


HEADER = "| Role | create | read | update | delete |"


def test_every_cell_kind() -> None:
    access = access_table(
        HEADER,
        "| member | yes | where `n > 0` | own | no |",
        "| admin | YES | all | All | No |",
    )
    entity = build_entity(FIELDS, access=access)
    assert entity.access is not None
    member, admin = entity.access.rows
    assert member.role == "member"
    assert nospan(member.create) == AccessCell("all", None, S)
    assert nospan(member.read) == AccessCell(
        "where", Binary(">", Path(("n",), S, (S,)), IntLit(0, S), S, S), S
    )
    assert nospan(member.update) == AccessCell("own", None, S)
    assert nospan(member.delete) == AccessCell("no", None, S)
    assert admin.role == "admin"
    assert [admin.cell(a).kind for a in ("create", "read", "update", "delete")] == [
        "all",
        "all",
        "all",
        "no",
    ]


def test_yes_and_all_mean_the_same() -> None:
    access = access_table(
        HEADER, "| member | yes | yes | all | all |", "| admin | no | no | no | no |"
    )
    member = build_entity(FIELDS, access=access).access.rows[0]  # type: ignore[union-attr]
    assert {member.cell(a).kind for a in ("create", "read", "update", "delete")} == {"all"}


def test_where_with_is_own() -> None:
    access = access_table(
        HEADER, "| member | no | where `maker is own` | no | no |", "| admin | no | no | no | no |"
    )
    read = build_entity(FIELDS, access=access).access.rows[0].read  # type: ignore[union-attr]
    assert nospan(read) == AccessCell("where", IsOwn(Path(("maker",), S, (S,)), S), S)


def test_action_columns_in_any_order() -> None:
    access = access_table(
        "| Role | delete | update | read | create |",
        "| member | no | own | all | yes |",
        "| admin | all | all | all | yes |",
    )
    member = build_entity(FIELDS, access=access).access.rows[0]  # type: ignore[union-attr]
    assert (member.create.kind, member.read.kind, member.update.kind, member.delete.kind) == (
        "all",
        "all",
        "own",
        "no",
    )


def test_role_column_in_any_position() -> None:
    access = access_table(
        "| create | read | Role | update | delete |",
        "| yes | all | member | own | no |",
        "| yes | all | admin | all | all |",
    )
    member = build_entity(FIELDS, access=access).access.rows[0]  # type: ignore[union-attr]
    assert (member.role, member.create.kind, member.update.kind) == ("member", "all", "own")


def test_rows_in_table_order() -> None:
    access = access_table(
        HEADER, "| admin | yes | all | all | all |", "| member | no | all | no | no |"
    )
    rows = build_entity(FIELDS, access=access).access.rows  # type: ignore[union-attr]
    assert [r.role for r in rows] == ["admin", "member"]


def test_role_without_row_is_w406() -> None:
    access = access_table(HEADER, "| admin | yes | all | all | all |")
    result = analyse(spec_text(FIELDS, access=access))
    assert result.ok
    assert "W406" in codes_of(result)


def test_duplicate_role_row_is_e405() -> None:
    access = access_table(
        HEADER,
        "| admin | yes | all | all | all |",
        "| admin | no | no | no | no |",
        "| member | no | no | no | no |",
    )
    assert "E405" in codes_of(analyse(spec_text(FIELDS, access=access)))


def test_own_in_create_is_e407() -> None:
    access = access_table(
        HEADER, "| admin | own | all | all | all |", "| member | no | no | no | no |"
    )
    assert "E407" in codes_of(analyse(spec_text(FIELDS, access=access)))


def test_missing_access_table_is_e401() -> None:
    assert "E401" in codes_of(analyse(spec_text(FIELDS, access="")))


# Ownership (section 7)


def test_owner_is_the_single_user_field_set_to_current_user() -> None:
    fields = "| maker | User | set to current user |\n| helper | User? | |"
    assert build_entity(fields).owner == "maker"


def test_explicit_owner_wins() -> None:
    fields = (
        "| created_by | User | set to current user; read-only |\n"
        "| handled_by | User | set to current user; owner |"
    )
    assert build_entity(fields).owner == "handled_by"


def test_owner_mark_on_a_plain_user_field() -> None:
    fields = "| maker | User | set to current user |\n| assignee | User? | owner |"
    assert build_entity(fields).owner == "assignee"


def test_two_candidates_and_no_mark_give_no_owner_and_e223() -> None:
    fields = "| a | User | set to current user |\n| b | User | set to current user |"
    result = analyse(spec_text(fields))
    assert codes_of(result) == ["E223"]
    assert result.spec is not None and result.spec.entities[0].owner is None


def test_no_user_field_gives_no_owner() -> None:
    assert build_entity("| n | int | |").owner is None


def test_own_without_owner_is_e404() -> None:
    access = access_table(
        HEADER, "| admin | yes | own | all | all |", "| member | no | no | no | no |"
    )
    assert "E404" in codes_of(analyse(spec_text("| n | int | |", access=access)))
