"""Staging: the new tree is assembled in a fresh directory in OUT's work directory.

The work directory, `.OUT.specc/` beside OUT, holds everything a build keeps
outside OUT: the lock, staging trees, the gate's scratch copies, promotion
backups and journal. It is on OUT's file system, so promotion renames a staged
tree into place atomically, and it holds a `.gitignore` of `*`, so none of it
ever shows in `git status` of a repository that holds OUT.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

from compiler.gate.files import copy_entry, write_text
from compiler.gate.ownership import AUDIT_LOG
from compiler.output.tree import GeneratedTree

STAGING_PREFIX = "staging-"
"""The name prefix of staging directories in the work directory (to clean up stale ones)."""


def work_dir(out: Path) -> Path:
    """OUT's work directory, created (with its `.gitignore`) if missing."""
    directory = out.parent / f".{out.name}.specc"
    directory.mkdir(parents=True, exist_ok=True)
    ignore = directory / ".gitignore"
    if not ignore.exists():
        write_text(ignore, "# specc's work directory (lock, staging): never committed.\n*\n")
    return directory


def create_staging(out: Path) -> Path:
    """A new empty directory in OUT's work directory, with OUT's permissions if OUT exists."""
    staging = work_dir(out) / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
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
