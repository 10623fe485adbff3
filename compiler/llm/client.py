"""The one place specc talks to a model: the `anthropic` SDK, configured, bounded and logged.

`ModelClient.call` sends one Messages request that forces one strict tool
(`contract`), returns the checked tool call with its token usage, and appends a
line to the call log for every request, whatever its outcome. Configuration
comes from the environment (`Provider.from_env`): the key, the base URL, the
model, the timeout, the retries and the per-compile token budget. The SDK
retries 408/409/429/5xx (529 included) itself, honouring `retry-after`.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from compiler.llm.contract import ContractError, Tool, ToolCall, tool_call

DEFAULT_MODEL = "claude-sonnet-5-5"
"""The newest Sonnet id the installed SDK (anthropic 2.15) knows."""
DEFAULT_TIMEOUT_S = 60.0
DEFAULT_RETRIES = 3
DEFAULT_TOKEN_BUDGET = 200_000
MAX_ANSWER_TOKENS = 1024
PRICES_PER_MTOK = {"opus": (15.0, 75.0), "sonnet": (3.0, 15.0), "haiku": (1.0, 5.0)}
"""Estimated USD per million input and output tokens, by model family (for the audit log)."""


class ProviderError(Exception):
    """The model could not be asked: no key, the budget spent, or the API failed after retries."""


@dataclass(frozen=True, slots=True)
class Provider:
    """How to reach the model; `api_key` None means no model can be asked."""

    api_key: str | None
    base_url: str | None
    model: str = DEFAULT_MODEL
    timeout_s: float = DEFAULT_TIMEOUT_S
    retries: int = DEFAULT_RETRIES
    token_budget: int = DEFAULT_TOKEN_BUDGET

    @staticmethod
    def from_env(environ: dict[str, str] | None = None) -> Provider:
        env = os.environ if environ is None else environ
        return Provider(
            api_key=env.get("ANTHROPIC_API_KEY") or None,
            base_url=env.get("ANTHROPIC_BASE_URL") or None,
            model=env.get("SPECC_LLM_MODEL") or DEFAULT_MODEL,
            timeout_s=float(env.get("SPECC_LLM_TIMEOUT_S") or DEFAULT_TIMEOUT_S),
            retries=int(env.get("SPECC_LLM_RETRIES") or DEFAULT_RETRIES),
            token_budget=int(env.get("SPECC_LLM_TOKEN_BUDGET") or DEFAULT_TOKEN_BUDGET),
        )


@dataclass(slots=True)
class Usage:
    """What one compile spent on the model."""

    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    lock_hits: int = 0

    @property
    def tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    def cost_usd(self, model: str) -> float:
        family = next((f for f in PRICES_PER_MTOK if f in model), "sonnet")
        price_in, price_out = PRICES_PER_MTOK[family]
        return round((self.input_tokens * price_in + self.output_tokens * price_out) / 1e6, 6)


@dataclass(frozen=True, slots=True)
class Answer:
    call: ToolCall
    input_tokens: int
    output_tokens: int


@dataclass
class ModelClient:
    """Asks the model through the SDK; every request is counted and logged."""

    provider: Provider
    log: Callable[[dict[str, object]], None]
    usage: Usage = field(default_factory=Usage)
    _sdk: object | None = None

    def call(self, system: str, messages: list[dict], tool: Tool, purpose: str) -> Answer:
        """One request forcing `tool`; ContractError for an answer outside the contract."""
        if self.usage.tokens >= self.provider.token_budget:
            raise ProviderError(
                f"the token budget of this compile ({self.provider.token_budget}) is spent"
            )
        request = {
            "model": self.provider.model,
            "max_tokens": MAX_ANSWER_TOKENS,
            "system": system,
            "messages": messages,
            "tools": [tool.definition()],
            "tool_choice": tool.choice(),
        }
        digest = hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()
        started = time.monotonic()
        record: dict[str, object] = {"request_sha256": digest, "purpose": purpose}
        try:
            response = self._messages().create(**request)
        except Exception as error:
            self._log(record, started, 0, 0, f"error: {_provider_error(error)}")
            raise ProviderError(_provider_error(error)) from error
        self.usage.requests += 1
        tokens_in, tokens_out = response.usage.input_tokens, response.usage.output_tokens
        self.usage.input_tokens += tokens_in
        self.usage.output_tokens += tokens_out
        blocks = [block.model_dump(warnings=False) for block in response.content]
        try:
            call = tool_call(blocks, tool)
        except ContractError as error:
            self._log(record, started, tokens_in, tokens_out, f"contract broken: {error}")
            raise
        self._log(record, started, tokens_in, tokens_out, "answered")
        return Answer(call, tokens_in, tokens_out)

    def _messages(self):
        if self.provider.api_key is None:
            raise ProviderError("ANTHROPIC_API_KEY is not set")
        if self._sdk is None:
            import anthropic  # imported only when a model is really asked

            self._sdk = anthropic.Anthropic(
                api_key=self.provider.api_key,
                base_url=self.provider.base_url,
                timeout=self.provider.timeout_s,
                max_retries=self.provider.retries,
            )
        return self._sdk.messages

    def _log(self, record: dict, started: float, tokens_in: int, tokens_out: int, outcome: str):
        record |= {
            "model": self.provider.model,
            "input_tokens": tokens_in,
            "output_tokens": tokens_out,
            "outcome": outcome,
            "duration_s": round(time.monotonic() - started, 3),
        }
        self.log(record)


def _provider_error(error: Exception) -> str:
    """One line for an SDK error: its kind and status, after the SDK's own retries."""
    status = getattr(error, "status_code", None)
    kind = type(error).__name__
    return f"{kind} (HTTP {status})" if status else f"{kind}: {error}"


def file_log(path) -> Callable[[dict[str, object]], None]:
    """A call log appending one JSON line per request to `path` (created on first use)."""

    def append(record: dict[str, object]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        line = {"time": datetime.now(UTC).isoformat(timespec="seconds"), **record}
        with path.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(line, sort_keys=True) + "\n")

    return append
