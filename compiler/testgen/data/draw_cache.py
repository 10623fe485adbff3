"""A cache on disk of the pattern draws of `patterns`: each draw costs a fresh interpreter.

A draw is a pure function of its key (the regex and lengths, the drawing code, the
hypothesis and Python versions), so its answer can be kept across compiles: a
recompile, or a test suite that compiles the same spec a hundred times, then reads a
small JSON file instead of starting an interpreter with hypothesis (about 0.6 s per
pattern). The cache lives in `$SPECC_CACHE_DIR`, else `$XDG_CACHE_HOME/specc`, else
`~/.cache/specc`, like ruff's or pip's; `SPECC_NO_CACHE=1` turns it off. It can only
save time: an unreadable, corrupt or unwritable entry is drawn again, and each entry is
written whole (a temporary file renamed into place), so concurrent compiles never read
half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

DIRECTORY = "pattern-draws"
"""The cache's subdirectory, one file per key."""


def cached_draw(key: list[object], draw: Callable[[], list[str]]) -> list[str]:
    """The cached answer for `key` (JSON values), or `draw()`'s, which is then kept."""
    folder = _folder()
    if folder is None:
        return draw()
    path = folder / f"{hashlib.sha256(json.dumps(key).encode()).hexdigest()}.json"
    kept = _read(path, key)
    if kept is not None:
        return kept
    answer = draw()
    _write(path, key, answer)
    return answer


def _folder() -> Path | None:
    if os.environ.get("SPECC_NO_CACHE"):
        return None
    root = os.environ.get("SPECC_CACHE_DIR")
    if not root:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        root = str(Path(xdg) / "specc")
    return Path(root) / DIRECTORY


def _read(path: Path, key: list[object]) -> list[str] | None:
    """The entry's answer if it is whole and of this key (a hash collision is not trusted)."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    answer = entry.get("answer")
    if not isinstance(answer, list) or not all(isinstance(text, str) for text in answer):
        return None
    return answer


def _write(path: Path, key: list[object], answer: list[str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump({"key": key, "answer": answer}, file)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written only costs the next compile a draw
