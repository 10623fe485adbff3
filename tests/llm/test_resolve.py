"""The LLM stage through the real `anthropic` SDK against the fake Messages API.

Covers the builder/validator loop (accepted first time, fixed after feedback,
validator refusal), contract-breaking answers, provider failures with retries,
the token budget, and what `spec.lock` does (hits without requests, stale
entries, a changed rule re-asked alone).
"""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

from compiler.frontend import analyse_file
from compiler.llm import Options, Provider, resolve
from compiler.llm.english import spec_text
from tests.llm.conftest import line_of_rule
from tests.llm.fake_api import error, hang, judge, message, propose, text, tool_use

RULE = "Registration: Nobody can take more places than the talk has seats."
GOOD = "places <= talk.seats"


def run(spec_path: Path, provider: Provider, **options):
    result = analyse_file(spec_path)
    assert result.ok and result.spec is not None, result.diagnostics
    return resolve(result.spec, spec_path, provider, Options(**options))


def codes(resolution) -> list[str]:
    return [d.code.id for d in resolution.diagnostics]


def rule_expr(resolution) -> str | None:
    entity = resolution.spec.entity("Registration")
    expr = entity.rules[0].expr
    return None if expr is None else spec_text(expr)


def lock_of(spec_path: Path) -> dict:
    return json.loads(spec_path.with_name("spec.lock").read_text())["entries"]


def test_accepted_first_time_is_locked_with_provenance(api, provider, spec_path) -> None:
    api.then(propose(GOOD), judge(True))
    resolution = run(spec_path, provider)
    assert codes(resolution) == [] and rule_expr(resolution) == GOOD
    assert api.purposes() == ["propose_expression", "judge_meaning"]
    first = api.requests[0]
    headers = {name.lower(): value for name, value in first["headers"].items()}
    assert first["path"] == "/v1/messages" and headers["authorization"] == "Bearer test-key"
    assert "anthropic-version" in headers
    assert first["body"]["tools"][0]["strict"] is True
    assert first["body"]["tools"][0]["input_schema"]["additionalProperties"] is False
    assert "Nobody can take more places" in first["body"]["messages"][0]["content"]
    judged = api.requests[1]["body"]["messages"][0]["content"]
    assert "places is at most talk's seats" in judged and GOOD not in judged
    entry = lock_of(spec_path)[RULE]
    assert entry["expression"] == GOOD and entry["attempts"] == 1
    assert entry["input_tokens"] == 240 and entry["output_tokens"] == 40
    assert entry["answered_by"].startswith("scripted")
    log = spec_path.parent / ".specc" / "llm.jsonl"
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["outcome"] for r in records] == ["answered", "answered"]
    assert all(len(r["request_sha256"]) == 64 and r["model"] for r in records)


def test_refused_candidate_is_fed_back_and_fixed(api, provider, spec_path) -> None:
    api.then(propose("places > talk.seats"), propose(GOOD), judge(True))
    resolution = run(spec_path, provider)
    assert codes(resolution) == [] and rule_expr(resolution) == GOOD
    retry = api.requests[1]["body"]["messages"][0]["content"]
    assert "places > talk.seats" in retry and "contradicts the example" in retry
    assert lock_of(spec_path)[RULE]["attempts"] == 2


def test_validator_no_is_fed_back(api, provider, spec_path) -> None:
    api.then(propose("places < talk.seats"), judge(False, "a full talk is allowed by the prose"))
    api.then(propose(GOOD), judge(True))
    resolution = run(spec_path, provider)
    assert rule_expr(resolution) == GOOD
    assert "a full talk is allowed" in api.requests[2]["body"]["messages"][0]["content"]


def test_last_refusal_is_a_diagnostic_at_the_rule(api, provider, spec_path) -> None:
    api.then(propose("places"), propose("talk.capacity >= places"), propose("true"))
    resolution = run(spec_path, provider)
    assert codes(resolution) == ["E606"]
    diagnostic = resolution.diagnostics[0]
    assert diagnostic.span.line == line_of_rule(spec_path)
    assert "after 3 attempts" in diagnostic.message and "`true`" in diagnostic.message
    assert "no write can break it" in diagnostic.message
    assert not spec_path.with_name("spec.lock").exists()


def test_contract_breaking_answers_then_a_good_one(api, provider, spec_path) -> None:
    api.then(
        message(text('{"expression": "places <= ')),
        message(tool_use("propose_python", {"expression": GOOD})),
        message(tool_use("propose_expression", {"expression": GOOD, "python": "import os"})),
    )
    resolution = run(spec_path, provider)
    assert codes(resolution) == ["E606"]
    assert "properties outside the schema" in resolution.diagnostics[0].message
    feedback = api.requests[2]["body"]["messages"][0]["content"]
    assert "text content" in feedback and "'propose_python'" in feedback


