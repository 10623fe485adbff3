"""Atomic promotion: a build killed in the middle of promoting leaves OUT as it was."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.gate import build, promote, recover
from tests.gate.fake_app import SPEC, app_tree, generator, snapshot

ROOT = Path(__file__).resolve().parents[2]


def beside(out: Path) -> list[str]:
    """What builds left outside OUT: entries beside it other than OUT and its work
    directory, and entries of the work directory other than its lock and `.gitignore`."""
    work = out.parent / ".out.specc"
    outside = [p.name for p in out.parent.iterdir() if p.name not in (out.name, work.name)]
    inside = [p.name for p in work.iterdir() if p.name not in ("lock", ".gitignore")]
    return sorted(outside + inside)


def exchange_supported(tmp_path: Path) -> bool:
    first, second = tmp_path / "probe-a", tmp_path / "probe-b"
    first.mkdir()
    second.mkdir()
    return promote._exchange(first, second)


def build_killed_before_swap(spec_path: Path, out: Path, promotion: str) -> None:
    """Run a build in a subprocess that SIGKILLs itself at the promotion hook."""
    env = {**os.environ, promote.KILL_HOOK: "1", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "tests.gate.fake_app", str(spec_path), str(out), "2"]
    finished = subprocess.run([*command, promotion], cwd=ROOT, env=env, timeout=60, check=False)
    assert finished.returncode == -signal.SIGKILL


def test_killed_before_the_exchange_leaves_out_intact(spec_path: Path, out: Path, tmp_path: Path):
    if not exchange_supported(tmp_path):
        pytest.skip("renameat2(RENAME_EXCHANGE) is not supported here")
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    before = snapshot(out, audit=True)

    build_killed_before_swap(spec_path, out, "exchange")

    assert snapshot(out, audit=True) == before
    assert [name.split("-")[0] for name in beside(out)] == ["staging"]
    recover(out)
    assert beside(out) == [] and snapshot(out, audit=True) == before


def test_killed_between_the_fallback_renames_is_rolled_back(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    before = snapshot(out, audit=True)

    build_killed_before_swap(spec_path, out, "fallback")

    assert not out.exists() and promote.journal_path(out).exists()
    recover(out)
    assert snapshot(out, audit=True) == before
    assert beside(out) == []


def test_the_next_build_recovers_first(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    build_killed_before_swap(spec_path, out, "fallback")

    result = build(SPEC, spec_path, out, generator(app_tree(extra={"README.md": "v3\n"})))

    assert result.ok and result.changed == ("README.md",)
    assert (out / "README.md").read_text() == "v3\n"
    assert len((out / ".specc" / "audit.jsonl").read_text().splitlines()) == 2
    assert beside(out) == []


def test_recover_rolls_back_a_promotion_that_finished_its_renames(spec_path: Path, out: Path):
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    before = snapshot(out, audit=True)
    backup = out.parent / ".out.specc" / "backup-0"
    out.rename(backup)
    out.mkdir()
    (out / "half.txt").write_text("new tree\n")
    record = {"out": str(out), "backup": str(backup), "staging": str(out.parent / "gone")}
    promote.journal_path(out).write_text(json.dumps(record))

    recover(out)

    assert snapshot(out, audit=True) == before and beside(out) == []


def test_fallback_promotion_replaces_out(
    spec_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch
):
    build(SPEC, spec_path, out, generator(app_tree()), gate=False)
    monkeypatch.setattr(promote, "_renameat2", lambda: None)

    result = build(SPEC, spec_path, out, generator(app_tree(extra={"README.md": "v2\n"})))

    assert result.ok and (out / "README.md").read_text() == "v2\n" and beside(out) == []
