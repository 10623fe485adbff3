"""What the previous build left in OUT for the next one: its IR snapshot and its revisions.

The snapshot (`migrations/ir.json`) is a generated file like any other. A
revision is generated when the previous build's manifest lists it; any other
file of `migrations/versions/` is the user's (a hand-written revision, kept in
the chain and carried over by the gate). Reading never fails: what cannot be
read is a `problem` the compile reports.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from pathlib import Path

from compiler.ir.json_form import IRFormatError, loads
from compiler.ir.model import Spec
from compiler.output.tree import RESERVED_DIR

SNAPSHOT = "migrations/ir.json"
VERSIONS = "migrations/versions"
_MANIFEST = f"{RESERVED_DIR}/manifest.json"


@dataclass(frozen=True, slots=True)
class Revision:
    path: str
    """Relative to OUT."""
    content: str
    revision: str
    down_revision: str | None
    generated: bool


@dataclass(frozen=True, slots=True)
class History:
    previous: Spec | None = None
    """The spec of the previous build (None: a first build, or one before snapshots)."""
    revisions: tuple[Revision, ...] = ()
    """The chain, oldest first."""
    problem: str | None = None
    """Why no revision can be planned (an unreadable snapshot, a branched chain)."""

    @property
    def head(self) -> str | None:
        return self.revisions[-1].revision if self.revisions else None


_NO_SNAPSHOT = (
    f"the previous build has migrations but no {SNAPSHOT} (an older specc made it); "
    "compile once with --force to start the migrations again from this spec "
    "(a database made by the old ones must then be made again)"
)

FIRST_BUILD = History()
"""No previous build: the migrations start with the initial revision."""


def read_history(out: Path) -> History:
    snapshot = out / SNAPSHOT
    if not snapshot.is_file():
        if any(path.startswith(f"{VERSIONS}/") for path in _manifest(out)):
            return History(problem=_NO_SNAPSHOT)
        return FIRST_BUILD
    try:
        previous = loads(snapshot.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, IRFormatError) as error:
        return History(problem=f"{SNAPSHOT} cannot be read: {error}")
    generated = _manifest(out)
    revisions = []
    for path in sorted((out / VERSIONS).glob("*.py")):
        relative = path.relative_to(out).as_posix()
        content = path.read_text(encoding="utf-8")
        ids = _ids(content)
        if ids is None:
            return History(previous, (), f"{relative} has no `revision`/`down_revision` strings")
        revisions.append(Revision(relative, content, *ids, relative in generated))
    chain, problem = _chain(revisions)
    return History(previous, chain, problem)


def _manifest(out: Path) -> set[str]:
    try:
        data = json.loads((out / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return set()
    return set(data) if isinstance(data, dict) else set()


def _ids(content: str) -> tuple[str, str | None] | None:
    """`revision` and `down_revision` of a revision file, read without running it."""
    try:
        module = ast.parse(content)
    except SyntaxError:
        return None
    values: dict[str, object] = {}
    for node in module.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Constant):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    values[target.id] = node.value.value
    revision, down = values.get("revision"), values.get("down_revision")
    if not isinstance(revision, str) or not (down is None or isinstance(down, str)):
        return None
    return revision, down


def _chain(revisions: list[Revision]) -> tuple[tuple[Revision, ...], str | None]:
    """The revisions from the base to the head; a problem if they do not form one line."""
    following: dict[str | None, list[Revision]] = {}
    for revision in revisions:
        following.setdefault(revision.down_revision, []).append(revision)
    chain: list[Revision] = []
    parent: str | None = None
    while following.get(parent):
        children = following[parent]
        if len(children) > 1:
            names = ", ".join(r.path for r in children)
            return tuple(chain), f"{names} all follow revision {parent}: the chain branches"
        chain.append(children[0])
        parent = children[0].revision
    if len(chain) != len(revisions):
        lost = ", ".join(r.path for r in revisions if r not in chain)
        return tuple(chain), f"{lost} not in the chain from the first revision"
    return tuple(chain), None
