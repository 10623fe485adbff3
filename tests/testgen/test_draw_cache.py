"""The cache of pattern draws: a kept answer is reused, a broken entry is drawn again, and
the cache never changes what a compile generates (`test_patterns` checks fresh draws)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.testgen.data import patterns
from compiler.testgen.data.draw_cache import DIRECTORY, cached_draw


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SPECC_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("SPECC_NO_CACHE", raising=False)
    return tmp_path / DIRECTORY


def _counting(answer: list[str]):
    calls: list[None] = []

    def draw() -> list[str]:
        calls.append(None)
        return answer

    return draw, calls


def test_a_kept_answer_is_read_instead_of_drawn(cache_dir: Path) -> None:
    draw, calls = _counting(["a1", "b2"])
    assert cached_draw(["k", 1], draw) == ["a1", "b2"]
    assert cached_draw(["k", 1], draw) == ["a1", "b2"]
    assert len(calls) == 1
    assert cached_draw(["k", 2], draw) == ["a1", "b2"] and len(calls) == 2  # another key
    assert len(list(cache_dir.glob("*.json"))) == 2
    assert not list(cache_dir.glob(".*.tmp"))  # written whole, then renamed


@pytest.mark.parametrize(
    "content", ["", "{not json", "[1, 2]", '{"key": ["other"], "answer": ["x"]}', '{"key": ["k"]}']
)
def test_a_broken_or_foreign_entry_is_drawn_again(cache_dir: Path, content: str) -> None:
    draw, calls = _counting(["fresh"])
    cached_draw(["k"], draw)
    (entry,) = cache_dir.glob("*.json")
    entry.write_text(content)
    assert cached_draw(["k"], draw) == ["fresh"] and len(calls) == 2
    assert cached_draw(["k"], draw) == ["fresh"] and len(calls) == 2  # rewritten whole


def test_an_unwritable_cache_only_costs_a_draw(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SPECC_CACHE_DIR", str(blocker))  # a directory cannot be made there
    draw, calls = _counting(["x"])
    assert cached_draw(["k"], draw) == ["x"] and cached_draw(["k"], draw) == ["x"]
    assert len(calls) == 2


def test_specc_no_cache_turns_it_off(cache_dir: Path, monkeypatch) -> None:
    monkeypatch.setenv("SPECC_NO_CACHE", "1")
    draw, calls = _counting(["x"])
    cached_draw(["k"], draw), cached_draw(["k"], draw)
    assert len(calls) == 2 and not cache_dir.exists()


def test_a_pattern_is_drawn_once_across_compiles(cache_dir: Path, monkeypatch) -> None:
    """The second compile (another process: the in-process memo is cleared) starts no
    interpreter, and gets the same examples."""
    patterns._examples.cache_clear()
    first = patterns._examples(r"^[a-z]{3}-\d{2}$", None, None)
    patterns._examples.cache_clear()

    def no_interpreter(*_args):
        raise AssertionError("a cached pattern was drawn again")

    monkeypatch.setattr(patterns, "_draw_in_fresh_interpreter", no_interpreter)
    assert patterns._examples(r"^[a-z]{3}-\d{2}$", None, None) == first
    patterns._examples.cache_clear()
    assert len(list(cache_dir.glob("*.json"))) == 1
