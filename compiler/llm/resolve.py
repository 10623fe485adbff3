"""The LLM stage: every prose rule of a checked spec gets an expression, or a diagnostic.

For each `### Rules` bullet without an expression, in spec order: a current
`spec.lock` entry is used without any request (its expression still goes
through every check); otherwise, when a model may be asked, the builder/
validator loop (`ask`) runs and an accepted answer is locked; otherwise the
compile stops with a diagnostic at the rule's line that names it. The result
is a spec whose rules all have expressions, so later stages never see prose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from compiler.diagnostics import Diagnostic, Diagnostics, codes
from compiler.ir.model import Entity, Rule, Spec
from compiler.ir.span import NOWHERE
from compiler.llm.ask import Outcome, RuleAsk
from compiler.llm.candidate import check_candidate
from compiler.llm.client import ModelClient, Provider, ProviderError, Usage, file_log
from compiler.llm.context import rule_context
from compiler.llm.lock import Lock, LockEntry, LockError, lock_key, lock_path
from compiler.llm.prompts import JUDGE_VERSION, RULE_VERSION, prompt

DEFAULT_ATTEMPTS = 3
LOG_PATH = Path(".specc") / "llm.jsonl"
"""The call log, relative to the spec's directory."""


@dataclass(frozen=True, slots=True)
class Options:
    offline: bool = False
    """Never ask a model, even with a key: a missing or stale entry is an error."""
    refresh: frozenset[str] = frozenset()
    """Rules (`Entity: sentence`, or the sentence) to re-ask even if their entry is current."""
    attempts: int = DEFAULT_ATTEMPTS
    write_lock: bool = True
    """False for `specc lift`, which writes the answers into the spec instead."""


@dataclass
class Resolution:
    spec: Spec
    diagnostics: list[Diagnostic] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    model: str = ""
    lock_written: bool = False
    asked: list[str] = field(default_factory=list)
    """The rules a model was asked about (not answered from the lock)."""
    answers: dict[str, str] = field(default_factory=dict)
    """The accepted expression of each resolved rule, by `rule_name`, as checked."""

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


def prose_rules(spec: Spec) -> list[tuple[Entity, Rule]]:
    return [(e, r) for e in spec.entities for r in e.rules if r.expr is None and r.message]


def rule_name(entity: Entity, rule: Rule) -> str:
    return f"{entity.name}: {rule.message}"


def resolve(
    spec: Spec, spec_path: Path, provider: Provider, options: Options = Options()
) -> Resolution:
    """Fill in every prose rule of `spec` (a checked spec without errors)."""
    result = Resolution(spec, model=provider.model)
    items = prose_rules(spec)
    if not items:
        return result
    try:
        lock = Lock.read(lock_path(spec_path))
    except LockError as error:
        hint = "restore it from version control, or delete it to re-ask every prose rule"
        result.diagnostics.append(Diagnostic(codes.BAD_LOCK_FILE, str(error), NOWHERE, hint))
        return result
    client = ModelClient(provider, file_log(spec_path.parent / LOG_PATH), result.usage)
    stage = _Stage(result, lock, client, provider, options)
    for entity, rule in items:
        stage.resolve_one(entity, rule)
    if result.ok:
        lock.keep_only({rule_name(e, r) for e, r in items})
    if lock.changed and not options.offline and options.write_lock:
        lock.write()
        result.lock_written = True
    return result


