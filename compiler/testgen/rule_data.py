"""What the factory does to keep each entity's rules, worked out once per compile.

`rule_data(spec)` gathers, per entity, the completions, supplies and follow-ups
of `rule_completions` and the time offsets of `time_offsets`; the factory's
view, the scene search's model of the factory and the field tests read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from compiler.ir.model import Spec
from compiler.testgen.rule_completions import (
    Completion,
    FollowUp,
    Supply,
    completions,
    follow_ups,
    supplies,
)
from compiler.testgen.time_offsets import time_offsets


@dataclass(frozen=True, slots=True)
class RuleData:
    completions: tuple[Completion, ...]
    supplies: tuple[Supply, ...]
    follow_ups: tuple[FollowUp, ...]
    time_offsets: dict[str, int]
    """Field → days (dates) or minutes (datetimes) from now of the factory's value."""


def rule_data(spec: Spec) -> dict[str, RuleData]:
    return {
        e.name: RuleData(
            completions(spec, e), supplies(spec, e), follow_ups(spec, e), time_offsets(spec, e)
        )
        for e in spec.entities
    }
