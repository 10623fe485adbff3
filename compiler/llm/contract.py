"""The contract every model answer is held to: a forced, strict tool call, nothing else.

The model is given exactly one tool and `tool_choice` names it, so the only
acceptable answer is one `tool_use` block of that tool whose input has exactly
the properties of its schema, each of the right type. Anything else — text
around it, a second block, another tool, an extra or missing property, a value
of the wrong type, an over-long value — is refused here, before any of it is
read as an expression.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_EXPRESSION_CHARS = 500
MAX_REASON_CHARS = 2000


class ContractError(Exception):
    """An answer outside the contract; the message says which term it broke."""


@dataclass(frozen=True, slots=True)
class Tool:
    """A tool the model must call: its name, what it is for, and its input's properties."""

    name: str
    description: str
    properties: tuple[tuple[str, str, str, int], ...]
    """(name, JSON type, description, maximum length for strings) of each property."""

    def definition(self) -> dict[str, object]:
        """The tool as the Messages API takes it (strict: the schema is enforced)."""
        return {
            "name": self.name,
            "description": self.description,
            "strict": True,
            "input_schema": {
                "type": "object",
                "properties": {
                    name: {"type": kind, "description": text}
                    for name, kind, text, _ in self.properties
                },
                "required": [name for name, *_ in self.properties],
                "additionalProperties": False,
            },
        }

    def choice(self) -> dict[str, str]:
        return {"type": "tool", "name": self.name}


PROPOSE_EXPRESSION = Tool(
    "propose_expression",
    "Give the rule as one expression of specc's expression language (no backticks, no prose).",
    (("expression", "string", "the condition every valid row satisfies", MAX_EXPRESSION_CHARS),),
)
JUDGE_MEANING = Tool(
    "judge_meaning",
    "Say whether the two statements require exactly the same of every row.",
    (
        ("same_meaning", "boolean", "true only if they allow and refuse the same rows", 0),
        (
            "reason",
            "string",
            "one sentence: where they differ, or why they agree",
            MAX_REASON_CHARS,
        ),
    ),
)


LIFT_SECTION = Tool(
    "lift_section",
    "Give the typed annotations of one spec section (or say it is documentation).",
    (
        ("kind", "string", '"entity" or "documentation"', 20),
        ("annotations", "string", 'the markdown to add after the prose, or ""', 8000),
    ),
)


@dataclass(frozen=True, slots=True)
class ToolCall:
    """The accepted form of an answer: the tool_use block's id and its checked input."""

    id: str
    values: dict[str, object]


def tool_call(blocks: list[dict[str, object]], tool: Tool) -> ToolCall:
    """The one call of `tool` in an answer's content blocks, or ContractError."""
    uses = [b for b in blocks if b.get("type") == "tool_use"]
    others = [str(b.get("type")) for b in blocks if b.get("type") != "tool_use"]
    if others:
        raise ContractError(f"the answer holds {', '.join(others)} content besides a tool call")
    if len(uses) != 1:
        raise ContractError(f"the answer holds {len(uses)} tool calls, not exactly one")
    use = uses[0]
    if use.get("name") != tool.name:
        raise ContractError(f"the answer calls the tool {use.get('name')!r}, not {tool.name!r}")
    values = use.get("input")
    if not isinstance(values, dict):
        raise ContractError("the tool input is not a JSON object")
    _check_properties(values, tool)
    return ToolCall(str(use.get("id") or ""), values)


def _check_properties(values: dict[str, object], tool: Tool) -> None:
    expected = {name: (kind, limit) for name, kind, _, limit in tool.properties}
    extra = sorted(set(values) - set(expected))
    missing = sorted(set(expected) - set(values))
    if extra:
        raise ContractError(f"the tool input has properties outside the schema: {extra}")
    if missing:
        raise ContractError(f"the tool input lacks the properties {missing}")
    for name, (kind, limit) in expected.items():
        value = values[name]
        if kind == "boolean" and not isinstance(value, bool):
            raise ContractError(f"{name!r} is not a boolean")
        if kind == "string":
            if not isinstance(value, str):
                raise ContractError(f"{name!r} is not a string")
            if len(value) > limit:
                raise ContractError(f"{name!r} is longer than {limit} characters")