class _Stage:
    def __init__(
        self,
        result: Resolution,
        lock: Lock,
        client: ModelClient,
        provider: Provider,
        options: Options,
    ) -> None:
        self.result, self.lock, self.client = result, lock, client
        self.provider, self.options = provider, options
        self.builder, self.judge = prompt(RULE_VERSION), prompt(JUDGE_VERSION)
        self.asker = RuleAsk(client, self.builder, self.judge, options.attempts)
        self.broken: str | None = None
        """Set once the provider failed: later rules are not asked again."""

    def resolve_one(self, entity: Entity, rule: Rule) -> None:
        name = rule_name(entity, rule)
        entity = self.result.spec.entity(entity.name) or entity
        rule = next(r for r in entity.rules if r.span == rule.span)
        context = rule_context(self.result.spec, entity, rule)
        prompts = ((self.builder.version, self.builder.text), (self.judge.version, self.judge.text))
        key = lock_key(self.provider.model, prompts, context)
        entry = self.lock.get(name)
        refresh = name in self.options.refresh or rule.message in self.options.refresh
        if entry is not None and entry.key == key and not refresh:
            self._from_lock(entity, rule, entry)
        elif self.options.offline or self.provider.api_key is None:
            self._cannot_ask(entity, rule, stale=entry is not None and entry.key != key)
        elif self.broken is not None:
            self._error(codes.MODEL_UNAVAILABLE, rule, f"{name!r}: {self.broken}")
        else:
            self._ask(entity, rule, name, key, context)

    def _from_lock(self, entity: Entity, rule: Rule, entry: LockEntry) -> None:
        checked = check_candidate(self.result.spec, entity, rule, entry.expression)
        if checked.problems:
            self._error(
                codes.LOCKED_ANSWER_REFUSED,
                rule,
                f"rule '{rule.message}': the locked expression `{entry.expression}` is refused: "
                + "; ".join(checked.problems),
                hint=f"re-ask it: specc lock SPEC --refresh '{rule_name(entity, rule)}'",
            )
            return
        self.result.usage.lock_hits += 1
        self.result.spec = checked.spec
        self.result.answers[rule_name(entity, rule)] = entry.expression

    def _cannot_ask(self, entity: Entity, rule: Rule, *, stale: bool) -> None:
        why = "--offline" if self.options.offline else "ANTHROPIC_API_KEY is not set"
        if stale:
            self._error(
                codes.STALE_LOCK_ENTRY,
                rule,
                f"rule '{rule.message}': its spec.lock entry is stale (the rule, its notes, "
                f"the entity, the model or the prompt changed) and no model may be asked ({why})",
                hint=f"re-ask it with a key: specc lock SPEC --refresh '{rule_name(entity, rule)}'",
            )
            return
        self._error(
            codes.PROSE_RULE_NOT_COMPILABLE,
            rule,
            f"rule '{rule.message}' has no expression and spec.lock has no answer for it "
            f"({why}), so it cannot be compiled",
            hint="set ANTHROPIC_API_KEY to compile it through the model (docs/llm.md), or "
            f"append the condition in backticks, e.g. `- {rule.message} `count(…) <= 5``",
        )

    def _ask(self, entity: Entity, rule: Rule, name: str, key: str, context: str) -> None:
        self.result.asked.append(name)
        try:
            outcome = self.asker.ask(self.result.spec, entity, rule, context)
        except ProviderError as error:
            self.broken = str(error)
            self._error(codes.MODEL_UNAVAILABLE, rule, f"{name!r}: {error}")
            return
        if not outcome.accepted:
            self._refused(rule, outcome)
            return
        assert outcome.checked is not None and outcome.candidate is not None
        self.result.spec = outcome.checked.spec
        self.result.answers[name] = outcome.candidate
        self.lock.put(name, self._entry(key, outcome))

    def _entry(self, key: str, outcome: Outcome) -> LockEntry:
        return LockEntry(
            key=key,
            expression=outcome.candidate or "",
            model=self.provider.model,
            prompt_version=f"{self.builder.version}+{self.judge.version}",
            attempts=outcome.attempts,
            input_tokens=outcome.input_tokens,
            output_tokens=outcome.output_tokens,
            answered_by=answered_by(self.provider),
        )

    def _refused(self, rule: Rule, outcome: Outcome) -> None:
        shown = "no expression" if outcome.candidate is None else f"`{outcome.candidate[:200]}`"
        self._error(
            codes.PROSE_RULE_REFUSED,
            rule,
            f"rule '{rule.message}': after {outcome.attempts} attempts the last candidate "
            f"({shown}) was refused: " + "; ".join(outcome.problems),
            hint="reword the rule or add a note saying which fields it is about, "
            "or write the expression in backticks",
        )

    def _error(self, code, rule: Rule, message: str, hint: str | None = None) -> None:
        diags = Diagnostics()
        diags.add(code, rule.span, message, hint)
        self.result.diagnostics.extend(diags)


def answered_by(provider: Provider) -> str:
    """`model`, unless the base URL is a local server standing in for the API (scripted)."""
    host = urlparse(provider.base_url or "").hostname or ""
    if host in ("127.0.0.1", "localhost", "::1"):
        return "scripted: a stand-in server on loopback answered, not a model"
    return "model"
