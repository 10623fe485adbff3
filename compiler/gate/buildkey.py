"""The build key: a digest of everything that determines a build's output.

It covers the spec's bytes, its lock file (`spec.lock` beside `spec.md`: the
answers of the LLM stage, so a refreshed answer is a new build), the compiler
version, the bytes of every file under `compiler/` and `templates/` (caches
excluded) and the options that change what a build does (gate, force). Code
generation is deterministic, so an unchanged key over an intact OUT means a
build would produce OUT again: the build is a no-op. Computing the key never
generates anything.

The key of a promoted build is recorded in its audit line (`build_key`), not in
a file of the tree: the audit log is the one file of OUT allowed to differ
between two builds of the same spec, so committed outputs stay byte-identical.
Beside it the line records a digest of OUT's hand-written code (`hand_written`:
the user-owned files under `app/` and `tests/`, such as hooks, routers and the
user's tests): the gate runs that code, so a build after editing it is no no-op.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

from compiler import __version__
from compiler.gate.files import digest
from compiler.gate.ownership import AUDIT_LOG, read_manifest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "compiler", ROOT / "templates")
_SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache"}
_TAIL_BYTES = 1 << 18
HAND_WRITTEN_ROOTS = ("app", "tests")
"""Where a tree's hand-written code lives; other user files (a `.venv`, a database) do not count."""


def build_key(spec_path: Path, *, gate: bool, force: bool) -> str:
    hasher = hashlib.sha256(f"specc {__version__}\0gate={gate}\0force={force}\0".encode())
    for label, path in (("spec", spec_path), ("lock", spec_path.with_suffix(".lock"))):
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            data = None
        hasher.update(f"{label}\0{'-' if data is None else len(data)}\0".encode())
        hasher.update(data or b"")
    for source in SOURCES:
        for directory, dirs, names in os.walk(source):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
            for name in sorted(names):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = Path(directory, name)
                data = path.read_bytes()
                relative = path.relative_to(ROOT).as_posix()
                hasher.update(f"{relative}\0{len(data)}\0".encode())
                hasher.update(data)
    return hasher.hexdigest()


def hand_written_digest(root: Path) -> str:
    """A digest of the tree's files under `HAND_WRITTEN_ROOTS` that its manifest does not list."""
    hasher = hashlib.sha256()
    generated = read_manifest(root) or {}
    for top in HAND_WRITTEN_ROOTS:
        for directory, dirs, names in os.walk(root / top):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
            for name in sorted(names):
                relative = Path(directory, name).relative_to(root).as_posix()
                if relative not in generated and not name.endswith((".pyc", ".pyo")):
                    hasher.update(f"{relative}\0{digest(root / relative)}\0".encode())
    return hasher.hexdigest()


def last_build(out: Path) -> dict | None:
    """The audit record of the build OUT currently holds (the last with a `build_key`)."""
    return _last_record(out, lambda record: bool(record.get("build_key")))


def last_promotion(out: Path) -> dict | None:
    """The audit record of the build OUT currently holds, with or without a key."""
    return _last_record(out, lambda record: record.get("result") in ("promoted", "up to date"))


def _last_record(out: Path, wanted: Callable[[dict], bool]) -> dict | None:
    try:
        with (out / AUDIT_LOG).open("rb") as stream:
            stream.seek(0, os.SEEK_END)
            stream.seek(max(0, stream.tell() - _TAIL_BYTES))
            lines = stream.read().splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
        if isinstance(record, dict) and wanted(record):
            return record
    return None


def up_to_date(out: Path, key: str) -> bool:
    """True when OUT was built with `key`, every generated file is as generated, every
    hook it was given still exists and no hand-written file changed: rebuilding would
    change nothing."""
    record = last_build(out)
    if record is None or record.get("build_key") != key:
        return False
    if record.get("hand_written") != hand_written_digest(out):
        return False
    manifest = read_manifest(out)
    if not manifest:
        return False
    for path, recorded in manifest.items():
        target = out / path
        if not (target.is_symlink() or target.is_file()) or digest(target) != recorded:
            return False
    return all(os.path.lexists(out / path) for path in record.get("kept") or [])
