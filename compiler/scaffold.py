"""`specc init DIR`: a new project, rendered with copier from `templates/project/`.

The project holds a starter `spec.md` that compiles, a Makefile for the loop
(`make compile`, `make diff`, `make check`), a `.gitignore` and a GitHub
Actions workflow that runs the CI check when the spec or the app changes.
copier is used for this one-time scaffolding only: regenerating code around
hand edits is what the compiler's ownership rules are for (see FACTS.md).
"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parents[1] / "templates" / "project"
_APP_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class InitError(Exception):
    """The directory cannot be initialised (the message says why)."""


def app_name(directory: Path) -> str:
    """The app's machine name from the directory's name (`My-Notes` → `my_notes`)."""
    name = re.sub(r"[^a-z0-9_]+", "_", directory.absolute().name.lower()).strip("_")
    name = f"app_{name}" if not name or not name[0].isalpha() else name
    return name[:40]


def init_project(
    directory: Path, app: str | None = None, specc_requirement: str = "specc"
) -> list[str]:
    """Render the project template into `directory` (new or empty); the files written."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise InitError(f"{directory} exists and is not an empty directory")
    name = app or app_name(directory)
    if not _APP_NAME.match(name):
        raise InitError(f"{name!r} is not an app name: lowercase letters, digits and _")
    from copier import run_copy  # imported here: only `specc init` needs copier

    data = {"app": name, "specc_requirement": specc_requirement}
    run_copy(str(TEMPLATE), str(directory), data=data, defaults=True, quiet=True)
    return sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*") if p.is_file())
