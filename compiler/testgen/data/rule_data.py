"""What the factory does to keep each entity's rules, worked out once per compile.

`rule_data(spec)` gathers, per entity, the completions, supplies and follow-ups
of `rule_completions` and the values of `rule_values`; the factory's
view, the scene search's model of the factory and the field tests read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from compiler.ir.model import Spec
from compiler.testgen.data.rule_completions import (
    Completion,
    FollowUp,
    Supply,
    completions,
    follow_ups,
    supplies,
)
from compiler.testgen.data.rule_values import rule_values


@dataclass(frozen=True, slots=True)
class RuleData:
    completions: tuple[Completion, ...]
    supplies: tuple[Supply, ...]
    follow_ups: tuple[FollowUp, ...]
    values: dict[str, int | Decimal | str]
    """Field → days (dates) or minutes (datetimes) from now, the number, or the source of
    the text, of the factory's value where the rules need another than its own
    (`rule_values`)."""


def rule_data(spec: Spec) -> dict[str, RuleData]:
    return {
        e.name: RuleData(
            completions(spec, e), supplies(spec, e), follow_ups(spec, e), rule_values(spec, e)
        )
        for e in spec.entities
    }
