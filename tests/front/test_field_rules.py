"""Rules cells → field rule nodes and their values."""

from __future__ import annotations

import pytest

from compiler.ir.expr import (
    Binary,
    BoolLit,
    Call,
    DecimalLit,
    In,
    IntLit,
    Path,
    StringLit,
)
from compiler.ir.model import (
    Computed,
    Default,
    Length,
    LifecycleOnly,
    Maximum,
    Minimum,
    OnDelete,
    OnlyWhere,
    Owner,
    Pattern,
    ReadOnly,
    RenamedFrom,
    Required,
    SetAutomatically,
    Unique,
)
from compiler.ir.span import Span
from tests.front.helpers import (
    ACCESS,
    S,
    analyse,
    build_entity,
    build_field,
    codes_of,
    nospan,
    spec_text,
)

OTHER = (
    "## Other\n\n| Field | Type | Rules |\n|---|---|---|\n| active | bool | default true |\n\n"
    + ACCESS
)


def rules(row: str, **kwargs: str) -> tuple:
    return nospan(build_field(row, **kwargs).rules)


def lit_path(word: str) -> Path:
    return Path((word,), S, (S,))


def test_no_rules() -> None:
    assert build_field("| f | text | |").rules == ()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("| f | text | required |", Required(S)),
        ("| f | text | unique |", Unique(S)),
        ("| f | text? | read-only |", ReadOnly(S)),
        ("| f | text | Required |", Required(S)),
    ],
)
def test_flags(row: str, expected: object) -> None:
    assert rules(row) == (expected,)


def test_renamed_from_names_the_previous_field() -> None:
    assert rules("| heading | text | required; renamed from title |") == (
        Required(S),
        RenamedFrom("title", S),
    )


@pytest.mark.parametrize("action", ["cascade", "set null", "refuse"])
def test_on_delete_says_what_deleting_the_referenced_row_does(action: str) -> None:
    row = f"| other | Thing? | on delete {action.upper() if action == 'refuse' else action} |"
    assert rules(row) == (OnDelete(action, S),)  # type: ignore[arg-type]


def test_on_delete_with_an_unknown_action_is_an_unknown_rule() -> None:
    assert codes_of(analyse(spec_text("| other | Thing? | on delete remove |"))) == ["E209"]


def test_renamed_from_needs_a_name() -> None:
    assert codes_of(analyse(spec_text("| heading | text | renamed from |"))) == ["E209"]


@pytest.mark.parametrize(
    ("cell_type", "rule", "value"),
    [
        ("int", "default 7", IntLit(7, S)),
        ("int", "default -5", IntLit(-5, S)),
        ("decimal", "default 1.50", DecimalLit("1.50", S)),
        ("bool", "default true", BoolLit(True, S)),
        ("bool", "default false", BoolLit(False, S)),
        ("text", 'default "#888888"', StringLit("#888888", S)),
        ("date", "default today", Call("today", (), S, S)),
        ("datetime", "default now", Call("now", (), S, S)),
        ("one of: low, normal, high", "default normal", lit_path("normal")),
        ("date", 'default "2024-02-29"', StringLit("2024-02-29", S)),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)
def test_default_literals(cell_type: str, rule: str, value: object) -> None:
    assert rules(f"| f | {cell_type} | {rule} |") == (Default(value, S),)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("rule", "low", "high"),
    [
        ("length 5..120", 5, 120),
        ("length 2..", 2, None),
        ("length ..10000", None, 10000),
        ("length 4", 4, 4),
        ("length 2 .. 8", 2, 8),
    ],
)
def test_length_forms(rule: str, low: int | None, high: int | None) -> None:
    assert rules(f"| f | text | {rule} |") == (Length(low, high, S),)


@pytest.mark.parametrize(
    ("cell_type", "rule", "expected"),
    [
        ("money", "min 0.01", Minimum(DecimalLit("0.01", S), False, S)),
        ("int", "min -3", Minimum(IntLit(-3, S), False, S)),
        ("datetime", "max now", Maximum(Call("now", (), S, S), False, S)),
        ("int", "max 10", Maximum(IntLit(10, S), False, S)),
        ("date", "after today", Minimum(Call("today", (), S, S), True, S)),
        ("date", 'after "1990-01-01"', Minimum(StringLit("1990-01-01", S), True, S)),
        ("date", "before today", Maximum(Call("today", (), S, S), True, S)),
        (
            "datetime",
            'before "2026-01-01T09:00:00"',
            Maximum(StringLit("2026-01-01T09:00:00", S), True, S),
        ),
    ],
)
def test_bounds(cell_type: str, rule: str, expected: object) -> None:
    assert rules(f"| f | {cell_type} | {rule} |") == (expected,)


@pytest.mark.parametrize(
    ("cell_type", "rule", "low", "high"),
    [
        ("int", "range 1..200", IntLit(1, S), IntLit(200, S)),
        ("int", "range -10000..10000", IntLit(-10000, S), IntLit(10000, S)),
        ("decimal", "range 0.5..1.5", DecimalLit("0.5", S), DecimalLit("1.5", S)),
        ("date", 'range "2020-01-01"..today', StringLit("2020-01-01", S), Call("today", (), S, S)),
    ],
)
def test_range_is_an_inclusive_min_and_max(cell_type: str, rule: str, low, high) -> None:
    assert rules(f"| f | {cell_type} | {rule} |") == (
        Minimum(low, False, S),
        Maximum(high, False, S),
    )


