"""`specc lift`: prose that describes structure becomes typed annotations, for review as a diff.

Each `##` section without a fields table is sent to the model (`lift_section`, a
forced strict tool): it answers whether the section describes an entity and, if
so, the fields table, Rules sentences, Lifecycle and Access markdown to put after
the section's prose, which stays. The sections are spliced into the spec and
the whole spec is checked by the front end; a section whose lines hold an error
is asked again with those diagnostics, up to the attempt limit. Then every
prose rule — the spec's own and the sentences the model wrote — goes through
the checked builder/validator loop (`resolve`), and its accepted expression is
written into its bullet. The result is text for a human to review: `lift`
returns it and its diagnostics; only the CLI writes it, and only with `--apply`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from compiler.diagnostics import Diagnostic
from compiler.frontend import analyse_text
from compiler.ir.model import DocSection, Spec
from compiler.llm.client import ModelClient, Provider, ProviderError, Usage, file_log
from compiler.llm.contract import LIFT_SECTION, ContractError
from compiler.llm.prompts import LIFT_VERSION, prompt
from compiler.llm.resolve import LOG_PATH, Options, prose_rules, resolve, rule_name

MAX_ROUNDS = 3


@dataclass
class Lifted:
    text: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    problems: list[str] = field(default_factory=list)
    """Sections or rules that could not be lifted, and why (besides diagnostics)."""

    @property
    def ok(self) -> bool:
        return not self.problems and not any(d.is_error for d in self.diagnostics)


def lift(text: str, spec_path: Path, provider: Provider) -> Lifted:
    """The lifted spec text of `text` (the spec at `spec_path`), checked."""
    result = Lifted(text)
    client = ModelClient(provider, file_log(spec_path.parent / LOG_PATH), result.usage)
    front = analyse_text(text, spec_path.name)
    if front.spec is None:
        result.diagnostics = list(front.diagnostics)
        return result
    try:
        text = _lift_sections(text, front.spec, client, result)
        text = _lift_rules(text, spec_path, provider, result)
    except ProviderError as error:
        result.problems.append(f"the model could not be asked: {error}")
    result.text = text
    final = analyse_text(text, spec_path.name)
    result.diagnostics = [d for d in final.diagnostics if d.is_error]
    return result


def _lift_sections(text: str, spec: Spec, client: ModelClient, result: Lifted) -> str:
    system = prompt(LIFT_VERSION).text
    roles = ", ".join(r.name for r in spec.app.roles)
    titles = [d.title for d in spec.docs] + [e.name for e in spec.entities]
    answers: dict[str, str] = {}
    feedback: dict[str, str] = {}
    pending = list(spec.docs)
    lifted = text
    for _ in range(MAX_ROUNDS):
        for section in pending:
            answers.pop(section.title, None)
            question = _question(section, roles, titles, feedback.pop(section.title, ""))
            messages = [{"role": "user", "content": question}]
            try:
                answer = client.call(system, messages, LIFT_SECTION, f"lift {section.title}")
                answers[section.title] = _annotations(answer.call.values)
            except ContractError as error:
                feedback[section.title] = f"Your answer broke the contract: {error}"
        lifted, ranges = _spliced(text, spec.docs, answers)
        errors = [d for d in analyse_text(lifted, spec.source).diagnostics if d.is_error]
        for title, lines in ranges.items():
            found = [d for d in errors if d.span.line in lines]
            if found:
                feedback[title] = "The compiler refused your annotations:\n" + "\n".join(
                    f"- {d.message}" + (f" ({d.hint})" if d.hint else "") for d in found
                )
        pending = [s for s in spec.docs if s.title in feedback]
        if not pending:
            return lifted
    result.problems += [f"section '{s.title}': {feedback[s.title]}" for s in pending]
    kept = {t: a for t, a in answers.items() if t not in feedback}
    return _spliced(text, spec.docs, kept)[0]


def _question(section: DocSection, roles: str, titles: list[str], feedback: str) -> str:
    notes = "".join(f"\nA note on it:\n> {n.text}" for n in section.notes)
    body = "\n".join(f"> {line}" for line in section.text.splitlines())
    return (
        f"Roles of the app: {roles}\nSections of the spec: {', '.join(titles)}\n\n"
        f"The section “{section.title}”:\n{body}{notes}\n" + (f"\n{feedback}\n" if feedback else "")
    )


def _annotations(values: dict[str, object]) -> str:
    kind, markdown = values["kind"], str(values["annotations"])
    if kind not in ("entity", "documentation"):
        raise ContractError(f"'kind' is {kind!r}, not 'entity' or 'documentation'")
    if kind == "documentation":
        return ""
    for line in markdown.splitlines():
        if line.startswith(("# ", "## ", "---", "```", "~~~")):
            raise ContractError(f"the annotations hold a line the contract forbids: {line[:60]!r}")
    return markdown.strip()


def _spliced(
    text: str, sections: tuple[DocSection, ...], answers: dict[str, str]
) -> tuple[str, dict[str, range]]:
    """`text` with each answered section's annotations after its prose, and the (1-based)
    lines each section's annotations occupy in the result."""
    lines = text.split("\n")
    out: list[str] = []
    ranges: dict[str, range] = {}
    cursor = 0
    for section in sorted(sections, key=lambda s: s.span.line):
        added = answers.get(section.title)
        if not added:
            continue
        end = _section_end(lines, section)
        out += lines[cursor:end]
        block = ["", *added.split("\n")]
        ranges[section.title] = range(len(out) + 1, len(out) + len(block) + 1)
        out += block
        cursor = end
    out += lines[cursor:]
    return "\n".join(out), ranges


def _section_end(lines: list[str], section: DocSection) -> int:
    """The index just past the section's last non-blank line."""
    end = min(section.span.end_line, len(lines))
    while end > section.span.line and not lines[end - 1].strip():
        end -= 1
    return end


def _lift_rules(text: str, spec_path: Path, provider: Provider, result: Lifted) -> str:
    front = analyse_text(text, spec_path.name)
    if front.spec is None or not front.ok or not prose_rules(front.spec):
        return text
    resolution = resolve(front.spec, spec_path, provider, Options(write_lock=False))
    result.usage.requests += resolution.usage.requests
    result.usage.input_tokens += resolution.usage.input_tokens
    result.usage.output_tokens += resolution.usage.output_tokens
    result.diagnostics += resolution.diagnostics
    lines = text.split("\n")
    for entity, rule in prose_rules(front.spec):
        expression = resolution.answers.get(rule_name(entity, rule))
        if expression is not None:
            line = rule.span.line - 1
            lines[line] = f"{lines[line].rstrip()} `{expression}`"
    return "\n".join(lines)
