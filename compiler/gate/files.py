"""File-system helpers of the build stage: listing, hashing, durable writes; output tails."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path


def list_files(root: Path) -> list[str]:
    """Every non-directory entry under `root` (symlinks included, not followed), as sorted
    POSIX paths relative to `root`; empty when `root` does not exist."""
    found: list[str] = []

    def walk(directory: Path, prefix: str) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    walk(Path(entry.path), f"{prefix}{entry.name}/")
                else:
                    found.append(prefix + entry.name)

    if root.is_dir():
        walk(root, "")
    return sorted(found)


def digest(path: Path) -> str:
    """sha256 of a file's bytes, or of a symlink's target text."""
    if path.is_symlink():
        return hashlib.sha256(b"symlink:" + os.fsencode(os.readlink(path))).hexdigest()
    hasher = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


def digests(root: Path, paths: list[str]) -> dict[str, str]:
    return {path: digest(root / path) for path in paths}


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with `\\n` newlines, creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8"))


def copy_entry(source: Path, target: Path) -> None:
    """Copy a file or symlink (as a link), with its mode and times."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, target, follow_symlinks=False)


def sync_tree(root: Path) -> None:
    """fsync every regular file and directory under `root`, so a rename of `root` publishes
    complete contents even across a power loss."""
    for directory, _, names in os.walk(root):
        for name in names:
            path = os.path.join(directory, name)
            if not os.path.islink(path):
                _fsync(path, os.O_RDONLY)
        _fsync(directory, os.O_RDONLY | os.O_DIRECTORY)


def fsync_dir(directory: Path) -> None:
    _fsync(str(directory), os.O_RDONLY | os.O_DIRECTORY)


def _fsync(path: str, flags: int) -> None:
    descriptor = os.open(path, flags)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def tail(text: str, lines: int = 20) -> str:
    """The last lines of a tool's output, for a diagnostic's hint."""
    return "\n".join(text.strip().splitlines()[-lines:])
