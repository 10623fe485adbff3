"""Lowers fenced `example` blocks into `Example`s of typed steps.

Roles and entity names are known here (from the front matter and the section
headings), which is what tells `given customer ann` from `given Ticket T1`.
Whether the named rows, users and fields exist is the checker's job.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.diagnostics import Diagnostics, codes
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
    Step,
    Update,
)
from compiler.ir.expr import StringLit
from compiler.ir.span import Span
from compiler.lower.example_steps import Token, tokenize
from compiler.lower.literals import (
    RelativeMomentError,
    parse_count,
    parse_literal,
    parse_relative_moment,
)
from compiler.lower.names import did_you_mean
from compiler.parse.expr_parser import parse_expression
from compiler.parse.tree import Fence, Text

_PLAIN_EXPECTATIONS = {
    "ok": "ok",
    "not found": "not_found",
    "forbidden": "forbidden",
    "unauthorized": "unauthorized",
    "conflict": "conflict",
    "error": "error",
}
_VERBS = ("given", "as", "create", "read", "update", "delete", "list", "expect")


@dataclass(frozen=True, slots=True)
class Names:
    """What an example may name: the roles and the entities (by lowercase name)."""

    roles: frozenset[str]
    entities: dict[str, str]


def lower_example(fence: Fence, section: str | None, names: Names, diags: Diagnostics) -> Example:
    lines = [line for line in fence.body if line.text.strip()]
    if not lines:
        diags.add(
            codes.EXAMPLE_NO_TITLE, fence.span, "example is empty", hint="its first line is a title"
        )
        return Example("", (), section, fence.span, fence.span)
    title, *step_lines = lines
    if _is_step(title):
        diags.add(
            codes.EXAMPLE_NO_TITLE,
            title.span,
            "example has no title",
            hint="its first line names the scenario, e.g. `Urgent tickets need an assignee`",
        )
        step_lines = lines
    steps = [step for line in step_lines for step in _steps(line, names, diags)]
    expects = [line for line in step_lines if line.text.split()[0].lower() == "expect"]
    if not expects:  # an `expect` line with an error is reported already
        diags.add(
            codes.EXAMPLE_NO_EXPECT,
            fence.span,
            "example expects nothing",
            hint='add a step such as `expect ok` or `expect error "…"`',
        )
    text = "" if step_lines is lines else title.text.strip()
    return Example(text, tuple(steps), section, fence.span, title.span)


def _is_step(line: Text) -> bool:
    words = line.text.split()
    return len(words) > 1 and words[0] in _VERBS


def _steps(line: Text, names: Names, diags: Diagnostics) -> list[Step]:
    tokens = tokenize(line)
    verb, args = tokens[0].text.lower(), tokens[1:]
    if verb == "expect":
        expectation = _expect(line, tokens[0], args, diags)
        return [expectation] if expectation else []
    step_parsers = {
        "given": _given,
        "as": _as,
        "create": _create,
        "read": _read,
        "update": _update,
        "delete": _delete,
        "list": _list,
    }
    if verb not in step_parsers:
        hint = did_you_mean(verb, _VERBS) or "steps start with " + ", ".join(_VERBS)
        diags.add(
            codes.EXAMPLE_SYNTAX, tokens[0].span, f"unknown step '{tokens[0].text}'", hint=hint
        )
        return []
    return step_parsers[verb](line, args, names, diags)


def _given(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step]:
    first = args[0].text if args else ""
    entity = names.entities.get(first.lower())
    if entity is not None and first != entity and first in names.roles:
        diags.add(
            codes.AMBIGUOUS_GIVEN,
            args[0].span,
            f"'{first}' is a role, so this step makes a user, not a row of {entity}",
            hint=f"write `given {entity} …` for a row",
        )
        entity = None
    if len(args) >= 2 and entity is not None:
        values = _values(args[2:], diags)
        return [GivenRow(entity, args[1].text, values, line.span, args[1].span)]
    if len(args) >= 2 and (args[0].text[:1].isupper() or any(t.kind == "assign" for t in args)):
        # Reported here; the row is still declared so later steps can name it.
        _unknown_entity(args, names, diags)
        return [GivenRow(args[0].text, args[1].text, (), line.span, args[1].span)]
    words = [t for t in args if t.kind != "comma"]
    if len(words) % 2 or not words or any(t.kind != "word" for t in words):
        return _syntax(
            line, "write `given role name[, role name…]` or `given Entity name field=value…`", diags
        )
    users: list[Step] = []
    for role, name in zip(words[::2], words[1::2], strict=True):
        if names.roles and role.text not in names.roles:
            hint = did_you_mean(role.text, [*names.roles, *names.entities.values()])
            diags.add(
                codes.EXAMPLE_UNKNOWN_NAME,
                role.span,
                f"'{role.text}' is neither a role nor an entity",
                hint=hint,
            )
            continue
        span = Span(role.span.line, role.span.col, name.span.end_line, name.span.end_col)
        users.append(GivenUser(role.text, name.text, span, name.span))
    return users


def _as(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step]:
    words = [t.text for t in args]
    if len(words) == 3 and words[:2] == ["owner", "of"]:
        return [ActAs("owner", words[2], line.span, args[2].span)]
    if words == ["anonymous"]:
        return [ActAs("anonymous", None, line.span, None)]
    if len(words) == 1:
        kind = "role" if words[0] in names.roles else "user"
        return [ActAs(kind, words[0], line.span, args[0].span)]
    return _syntax(line, "write `as name`, `as role`, `as owner of NAME` or `as anonymous`", diags)


def _create(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step]:
    if not args or args[0].text.lower() not in names.entities:
        return _unknown_entity(args, names, diags, line)
    entity = names.entities[args[0].text.lower()]
    rest = args[1:]
    named = rest[0] if rest and rest[0].kind == "word" else None
    values = _values(rest[1:] if named else rest, diags)
    name, name_span = (named.text, named.span) if named else (None, None)
    return [Create(entity, name, values, line.span, name_span)]


def _read(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step]:
    if len(args) == 2 and args[0].text.lower() in names.entities:
        args = args[1:]
    if len(args) != 1 or args[0].kind != "word":
        return _syntax(line, "write `read NAME` or `read Entity NAME`", diags)
    return [Read(args[0].text, line.span, args[0].span)]


def _update(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step]:
    if not args or args[0].kind != "word":
        return _syntax(line, "write `update NAME field=value …`", diags)
    return [Update(args[0].text, _values(args[1:], diags), line.span, args[0].span)]


def _delete(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step]:
    if len(args) != 1 or args[0].kind != "word":
        return _syntax(line, "write `delete NAME`", diags)
    return [Delete(args[0].text, line.span, args[0].span)]


def _list(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step]:
    if len(args) != 1 or args[0].text.lower() not in names.entities:
        return _unknown_entity(args, names, diags, line)
    return [ListRows(names.entities[args[0].text.lower()], line.span)]


def _expect(line: Text, verb: Token, args: list[Token], diags: Diagnostics) -> Expect | None:
    rest_start = verb.span.end_col - line.span.col
    rest = line.text[rest_start:].strip()
    rest_col = line.span.col + line.text.index(rest, rest_start) if rest else verb.span.end_col
    words = " ".join(rest.split())
    if words in _PLAIN_EXPECTATIONS:
        kind = _PLAIN_EXPECTATIONS[words]
        return Expect(kind, None, None, None, line.span, None)  # type: ignore[arg-type]
    if len(args) == 3 and args[0].text == "error" and args[1].text == "on":
        return _field_error(line, args[2], diags)
    if len(args) == 2 and args[0].text == "error" and args[1].kind == "string":
        message = parse_literal(args[1].text, args[1].span)
        text = message.value if isinstance(message, StringLit) else args[1].text.strip('"')
        return Expect("error", text, None, None, line.span, args[1].span)
    count = parse_count(args[1].text) if len(args) == 2 and args[0].text == "count" else None
    if count is not None:
        return Expect("count", None, count, None, line.span, args[1].span)
    if not rest:
        _syntax(
            line,
            'write `expect ok`, `expect error "message"`, `expect error on field` '
            "or `expect condition`",
            diags,
        )
        return None
    origin = Span.point(line.span.line, rest_col)
    condition = parse_expression(rest, origin, diags)
    if condition is None:
        return None
    return Expect("condition", None, None, condition, line.span, condition.span)


def _field_error(line: Text, field: Token, diags: Diagnostics) -> Expect | None:
    """`expect error on title`: a 422 with an error located at the field."""
    if field.kind != "word" or not field.text.isidentifier():
        _syntax(line, "name one field: `expect error on title`", diags)
        return None
    return Expect("field_error", None, None, None, line.span, field.span, field=field.text)


def _values(tokens: list[Token], diags: Diagnostics) -> tuple[FieldValue, ...]:
    """The `field=value` pairs; anything else is reported and skipped."""
    values = []
    for token in tokens:
        if token.kind != "assign" or token.value_span is None:
            diags.add(
                codes.EXAMPLE_SYNTAX,
                token.span,
                f"expected `field=value`, found '{token.text}'",
                hint='quote text with spaces: title="Printer on fire"',
            )
            continue
        try:
            value = parse_relative_moment(token.value, token.value_span)
        except RelativeMomentError as error:
            diags.add(codes.BAD_RELATIVE_DATE, token.value_span, error.message, error.hint)
            continue
        value = value or parse_literal(token.value, token.value_span)
        if value is None:
            diags.add(codes.EXAMPLE_BAD_VALUE, token.value_span, f"invalid value '{token.value}'")
            continue
        values.append(FieldValue(token.field, value, token.span))
    return tuple(values)


def _unknown_entity(
    args: list[Token], names: Names, diags: Diagnostics, line: Text | None = None
) -> list[Step]:
    where = args[0].span if args else (line.span if line else Span.point(1, 1))
    found = args[0].text if args else ""
    hint = (
        did_you_mean(found, names.entities.values())
        or "entities: " + ", ".join(sorted(names.entities.values()))
        if found
        else "name an entity"
    )
    message = f"unknown entity '{found}'" if found else "an entity name is missing"
    diags.add(codes.EXAMPLE_UNKNOWN_NAME, where, message, hint=hint)
    return []


def _syntax(line: Text, hint: str, diags: Diagnostics) -> list[Step]:
    diags.add(codes.EXAMPLE_SYNTAX, line.span, f"invalid step '{line.text.strip()}'", hint=hint)
    return []
