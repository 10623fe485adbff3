"""Writes a spec's `spec.lock` from scripted answers, for machines without an API key.

    .venv/bin/python -m tests.llm.scripted_lock specs/events/spec.md "places <= talk.seats"

Starts the fake Messages API with one scripted answer per prose rule (in spec
order, each followed by a "same meaning" verdict) and runs `specc lock` against
it through the real SDK: the answers go through every check a model's would,
and the lock's `answered_by` says they were scripted, not a model's.
"""

from __future__ import annotations

import os
import sys

from compiler.cli import main
from tests.llm.fake_api import FakeApi, judge, propose


def scripted_lock(spec: str, expressions: list[str]) -> int:
    api = FakeApi().start()
    for expression in expressions:
        api.then(propose(expression), judge(True, "scripted"))
    saved = {name: os.environ.get(name) for name in ("ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL")}
    os.environ.update(ANTHROPIC_API_KEY="scripted", ANTHROPIC_BASE_URL=api.url)
    try:
        return main(["lock", spec])
    finally:
        api.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


if __name__ == "__main__":
    sys.exit(scripted_lock(sys.argv[1], sys.argv[2:]))
