"""`tests/support/long_runs.py` marks exactly its entries, and refuses a stale one."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.support.long_runs import LONG_RUNS, mark_long_runs

_MODULES = [entry.split("::", 1)[0] for entry in LONG_RUNS]
ENTRY = sorted(e for e in LONG_RUNS if _MODULES.count(e.split("::", 1)[0]) == 1)[0]
"""An entry alone in its module (the fake collection below holds only it and a neighbour)."""
MODULE = ENTRY.split("::", 1)[0]


@dataclass
class FakeItem:
    nodeid: str
    markers: list = field(default_factory=list)

    def add_marker(self, marker: pytest.MarkDecorator) -> None:
        self.markers.append(marker.name)


def test_an_entry_is_marked_long_and_its_neighbours_are_not() -> None:
    entry, neighbour = FakeItem(f"{ENTRY}@integration:{MODULE}"), FakeItem(f"{MODULE}::other")
    mark_long_runs([entry, neighbour])  # type: ignore[list-item]
    assert entry.markers == ["long"] and neighbour.markers == []


def test_an_entry_whose_module_has_no_such_test_is_an_error() -> None:
    with pytest.raises(pytest.UsageError, match="names missing tests"):
        mark_long_runs([FakeItem(f"{MODULE}::a_renamed_test")])  # type: ignore[list-item]


def test_entries_of_modules_not_collected_are_ignored() -> None:
    mark_long_runs([FakeItem("tests/test_cli.py::test_x")])  # type: ignore[list-item]
