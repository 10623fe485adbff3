"""Where the generator's decisions come from: a hypothesis `draw` or a seeded `random.Random`.

The generator only asks for integers, picks and coin flips, so the same code
builds specs for hypothesis (which can then shrink them) and for `make fuzz`
(one spec per seed, reproducible without hypothesis' database).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Protocol, TypeVar

from hypothesis import strategies as st

T = TypeVar("T")


class Choice(Protocol):
    def int(self, lo: int, hi: int) -> int: ...

    def pick(self, options: Sequence[T]) -> T: ...

    def chance(self, percent: int) -> bool: ...


class RandomChoice:
    """Decisions from `random.Random(seed)`."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def int(self, lo: int, hi: int) -> int:
        return self._random.randint(lo, hi)

    def pick(self, options: Sequence[T]) -> T:
        return options[self._random.randrange(len(options))]

    def chance(self, percent: int) -> bool:
        return self._random.randrange(100) < percent


class DrawChoice:
    """Decisions from a hypothesis `draw`; every decision shrinks towards the simpler spec."""

    def __init__(self, draw: st.DrawFn) -> None:
        self._draw = draw

    def int(self, lo: int, hi: int) -> int:
        return self._draw(st.integers(lo, hi))

    def pick(self, options: Sequence[T]) -> T:
        return options[self._draw(st.integers(0, len(options) - 1))]

    def chance(self, percent: int) -> bool:
        # shrinks towards 0, that is towards "no": fewer constructs
        return self._draw(st.integers(0, 99)) >= 100 - percent
