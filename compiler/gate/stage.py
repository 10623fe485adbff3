"""Staging: the new tree is assembled in a fresh directory next to OUT.

Being on OUT's file system lets promotion rename it into place atomically.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from compiler.gate.files import copy_entry, write_text
from compiler.gate.ownership import AUDIT_LOG
from compiler.output.tree import GeneratedTree


def staging_prefix(out: Path) -> str:
    """The name prefix of OUT's staging directories (also used to clean up stale ones)."""
    return f".{out.name}.staging-"


def create_staging(out: Path) -> Path:
    """A new empty directory beside OUT, with OUT's permissions when OUT exists."""
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f"{staging_prefix(out)}{secrets.token_hex(6)}"
    staging.mkdir()
    if out.is_dir():
        shutil.copymode(out, staging)
    return staging


def stage(tree: GeneratedTree, staging: Path, out: Path, carried: tuple[str, ...]) -> list[str]:
    """Write the tree into `staging`, then copy OUT's user-owned files and audit log.

    A `keep_existing` file is written only when OUT has no file at its path (the
    existing one is user-owned and arrives with `carried`). Returns the paths
    written from the tree, sorted.
    """
    written: list[str] = []
    for file in sorted(tree, key=lambda f: f.path):
        if file.keep_existing and os.path.lexists(out / file.path):
            continue
        write_text(staging / file.path, file.content)
        written.append(file.path)
    for path in [*carried, AUDIT_LOG]:
        if os.path.lexists(out / path):
            copy_entry(out / path, staging / path)
    return written
