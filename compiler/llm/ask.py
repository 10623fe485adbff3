"""The builder/validator loop for one prose rule: propose, check, judge, feed back.

Each attempt is one request with the rule's context and, after a refusal, every
earlier candidate with the reasons it was refused. A candidate that passes the
compiler's checks (`candidate`) is read back in plain English (`english`) and a
second, separate request asks whether that says the same as the prose. Nothing
the model writes is used except an expression that passed all of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.model import Entity, Rule, Spec
from compiler.llm.candidate import Checked, check_candidate
from compiler.llm.client import ModelClient
from compiler.llm.contract import JUDGE_MEANING, PROPOSE_EXPRESSION, ContractError
from compiler.llm.english import english
from compiler.llm.prompts import Prompt

MAX_FEEDBACK_CHARS = 600


@dataclass(frozen=True, slots=True)
class Outcome:
    """The accepted candidate (`checked.problems` empty) or the last refused one."""

    candidate: str | None
    checked: Checked | None
    problems: tuple[str, ...]
    attempts: int
    input_tokens: int
    output_tokens: int

    @property
    def accepted(self) -> bool:
        return self.checked is not None and not self.problems


@dataclass
class RuleAsk:
    client: ModelClient
    builder: Prompt
    judge: Prompt
    attempts: int

    def ask(self, spec: Spec, entity: Entity, rule: Rule, context: str) -> Outcome:
        refusals: list[tuple[str | None, tuple[str, ...]]] = []
        used = self.client.usage.input_tokens, self.client.usage.output_tokens
        candidate, checked, problems = None, None, ()
        for attempt in range(1, self.attempts + 1):
            candidate, checked, problems = self._attempt(spec, entity, rule, context, refusals)
            if checked is not None and not problems:
                return self._outcome(candidate, checked, (), attempt, used)
            refusals.append((candidate, problems))
        return self._outcome(candidate, checked, problems, self.attempts, used)

    def _attempt(
        self,
        spec: Spec,
        entity: Entity,
        rule: Rule,
        context: str,
        refusals: list[tuple[str | None, tuple[str, ...]]],
    ) -> tuple[str | None, Checked | None, tuple[str, ...]]:
        """One proposal and its verdict: (candidate, the compiler's checks, problems)."""
        message = context + _feedback(refusals)
        purpose = f"propose {entity.name}: {rule.message}"
        try:
            answer = self.client.call(
                self.builder.text, _user(message), PROPOSE_EXPRESSION, purpose
            )
        except ContractError as error:
            return None, None, (f"the answer broke the contract: {error}",)
        candidate = str(answer.call.values["expression"])
        checked = check_candidate(spec, entity, rule, candidate)
        if checked.problems:
            return candidate, checked, checked.problems
        return candidate, checked, self._judged(entity, rule, checked)

    def _judged(self, entity: Entity, rule: Rule, checked: Checked) -> tuple[str, ...]:
        assert checked.expr is not None
        question = (
            f"The rule, as its author wrote it (for the entity {entity.name}):\n"
            f"> {rule.message}\n\n"
            f"The condition the compiler would enforce, read back:\n> {english(checked.expr)}\n"
        )
        purpose = f"judge {entity.name}: {rule.message}"
        try:
            answer = self.client.call(self.judge.text, _user(question), JUDGE_MEANING, purpose)
        except ContractError as error:
            return (f"the validator's answer broke the contract: {error}",)
        if answer.call.values["same_meaning"] is True:
            return ()
        reason = str(answer.call.values["reason"])[:MAX_FEEDBACK_CHARS]
        return (f"the validator says it does not mean the rule: {reason}",)

    def _outcome(
        self,
        candidate: str | None,
        checked: Checked | None,
        problems: tuple[str, ...],
        attempts: int,
        used: tuple[int, int],
    ) -> Outcome:
        usage = self.client.usage
        return Outcome(
            candidate,
            checked,
            problems,
            attempts,
            usage.input_tokens - used[0],
            usage.output_tokens - used[1],
        )


def _user(text: str) -> list[dict]:
    return [{"role": "user", "content": text}]


def _feedback(refusals: list[tuple[str | None, tuple[str, ...]]]) -> str:
    if not refusals:
        return ""
    lines = ["", "Your earlier answers were refused by the compiler. Fix what it says:"]
    for candidate, problems in refusals:
        shown = "(no expression)" if candidate is None else candidate[:MAX_FEEDBACK_CHARS]
        lines.append(f"- {shown}")
        lines.extend(f"    refused: {p[:MAX_FEEDBACK_CHARS]}" for p in problems)
    return "\n".join(lines) + "\n"
