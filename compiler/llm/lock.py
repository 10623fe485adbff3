"""`spec.lock`: every accepted model answer, pinned by the hash of everything it depends on.

The lock sits beside `spec.md` (`lock_path`) and is committed and reviewed with it. It is
JSON with sorted keys and one entry per prose item, named by its entity and
sentence; an entry's `key` is the SHA-256 of the model id, the prompt versions
and texts, and the rule's whole context as the prompt states it. An entry whose
key still matches is used without asking anyone; one whose key differs is
stale. Writing keeps only the entries of the spec's current prose items.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

LOCK_VERSION = 1
_COMMENT = (
    "Written by specc (docs/llm.md): model answers pinned by the hash of their inputs. "
    "Review changes like code; `specc lock SPEC --refresh RULE` re-asks one rule."
)


def lock_path(spec_path: Path) -> Path:
    """`spec.lock` beside `spec.md`; in general `<name>.lock` beside `<name>.md`."""
    return spec_path.with_suffix(".lock")


class LockError(Exception):
    """The lock file is not one specc wrote (or was edited into an invalid shape)."""


@dataclass(frozen=True, slots=True)
class LockEntry:
    key: str
    expression: str
    model: str
    prompt_version: str
    attempts: int
    input_tokens: int
    output_tokens: int
    answered_by: str
    """`model`, or what stood in for one (a scripted local server), so a reader knows."""


def lock_key(model: str, prompts: tuple[tuple[str, str], ...], context: str) -> str:
    """The hash of everything an answer depends on: model, (version, text) of each prompt,
    and the rule's context."""
    material = json.dumps({"model": model, "prompts": prompts, "context": context}, sort_keys=True)
    return "sha256:" + hashlib.sha256(material.encode()).hexdigest()


class Lock:
    def __init__(self, path: Path, entries: dict[str, LockEntry]) -> None:
        self.path = path
        self.entries = entries
        self._original = self.text()

    @staticmethod
    def read(path: Path) -> Lock:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return Lock(path, {})
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise LockError(f"{path.name} is not valid JSON: {error}") from error
        if not isinstance(data, dict) or data.get("version") != LOCK_VERSION:
            raise LockError(f"{path.name} is not a version {LOCK_VERSION} specc lock")
        try:
            entries = {name: LockEntry(**fields) for name, fields in data["entries"].items()}
        except (KeyError, TypeError, AttributeError) as error:
            raise LockError(f"{path.name} has a malformed entry: {error}") from error
        return Lock(path, entries)

    def get(self, name: str) -> LockEntry | None:
        return self.entries.get(name)

    def put(self, name: str, entry: LockEntry) -> None:
        self.entries[name] = entry

    def keep_only(self, names: set[str]) -> None:
        self.entries = {n: e for n, e in self.entries.items() if n in names}

    def text(self) -> str:
        data = {
            "comment": _COMMENT,
            "version": LOCK_VERSION,
            "entries": {name: asdict(entry) for name, entry in sorted(self.entries.items())},
        }
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"

    @property
    def changed(self) -> bool:
        return self.text() != self._original

    def write(self) -> None:
        """Write the lock atomically; an empty lock that never existed is not created."""
        if not self.entries and not self.path.exists():
            return
        temporary = self.path.with_name(f".{self.path.name}.tmp")
        temporary.write_text(self.text(), encoding="utf-8")
        os.replace(temporary, self.path)
        self._original = self.text()
