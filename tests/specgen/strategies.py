"""Hypothesis strategies for valid specs: `spec_models()` (typed models), `specs()` (markdown).

Every decision of `build.spec_model` is a draw, so hypothesis shrinks a
failing spec towards fewer entities, fields, rules and constructs.
"""

from __future__ import annotations

from hypothesis import strategies as st

from tests.specgen.build import spec_model
from tests.specgen.choice import DrawChoice
from tests.specgen.model import SpecModel
from tests.specgen.render import render


@st.composite
def spec_models(draw: st.DrawFn, max_entities: int = 4, max_fields: int = 7) -> SpecModel:
    return spec_model(DrawChoice(draw), max_entities=max_entities, max_fields=max_fields)


def specs(max_entities: int = 4, max_fields: int = 7) -> st.SearchStrategy[str]:
    return spec_models(max_entities, max_fields).map(render)
