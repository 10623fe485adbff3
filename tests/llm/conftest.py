"""Fixtures of the LLM stage's tests: the fake Messages API and a spec with a prose rule."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from compiler.llm import Provider
from tests.llm.fake_api import FakeApi

ROOT = Path(__file__).resolve().parents[2]
EVENTS = ROOT / "specs" / "events" / "spec.md"


@pytest.fixture
def api() -> Iterator[FakeApi]:
    fake = FakeApi().start()
    yield fake
    fake.stop()


@pytest.fixture
def provider(api: FakeApi) -> Provider:
    return Provider(api_key="test-key", base_url=api.url, timeout_s=2.0, retries=2)


@pytest.fixture
def spec_path(tmp_path: Path) -> Path:
    """A copy of the events spec without its lock, in a directory of its own."""
    target = tmp_path / "events" / "spec.md"
    target.parent.mkdir()
    shutil.copyfile(EVENTS, target)
    return target


def line_of_rule(spec_path: Path) -> int:
    """The line of the events spec's prose rule (the refusals are reported there)."""
    lines = spec_path.read_text(encoding="utf-8").splitlines()
    return 1 + next(i for i, line in enumerate(lines) if line.startswith("- Nobody can take"))
