"""Lowers the front matter: YAML text → validated `App` fields, errors located in the spec."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from compiler.diagnostics import Diagnostics, codes
from compiler.ir.anyone import ANYONE
from compiler.ir.model import Role, Settings
from compiler.ir.span import Span
from compiler.parse.tree import FrontMatter

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "spec_schema" / "front-matter.schema.json"
_ROLE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_DEFAULT_SETTINGS = Settings(page_size=20, max_page_size=100, currency="USD", timezone="UTC")


@dataclass(frozen=True, slots=True)
class AppHeader:
    """What the front matter says, ready to become part of `App`."""

    name: str
    title: str
    summary: str
    roles: tuple[Role, ...]
    signup_role: str | None
    settings: Settings


@cache
def front_matter_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def lower_front_matter(front_matter: FrontMatter | None, diags: Diagnostics) -> AppHeader:
    """Validate the front matter; on any error return a placeholder header."""
    fallback = AppHeader("app", "App", "", (), None, _DEFAULT_SETTINGS)
    if front_matter is None:
        diags.add(
            codes.NO_FRONT_MATTER,
            Span.point(1, 1),
            "spec has no front matter",
            hint="start the file with a `---` line, `app:`, `title:` and `auth: {roles: [...]}`, "
            "then a closing `---` line",
        )
        return fallback
    if not front_matter.closed:
        diags.add(
            codes.UNCLOSED_FRONT_MATTER,
            Span.point(1, 1, 3),
            "front matter is not closed",
            hint="add a line `---` after the last YAML line",
        )
        return fallback
    data, node = _load(front_matter, diags)
    if data is None:
        return fallback
    errors = sorted(
        jsonschema.Draft202012Validator(front_matter_schema()).iter_errors(data),
        key=lambda e: list(map(str, e.absolute_path)),
    )
    for error in errors:
        where = _locate(node, _error_path(error), front_matter)
        diags.add(
            codes.FRONT_MATTER_SCHEMA, where, _schema_message(error), hint=_schema_hint(error)
        )
    if errors:
        return replace(fallback, roles=_roles_if_valid(data, node, front_matter))
    roles = _roles(data, node, front_matter, diags)
    signup = data["auth"].get("signup")
    if signup is not None and signup not in {r.name for r in roles}:
        where = _locate(node, ["auth", "signup"], front_matter)
        diags.add(
            codes.UNKNOWN_SIGNUP_ROLE,
            where,
            f"signup role '{signup}' is not one of the roles",
            hint="roles are: " + ", ".join(r.name for r in roles),
        )
    settings = {**_asdict(_DEFAULT_SETTINGS), **data.get("settings", {})}
    return AppHeader(
        name=data["app"],
        title=data["title"],
        summary=data.get("summary", ""),
        roles=roles,
        signup_role=signup,
        settings=Settings(**settings),
    )


def _load(front_matter: FrontMatter, diags: Diagnostics) -> tuple[Any, yaml.Node | None]:
    try:
        node = yaml.compose(front_matter.text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(front_matter.text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = front_matter.first_line + (mark.line if mark else 0)
        col = (mark.column + 1) if mark else 1
        diags.add(codes.BAD_YAML, Span.point(line, col), f"front matter: {error.problem or error}")
        return None, None
    except yaml.YAMLError as error:
        diags.add(codes.BAD_YAML, front_matter.span, f"front matter: {error}")
        return None, None
    if data is None:
        data = {}
    return data, node


def _roles_if_valid(
    data: Any, node: yaml.Node | None, front_matter: FrontMatter
) -> tuple[Role, ...]:
    """The roles, when `auth.roles` itself is well-formed although other keys are not.

    Keeping them spares the spec a cascade of "unknown role" errors.
    """
    auth = data.get("auth") if isinstance(data, dict) else None
    roles = auth.get("roles") if isinstance(auth, dict) else None
    if not isinstance(roles, list) or not roles or not all(isinstance(r, str) for r in roles):
        return ()
    return _roles(data, node, front_matter, Diagnostics())


def _roles(
    data: dict[str, Any], node: yaml.Node | None, front_matter: FrontMatter, diags: Diagnostics
) -> tuple[Role, ...]:
    roles: list[Role] = []
    for index, name in enumerate(data["auth"]["roles"]):
        where = _locate(node, ["auth", "roles", index], front_matter)
        if any(r.name == name for r in roles):
            diags.add(codes.DUPLICATE_ROLE, where, f"role '{name}' is listed twice")
            continue
        if name == ANYONE:
            diags.add(
                codes.ANYONE_IS_RESERVED,
                where,
                "`anyone` cannot be a role: it means visitors who are not signed in",
                hint="drop it from `auth.roles` and give it a row in the Access tables "
                "(`| anyone | no | all | no | no |`), or name the role otherwise ('visitor')",
            )
            continue
        if not _ROLE_NAME.match(name):
            diags.add(
                codes.BAD_ROLE_NAME,
                where,
                f"invalid role name '{name}'",
                hint="use a lowercase identifier such as 'agent' or 'store_manager'",
            )
        roles.append(Role(name, where))
    return tuple(roles)


def _locate(node: yaml.Node | None, path: list[Any], front_matter: FrontMatter) -> Span:
    """The span of the YAML node at `path` (the deepest one that exists)."""
    found = node
    for key in path:
        child = _child(found, key)
        if child is None:
            break
        found = child
    if found is None:
        return Span.point(front_matter.first_line, 1)
    start, end = found.start_mark, found.end_mark
    line = front_matter.first_line + start.line
    if end.line == start.line:
        return Span(line, start.column + 1, line, end.column + 1)
    return Span.point(line, start.column + 1)


def _error_path(error: jsonschema.ValidationError) -> list[Any]:
    """Where an error is: for an unknown key, the key itself."""
    path: list[Any] = list(error.absolute_path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        if extra:
            path.append(_KeyOf(extra[0]))
    return path


@dataclass(frozen=True, slots=True)
class _KeyOf:
    """A path step that selects a mapping's key node rather than its value."""

    key: str


def _child(node: yaml.Node | None, key: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if isinstance(key, _KeyOf) and key_node.value == key.key:
                return key_node
            if key_node.value == key:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _schema_message(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "front matter"
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return f"{where}: unknown key '{extra[0]}'" if extra else f"{where}: unknown key"
    if error.validator == "required":
        return f"{where}: {error.message.replace(' is a required property', '')} is required"
    return f"{where}: {error.message}"


def _schema_hint(error: jsonschema.ValidationError) -> str | None:
    if error.validator == "additionalProperties":
        return "allowed keys: " + ", ".join(error.schema.get("properties", {}))
    description = error.schema.get("description")
    return description if isinstance(description, str) else None


def _asdict(settings: Settings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in settings.__slots__}
