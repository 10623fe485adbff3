"""The generated tree: what code generation hands to the build stage.

Code generation is a pure function `generate(spec) -> GeneratedTree`; the build
stage writes the tree to disk, checks it and promotes it (see `pipeline`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

RESERVED_DIR = ".specc"
"""OUT's directory for specc's own records (manifest, audit log); never generated."""
API_SURFACE = "api.json"
"""The generated file that describes the JSON API (written by appgen, compared by the gate)."""


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    """One file of the generated app."""

    path: str
    """POSIX path relative to OUT, e.g. `app/models/ticket.py`."""
    content: str
    keep_existing: bool = False
    """An extension point (hand-written hook): written only if absent in OUT, never overwritten."""


GeneratedTree = tuple[GeneratedFile, ...]


def validate_tree(tree: GeneratedTree) -> None:
    """Raise `ValueError` for a tree no generator may produce (a bug in code generation).

    Paths must be relative, normalised POSIX paths outside `.specc/`, each given once,
    and no file may sit where another file needs a directory.
    """
    seen: set[str] = set()
    for file in tree:
        path = PurePosixPath(file.path)
        if (
            not file.path
            or path.is_absolute()
            or str(path) != file.path
            or any(part in ("", ".", "..") for part in path.parts)
            or "\\" in file.path
            or path.parts[0] == RESERVED_DIR
        ):
            raise ValueError(f"generated file has an invalid path: {file.path!r}")
        if file.path in seen:
            raise ValueError(f"generated file appears twice: {file.path}")
        seen.add(file.path)
    for file in tree:
        for parent in PurePosixPath(file.path).parents:
            if str(parent) in seen:
                raise ValueError(f"generated file {parent} is also a directory of {file.path}")
