"""`specc compile` and `specc lock` with prose rules: the lock makes compiles offline, no-ops
free and outputs byte-identical; missing and stale entries fail clearly, naming the rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.cli import main
from tests.llm.conftest import line_of_rule
from tests.llm.fake_api import judge, propose
from tests.test_examples import tree_digest

RULE = "Registration: Nobody can take more places than the talk has seats."


@pytest.fixture
def online(api, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test-key")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", api.url)
    monkeypatch.setenv("SPECC_LLM_RETRIES", "0")
    return api


@pytest.fixture
def no_key(monkeypatch) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)


def last_audit(out: Path) -> dict:
    return json.loads((out / ".specc" / "audit.jsonl").read_text().splitlines()[-1])


def test_without_key_or_lock_compile_fails_naming_the_rule(no_key, spec_path, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["compile", str(spec_path), "-o", str(out), "--no-gate"]) == 1
    err = capsys.readouterr().err
    assert f"{spec_path}:{line_of_rule(spec_path)}:1: error[E605]" in err
    assert "spec.lock has no answer" in err and "ANTHROPIC_API_KEY is not set" in err
    assert not out.exists()


def test_lock_then_compile_offline_no_op_and_byte_identical(online, spec_path, tmp_path, capsys):
    online.then(propose("places <= talk.seats"), judge(True))
    assert main(["lock", str(spec_path)]) == 0
    assert "1 asked (2 requests" in capsys.readouterr().err
    assert len(online.requests) == 2
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["compile", str(spec_path), "-o", str(first), "--no-gate"]) == 0
    assert len(online.requests) == 2, "a compile with a current lock entry asks nothing"
    usage = last_audit(first)["llm"]
    assert usage["requests"] == 0 and usage["lock_hits"] == 1
    assert main(["compile", str(spec_path), "-o", str(first), "--no-gate"]) == 0
    assert "up to date" in capsys.readouterr().err and len(online.requests) == 2
    assert main(["compile", str(spec_path), "-o", str(second), "--no-gate", "--offline"]) == 0
    assert tree_digest(first) == tree_digest(second)
    rules = (first / "app" / "services" / "registration.py").read_text()
    assert "Nobody can take more places than the talk has seats." in rules


def test_compile_asks_locks_and_audits_tokens(online, spec_path, tmp_path) -> None:
    online.then(propose("places <= talk.seats"), judge(True))
    out = tmp_path / "out"
    assert main(["compile", str(spec_path), "-o", str(out), "--no-gate"]) == 0
    usage = last_audit(out)["llm"]
    assert usage["requests"] == 2 and usage["input_tokens"] == 240
    assert usage["output_tokens"] == 40 and usage["cost_usd"] > 0
    assert json.loads(spec_path.with_name("spec.lock").read_text())["entries"][RULE]
    assert main(["compile", str(spec_path), "-o", str(out), "--no-gate"]) == 0
    assert len(online.requests) == 2


def test_stale_entry_offline_fails_naming_the_rule(online, spec_path, tmp_path, capsys) -> None:
    online.then(propose("places <= talk.seats"), judge(True))
    assert main(["lock", str(spec_path)]) == 0
    spec_path.write_text(spec_path.read_text().replace("How many people", "How many guests"))
    out = tmp_path / "out"
    assert main(["compile", str(spec_path), "-o", str(out), "--no-gate", "--offline"]) == 1
    err = capsys.readouterr().err
    assert "error[E607]" in err and "Nobody can take more places" in err and "stale" in err
    assert main(["lock", str(spec_path), "--offline"]) == 1
    online.then(propose("places <= talk.seats"), judge(True))
    assert main(["lock", str(spec_path)]) == 0 and len(online.requests) == 4


def test_refresh_re_asks_one_rule(online, spec_path, capsys) -> None:
    online.then(propose("places <= talk.seats"), judge(True))
    assert main(["lock", str(spec_path)]) == 0
    assert main(["lock", str(spec_path)]) == 0 and len(online.requests) == 2
    online.then(propose("talk.seats >= places"), judge(True))
    assert main(["lock", str(spec_path), "--refresh", RULE]) == 0
    assert len(online.requests) == 4
    entry = json.loads(spec_path.with_name("spec.lock").read_text())["entries"][RULE]
    assert entry["expression"] == "talk.seats >= places"


def test_a_broken_lock_file_is_a_diagnostic(no_key, spec_path, tmp_path, capsys) -> None:
    spec_path.with_name("spec.lock").write_text("{not json")
    assert main(["compile", str(spec_path), "-o", str(tmp_path / "out"), "--no-gate"]) == 1
    assert "error[E610]" in capsys.readouterr().err


def test_a_hand_edited_lock_answer_is_checked_again(no_key, spec_path, tmp_path, capsys):
    committed = Path(__file__).resolve().parents[2] / "specs" / "events" / "spec.lock"
    lock = json.loads(committed.read_text())
    lock["entries"][RULE]["expression"] = "places <= talk.capacity"
    spec_path.with_name("spec.lock").write_text(json.dumps(lock))
    assert main(["compile", str(spec_path), "-o", str(tmp_path / "out"), "--no-gate"]) == 1
    err = capsys.readouterr().err
    assert "error[E608]" in err and "talk.capacity" in err
