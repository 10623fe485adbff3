"""The versioned prompts: files in `prompts/`, named by their version, read as they are.

A prompt's version is part of every lock key (so is its text, through the
request), so editing a prompt re-asks every answer that depended on it; a new
wording goes in a new file with a new version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_DIRECTORY = Path(__file__).with_name("prompts")
RULE_VERSION = "rule-v1"
JUDGE_VERSION = "judge-v1"
LIFT_VERSION = "lift-v1"


@dataclass(frozen=True, slots=True)
class Prompt:
    version: str
    text: str


def prompt(version: str) -> Prompt:
    return Prompt(version, (_DIRECTORY / f"{version}.md").read_text(encoding="utf-8"))
