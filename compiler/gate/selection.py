"""The selective gate: after a change, rerun only the generated tests it can affect.

Which tests a change can affect is read from the change itself — the generated
files that differ between OUT and the new tree — and from what each entity's
code uses (`EntityUses`, from the app's views: the entities its routes, access
conditions and references name). An entity's test files run when one of its
files changed or one of the entities it uses (transitively) did; every other
test file always runs: those that cut across entities (`ALWAYS`: auth,
migrations, health, security, UI, the spec's examples) and any the user added;
a change to one of those runs it, and nothing more by itself.
The factories change with the entities they make, so a change there counts
only beside a change of some entity's files. A change to any other file (core
modules, the test fixtures, the project files) runs everything, and so does
an OUT whose last build did not pass a gate.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALWAYS = (  # named after no entity, so always run
    "tests/test_auth.py",
    "tests/test_examples.py",
    "tests/test_health.py",
    "tests/test_migrations.py",
    "tests/test_security.py",
    "tests/test_ui.py",
)
_NEUTRAL = re.compile(r"api\.json|README\.md|migrations/ir\.json|migrations/versions/\w+\.py")
"""Files whose change runs no entity's tests by itself: the migrations run in ALWAYS, and a
schema change also changes the models of the entities it touches."""
_FACTORIES = "tests/factories.py"
# `tests/test_<module>_<kind>.py` (fields, access, rules, actions, deletes, derived, …) and
# `tests/test_<module>_<field>_lifecycle.py` belong to the entity whose module they start with.
_ENTITY_FILE = re.compile(
    r"app/(?:models|access|services|api/routes|ui/pages)/(\w+)\.py|tests/test_(\w+)\.py"
)


@dataclass(frozen=True, slots=True)
class EntityUses:
    """For each entity module (`order_line`), the entity modules its code uses."""

    uses: tuple[tuple[str, tuple[str, ...]], ...]

    def affected(self, changed: set[str]) -> set[str]:
        """The modules whose tests a change of `changed` modules can affect."""
        uses = dict(self.uses)
        found = set(changed)
        grown = True
        while grown:
            grown = False
            for module, used in uses.items():
                if module not in found and found.intersection(used):
                    found.add(module)
                    grown = True
        return found


@dataclass(frozen=True, slots=True)
class Selection:
    tests: tuple[str, ...]
    """Test files to run, relative to the tree."""
    total: int
    """How many test files the tree has."""
    changed: tuple[str, ...]
    """The entity modules whose files changed."""


def select_tests(
    changed_paths: tuple[str, ...], deps: EntityUses, tests: list[str]
) -> Selection | None:
    """The test files a change of `changed_paths` can affect, or None to run them all."""
    modules = {module for module, _ in deps.uses}
    changed: set[str] = set()
    for path in changed_paths:
        if _NEUTRAL.fullmatch(path) or path == _FACTORIES or path in ALWAYS:
            continue  # an ALWAYS test file that changed runs anyway
        module = _module_of(path, modules)
        if module is None:
            return None
        changed.add(module)
    if _FACTORIES in changed_paths and not changed:
        return None
    affected = deps.affected(changed)
    chosen = [p for p in tests if (m := _module_of(p, modules)) is None or m in affected]
    return Selection(tuple(sorted(chosen)), len(tests), tuple(sorted(changed)))


def _module_of(path: str, modules: set[str]) -> str | None:
    """The entity a generated file belongs to (`tests/test_order_line_rules.py` → `order_line`)."""
    match = _ENTITY_FILE.fullmatch(path)
    if match is None:
        return None
    if match.group(1):
        return match.group(1) if match.group(1) in modules else None
    name = match.group(2)
    owners = [m for m in modules if name.startswith(f"{m}_")]
    return max(owners, key=len) if owners else None
