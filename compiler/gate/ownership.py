"""Who owns each file of OUT, and the hand-edit protection built on it.

OUT's manifest (`.specc/manifest.json`, path → sha256) lists the files specc
generated last time. Those are specc's: a build may replace them, but only if
they are still exactly as generated (otherwise a hand edit would be lost,
G003). Every other file of OUT (hooks written once from `keep_existing`
files, files added by hand) belongs to the user and is carried over into the
new tree unchanged, and so is a path the new tree marks `keep_existing` even
if an earlier build generated it. With `force`, generated files win.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from compiler.diagnostics import Diagnostic
from compiler.gate.codes import HAND_EDIT, NOT_SPECC_OUTPUT
from compiler.gate.files import digest, list_files
from compiler.ir.span import NOWHERE
from compiler.output.tree import RESERVED_DIR, GeneratedTree

MANIFEST = f"{RESERVED_DIR}/manifest.json"
AUDIT_LOG = f"{RESERVED_DIR}/audit.jsonl"
_FORCE_HINT = "rebuild with --force to overwrite it"


@dataclass(frozen=True, slots=True)
class OutState:
    """What a build must know about the current OUT before replacing it."""

    carried: tuple[str, ...]
    """User-owned paths of OUT to copy unchanged into the new tree."""
    diagnostics: tuple[Diagnostic, ...]
    """G003/G004 refusals (empty with `force`, except for an OUT that is no directory)."""


def user_files(out: Path) -> list[str]:
    """OUT's files outside `.specc/`."""
    return [p for p in list_files(out) if PurePosixPath(p).parts[0] != RESERVED_DIR]


def inspect_out(out: Path, tree: GeneratedTree, *, force: bool) -> OutState:
    """Check that replacing OUT by `tree` loses nothing, and list the files to carry over."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        message = f"{out} is not a directory (or is a symbolic link)"
        return OutState((), (Diagnostic(NOT_SPECC_OUTPUT, message, NOWHERE),))
    present = user_files(out)
    manifest = read_manifest(out)
    if manifest is None:
        if out.is_dir() and any(out.iterdir()) and not force:
            return OutState((), (_refusal(out),))
        manifest = {}
    hooks = {f.path for f in tree if f.keep_existing}
    problems: list[Diagnostic] = []
    for path, recorded in sorted(manifest.items()):
        if path in hooks:
            continue
        target = out / path
        if not os.path.lexists(target):
            problems.append(_hand_edit(out, path, "was deleted by hand since the last build"))
        elif not (target.is_symlink() or target.is_file()) or digest(target) != recorded:
            problems.append(_hand_edit(out, path, "was edited by hand since the last build"))
    owned = [path for path in present if path not in manifest or path in hooks]
    clashes = _clashes(owned, tree)
    problems += [
        _hand_edit(out, path, "is not a generated file, but the new build generates this path")
        for path in clashes
    ]
    carried = tuple(path for path in owned if path not in clashes)
    return OutState(carried, () if force else tuple(problems))


def read_manifest(out: Path) -> dict[str, str] | None:
    """The manifest of the previous build, or None if OUT has none (or an unreadable one)."""
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return None
    return data


def manifest_text(hashes: dict[str, str]) -> str:
    return json.dumps(hashes, indent=2, sort_keys=True) + "\n"


def _clashes(owned: list[str], tree: GeneratedTree) -> set[str]:
    """User-owned paths the new tree needs for a generated file or directory."""
    generated = {f.path for f in tree}
    fresh = {f.path for f in tree if not f.keep_existing}
    directories = {str(p) for path in generated for p in PurePosixPath(path).parents}
    return {
        path
        for path in owned
        if path in fresh
        or path in directories
        or any(str(p) in generated for p in PurePosixPath(path).parents)
    }


def _hand_edit(out: Path, path: str, what: str) -> Diagnostic:
    return Diagnostic(HAND_EDIT, f"{out / path} {what}", NOWHERE, _FORCE_HINT)


def _refusal(out: Path) -> Diagnostic:
    message = f"{out} is not empty and has no {MANIFEST}: it was not made by specc"
    return Diagnostic(NOT_SPECC_OUTPUT, message, NOWHERE, "choose another directory or --force")
