"""Fenced `example` blocks → `Example`s of typed steps."""

from __future__ import annotations

import pytest

from compiler.ir.examples import (
    ActAs,
    Create,
    Delete,
    Example,
    Expect,
    FieldValue,
    GivenRow,
    GivenUser,
    ListRows,
    Read,
    Update,
)
from compiler.ir.expr import (
    Binary,
    BoolLit,
    DecimalLit,
    IntLit,
    IsNull,
    NullLit,
    Path,
    StringLit,
)
from tests.front.helpers import S, analyse, build, codes_of, nospan, spec_text

FIELDS = """| name | text | default "x" |
| n | int | default 0 |
| price | money | default 0 |
| flag | bool | default false |
| opt | text? | |
| status | one of: open, closed | default open |
| who | User? | |
| day | date? | |
| at | datetime? | |
| maker | User | set to current user |"""
RULES = "### Rules\n\n- Must be small. `n < 100`\n\n"


def example(*steps: str, where: str = "entity") -> Example:
    block = "```example\nA worked example\n" + "\n".join(steps) + "\n```\n"
    if where == "entity":
        text = spec_text(FIELDS, sections=RULES + "### Examples\n\n" + block)
    else:
        text = spec_text(FIELDS, extra="## Scenarios\n\n" + block)
    (found,) = build(text).examples
    return found


def steps(*lines: str) -> tuple:
    return nospan(example(*lines, "expect ok").steps[:-1])


def word(text: str) -> Path:
    return Path((text,), S, (S,))


def test_title_and_section() -> None:
    found = example("expect ok")
    assert found.title == "A worked example"
    assert found.section == "Thing"


def test_example_outside_an_entity_has_no_section() -> None:
    assert example("expect ok", where="docs").section is None


def test_given_users() -> None:
    assert steps("given member ann, admin bob") == (
        GivenUser("member", "ann", S, S),
        GivenUser("admin", "bob", S, S),
    )


def test_given_row_with_values() -> None:
    assert steps("given member ann", "given Thing T1 n=3 status=closed who=ann")[1:] == (
        GivenRow(
            "Thing",
            "T1",
            (
                FieldValue("n", IntLit(3, S), S),
                FieldValue("status", word("closed"), S),
                FieldValue("who", word("ann"), S),
            ),
            S,
            S,
        ),
    )


def test_given_row_without_values() -> None:
    assert steps("given Thing T1") == (GivenRow("Thing", "T1", (), S, S),)


@pytest.mark.parametrize(
    ("line", "entity"),
    [("given thing T1", "Thing"), ("given THING T1", "Thing"), ("given tHiNg T1", "Thing")],
)
def test_entity_names_are_case_insensitive(line: str, entity: str) -> None:
    assert steps(line)[0].entity == entity


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("as ann", ActAs("user", "ann", S, S)),
        ("as member", ActAs("role", "member", S, S)),
        ("as owner of T1", ActAs("owner", "T1", S, S)),
        ("as anonymous", ActAs("anonymous", None, S, None)),
    ],
)
def test_as(line: str, expected: ActAs) -> None:
    assert steps("given member ann", "given Thing T1", line)[2:] == (expected,)


def test_actions() -> None:
    found = steps(
        "given Thing T1",
        "as admin",
        "create Thing T2 n=1",
        "create thing n=2",
        "read T1",
        "read Thing T2",
        "update T1 status=closed n=4",
        "delete T1",
        "list thing",
    )
    assert found[2:] == (
        Create("Thing", "T2", (FieldValue("n", IntLit(1, S), S),), S, S),
        Create("Thing", None, (FieldValue("n", IntLit(2, S), S),), S, None),
        Read("T1", S, S),
        Read("T2", S, S),
        Update(
            "T1",
            (FieldValue("status", word("closed"), S), FieldValue("n", IntLit(4, S), S)),
            S,
            S,
        ),
        Delete("T1", S, S),
        ListRows("Thing", S),
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("expect ok", Expect("ok", None, None, None, S, None)),
        ('expect error "Must be small."', Expect("error", "Must be small.", None, None, S, S)),
        ("expect not found", Expect("not_found", None, None, None, S, None)),
        ("expect forbidden", Expect("forbidden", None, None, None, S, None)),
        ("expect unauthorized", Expect("unauthorized", None, None, None, S, None)),
        ("expect conflict", Expect("conflict", None, None, None, S, None)),
        ("expect count 3", Expect("count", None, 3, None, S, S)),
        (
            "expect T1.n == 4",
            Expect(
                "condition",
                None,
                None,
                Binary("==", Path(("T1", "n"), S, (S, S)), IntLit(4, S), S, S),
                S,
                S,
            ),
        ),
        (
            "expect T1.opt is empty",
            Expect("condition", None, None, IsNull(Path(("T1", "opt"), S, (S, S)), False, S), S, S),
        ),
    ],
)
def test_expect_kinds(line: str, expected: Expect) -> None:
    found = example("given Thing T1", "as admin", "read T1", line)
    assert nospan(found.steps[-1]) == expected


@pytest.mark.parametrize(
    ("assignment", "value"),
    [
        ('name="Printer on fire"', StringLit("Printer on fire", S)),
        ("name='single'", StringLit("single", S)),
        ('name="say \\"hi\\""', StringLit('say "hi"', S)),
        ("n=-8", IntLit(-8, S)),
        ("n=42", IntLit(42, S)),
        ("price=4.50", DecimalLit("4.50", S)),
        ("flag=true", BoolLit(True, S)),
        ("flag=false", BoolLit(False, S)),
        ("opt=null", NullLit(S)),
        ("status=closed", word("closed")),
        ("who=ann", word("ann")),
        ('day="2099-05-04"', StringLit("2099-05-04", S)),
        ('at="2026-01-05T10:00:00"', StringLit("2026-01-05T10:00:00", S)),
        ("day=2099-05-04", StringLit("2099-05-04", S)),
    ],
)
def test_values(assignment: str, value: object) -> None:
    found = steps("given member ann", f"given Thing T1 {assignment}")[1]
    assert found.values == (FieldValue(assignment.split("=", 1)[0], value, S),)  # type: ignore[arg-type]


def test_blank_lines_are_skipped() -> None:
    found = example("", "given Thing T1", "", "as admin", "read T1", "expect ok")
    assert len(found.steps) == 4


def test_examples_in_document_order() -> None:
    blocks = "".join(
        f"```example\nTitle {i}\nas admin\nlist Thing\nexpect ok\n```\n\n" for i in (1, 2)
    )
    text = spec_text(FIELDS, sections="### Examples\n\n" + blocks)
    assert [e.title for e in build(text).examples] == ["Title 1", "Title 2"]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("given Thing T1\nexpect ok", "E705"),
        ("Nothing expected\nas admin\nlist Thing", "E706"),
        ("Needs an actor\nlist Thing\nexpect ok", "E708"),
        ("Unknown entity\nas admin\nlist Nope\nexpect ok", "E702"),
        ("Twice\ngiven Thing T1\ngiven Thing T1\nexpect ok", "E707"),
        ('Unknown message\nas admin\nlist Thing\nexpect error "Nope."', "E710"),
    ],
)
def test_example_errors(body: str, code: str) -> None:
    text = spec_text(FIELDS, sections=f"### Examples\n\n```example\n{body}\n```\n")
    assert code in codes_of(analyse(text))


def test_duplicate_titles_are_e709() -> None:
    block = "```example\nSame\nas admin\nlist Thing\nexpect ok\n```\n\n"
    text = spec_text(FIELDS, sections="### Examples\n\n" + block + block)
    assert "E709" in codes_of(analyse(text))
