"""The spec generator makes valid specs only, covering the language; a few compile through the gate.

The cheap part (every generated spec passes the front end) runs on hundreds
of specs; the expensive part (a compile through the gate) on a handful of
fixed seeds. `make fuzz` runs the expensive part on many more.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from compiler.frontend import analyse_text
from tests.specgen.build import spec_model
from tests.specgen.choice import RandomChoice
from tests.specgen.fuzz import run_model
from tests.specgen.render import render
from tests.specgen.strategies import spec_models

SAMPLE = range(200)

CONSTRUCTS = {
    "every field type": [
        r"\| text\??",
        r"\| long text\??",
        r"\| int\??",
        r"\| decimal\??",
        r"\| decimal\(\d+, \d+\)",
        r"\| money\??",
        r"\| bool\??",
        r"\| date\??",
        r"\| datetime\??",
        r"\| email\??",
        r"\| url\??",
        r"\| one of: ",
        r"\| User\??",
        r"\| [A-Z][a-z]+\? \|",
        r"\| list of [A-Z]",
    ],
    "field rules": [
        r"; required|\| required",
        r"unique",
        r"read-only",
        r"default \d",
        r'default "',
        r"default today",
        r"default now",
        r"length \d+\.\.\d+",
        r"length \d+\.\. ",
        r"length \.\.\d+",
        r"length \d+ |length \d+;",
        r"min -?\d",
        r"max \d",
        r"range -?\d+\.\.\d+",
        r"after today",
        r"before today",
        r"after now",
        r"max now",
        r'range "2020-01-01"\.\.today',
        r"pattern `\^",
        r"pattern `[^^]",
        r"pattern `[^`]*\[\^",
        r"pattern `[^`]*\\\|",
        r"pattern `[^`]*\{\d+,\d+\}",
        r"pattern `[^`]*[+*?]",
        r"set to current user",
        r"set to now on create",
        r"set to now on update",
        r"computed: `",
        r"only where `",
        r"only users with role ",
        r"only users with roles ",
        r"changes by lifecycle only",
        r"; owner",
        r"on delete cascade",
        r"on delete set null",
    ],
    "unique together": [
        r"`unique \(\w+, \w+\)`",
        r"`unique \(\w+, \w+\) where ",
    ],
    "expressions": [
        r"count\([A-Z]\w* where",
        r"sum\([A-Z]\w*\.\w+ where",
        r"min\([A-Z]\w*\.\w+ where",
        r"max\([A-Z]\w*\.\w+ where",
        r"avg\([A-Z]\w*\.\w+ where",
        r"== self\b",
        r"== self\.\w+",
        r"\b[a-z]+\d\.[a-z]+\d",
        r"now\(\)",
        r"today\(\)",
        r"days_between\(",
        r"add_days\(",
        r"len\(",
        r"upper\(",
        r"lower\(",
        r"coalesce\(",
        r"abs\(",
        r"round\(",
        r"current_user\.role ==",
        r"== current_user",
        r" is own",
        r" is set| is not null",
        r" is null| is empty",
        r" not in \(",
        r" in \(",
        r"\bnot \(",
        r"`[a-z]+\d (<|<=|>|>=|==|!=) [a-z]+\d`",
    ],
    "rules, lifecycles, access, examples": [
        r"### Rules",
        r"### Lifecycle of status",
        r"→ \w+, by \w+",
        r", \w+ → ",
        r"\(own\)",
        r", when `",
        r', as "Move to \w+"',
        r": sets `",
        r"`[a-z]+\d\.[a-z]+\d = ",  # an effect on the row a reference points to
        r"\| yes \|",
        r"\| no \|",
        r"\| all \|",
        r"\| own \|",
        r"\| where `",
        r"\| anyone \| no \| (all|where `)",
        r"visitors list every row",
        r"\| mine\d+ \| bool\?? \| computed: `\w+ == current_user`",
        r"```example",
        r"expect unauthorized",
        r"expect not found",
        r"expect count 2",
        r"expect conflict",
        r"expect X1\.",
        r"signup: ",
    ],
}


def _texts() -> list[str]:
    return [render(spec_model(RandomChoice(seed))) for seed in SAMPLE]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _texts()


def test_every_generated_spec_checks(texts: list[str]) -> None:
    for seed, text in zip(SAMPLE, texts, strict=True):
        result = analyse_text(text, f"seed{seed}.md")
        errors = [f"{d.code.id} {d.span.line}: {d.message}" for d in result.diagnostics]
        assert result.ok, f"seed {seed}: " + "; ".join(e for e in errors if e.startswith("E"))


@pytest.mark.parametrize("group", sorted(CONSTRUCTS))
def test_the_sample_covers_every_construct(texts: list[str], group: str) -> None:
    joined = "\n".join(texts)
    missing = [p for p in CONSTRUCTS[group] if not re.search(p, joined)]
    assert missing == []


@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(spec_models())
def test_hypothesis_specs_check(model) -> None:  # type: ignore[no-untyped-def]
    result = analyse_text(render(model), "spec.md")
    assert result.ok, [f"{d.code.id} {d.message}" for d in result.diagnostics]


GATED_SEEDS = [
    (int(line.split()[0]), line.split()[1] if len(line.split()) > 1 else "")
    for line in Path(__file__).with_name("gated_seeds.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
"""(seed, avoided classes) whose specs compile through the gate today (from `make fuzz`)."""


@pytest.mark.parametrize(("seed", "avoid"), GATED_SEEDS)
def test_generated_spec_compiles_through_the_gate(seed: int, avoid: str) -> None:
    model = spec_model(RandomChoice(seed), avoid=frozenset(filter(None, avoid.split(","))))
    outcome = run_model(model, timeout=300)
    assert outcome.ok, "\n".join(outcome.lines)
