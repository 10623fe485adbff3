"""Jinja2 rendering of the templates in `templates/`: strict, deterministic, logic-free."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from compiler.translate.names import snake, title

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["snake"] = snake
    env.filters["title_case"] = title
    env.filters["first_sentence"] = _first_sentence
    env.filters["pytuple"] = _python_tuple
    env.filters["pystr"] = _python_string
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def _python_tuple(items: tuple[str, ...]) -> str:
    """`("a", "b")`, `("a",)` or `()`: a tuple literal of strings, whatever they hold."""
    literals = [_python_string(item) for item in items]
    return f"({literals[0]},)" if len(literals) == 1 else f"({', '.join(literals)})"


def _python_string(text: str) -> str:
    """A double-quoted Python string literal of `text`: quotes, backslashes and control
    characters escaped (SQL may hold quoted identifiers; pattern values hold anything).
    JSON's string escapes are all valid in Python."""
    return json.dumps(text, ensure_ascii=False)


def _first_sentence(text: str) -> str:
    sentence = text.split(". ")[0].strip().rstrip(".")
    return f"{sentence}." if sentence else ""
