"""Delta reduction of a failing spec model: drop what the failure does not need.

Candidates are whole entities, examples, rules, transitions, Access rows,
fields and single field rules, tried one at a time from the biggest; a
candidate is kept when the reduced spec still checks (in process, cheap) and
still fails with the same signature (a compile: expensive, so the number of
compiles is bounded).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Iterator

from compiler.frontend import analyse_text
from tests.specgen.model import SpecModel
from tests.specgen.render import render


def checks(model: SpecModel) -> bool:
    """The rendered model passes the front end without errors."""
    result = analyse_text(render(model), "spec.md")
    return result.ok


def _reductions(model: SpecModel) -> Iterator[Callable[[SpecModel], None]]:
    """Edits that make the model smaller, biggest first (each applies to a copy)."""
    for i in reversed(range(len(model.entities))):
        yield lambda m, i=i: m.entities.pop(i)
    for i, e in enumerate(model.entities):
        for j in reversed(range(len(e.examples))):
            yield lambda m, i=i, j=j: m.entities[i].examples.pop(j)
        for j in reversed(range(len(e.rules))):
            yield lambda m, i=i, j=j: m.entities[i].rules.pop(j)
        if e.lifecycle is not None:
            yield lambda m, i=i: setattr(m.entities[i], "lifecycle", None)
            for j in reversed(range(len(e.lifecycle.transitions))):
                yield lambda m, i=i, j=j: m.entities[i].lifecycle.transitions.pop(j)  # type: ignore[union-attr]
        for role in list(e.access):
            yield lambda m, i=i, role=role: m.entities[i].access.pop(role)
            for col, cell in e.access[role].items():
                if cell not in ("no", "all", "yes"):
                    yield (
                        lambda m, i=i, role=role, col=col: (
                            m.entities[i]
                            .access[role]
                            .__setitem__(col, "all" if col != "create" else "yes")
                        )
                    )
        for j in reversed(range(len(e.fields))):
            yield lambda m, i=i, j=j: m.entities[i].fields.pop(j)
        for j, f in enumerate(e.fields):
            for k in reversed(range(len(f.rules))):
                yield lambda m, i=i, j=j, k=k: m.entities[i].fields[j].rules.pop(k)
    if model.signup:
        yield lambda m: setattr(m, "signup", None)
    if model.timezone:
        yield lambda m: setattr(m, "timezone", None)


def shrink(
    model: SpecModel,
    still_fails: Callable[[SpecModel], bool],
    *,
    budget_s: float = 600,
    max_tries: int = 40,
) -> SpecModel:
    """The smallest model found that `still_fails`, within the time and compile budget."""
    deadline = time.monotonic() + budget_s
    tries = 0
    progress = True
    while progress and tries < max_tries and time.monotonic() < deadline:
        progress = False
        for edit in list(_reductions(model)):
            if tries >= max_tries or time.monotonic() >= deadline:
                break
            candidate = copy.deepcopy(model)
            try:
                edit(candidate)
            except (IndexError, KeyError, AttributeError):
                continue
            if candidate.entities == [] or not checks(candidate):
                continue
            tries += 1
            if still_fails(candidate):
                model = candidate
                progress = True
                break
    return model