def test_lower_bound_above_upper_is_e211() -> None:
    assert "E211" in codes_of(analyse(spec_text("| f | text | length 9..3 |")))


def test_pattern_regex_text_and_span() -> None:
    row = "| code | text | pattern `^[A-Z]{3}$` |"
    field = build_field(row)
    # the regex starts after "| code | text | pattern `" (25 characters) at column 26
    assert field.rules == (Pattern("^[A-Z]{3}$", Span(14, 26, 14, 36)),)


def test_pattern_with_escaped_pipe_reads_a_pipe() -> None:
    assert rules(r"| f | text | pattern `^(SKU\|PRD)-\d+$` |") == (Pattern(r"^(SKU|PRD)-\d+$", S),)


def test_pattern_regex_is_not_an_annotation() -> None:
    field = build_field("| code | text | pattern `^[A-Z]{3}$` |")
    assert field.notes == ()


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("| f | User | set to current user |", SetAutomatically("current_user", "create", S)),
        ("| f | datetime | set to now on create |", SetAutomatically("now", "create", S)),
        ("| f | datetime? | set to now on update |", SetAutomatically("now", "update", S)),
    ],
)
def test_set_automatically(row: str, expected: object) -> None:
    assert rules(row) == (expected,)


def test_computed_expression() -> None:
    entity = build_entity("| total | int | computed: `price * 2` |\n| price | int | |")
    assert nospan(entity.fields[0].rules) == (
        Computed(Binary("*", Path(("price",), S, (S,)), IntLit(2, S), S, S), S),
    )


def test_only_where_expression() -> None:
    rule = rules("| other | Other | only where `other.active` |", extra=OTHER)
    assert rule == (OnlyWhere(Path(("other", "active"), S, (S, S)), S),)


def test_only_users_with_role_is_an_equality_on_the_role() -> None:
    rule = rules("| who | User | only users with role admin |")
    assert rule == (
        OnlyWhere(Binary("==", Path(("who", "role"), S, (S, S)), StringLit("admin", S), S, S), S),
    )


def test_only_users_with_roles_is_an_in_test() -> None:
    rule = rules("| who | User | only users with roles member, admin |")
    options = (StringLit("member", S), StringLit("admin", S))
    assert rule == (OnlyWhere(In(Path(("who", "role"), S, (S, S)), options, False, S), S),)


def test_changes_by_lifecycle_only() -> None:
    row = "| status | one of: open, closed | changes by lifecycle only |"
    lifecycle = "### Lifecycle of status\n\n- open -> closed, by member\n"
    assert rules(row, sections=lifecycle) == (LifecycleOnly(S),)


def test_owner() -> None:
    assert rules("| who | User | set to current user; owner |") == (
        SetAutomatically("current_user", "create", S),
        Owner(S),
    )


def test_several_rules_in_order() -> None:
    assert rules("| f | text | required; unique; length 2..60 |") == (
        Required(S),
        Unique(S),
        Length(2, 60, S),
    )


def test_semicolon_inside_backticks_does_not_split() -> None:
    assert rules("| f | text | pattern `^[a;b]+$`; required |") == (
        Pattern("^[a;b]+$", S),
        Required(S),
    )


def test_semicolon_inside_computed_string_does_not_split() -> None:
    entity = build_entity('| label | text | computed: `name + "; x"` |\n| name | text | |')
    assert nospan(entity.fields[0].rules) == (
        Computed(Binary("+", Path(("name",), S, (S,)), StringLit("; x", S), S, S), S),
    )


def test_semicolon_inside_quoted_default_does_not_split() -> None:
    assert rules('| f | text | default "a; b" |') == (Default(StringLit("a; b", S), S),)


def test_quoted_default_keeps_its_spaces() -> None:
    assert rules('| f | text | default "a  b" |') == (Default(StringLit("a  b", S), S),)


def test_rule_item_spans_are_the_items() -> None:
    field = build_field("| f | text | required;  unique |")
    # "| f | text | " is 13 characters: `required` at 14..21, `unique` at 25..30
    assert [r.span for r in field.rules] == [Span(14, 14, 14, 22), Span(14, 25, 14, 31)]


def test_description_column() -> None:
    text = spec_text(
        "| Field | Type | Rules | Description |\n|---|---|---|---|\n"
        "| name | text | required | The trading name, as on invoices. |\n"
        "| code | text |          |                                   |\n"
    )
    analysis = analyse(text)
    assert analysis.ok
    fields = analysis.spec.entities[0].fields  # type: ignore[union-attr]
    assert fields[0].description == "The trading name, as on invoices."
    assert fields[1].description == ""


def test_no_description_column_gives_empty_description() -> None:
    assert build_field("| f | text | required |").description == ""


@pytest.mark.parametrize(
    ("row", "code"),
    [
        ("| f | text | required; required |", "E214"),
        ("| f | text? | required |", "E220"),
        ("| f | text | mandatory |", "E209"),
        ("| f | int | length 3 |", "E210"),
        ("| f | text | pattern `[` |", "E213"),
    ],
)
def test_rule_errors(row: str, code: str) -> None:
    assert code in codes_of(analyse(spec_text(row)))