def test_overload_and_timeouts_are_retried(api, spec_path) -> None:
    provider = Provider("test-key", api.url, timeout_s=0.5, retries=3)
    api.then(error(529, "overloaded_error"), hang(2.0), error(500, "api_error"), propose(GOOD))
    api.then(judge(True))
    resolution = run(spec_path, provider)
    assert codes(resolution) == [] and len(api.requests) == 5


def test_rate_limit_honours_retry_after(api, provider, spec_path) -> None:
    api.then(error(429, "rate_limit_error", retry_after="1"), propose(GOOD), judge(True))
    started = time.monotonic()
    resolution = run(spec_path, provider)
    assert codes(resolution) == [] and time.monotonic() - started >= 1.0


def test_retries_exhausted_is_a_clear_diagnostic(api, spec_path) -> None:
    provider = Provider("test-key", api.url, timeout_s=1.0, retries=1)
    api.then(error(529, "overloaded_error", "0"), error(529, "overloaded_error", "0"))
    resolution = run(spec_path, provider)
    assert codes(resolution) == ["E609"] and len(api.requests) == 2
    assert "OverloadedError (HTTP 529)" in resolution.diagnostics[0].message
    assert not spec_path.with_name("spec.lock").exists()


def test_connection_refused_is_a_clear_diagnostic(spec_path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    provider = Provider("test-key", f"http://127.0.0.1:{port}", timeout_s=0.5, retries=1)
    resolution = run(spec_path, provider)
    assert codes(resolution) == ["E609"]
    assert "APIConnectionError" in resolution.diagnostics[0].message


def test_token_budget_stops_the_compile(api, spec_path) -> None:
    provider = Provider("test-key", api.url, timeout_s=2.0, retries=0, token_budget=100)
    api.then(propose(GOOD), judge(True))
    resolution = run(spec_path, provider)
    assert codes(resolution) == ["E609"] and len(api.requests) == 1
    assert "token budget" in resolution.diagnostics[0].message


def test_without_key_and_lock_the_rule_stops_the_compile(api, spec_path) -> None:
    resolution = run(spec_path, Provider(None, api.url))
    assert codes(resolution) == ["E605"] and api.requests == []
    assert "ANTHROPIC_API_KEY is not set" in resolution.diagnostics[0].message
    offline = run(spec_path, Provider("test-key", api.url), offline=True)
    assert codes(offline) == ["E605"] and api.requests == []
    assert "--offline" in offline.diagnostics[0].message


def test_lock_hit_sends_no_request(api, provider, spec_path) -> None:
    api.then(propose(GOOD), judge(True))
    run(spec_path, provider)
    before = spec_path.with_name("spec.lock").read_bytes()
    again = run(spec_path, provider)
    assert len(api.requests) == 2, "a current lock entry must not reach the API"
    assert codes(again) == [] and rule_expr(again) == GOOD and again.usage.lock_hits == 1
    assert spec_path.with_name("spec.lock").read_bytes() == before and not again.lock_written


def test_stale_entry_offline_is_an_error_and_online_is_re_asked(api, provider, spec_path):
    api.then(propose(GOOD), judge(True))
    run(spec_path, provider)
    source = spec_path.read_text()
    spec_path.write_text(source.replace("other\nregistrations", "no other\nregistrations"))
    offline = run(spec_path, provider, offline=True)
    assert codes(offline) == ["E607"] and len(api.requests) == 2
    assert "stale" in offline.diagnostics[0].message
    api.then(propose(GOOD), judge(True))
    online = run(spec_path, provider)
    assert codes(online) == [] and len(api.requests) == 4 and online.asked == [RULE]


def test_changed_prose_re_asks_exactly_that_entry(api, provider, spec_path) -> None:
    # the first Access table is Talk's: a prose rule goes before it
    source = spec_path.read_text().replace(
        "### Access\n", "### Rules\n\n- A talk has at least two seats.\n\n### Access\n", 1
    )
    spec_path.write_text(source)
    api.then(propose("seats >= 2"), judge(True), propose(GOOD), judge(True))
    first = run(spec_path, provider)
    assert codes(first) == [] and len(first.asked) == 2
    spec_path.write_text(source.replace("at least two seats", "at least three seats"))
    api.then(propose("seats >= 3"), judge(True))
    second = run(spec_path, provider)
    assert codes(second) == [] and second.asked == ["Talk: A talk has at least three seats."]
    assert second.usage.lock_hits == 1 and len(api.requests) == 6
    assert sorted(lock_of(spec_path)) == [RULE, "Talk: A talk has at least three seats."]


def test_refresh_re_asks_a_current_entry(api, provider, spec_path) -> None:
    api.then(propose(GOOD), judge(True), propose(GOOD), judge(True))
    run(spec_path, provider)
    again = run(spec_path, provider, refresh=frozenset({RULE}))
    assert again.asked == [RULE] and len(api.requests) == 4
