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
from compiler.ir.span import Span
from compiler.lower.example_steps import Token, tokenize
from compiler.lower.literals import parse_literal
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
        return Example("", (), section, fence.span)
    title, *step_lines = lines
    if title.text.split()[0] in _VERBS and len(title.text.split()) > 1:
        diags.add(
            codes.EXAMPLE_NO_TITLE,
            title.span,
            "example has no title",
            hint="its first line names the scenario, e.g. `Urgent tickets need an assignee`",
        )
    steps = [step for line in step_lines for step in _steps(line, names, diags)]
    if not any(isinstance(step, Expect) for step in steps):
        diags.add(
            codes.EXAMPLE_NO_EXPECT,
            fence.span,
            "example expects nothing",
            hint='add a step such as `expect ok` or `expect error "…"`',
        )
    return Example(title.text.strip(), tuple(steps), section, fence.span)


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
    steps = step_parsers[verb](line, args, names, diags)
    return steps if steps is not None else []


def _given(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step] | None:
    if len(args) >= 2 and args[0].text.lower() in names.entities:
        entity = names.entities[args[0].text.lower()]
        values = _values(args[2:], diags)
        return [GivenRow(entity, args[1].text, values, line.span)] if values is not None else None
    users: list[Step] = []
    words = [t for t in args if t.kind != "comma"]
    if len(words) % 2 or not words or any(t.kind != "word" for t in words):
        return _syntax(
            line, "write `given role name[, role name…]` or `given Entity name field=value…`", diags
        )
    for role, name in zip(words[::2], words[1::2], strict=True):
        if names.roles and role.text not in names.roles:
            hint = did_you_mean(role.text, [*names.roles, *names.entities.values()])
            diags.add(
                codes.EXAMPLE_UNKNOWN_NAME,
                role.span,
                f"'{role.text}' is neither a role nor an entity",
                hint=hint,
            )
            return None
        users.append(
            GivenUser(
                role.text,
                name.text,
                Span(role.span.line, role.span.col, name.span.end_line, name.span.end_col),
            )
        )
    return users


def _as(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step] | None:
    words = [t.text for t in args]
    if len(words) == 3 and words[:2] == ["owner", "of"]:
        return [ActAs("owner", words[2], line.span)]
    if words == ["anonymous"]:
        return [ActAs("anonymous", None, line.span)]
    if len(words) == 1:
        kind = "role" if words[0] in names.roles else "user"
        return [ActAs(kind, words[0], line.span)]
    return _syntax(line, "write `as name`, `as role`, `as owner of NAME` or `as anonymous`", diags)


def _create(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step] | None:
    if not args or args[0].text.lower() not in names.entities:
        return _unknown_entity(line, args, names, diags)
    entity = names.entities[args[0].text.lower()]
    rest = args[1:]
    name = rest[0].text if rest and rest[0].kind == "word" else None
    values = _values(rest[1:] if name else rest, diags)
    return [Create(entity, name, values, line.span)] if values is not None else None


def _read(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step] | None:
    if len(args) == 2 and args[0].text.lower() in names.entities:
        args = args[1:]
    if len(args) != 1 or args[0].kind != "word":
        return _syntax(line, "write `read NAME` or `read Entity NAME`", diags)
    return [Read(args[0].text, line.span)]


def _update(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step] | None:
    if not args or args[0].kind != "word":
        return _syntax(line, "write `update NAME field=value …`", diags)
    values = _values(args[1:], diags)
    return [Update(args[0].text, values, line.span)] if values is not None else None


def _delete(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step] | None:
    if len(args) != 1 or args[0].kind != "word":
        return _syntax(line, "write `delete NAME`", diags)
    return [Delete(args[0].text, line.span)]


def _list(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> list[Step] | None:
    if len(args) != 1 or args[0].text.lower() not in names.entities:
        return _unknown_entity(line, args, names, diags)
    return [ListRows(names.entities[args[0].text.lower()], line.span)]


def _expect(line: Text, verb: Token, args: list[Token], diags: Diagnostics) -> Expect | None:
    rest_start = verb.span.end_col - line.span.col
    rest = line.text[rest_start:].strip()
    rest_col = line.span.col + line.text.index(rest, rest_start) if rest else verb.span.end_col
    words = " ".join(rest.split())
    if words in _PLAIN_EXPECTATIONS:
        return Expect(_PLAIN_EXPECTATIONS[words], None, None, None, line.span)  # type: ignore[arg-type]
    if len(args) == 2 and args[0].text == "error" and args[1].kind == "string":
        message = parse_literal(args[1].text, args[1].span)
        text = getattr(message, "value", None)
        return Expect("error", text, None, None, line.span)
    if len(args) == 2 and args[0].text == "count" and args[1].text.isdigit():
        return Expect("count", None, int(args[1].text), None, line.span)
    if not rest:
        return _syntax(
            line, 'write `expect ok`, `expect error "message"` or `expect condition`', diags
        )
    condition = parse_expression(rest, Span.point(line.span.line, rest_col), diags)
    return Expect("condition", None, None, condition, line.span) if condition else None


def _values(tokens: list[Token], diags: Diagnostics) -> tuple[FieldValue, ...] | None:
    values = []
    for token in tokens:
        if token.kind != "assign" or token.value_span is None:
            diags.add(
                codes.EXAMPLE_SYNTAX,
                token.span,
                f"expected `field=value`, found '{token.text}'",
                hint='quote text with spaces: title="Printer on fire"',
            )
            return None
        value = parse_literal(token.value, token.value_span)
        if value is None:
            diags.add(codes.EXAMPLE_BAD_VALUE, token.value_span, f"invalid value '{token.value}'")
            return None
        values.append(FieldValue(token.field, value, token.span))
    return tuple(values)


def _unknown_entity(line: Text, args: list[Token], names: Names, diags: Diagnostics) -> None:
    where = args[0].span if args else line.span
    found = args[0].text if args else ""
    hint = did_you_mean(found, names.entities.values()) if found else "name an entity"
    diags.add(codes.EXAMPLE_UNKNOWN_NAME, where, f"unknown entity '{found}'", hint=hint)
    return None


def _syntax(line: Text, hint: str, diags: Diagnostics) -> None:
    diags.add(codes.EXAMPLE_SYNTAX, line.span, f"invalid step '{line.text.strip()}'", hint=hint)
    return None
